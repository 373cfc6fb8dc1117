import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadInline } from '../../helpers/memory-host.js';
import { assertRefused, roundTrip, service } from './round-trip.js';

describe('command and entrypoint', () => {
  const forms: [name: string, written: string, loaded: readonly string[] | undefined][] = [
    ['a string is split as shell words, not run by a shell', 'bundle exec thin -p 3000', ['bundle', 'exec', 'thin', '-p', '3000']],
    ['quotes group words and are removed', `sh -c 'echo "a b" && echo $$HOME'`, ['sh', '-c', 'echo "a b" && echo $HOME']],
    ['a backslash escapes a space outside quotes', 'echo a\\ b', ['echo', 'a b']],
    ['a list is kept as written', '["/code/entrypoint.sh", "-p", "3000"]', ['/code/entrypoint.sh', '-p', '3000']],
    ['an empty list is an explicit empty override', '[]', []],
    ['an empty string is an explicit empty override too', '""', []],
    ['null means the image default', 'null', undefined],
  ];
  for (const [name, written, loaded] of forms) {
    test(`command: ${name}`, async () => {
      const project = (await loadInline(`services:\n  web:\n    image: alpine\n    command: ${written}\n`)).project;
      assert.deepEqual(service(project).command, loaded);
    });
    test(`entrypoint: ${name}`, async () => {
      const project = (await loadInline(`services:\n  web:\n    image: alpine\n    entrypoint: ${written}\n`)).project;
      assert.deepEqual(service(project).entrypoint, loaded);
    });
  }

  test('round trip keeps command, an empty entrypoint, and no command', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    command: bundle exec thin\n    entrypoint: []\n  plain:\n    image: alpine\n    command: null\n', (project) => {
      assert.deepEqual(service(project).command, ['bundle', 'exec', 'thin']);
      assert.deepEqual(service(project).entrypoint, []);
      assert.equal(service(project, 'plain').command, undefined);
    });
  });
});

describe('process attributes', () => {
  test('are kept with their types', async () => {
    await roundTrip(
      [
        'services:',
        '  web:',
        '    image: alpine',
        '    working_dir: /code',
        '    user: "1000:1000"',
        '    init: true',
        '    tty: true',
        '    stdin_open: true',
        '    read_only: true',
        '    stop_signal: SIGUSR1',
        '    stop_grace_period: 20s',
        '    domainname: example.com',
        '    runtime: runc',
        '    isolation: default',
        '    use_api_socket: true',
        '  plain:',
        '    image: alpine',
        '    init: false',
        '',
      ].join('\n'),
      (project) => {
        const web = service(project);
        assert.equal(web.working_dir, '/code');
        assert.equal(web.user, '1000:1000');
        assert.equal(web.init, true);
        assert.equal(web.tty, true);
        assert.equal(web.stdin_open, true);
        assert.equal(web.read_only, true);
        assert.equal(web.stop_signal, 'SIGUSR1');
        assert.equal(web.stop_grace_period, '20s');
        assert.equal(web.domainname, 'example.com');
        assert.equal(web.runtime, 'runc');
        assert.equal(web.isolation, 'default');
        assert.equal(web.use_api_socket, true);
        const plain = service(project, 'plain');
        // false is kept (it overrides an image or engine default), absent stays absent.
        assert.equal(plain.init, false);
        assert.equal(plain.tty, undefined);
      },
    );
  });

  const durations: [written: string, printed: string][] = [
    ['20s', '20s'],
    ['90s', '1m30s'],
    ['1m30s', '1m30s'],
    ['1.5m', '1m30s'],
    ['1h', '1h0m0s'],
    ['1h2m3.5s', '1h2m3.5s'],
    ['500ms', '500ms'],
    ['1500ms', '1.5s'],
    ['10us', '10µs'],
    ['0s', '0s'],
  ];
  for (const [written, printed] of durations) {
    test(`stop_grace_period ${written} prints as Go does: ${printed}`, async () => {
      await roundTrip(`services:\n  web:\n    image: alpine\n    stop_grace_period: ${written}\n`, (project) => {
        assert.equal(service(project).stop_grace_period, printed);
      });
    });
  }

  test('YAML 1.1 booleans are read with a warning, as compose-go does', async () => {
    const warnings: string[] = [];
    const project = (await loadInline('services:\n  web:\n    image: alpine\n    init: yes\n    tty: "off"\n', { warnings })).project;
    assert.equal(service(project).init, true);
    assert.equal(service(project).tty, false);
    assert.ok(warnings.some((warning) => /compose\.yaml:4:.*"yes" for boolean/.test(warning)), warnings.join('\n'));
    assert.ok(warnings.some((warning) => /compose\.yaml:5:.*"off" for boolean/.test(warning)), warnings.join('\n'));
  });

  test('booleans from variables are cast', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    tty: ${TTY}\n    read_only: ${RO:-false}\n', (project) => {
      assert.equal(service(project).tty, true);
      assert.equal(service(project).read_only, false);
    }, { environment: { TTY: 'true' } });
  });
});

describe('bad process values', () => {
  test('an unclosed quote in a command string', async () => {
    await assertRefused('services:\n  web:\n    image: x\n    command: "echo \\"unclosed"\n', {
      code: 'invalid_project',
      message: /services\.web\.command.*not closed/,
      line: 4,
    });
  });

  test('a command as a mapping', async () => {
    await assertRefused('services:\n  web:\n    image: x\n    entrypoint: {a: b}\n', { code: 'invalid_schema', message: /services\.web\.entrypoint/, line: 4 });
  });

  test('a boolean that is not one', async () => {
    await assertRefused('services:\n  web:\n    image: x\n    read_only: "yes please"\n', {
      code: 'invalid_interpolation',
      message: /services\.web\.read_only.*boolean/,
      line: 4,
    });
  });

  test('a number where a user name is expected', async () => {
    await assertRefused('services:\n  web:\n    image: x\n    user: 1000\n', { code: 'invalid_schema', message: /services\.web\.user must be a string/, line: 4 });
  });

  const badDurations = ['10', '10x', '1m-5s', 'soon'];
  for (const written of badDurations) {
    test(`stop_grace_period ${written}`, async () => {
      await assertRefused(`services:\n  web:\n    image: x\n    stop_grace_period: ${written}\n`, {
        code: 'invalid_schema',
        message: /services\.web\.stop_grace_period/,
        line: 4,
      });
    });
  }
});
