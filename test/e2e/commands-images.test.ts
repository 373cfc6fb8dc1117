import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createDockerEngine } from '../../src/engine/docker/index.js';
import { dockerHost } from '../helpers/docker.js';
import { startTestRegistry } from '../engine/registry.js';
import { e2eProject, engineGet, expectExit, TEST_IMAGE } from './support.js';

function registryTags(address: string, repository: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(`http://${address}/v2/${repository}/tags/list`, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(JSON.parse(body) as unknown));
    });
    req.on('error', reject);
    req.end();
  });
}

test('build --build-arg makes the image, push sends it to a registry, pull brings it back; pull failures fail unless ignored', async (t) => {
  const registry = await startTestRegistry();
  if (typeof registry === 'string') {
    t.diagnostic(registry);
    t.skip(registry);
    return;
  }
  t.after(() => registry.stop());
  const engine = createDockerEngine({ host: dockerHost() });
  const references: string[] = [];
  t.after(async () => {
    for (const reference of references) await engine.images.remove(reference, { force: true }).catch(() => undefined);
    await engine.close();
  });
  const repository = `berth-e2e/images-${process.pid}`;
  const image = `${registry.address}/${repository}:1`;
  const extra = `${registry.address}/${repository}:extra`;
  references.push(image, extra);
  const project = await e2eProject(t, 'images', {
    'compose.yaml': `
services:
  app:
    build:
      context: ./app
      tags: ["${extra}"]
    image: ${image}
  plain:
    image: ${TEST_IMAGE}
    command: ["true"]
  missing:
    image: ${registry.address}/berth-e2e/no-such-image:1
    profiles: [broken]
`,
    'app/Dockerfile': `FROM ${TEST_IMAGE}\nARG GREETING=unset\nRUN echo "$GREETING" > /greeting\n`,
  });
  if (project === undefined) return;

  const built = await project.berth(['build', '--build-arg', 'GREETING=hello', 'app']);
  expectExit(built, 0, 'build');
  assert.match(built.stderr, /Step \d\/\d+ : RUN echo/);
  const greeting = await project.berth(['run', '--rm', '-T', 'app', 'cat', '/greeting']);
  assert.equal(greeting.stdout, 'hello\n');
  // The rebuild leaves the first image untagged: it goes at the end too.
  references.push((await engineGet<{ Id: string }>(`/images/${encodeURIComponent(image)}/json`)).Id);
  const quiet = await project.berth(['build', '-q', '--no-cache', 'app']);
  expectExit(quiet, 0, 'build -q');
  assert.equal(quiet.stderr, '');

  const pushed = await project.berth(['push']);
  expectExit(pushed, 0, 'push');
  const pushedTags = (await registryTags(registry.address, repository)) as { name: string; tags: string[] };
  assert.deepEqual([...pushedTags.tags].sort(), ['1', 'extra']);

  await engine.images.remove(image, { force: true });
  await engine.images.remove(extra, { force: true });
  const pulled = await project.berth(['pull', 'app']);
  expectExit(pulled, 0, 'pull');
  assert.match(pulled.stderr, new RegExp(`Image ${image.replace(/[.]/g, '\\.')}  Pulled`));
  assert.ok((await engineGet<{ Id: string }>(`/images/${encodeURIComponent(image)}/json`)).Id.startsWith('sha256:'));

  const failing = await project.berth(['--profile', 'broken', 'pull', 'missing']);
  assert.equal(failing.exitCode, 1);
  assert.match(failing.stderr, /cannot pull image .*no-such-image:1 for service "missing"/);
  expectExit(await project.berth(['--profile', 'broken', 'pull', '--ignore-pull-failures', 'missing']), 0, 'pull --ignore-pull-failures');
});
