import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertRefused, roundTrip, service } from './round-trip.js';

describe('service secrets and configs', () => {
  test('short and long forms; secrets default their target, configs do not', async () => {
    await roundTrip(
      [
        'services:',
        '  web:',
        '    image: alpine',
        '    secrets:',
        '      - token',
        '      - source: key',
        '        target: server.key',
        '        uid: "103"',
        '        gid: "104"',
        '        mode: 0440',
        '      - source: cert',
        '        target: /abs/cert.pem',
        '        mode: "0644"',
        '    configs:',
        '      - app',
        '      - source: nginx',
        '        target: /etc/nginx/nginx.conf',
        '        mode: 0o640',
        'secrets:',
        '  token: {file: ./token.txt}',
        '  key: {environment: KEY}',
        '  cert: {external: true}',
        'configs:',
        '  app: {file: ./app.conf}',
        '  nginx: {content: "worker_processes 1;"}',
        '',
      ].join('\n'),
      (project) => {
        const web = service(project);
        assert.deepEqual(web.secrets, [
          { source: 'token', target: '/run/secrets/token' },
          // A relative target is kept as written; the engine puts it under /run/secrets.
          { source: 'key', target: 'server.key', uid: '103', gid: '104', mode: '0440' },
          { source: 'cert', target: '/abs/cert.pem', mode: '0644' },
        ]);
        assert.deepEqual(web.configs, [{ source: 'app' }, { source: 'nginx', target: '/etc/nginx/nginx.conf', mode: '0640' }]);
      },
    );
  });

  const modes: [written: string, printed: string][] = [
    ['0440', '0440'],
    ['"0440"', '0440'],
    ['0o440', '0440'],
    ['288', '0440'],
    ['"440"', '0440'],
    ['0', '00'],
  ];
  for (const [written, printed] of modes) {
    test(`mode ${written} prints as compose-go does: ${printed}`, async () => {
      await roundTrip(`services:\n  web:\n    image: alpine\n    secrets:\n      - source: s\n        mode: ${written}\nsecrets:\n  s: {file: ./s}\n`, (project) => {
        assert.equal(service(project).secrets?.[0]?.mode, printed);
      });
    });
  }
});

describe('top-level secrets and configs', () => {
  test('every source kind, names scoped by project unless external or named', async () => {
    await roundTrip(
      [
        'services:',
        '  web:',
        '    image: alpine',
        'secrets:',
        '  from_file:',
        '    file: ./secret.txt',
        '    labels: [com.example=secret]',
        '  from_env:',
        '    environment: TOKEN',
        '    x-note: kept',
        '  named:',
        '    name: shared-secret',
        '    file: /abs/secret',
        '  outside:',
        '    external: true',
        '  outside_named:',
        '    external: true',
        '    name: real-name',
        'configs:',
        '  from_file:',
        '    file: ./app.conf',
        '    template_driver: golang',
        '  inline:',
        '    content: |',
        '      project=${COMPOSE_PROJECT_NAME} token=$TOKEN',
        '  from_env:',
        '    environment: TOKEN',
        '  outside:',
        '    external: true',
        '',
      ].join('\n'),
      (project) => {
        assert.deepEqual(project.secrets, {
          from_file: { name: 'project_from_file', file: '/project/secret.txt', labels: { 'com.example': 'secret' } },
          // Named expectation: compose-go also puts the variable's value in `content` but never prints
          // it; berth keeps only the variable name, and the value stays in LoadedProject.environment.
          from_env: { name: 'project_from_env', environment: 'TOKEN', 'x-note': 'kept' },
          named: { name: 'shared-secret', file: '/abs/secret' },
          outside: { name: 'outside', external: true },
          outside_named: { name: 'real-name', external: true },
        });
        assert.deepEqual(project.configs, {
          from_file: { name: 'project_from_file', file: '/project/app.conf', template_driver: 'golang' },
          inline: { name: 'project_inline', content: 'project=project token=t0ken\n' },
          from_env: { name: 'project_from_env', environment: 'TOKEN' },
          outside: { name: 'outside', external: true },
        });
      },
      { environment: { TOKEN: 't0ken' } },
    );
  });

  test('the legacy external.name form becomes name + external, with a warning', async () => {
    const warnings: string[] = [];
    await roundTrip('services:\n  web:\n    image: alpine\nsecrets:\n  s:\n    external:\n      name: my_secret\n', (project) => {
      assert.deepEqual(project.secrets?.['s'], { name: 'my_secret', external: true });
    }, { warnings });
    assert.ok(warnings.some((warning) => /compose\.yaml:5:.*external\.name is deprecated/.test(warning)), warnings.join('\n'));
  });
});

describe('bad secrets and configs', () => {
  const cases: [name: string, compose: string, code: 'invalid_schema' | 'invalid_project', message: RegExp, line: number][] = [
    ['a reference to an undefined secret', 'services:\n  web:\n    image: x\n    secrets: [ghost]\n', 'invalid_project', /undefined secret "ghost"/, 4],
    ['a reference to an undefined config', 'services:\n  web:\n    image: x\n    configs: [ghost]\n', 'invalid_project', /undefined config "ghost"/, 4],
    ['a secret without a source', 'services:\n  web:\n    image: x\nsecrets:\n  s:\n    labels: {a: b}\n', 'invalid_project', /secret "s" needs a source/, 5],
    ['a secret with file and environment', 'services:\n  web:\n    image: x\nsecrets:\n  s:\n    file: ./s\n    environment: X\n', 'invalid_project', /secret "s": file and environment exclude each other/, 5],
    ['a mode that is not octal', 'services:\n  web:\n    image: x\n    secrets:\n      - source: s\n        mode: rw\nsecrets:\n  s: {file: ./s}\n', 'invalid_project', /services\.web\.secrets\[0\]\.mode.*"rw"/, 6],
    ['a numeric uid', 'services:\n  web:\n    image: x\n    configs:\n      - source: c\n        uid: 1000\nconfigs:\n  c: {file: ./c}\n', 'invalid_schema', /services\.web\.configs\[0\]\.uid must be a string/, 6],
    ['a config with file and content', 'services:\n  web:\n    image: x\nconfigs:\n  c:\n    file: ./a\n    content: x\n', 'invalid_project', /config "c": file, content exclude each other/, 5],
    ['an unknown attribute on a top-level secret', 'services:\n  web:\n    image: x\nsecrets:\n  s:\n    file: ./s\n    path: ./p\n', 'invalid_schema', /secrets\.s.*path/, 7],
  ];
  for (const [name, compose, code, message, line] of cases) {
    test(name, async () => {
      await assertRefused(compose, { code, message, line });
    });
  }

  // compose-go's validation package: one of file, environment or content (or external) for a config.
  test('a config without a source', async () => {
    await assertRefused('services:\n  web:\n    image: x\nconfigs:\n  c:\n    labels: {a: b}\n', { code: 'invalid_project', message: /config "c" needs a source/, line: 5 });
  });
});
