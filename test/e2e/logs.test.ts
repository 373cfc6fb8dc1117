import { test } from 'node:test';
import assert from 'node:assert/strict';
import { e2eProject, eventually, expectExit, TEST_IMAGE } from './support.js';

test('logs prefixes each line with its container, padded like Compose, and merges services by time', async (t) => {
  const project = await e2eProject(t, 'logs', {
    'compose.yaml': `
services:
  alpha:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo alpha one; sleep 1; echo alpha two; sleep 300"]
  betagamma:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 0.5; echo beta one; echo beta err >&2; sleep 300"]
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const result = await eventually(async () => {
    const logs = await project.berth(['logs', '--no-color']);
    expectExit(logs, 0, 'logs');
    assert.match(logs.stdout, /alpha two/);
    return logs;
  }, 15_000, 'all lines logged');
  assert.deepEqual(result.stdout.trimEnd().split('\n'), ['alpha-1      | alpha one', 'betagamma-1  | beta one', 'alpha-1      | alpha two']);
  assert.equal(result.stderr.split('\n').filter((line) => line.includes('beta err'))[0], 'betagamma-1  | beta err');

  const bare = await project.berth(['logs', '--no-log-prefix', 'alpha']);
  assert.equal(bare.stdout, 'alpha one\nalpha two\n');

  const stamped = await project.berth(['logs', '-t', '--tail', '1', 'alpha']);
  assert.match(stamped.stdout, /^alpha-1  \| \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z alpha two\n$/);
});
