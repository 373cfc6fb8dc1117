import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadInline } from '../../helpers/memory-host.js';
import { assertRefused, roundTrip, service } from './round-trip.js';

describe('depends_on', () => {
  test('the list form: service_started, required, no restart', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    depends_on: [db, redis]\n  db:\n    image: postgres\n  redis:\n    image: redis\n', (project) => {
      assert.deepEqual(service(project).depends_on, {
        db: { condition: 'service_started', required: true },
        redis: { condition: 'service_started', required: true },
      });
    });
  });

  test('the long form with every condition, restart and required', async () => {
    await roundTrip(
      [
        'services:',
        '  web:',
        '    image: alpine',
        '    depends_on:',
        '      db:',
        '        condition: service_healthy',
        '        restart: true',
        '      migrate:',
        '        condition: service_completed_successfully',
        '        required: false',
        '      cache:',
        '        condition: service_started',
        '        x-note: kept',
        '  db: {image: postgres, healthcheck: {test: pg_isready}}',
        '  migrate: {image: migrate}',
        '  cache: {image: redis}',
        '',
      ].join('\n'),
      (project) => {
        assert.deepEqual(service(project).depends_on, {
          db: { condition: 'service_healthy', restart: true, required: true },
          migrate: { condition: 'service_completed_successfully', required: false },
          cache: { condition: 'service_started', required: true, 'x-note': 'kept' },
        });
      },
    );
  });

  const optionalOnDisabled =
    'services:\n  web:\n    image: alpine\n    depends_on:\n      debug:\n        condition: service_started\n        required: false\n  debug:\n    image: alpine\n    profiles: [debug]\n';

  test('an optional dependency on a service disabled by a profile is dropped, as compose-go does', async () => {
    await roundTrip(optionalOnDisabled, (project) => {
      assert.deepEqual(Object.keys(project.services), ['web']);
      assert.deepEqual(Object.keys(service(project).depends_on ?? {}), []);
    });
  });

  // Regression: an emptied mapping must not stay behind as `depends_on: {}`; compose-go's
  // omitempty leaves it out of `config`, so it is not in the Project at all.
  test('dropping the last dependency leaves no depends_on', async () => {
    await roundTrip(optionalOnDisabled, (project) => {
      assert.equal(service(project).depends_on, undefined);
    });
  });

  // Like compose-go: `required: false` only excuses a dependency that profiles disabled, not a typo.
  test('an optional dependency on an undefined service is still refused', async () => {
    await assertRefused('services:\n  web:\n    image: alpine\n    depends_on:\n      ghost:\n        condition: service_started\n        required: false\n', {
      code: 'invalid_project',
      message: /depends on undefined service "ghost"/,
      line: 5,
    });
  });
});

describe('healthcheck', () => {
  test('a string test runs in the shell; durations print as Go does', async () => {
    await roundTrip(
      'services:\n  web:\n    image: alpine\n    healthcheck:\n      test: echo "hello world"\n      interval: 90s\n      timeout: 1s\n      retries: 5\n      start_period: 1.5m\n      start_interval: 500ms\n',
      (project) => {
        assert.deepEqual(service(project).healthcheck, {
          test: ['CMD-SHELL', 'echo "hello world"'],
          interval: '1m30s',
          timeout: '1s',
          retries: 5,
          start_period: '1m30s',
          start_interval: '500ms',
        });
      },
    );
  });

  const tests: [written: string, loaded: string[]][] = [
    ['["CMD", "curl", "-f", "http://localhost"]', ['CMD', 'curl', '-f', 'http://localhost']],
    ['["CMD-SHELL", "curl -f http://localhost || exit 1"]', ['CMD-SHELL', 'curl -f http://localhost || exit 1']],
    ['["NONE"]', ['NONE']],
    // A string is always a shell command, even "NONE" (compose-go does the same).
    ['NONE', ['CMD-SHELL', 'NONE']],
  ];
  for (const [written, loaded] of tests) {
    test(`test: ${written}`, async () => {
      await roundTrip(`services:\n  web:\n    image: alpine\n    healthcheck:\n      test: ${written}\n`, (project) => {
        assert.deepEqual(service(project).healthcheck?.test, loaded);
      });
    });
  }

  test('disable: true alone', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    healthcheck:\n      disable: true\n', (project) => {
      assert.deepEqual(service(project).healthcheck, { disable: true });
    });
  });
});

