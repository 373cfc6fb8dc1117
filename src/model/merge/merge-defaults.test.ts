/**
 * The default merge (paths without a row in the table) and whole-file
 * scenarios from Docker Compose's loader tests, in canonical long forms.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { BerthError } from '../../errors.js';
import type { Dict } from '../tree.js';
import { mergeModels } from './index.js';

function yamlDict(text: string): Dict {
  const value: unknown = parse(text);
  return (value ?? {}) as Dict;
}

function service(text: string): Dict {
  return { services: { test: yamlDict(text) } };
}

function expectService(base: string, override: string, expected: string): void {
  assert.deepEqual(mergeModels(service(base), service(override)), service(expected));
}

function expectModel(base: string, override: string, expected: string): void {
  assert.deepEqual(mergeModels(yamlDict(base), yamlDict(override)), yamlDict(expected));
}

/** The attribute at `key` of the merged service `test`. */
function mergedAttribute(base: string, override: string, key: string): unknown {
  const services = mergeModels(service(base), service(override))['services'] as Dict;
  return (services['test'] as Dict)[key];
}

describe('default rules (paths without a row)', () => {
  test('scalars are replaced by the later file', () => {
    expectService('image: foo\nscale: 1', 'image: bar\nscale: 2', 'image: bar\nscale: 2');
  });

  test('a scalar may replace a scalar of another type, both ways', () => {
    expectService("mem_limit: '256m'", 'mem_limit: 1', 'mem_limit: 1');
    expectService('mem_limit: 1', "mem_limit: '256m'", "mem_limit: '256m'");
  });

  test('mappings merge key by key, recursively', () => {
    expectService(
      `
deploy:
  resources:
    limits: {cpus: '0.5', memory: 50M}
  restart_policy: {condition: on-failure}`,
      `
deploy:
  resources:
    limits: {memory: 100M}
    reservations: {memory: 20M}`,
      `
deploy:
  resources:
    limits: {cpus: '0.5', memory: 100M}
    reservations: {memory: 20M}
  restart_policy: {condition: on-failure}`,
    );
  });

  test('a later null keeps the earlier value', () => {
    expectService('image: foo\nworking_dir: /app', 'image: null\nworking_dir:', 'image: foo\nworking_dir: /app');
  });

  test('an earlier null is replaced by the later value', () => {
    expectModel('networks:\n  back:', 'networks:\n  back:\n    driver: bridge', 'networks:\n  back:\n    driver: bridge');
  });

  test('sequences are appended, duplicates included', () => {
    expectService(
      'security_opt: [label=user:USER]\ngroup_add: [mail]',
      'security_opt: [label=user:USER, no-new-privileges]\ngroup_add: [mail]',
      'security_opt: [label=user:USER, label=user:USER, no-new-privileges]\ngroup_add: [mail, mail]',
    );
  });

  test('keys only one file has are kept, null entries included', () => {
    expectModel(
      'name: a\nnetworks:\n  front: {}\nx-shared: {a: 1}',
      'name: b\nnetworks:\n  back:\nx-shared: {b: 2}\nx-new: [1]',
      'name: b\nnetworks:\n  front: {}\n  back:\nx-shared: {a: 1, b: 2}\nx-new: [1]',
    );
  });

  test('top-level include lists are appended', () => {
    expectModel('include: [{path: [a.yaml]}]', 'include: [{path: [b.yaml]}]', 'include: [{path: [a.yaml]}, {path: [b.yaml]}]');
  });

  test('top-level resources merge by name, their attributes by shape', () => {
    expectModel(
      `
volumes:
  data: {driver: local, driver_opts: {type: nfs}}
secrets:
  token: {file: ./a}
configs:
  app: {file: ./app.conf}`,
      `
volumes:
  data: {driver_opts: {o: addr=10.0.0.1}}
secrets:
  token: {file: ./b}
configs:
  other: {content: hi}`,
      `
volumes:
  data: {driver: local, driver_opts: {type: nfs, o: addr=10.0.0.1}}
secrets:
  token: {file: ./b}
configs:
  app: {file: ./app.conf}
  other: {content: hi}`,
    );
  });

  test('services merge by name', () => {
    expectModel(
      'services:\n  a: {image: a}\n  b: {image: b}',
      'services:\n  b: {image: b2}\n  c: {image: c}',
      'services:\n  a: {image: a}\n  b: {image: b2}\n  c: {image: c}',
    );
  });

  test('keys keep the earlier file order, new keys come after', () => {
    const merged = mergeModels(yamlDict('services: {b: {}, a: {}}'), yamlDict('services: {c: {}, a: {}}'));
    assert.deepEqual(Object.keys(merged['services'] as Dict), ['b', 'a', 'c']);
  });

  const mismatches: { name: string; base: string; override: string; path: string; shapes: RegExp }[] = [
    { name: 'mapping over a sequence', base: 'group_add: [a]', override: 'group_add: {a: 1}', path: 'services.test.group_add', shapes: /a sequence but a later one as a mapping/ },
    { name: 'sequence over a mapping', base: 'deploy: {mode: global}', override: 'deploy: [a]', path: 'services.test.deploy', shapes: /a mapping but a later one as a sequence/ },
    { name: 'scalar over a mapping', base: 'healthcheck: {interval: 1s}', override: 'healthcheck: x', path: 'services.test.healthcheck', shapes: /a mapping but a later one as the scalar "x"/ },
  ];
  for (const { name, base, override, path, shapes } of mismatches) {
    test(`a ${name} is an error naming the path, with the override's location`, () => {
      const location = { file: 'compose.override.yaml', line: 7, column: 5 };
      const seen: string[] = [];
      assert.throws(
        () =>
          mergeModels(service(base), service(override), {
            locate: (at) => {
              seen.push(at.join('.'));
              return location;
            },
          }),
        (error: unknown) => {
          assert.ok(error instanceof BerthError);
          assert.equal(error.code, 'invalid_project');
          assert.deepEqual(error.location, location);
          assert.match(error.message, new RegExp(`^compose\\.override\\.yaml:7:5: cannot merge ${path.replaceAll('.', '\\.')}:`));
          assert.match(error.message, shapes);
          assert.match(error.message, /!override/);
          return true;
        },
      );
      assert.deepEqual(seen, [path]);
    });
  }
});

