import { test } from 'node:test';
import assert from 'node:assert/strict';
import { e2eProject, eventually, expectExit, TEST_IMAGE } from './support.js';

test('a service reaches another by its service name on the project network', async (t) => {
  const project = await e2eProject(t, 'dns', {
    'compose.yaml': `
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "mkdir -p /www && echo hello from web > /www/index.html && exec httpd -f -p 80 -h /www"]
  client:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const body = await eventually(async () => {
    const result = await project.berth(['exec', '-T', 'client', 'wget', '-q', '-O-', 'http://web/']);
    expectExit(result, 0, 'wget http://web/');
    return result.stdout;
  }, 15_000, 'web answering on http://web/');
  assert.equal(body, 'hello from web\n');
});
