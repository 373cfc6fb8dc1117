/**
 * Finding out whether a Docker Engine (and berth's test image) is there, so
 * tests that need one skip with a printed reason instead of failing. In CI
 * there always is one: `scripts/test` starts dockerd and loads the image.
 */
import { request } from 'node:http';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { repoRoot } from './cli.js';

/** Built from Debian's busybox-static by `scripts/test-images.sh`. */
export const TEST_IMAGE = 'berth-test/busybox:latest';
/** The same image as a `docker save` archive. */
export const TEST_IMAGE_ARCHIVE = join(repoRoot, '.cache', 'test-images', 'busybox.tar');
/** Every engine object a test creates carries this label, so leftovers can be found. */
export const TEST_LABEL = 'berth.test';

/** Where the engine listens: DOCKER_HOST (unix:// or tcp://) or the default socket. */
export function dockerHost(): string {
  return process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock';
}

function get(path: string, timeoutMs: number): Promise<number> {
  const host = dockerHost();
  const target = host.startsWith('unix://')
    ? { socketPath: host.slice('unix://'.length) }
    : (() => {
        const url = new URL(host.replace(/^tcp:/, 'http:'));
        return { host: url.hostname, port: Number(url.port || 2375) };
      })();
  return new Promise((resolve, reject) => {
    const req = request({ ...target, path, method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

let cached: Promise<string | undefined> | undefined;

/** undefined when an engine answers and has the test image; otherwise why not, and what to run. */
export function dockerSkipReason(): Promise<string | undefined> {
  cached ??= (async () => {
    try {
      const ping = await get('/_ping', 3000);
      if (ping !== 200) return `no Docker Engine at ${dockerHost()} (/_ping answered ${ping}); run scripts/dockerd.sh start`;
    } catch (error) {
      return `no Docker Engine at ${dockerHost()} (${(error as Error).message}); run scripts/dockerd.sh start`;
    }
    const image = await get(`/images/${TEST_IMAGE}/json`, 3000).catch(() => 0);
    if (image !== 200) return `the engine lacks ${TEST_IMAGE}; run scripts/test-images.sh`;
    return undefined;
  })();
  return cached;
}

/**
 * Skips the test (printing the reason) unless an engine with the test image
 * answers. Use as `if (!(await requireDocker(t))) return;`.
 */
export async function requireDocker(t: TestContext): Promise<boolean> {
  const reason = await dockerSkipReason();
  if (reason === undefined) return true;
  t.diagnostic(reason);
  t.skip(reason);
  return false;
}