describe('scenarios', () => {
  test('models: services and top-level models merge together', () => {
    expectModel(
      `
services:
  app: {image: myapp, models: {llm: null}}
  worker: {image: worker, models: {embedding-model: {endpoint_var: EMBEDDING_URL}}}
models:
  llm: {model: ai/smollm2, context_size: 2048, runtime_flags: [--gpu]}
  embedding-model: {model: ai/all-minilm, context_size: 512}`,
      `
services:
  app: {models: {vision-model: null}}
  worker: {models: {llm: {endpoint_var: LLM_URL, model_var: LLM_NAME}}}
models:
  vision-model: {model: ai/clip, context_size: 1024}
  llm: {model: ai/gpt-4, context_size: 8192, runtime_flags: [--fp16]}`,
      `
services:
  app: {image: myapp, models: {llm: null, vision-model: null}}
  worker:
    image: worker
    models:
      embedding-model: {endpoint_var: EMBEDDING_URL}
      llm: {endpoint_var: LLM_URL, model_var: LLM_NAME}
models:
  llm: {model: ai/gpt-4, context_size: 8192, runtime_flags: [--gpu, --fp16]}
  embedding-model: {model: ai/all-minilm, context_size: 512}
  vision-model: {model: ai/clip, context_size: 1024}`,
    );
  });

  test('an override file adding aliases to a listed network', () => {
    const networks = mergedAttribute('networks: {test_network: null}', 'networks: {test_network: {aliases: [alias1, alias2]}}', 'networks');
    assert.deepEqual(networks, { test_network: { aliases: ['alias1', 'alias2'] } });
  });

  test('the same bind mount in both files is mounted once', () => {
    const volumes = mergedAttribute(
      'volumes: [{type: bind, source: ./src, target: /src}]',
      'volumes: [{type: bind, source: ./src, target: /src}]',
      'volumes',
    );
    assert.equal((volumes as unknown[]).length, 1);
  });
});
