import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ImageError } from '../../../src/daemon/images/errors.js';
import { familiarName, parseReference, referenceString, withDefaultTag } from '../../../src/daemon/images/reference.js';
import { parsePlatform, platformMatches, selectManifest } from '../../../src/daemon/images/platform.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

// input → [full reference after the default tag, familiar name]
const valid: Array<[string, string, string]> = [
  ['busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
  ['busybox:1.36', 'docker.io/library/busybox:1.36', 'busybox:1.36'],
  ['library/busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
  ['docker.io/busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
  ['index.docker.io/library/busybox:x', 'docker.io/library/busybox:x', 'busybox:x'],
  ['user/app', 'docker.io/user/app:latest', 'user/app:latest'],
  ['docker.io/library/a/b', 'docker.io/library/a/b:latest', 'library/a/b:latest'],
  ['berth-test/busybox:latest', 'docker.io/berth-test/busybox:latest', 'berth-test/busybox:latest'],
  ['localhost/x', 'localhost/x:latest', 'localhost/x:latest'],
  ['localhost:5000/x', 'localhost:5000/x:latest', 'localhost:5000/x:latest'],
  ['127.0.0.1:5000/a/b:v1', '127.0.0.1:5000/a/b:v1', '127.0.0.1:5000/a/b:v1'],
  ['registry.example.com/team/app:1.0-rc.1', 'registry.example.com/team/app:1.0-rc.1', 'registry.example.com/team/app:1.0-rc.1'],
  ['Registry.Example.com/app', 'Registry.Example.com/app:latest', 'Registry.Example.com/app:latest'],
  ['[::1]:5000/x:tag', '[::1]:5000/x:tag', '[::1]:5000/x:tag'],
  [`busybox@${DIGEST}`, `docker.io/library/busybox@${DIGEST}`, `busybox@${DIGEST}`],
  [`host:5000/a/b:tag@${DIGEST}`, `host:5000/a/b:tag@${DIGEST}`, `host:5000/a/b:tag@${DIGEST}`],
  ['a__b/c-d.e_f', 'docker.io/a__b/c-d.e_f:latest', 'a__b/c-d.e_f:latest'],
  ['busybox:UPPER_tag', 'docker.io/library/busybox:UPPER_tag', 'busybox:UPPER_tag'],
];

const invalid: Array<[string, RegExp]> = [
  ['', /at least one component/],
  ['Busybox', /must be lowercase/],
  ['user/App', /must be lowercase/],
  ['a'.repeat(64), /64-byte hexadecimal/],
  ['busybox:', /invalid reference format/],
  [':tag', /invalid reference format/],
  ['busybox:-tag', /invalid reference format/],
  [`busybox:${'t'.repeat(129)}`, /invalid reference format/],
  ['a//b', /invalid reference format/],
  ['a/b/', /invalid reference format/],
  ['-a/b', /invalid reference format/],
  ['a..b/c', /invalid reference format/],
  ['busybox@sha256:abc', /invalid reference format/],
  [`busybox@sha256:${'a'.repeat(40)}`, /64 lower-case hex/],
  [`busybox@md5:${'a'.repeat(32)}`, /unsupported digest algorithm/],
  ['host:port/x', /invalid reference format/],
  [`${'a'.repeat(256)}`, /more than 255/],
  ['busy box', /invalid reference format/],
];

describe('image references', () => {
  for (const [input, full, familiar] of valid) {
    test(`"${input}" is ${full}`, () => {
      const parsed = withDefaultTag(parseReference(input));
      assert.equal(referenceString(parsed), full);
      assert.equal(familiarName(parsed), familiar);
    });
  }
  for (const [input, message] of invalid) {
    test(`"${input.slice(0, 40)}" is refused`, () => {
      assert.throws(
        () => parseReference(input),
        (error: unknown) => error instanceof ImageError && error.kind === 'invalid' && message.test(error.message),
      );
    });
  }
  test('a digest reference gets no default tag', () => {
    const parsed = withDefaultTag(parseReference(`busybox@${DIGEST}`));
    assert.equal(parsed.tag, undefined);
    assert.equal(parsed.digest, DIGEST);
  });
});

describe('platforms', () => {
  test('parse and match, with arm64 meaning v8', () => {
    assert.deepEqual(parsePlatform('linux/amd64'), { os: 'linux', architecture: 'amd64' });
    assert.deepEqual(parsePlatform('linux/arm/v7'), { os: 'linux', architecture: 'arm', variant: 'v7' });
    assert.throws(() => parsePlatform('amd64'), /os\/architecture/);
    assert.ok(platformMatches(parsePlatform('linux/arm64'), { os: 'linux', architecture: 'arm64', variant: 'v8' }));
    assert.ok(!platformMatches(parsePlatform('linux/arm/v7'), { os: 'linux', architecture: 'arm', variant: 'v6' }));
  });
  test('the index entry for the wanted platform is chosen; none is not_found', () => {
    const entry = (architecture: string, variant?: string) => ({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: `sha256:${architecture}${variant ?? ''}`,
      size: 1,
      platform: variant === undefined ? { os: 'linux', architecture } : { os: 'linux', architecture, variant },
    });
    const manifests = [entry('arm', 'v6'), entry('arm', 'v7'), entry('amd64'), entry('arm64', 'v8')];
    assert.equal(selectManifest(manifests, parsePlatform('linux/amd64'), 'x').digest, 'sha256:amd64');
    assert.equal(selectManifest(manifests, parsePlatform('linux/arm/v7'), 'x').digest, 'sha256:armv7');
    assert.equal(selectManifest(manifests, parsePlatform('linux/arm64'), 'x').digest, 'sha256:arm64v8');
    assert.throws(() => selectManifest(manifests, parsePlatform('linux/s390x'), 'x'), (error: unknown) => (error as ImageError).kind === 'not_found');
  });
});
