import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createReadStream, existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { dockerHost, TEST_IMAGE, TEST_IMAGE_ARCHIVE } from '../helpers/docker.js';
import { type Contract, rejectsWithKind } from './fixtures.js';
import type { TestRegistry } from './registry.js';

const execFileAsync = promisify(execFile);

async function pushWithDocker(source: string, reference: string): Promise<void> {
  const environment = { ...process.env, DOCKER_HOST: dockerHost() };
  await execFileAsync('docker', ['tag', source, reference], { env: environment });
  try {
    await execFileAsync('docker', ['push', reference], { env: environment, timeout: 60_000 });
  } finally {
    await execFileAsync('docker', ['rmi', reference], { env: environment }).catch(() => undefined);
  }
}

export function imageContract(contract: Contract, registry: () => TestRegistry | string): void {
  describe('images', () => {
    test('inspect of a present image gives its ID, tags and default process', async () => {
      const image = await contract.engine.images.inspect(TEST_IMAGE);
      assert.ok(image, `${TEST_IMAGE} should be present`);
      assert.match(image.id, /^sha256:[0-9a-f]{64}$/);
      assert.ok(image.repoTags.includes(TEST_IMAGE), `repoTags ${JSON.stringify(image.repoTags)}`);
      assert.deepEqual(image.config.command, ['sh']);
      assert.equal(image.config.entrypoint, null);
      assert.ok(image.config.env.some((entry) => entry.startsWith('PATH=')));
      assert.ok(image.sizeBytes > 0);
    });

    test('inspect of a missing image resolves undefined', async () => {
      assert.equal(await contract.engine.images.inspect(`berth-test/missing-${contract.name('img')}:latest`), undefined);
    });

    test('tag adds a reference to the same image; remove takes only that reference away', async () => {
      const engine = contract.engine;
      const reference = `berth-test/${contract.name('tag')}:v1`;
      contract.taggedImages.push(reference);
      await engine.images.tag(TEST_IMAGE, reference);
      const original = await engine.images.inspect(TEST_IMAGE);
      const tagged = await engine.images.inspect(reference);
      assert.equal(tagged?.id, original?.id);
      await engine.images.remove(reference);
      assert.equal(await engine.images.inspect(reference), undefined);
      assert.ok(await engine.images.inspect(TEST_IMAGE), 'the original reference stays');
    });

    test('list by label finds the test image and not others', async () => {
      const engine = contract.engine;
      const found = await engine.images.list({ labels: { 'berth.test.image': 'busybox' } });
      const original = await engine.images.inspect(TEST_IMAGE);
      assert.ok(found.some((image) => image.id === original?.id), `list gave ${JSON.stringify(found.map((image) => image.repoTags))}`);
      const none = await engine.images.list({ labels: { 'berth.test.image': 'no-such-image-label' } });
      assert.deepEqual(none, []);
    });

    test('remove of a missing image is not_found', async () => {
      await rejectsWithKind(() => contract.engine.images.remove(`berth-test/missing-${contract.name('img')}:latest`), 'not_found');
    });

    test('load of the test image archive resolves the loaded reference', { skip: existsSync(TEST_IMAGE_ARCHIVE) ? false : `${TEST_IMAGE_ARCHIVE} is missing; run scripts/test-images.sh` }, async () => {
      const references = await contract.engine.images.load(createReadStream(TEST_IMAGE_ARCHIVE));
      assert.ok(references.includes(TEST_IMAGE), `load gave ${JSON.stringify(references)}`);
    });

    test('pull from a registry that does not answer is an engine error', async () => {
      await assert.rejects(contract.engine.images.pull('127.0.0.1:9/berth-test/nothing:latest'), (error: unknown) => {
        assert.ok(['not_found', 'unavailable', 'invalid'].includes((error as { kind?: string }).kind ?? ''), String(error));
        return true;
      });
    });

    test('push to and pull from a local registry, with progress', async (t) => {
      const available = registry();
      if (typeof available === 'string') {
        t.diagnostic(available);
        t.skip(available);
        return;
      }
      const engine = contract.engine;
      const reference = `${available.address}/berth-test/${contract.name('pushed')}:v1`;
      contract.taggedImages.push(reference);
      if (contract.capabilities.push) {
        await engine.images.tag(TEST_IMAGE, reference);
        const pushProgress: string[] = [];
        await engine.images.push(reference, { onProgress: (progress) => pushProgress.push(progress.status) });
        assert.ok(pushProgress.length > 0, 'push reports progress');
        await engine.images.remove(reference);
      } else {
        // This engine does not push: the Docker Engine puts the same image there.
        await pushWithDocker(TEST_IMAGE, reference);
      }
      assert.equal(await engine.images.inspect(reference), undefined);
      const pullProgress: string[] = [];
      await engine.images.pull(reference, { onProgress: (progress) => pullProgress.push(progress.status) });
      // Pull resolves only once the image is there.
      const pulled = await engine.images.inspect(reference);
      assert.ok(pulled, 'the pulled image is present');
      assert.equal(pulled.id, (await engine.images.inspect(TEST_IMAGE))?.id);
      assert.ok(pulled.repoDigests.some((digest) => digest.includes('@sha256:')), `repoDigests ${JSON.stringify(pulled.repoDigests)}`);
      assert.ok(pullProgress.some((status) => /digest|status|pull/i.test(status)), `pull progress ${JSON.stringify(pullProgress)}`);
      await rejectsWithKind(() => engine.images.pull(`${available.address}/berth-test/never-pushed:v1`), 'not_found');
    });
  });
}
