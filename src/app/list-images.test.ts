import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImageInfo } from '../engine/index.js';
import { imageEntry, renderImages, splitImageReference } from './list-images.js';

describe('splitImageReference', () => {
  const cases: readonly [string, string, string][] = [
    ['berth-test/busybox:latest', 'berth-test/busybox', 'latest'],
    ['nginx', 'nginx', 'latest'],
    ['docker.io/library/redis:7', 'redis', '7'],
    ['127.0.0.1:5000/shop/web', '127.0.0.1:5000/shop/web', 'latest'],
    ['127.0.0.1:5000/shop/web:1.2', '127.0.0.1:5000/shop/web', '1.2'],
    ['web@sha256:0123', 'web', ''],
    ['sha256:' + 'a'.repeat(64), '', ''],
  ];
  for (const [reference, repository, tag] of cases) {
    test(reference, () => assert.deepEqual(splitImageReference(reference), { repository, tag }));
  }
});

const image: ImageInfo = {
  id: 'sha256:444877e0a0859b7109f661f86ec02ade8913001ebf60976625f28187a65969e9',
  repoTags: ['berth-test/busybox:latest'],
  repoDigests: [],
  labels: {},
  createdAt: '2024-05-01T10:00:00Z',
  sizeBytes: 1_990_000,
  platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
  config: { entrypoint: null, command: null, env: [], workingDir: '', user: '', exposedPorts: [] },
};

test('images: a table sorted by container, a JSON array with Compose keys, or unique bare IDs', () => {
  const entries = [
    imageEntry({ name: 'shop-web-2', image: 'berth-test/busybox:latest', imageId: image.id }, image),
    imageEntry({ name: 'shop-web-1', image: 'berth-test/busybox:latest', imageId: image.id }, image),
    imageEntry({ name: 'shop-db-1', image: 'gone:1', imageId: 'sha256:' + 'b'.repeat(64) }, undefined),
  ];
  const now = new Date('2024-05-01T13:00:00Z');
  assert.equal(
    renderImages(entries, 'table', now),
    [
      'CONTAINER           REPOSITORY           TAG                 PLATFORM            IMAGE ID            SIZE                CREATED',
      'shop-db-1           gone                 1                   unknown             bbbbbbbbbbbb        0B                  N/A',
      'shop-web-1          berth-test/busybox   latest              linux/arm64/v8      444877e0a085        1.99MB              3 hours ago',
      'shop-web-2          berth-test/busybox   latest              linux/arm64/v8      444877e0a085        1.99MB              3 hours ago',
    ]
      .map((line) => `${line}\n`)
      .join(''),
  );
  assert.equal(renderImages(entries, 'quiet', now), `${'b'.repeat(64)}\n${image.id.slice(7)}\n`);
  const json = JSON.parse(renderImages(entries, 'json', now)) as Record<string, unknown>[];
  assert.deepEqual(json[1], { ID: image.id, ContainerName: 'shop-web-1', Repository: 'berth-test/busybox', Tag: 'latest', Platform: 'linux/arm64/v8', Size: 1_990_000, Created: '2024-05-01T10:00:00Z' });
  assert.equal('Created' in (json[0] ?? {}), false);
});
