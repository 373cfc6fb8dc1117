import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertRefused, roundTrip, service } from './round-trip.js';

describe('develop.watch', () => {
  test('every action; paths absolute; include and ignore as lists; exec in long form', async () => {
    await roundTrip(
      [
        'services:',
        '  web:',
        '    image: app',
        '    build: ./app',
        '    develop:',
        '      watch:',
        '        - path: ./src',
        '          action: sync',
        '          target: /app/src',
        '          ignore: [node_modules/]',
        '          include: "*.js"',
        '          initial_sync: true',
        '        - path: ./requirements.txt',
        '          action: rebuild',
        '        - path: ./config.yml',
        '          action: sync+restart',
        '          target: /app/config.yml',
        '        - path: ./conf',
        '          action: sync+exec',
        '          target: /etc/conf',
        '          exec:',
        '            command: kill -HUP 1',
        '            user: root',
        '            privileged: true',
        '            working_dir: /',
        '            environment: [MODE=reload]',
        '        - path: /etc/shared',
        '          action: restart',
        '          x-note: kept',
        '',
      ].join('\n'),
      (project) => {
        assert.deepEqual(service(project).develop?.watch, [
          { path: '/project/src', action: 'sync', target: '/app/src', ignore: ['node_modules/'], include: ['*.js'], initial_sync: true },
          { path: '/project/requirements.txt', action: 'rebuild' },
          { path: '/project/config.yml', action: 'sync+restart', target: '/app/config.yml' },
          {
            path: '/project/conf',
            action: 'sync+exec',
            target: '/etc/conf',
            exec: { command: ['kill', '-HUP', '1'], user: 'root', privileged: true, working_dir: '/', environment: { MODE: 'reload' } },
          },
          { path: '/etc/shared', action: 'restart', 'x-note': 'kept' },
        ]);
      },
    );
  });
});

describe('bad develop values', () => {
  const cases: [name: string, body: string, code: 'invalid_schema' | 'invalid_project', message: RegExp, line: number][] = [
    ['a rule without action', 'develop:\n      watch:\n        - path: ./src\n          target: /app', 'invalid_schema', /services\.web\.develop\.watch\[0\].*action/, 6],
    ['an unknown action', 'develop:\n      watch:\n        - path: ./src\n          action: teleport\n          target: /a', 'invalid_schema', /services\.web\.develop\.watch\[0\]\.action.*teleport/, 7],
    ['a rule without path', 'develop:\n      watch:\n        - action: rebuild', 'invalid_schema', /services\.web\.develop\.watch\[0\].*path/, 6],
  ];
  for (const [name, body, code, message, line] of cases) {
    test(name, async () => {
      await assertRefused(`services:\n  web:\n    image: alpine\n    ${body}\n`, { code, message, line });
    });
  }

  // compose-go refuses sync-like rules without a target
  // ("services.web.develop.watch: target is required for non-rebuild actions").
  test('a sync rule without target', async () => {
    await assertRefused('services:\n  web:\n    image: alpine\n    develop:\n      watch:\n        - path: ./src\n          action: sync\n', {
      code: 'invalid_project',
      message: /services\.web\.develop\.watch.*target is required/,
      line: 6,
    });
  });

  // compose-go's validation package refuses a blank watch path.
  test('a blank watch path', async () => {
    await assertRefused('services:\n  web:\n    image: alpine\n    develop:\n      watch:\n        - path: ""\n          action: rebuild\n', {
      code: 'invalid_project',
      message: /services\.web\.develop\.watch\[0\]\.path/,
      line: 6,
    });
  });
});
