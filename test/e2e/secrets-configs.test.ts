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