describe('restart, scale, container_name, profiles, attach', () => {
  const policies = ['"no"', 'always', 'unless-stopped', 'on-failure', 'on-failure:3'];
  for (const policy of policies) {
    test(`restart ${policy}`, async () => {
      await roundTrip(`services:\n  web:\n    image: alpine\n    restart: ${policy}\n`, (project) => {
        assert.equal(service(project).restart, policy.replaceAll('"', ''));
      });
    });
  }

  test('scale, container_name and attach', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    scale: 3\n    attach: false\n  db:\n    image: postgres\n    container_name: my-db\n    scale: 1\n', (project) => {
      assert.equal(service(project).scale, 3);
      assert.equal(service(project).attach, false);
      assert.equal(service(project, 'db').container_name, 'my-db');
    });
  });

  test('scale from a variable is cast to a number', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    scale: ${REPLICAS}\n', (project) => {
      assert.equal(service(project).scale, 2);
    }, { environment: { REPLICAS: '2' } });
  });

  test('profiles are kept on enabled services; disabled ones are left out', async () => {
    const compose = 'services:\n  web:\n    image: alpine\n  debug:\n    image: alpine\n    profiles: [debug, tools]\n';
    await roundTrip(compose, (project) => {
      assert.deepEqual(service(project, 'debug').profiles, ['debug', 'tools']);
    }, { profiles: ['tools'] });
    assert.deepEqual(Object.keys((await loadInline(compose)).project.services), ['web']);
  });
});

describe('bad lifecycle values', () => {
  const cases: [name: string, body: string, code: 'invalid_schema' | 'invalid_project' | 'invalid_interpolation', message: RegExp, line: number][] = [
    ['an unknown condition', 'depends_on:\n      db:\n        condition: service_ready', 'invalid_schema', /services\.web\.depends_on\.db\.condition.*service_ready/, 6],
    ['a long dependency without condition', 'depends_on:\n      db:\n        required: false', 'invalid_schema', /services\.web\.depends_on\.db.*condition/, 5],
    ['a dependency on an undefined service', 'depends_on: [ghost]', 'invalid_project', /depends on undefined service "ghost"/, 4],
    ['a healthcheck test list without CMD', 'healthcheck:\n      test: [curl, x]', 'invalid_project', /services\.web\.healthcheck\.test must start with "CMD"/, 5],
    ['a healthcheck duration without unit', 'healthcheck:\n      interval: 10', 'invalid_schema', /services\.web\.healthcheck\.interval/, 5],
    ['retries that are no number', 'healthcheck:\n      retries: many', 'invalid_interpolation', /services\.web\.healthcheck\.retries.*integer/, 5],
    ['scale and deploy.replicas that differ', 'scale: 2\n    deploy:\n      replicas: 3', 'invalid_project', /services\.web: scale \(2\) and deploy\.replicas \(3\) differ/, 4],
    ['a negative scale', 'scale: -1', 'invalid_project', /services\.web\.scale must be greater than or equal to 0/, 4],
    ['a container_name outside the allowed characters', 'container_name: "%"', 'invalid_schema', /services\.web\.container_name/, 4],
    ['container_name with several replicas', 'container_name: my-web\n    scale: 2', 'invalid_project', /container_name/, 4],
  ];
  for (const [name, body, code, message, line] of cases) {
    test(name, async () => {
      await assertRefused(`services:\n  web:\n    image: alpine\n    ${body}\n  db:\n    image: postgres\n`, { code, message, line });
    });
  }

  test('a dependency cycle names the chain', async () => {
    await assertRefused('services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n', { code: 'cycle', message: /cycle.*a -> b -> a/, line: 7 });
  });
});
