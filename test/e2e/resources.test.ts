import { test } from 'node:test';
import assert from 'node:assert/strict';
import { e2eProject, expectExit, TEST_IMAGE } from './support.js';

// cgroup v2 shows the limit as memory.max at the container's cgroup root; v1 as memory/memory.limit_in_bytes.
const READ_LIMIT = 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes';

test('memory limits from mem_limit and deploy.resources.limits are the container\'s cgroup limit', async (t) => {
  const project = await e2eProject(t, 'memlimit', {
    'compose.yaml': `
services:
  small:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    mem_limit: 64m
  deployed:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    deploy:
      resources:
        limits:
          memory: 48M
  unlimited:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const limit = async (service: string): Promise<string> => {
    const result = await project.berth(['exec', '-T', service, 'sh', '-c', READ_LIMIT]);
    expectExit(result, 0, `read the memory limit of ${service}`);
    return result.stdout.trim();
  };
  assert.equal(await limit('small'), String(64 * 1024 * 1024));
  assert.equal(await limit('deployed'), String(48 * 1024 * 1024));
  const none = await limit('unlimited');
  assert.ok(none === 'max' || BigInt(none) > 1n << 40n, `no limit shows as max or a huge number, not ${none}`);
});
