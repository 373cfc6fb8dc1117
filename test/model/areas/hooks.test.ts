import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertRefused, roundTrip, service } from './round-trip.js';

describe('lifecycle hooks', () => {
  test('post_start and pre_stop: command as shell words, environment as a mapping', async () => {
    await roundTrip(
      [
        'services:',
        '  web:',
        '    image: alpine',
        '    post_start:',
        '      - command: echo start',
        '        user: root',
        '        privileged: true',
        '        working_dir: /',
        '        environment: [FOO=BAR]',
        '    pre_stop:',
        '      - command: ["echo", "stop"]',
        '        environment:',
        '          FOO: BAR',
        '          N: 1',
        '          BARE:',
        '',
      ].join('\n'),
      (project) => {
        const web = service(project);
        assert.deepEqual(web.post_start, [{ command: ['echo', 'start'], user: 'root', privileged: true, working_dir: '/', environment: { FOO: 'BAR' } }]);
        // Hook environments are not resolved against the interpolation environment: a bare key stays null.
        assert.deepEqual(web.pre_stop, [{ command: ['echo', 'stop'], environment: { FOO: 'BAR', N: '1', BARE: null } }]);
      },
      { environment: { BARE: 'not used' } },
    );
  });

  test('pre_start steps inherit the service image unless they name one', async () => {
    await roundTrip(
      [
        'services:',
        '  web:',
        '    image: alpine',
        '    pre_start:',
        '      - command: ["./manage.py", "migrate"]',
        '        user: root',
        '        working_dir: /app',
        '      - image: busybox',
        "        command: sh -c 'chown -R 1000:1000 /data'",
        '        privileged: true',
        '        per_replica: true',
        '      - image: migrator:latest',
        '',
      ].join('\n'),
      (project) => {
        assert.deepEqual(service(project).pre_start, [
          { command: ['./manage.py', 'migrate'], user: 'root', working_dir: '/app', image: 'alpine' },
          { image: 'busybox', command: ['sh', '-c', 'chown -R 1000:1000 /data'], privileged: true, per_replica: true },
          { image: 'migrator:latest' },
        ]);
      },
    );
  });

  test('a pre_start step of a service with only build has no image yet', async () => {
    await roundTrip('services:\n  web:\n    build: .\n    pre_start:\n      - command: migrate\n', (project) => {
      assert.deepEqual(service(project).pre_start, [{ command: ['migrate'] }]);
    });
  });
});

describe('bad hooks', () => {
  const cases: [name: string, body: string, message: RegExp, line: number][] = [
    ['post_start as a mapping', 'post_start:\n      command: x', /services\.web\.post_start must be a list/, 4],
    ['post_start without command', 'post_start:\n      - user: root', /services\.web\.post_start\[0\].*command/, 5],
    ['pre_stop without command', 'pre_stop:\n      - privileged: true', /services\.web\.pre_stop\[0\].*command/, 5],
    ['an unknown hook attribute', 'post_start:\n      - command: x\n        timeout: 10s', /services\.web\.post_start\[0\].*timeout/, 6],
  ];
  for (const [name, body, message, line] of cases) {
    test(name, async () => {
      await assertRefused(`services:\n  web:\n    image: alpine\n    ${body}\n`, { code: 'invalid_schema', message, line });
    });
  }
});
