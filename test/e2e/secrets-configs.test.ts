import { test } from 'node:test';
import assert from 'node:assert/strict';
import { e2eProject, expectExit, TEST_IMAGE } from './support.js';

test('secrets and configs from files are mounted read-only at Compose\'s places and at their targets', async (t) => {
  const project = await e2eProject(t, 'secfile', {
    'compose.yaml': `
services:
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    secrets:
      - token
      - source: token
        target: renamed-token
      - source: token
        target: /etc/absolute-token
    configs:
      - settings
      - source: settings
        target: /etc/app/settings.conf
secrets:
  token:
    file: ./token.txt
configs:
  settings:
    file: ./settings.conf
`,
    'token.txt': 's3cr3t\n',
    'settings.conf': 'answer=42\n',
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const read = async (path: string): Promise<string> => {
    const result = await project.berth(['exec', '-T', 'app', 'cat', path]);
    expectExit(result, 0, `cat ${path}`);
    return result.stdout;
  };
  assert.equal(await read('/run/secrets/token'), 's3cr3t\n');
  assert.equal(await read('/run/secrets/renamed-token'), 's3cr3t\n', 'a relative secret target is under /run/secrets');
  assert.equal(await read('/etc/absolute-token'), 's3cr3t\n');
  assert.equal(await read('/settings'), 'answer=42\n', 'a config without target is at /<name>');
  assert.equal(await read('/etc/app/settings.conf'), 'answer=42\n');

  const write = await project.berth(['exec', '-T', 'app', 'sh', '-c', 'echo changed > /run/secrets/token']);
  assert.notEqual(write.exitCode, 0, 'a secret cannot be written');
});

test('secrets from environment and configs from content are written into the container before it starts, with mode, uid and gid', async (t) => {
  const project = await e2eProject(t, 'secenv', {
    'compose.yaml': `
services:
  app:
    image: ${TEST_IMAGE}
    # The files are there before the process starts: it reads them first thing.
    command: ["sh", "-c", "cat /run/secrets/token /etc/app/inline.conf > /tmp/seen-at-start; exec sleep 300"]
    stop_signal: SIGKILL
    secrets:
      - token
      - source: token
        target: /etc/token
        mode: 0400
        uid: "1000"
        gid: "1001"
    configs:
      - inline
      - source: inline
        target: /etc/app/inline.conf
        mode: 0640
secrets:
  token:
    environment: TOKEN
configs:
  inline:
    content: |
      greeting=\${GREETING}
`,
    '.env': 'GREETING=from-dotenv\n',
  });
  if (project === undefined) return;
  const up = await project.berth(['up', '-d'], { env: { TOKEN: 'from-the-shell' } });
  expectExit(up, 0, 'up -d');
  assert.doesNotMatch(up.stderr, /not supported/, 'nothing is ignored any more');
  const run = async (script: string): Promise<string> => {
    const result = await project.berth(['exec', '-T', 'app', 'sh', '-c', script]);
    expectExit(result, 0, script);
    return result.stdout;
  };
  assert.equal(await run('cat /tmp/seen-at-start'), 'from-the-shellgreeting=from-dotenv\n');
  assert.equal(await run('stat -c "%a %u %g" /run/secrets/token'), '444 0 0\n', 'default mode 0444, owned by root');
  assert.equal(await run('stat -c "%a %u %g" /etc/token'), '400 1000 1001\n');
  assert.equal(await run('cat /inline; stat -c "%a" /inline'), 'greeting=from-dotenv\n444\n', 'a config without target is at /<name>');
  assert.equal(await run('stat -c "%a" /etc/app/inline.conf'), '640\n');

  const missing = await project.berth(['up', '-d', '--force-recreate']);
  assert.equal(missing.exitCode, 1, 'without TOKEN the up fails');
  assert.match(missing.stderr, /environment variable TOKEN required by secret "token" is not set/);
  assert.equal((await project.berth(['exec', '-T', 'app', 'cat', '/run/secrets/token'])).stdout, 'from-the-shell', 'and fails before it changes anything');
});
