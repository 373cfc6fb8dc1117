import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertRefused, roundTrip, service } from './round-trip.js';

describe('models', () => {
  test('top-level models and service references in list and mapping form', async () => {
    await roundTrip(
      [
        'services:',
        '  listed:',
        '    image: alpine',
        '    models: [llm]',
        '  mapped:',
        '    image: alpine',
        '    models:',
        '      llm:',
        '        endpoint_var: MODEL_URL',
        '        model_var: MODEL',
        'models:',
        '  llm:',
        '    model: ai/smollm2',
        '    context_size: 1024',
        '    runtime_flags: ["--some-flag"]',
        '  named:',
        '    name: custom',
        '    model: ai/other',
        '',
      ].join('\n'),
      (project) => {
        assert.deepEqual(project.models, {
          llm: { model: 'ai/smollm2', context_size: 1024, runtime_flags: ['--some-flag'] },
          named: { name: 'custom', model: 'ai/other' },
        });
        assert.deepEqual(service(project, 'listed').models, { llm: null });
        assert.deepEqual(service(project, 'mapped').models, { llm: { endpoint_var: 'MODEL_URL', model_var: 'MODEL' } });
      },
    );
  });
});

describe('provider', () => {
  test('options become lists of text; a provider service needs no image and gets no network', async () => {
    await roundTrip(
      'services:\n  db:\n    provider:\n      type: awesomecloud\n      options:\n        type: mysql\n        size: 256\n        strings: [foo, bar]\n        numbers: [12, 34]\n        booleans: [true, false]\n',
      (project) => {
        const db = service(project, 'db');
        assert.deepEqual(db.provider, {
          type: 'awesomecloud',
          options: { type: ['mysql'], size: ['256'], strings: ['foo', 'bar'], numbers: ['12', '34'], booleans: ['true', 'false'] },
        });
        assert.equal(db.image, undefined);
        assert.equal(db.networks, undefined);
      },
    );
  });
});

describe('bad models and providers', () => {
  const cases: [name: string, compose: string, code: 'invalid_schema' | 'invalid_project', message: RegExp, line: number][] = [
    ['a reference to an undefined model', 'services:\n  web:\n    image: x\n    models: [ghost]\n', 'invalid_project', /undefined model "ghost"/, 4],
    ['a model without model', 'services:\n  web:\n    image: x\nmodels:\n  m:\n    context_size: 1\n', 'invalid_schema', /models\.m: missing required attribute 'model'/, 5],
    ['a provider without type', 'services:\n  web:\n    provider:\n      options: {a: b}\n', 'invalid_schema', /services\.web\.provider: missing required attribute 'type'/, 3],
    ['a provider option that is a mapping', 'services:\n  web:\n    provider:\n      type: foo\n      options:\n        nested: {a: b}\n', 'invalid_schema', /services\.web\.provider\.options\.nested/, 6],
  ];
  for (const [name, compose, code, message, line] of cases) {
    test(name, async () => {
      await assertRefused(compose, { code, message, line });
    });
  }
});
