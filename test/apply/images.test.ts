import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildImages, ensureImages, type ApplyEvent, type EnsureImagesOptions } from '../../src/apply/index.js';
import { effectivePolicy, mustBuild, mustPull } from '../../src/apply/image-policy.js';
import { BerthError } from '../../src/errors.js';
import type { BuildConfig, Project, ServiceConfig } from '../../src/model/index.js';
import { FakeEngine } from './fake-engine.js';

let contextDir = '';
before(async () => {
  contextDir = await mkdtemp(join(tmpdir(), 'berth-images-'));
  await writeFile(join(contextDir, 'Dockerfile'), 'FROM scratch\n');
});
after(() => rm(contextDir, { recursive: true, force: true }));

function project(services: Record<string, ServiceConfig>): Project {
  return { name: 'shop', workingDir: '/project', services };
}

const built = (extra: Partial<BuildConfig> = {}): BuildConfig => ({ context: contextDir, dockerfile: 'Dockerfile', ...extra });

async function ensure(engine: FakeEngine, services: Record<string, ServiceConfig>, options: Partial<EnsureImagesOptions> = {}) {
  const events: ApplyEvent[] = [];
  const images = await ensureImages(project(services), engine, { pull: undefined, build: undefined, onEvent: (event) => events.push(event), ...options });
  return { images, events };
}

describe('image policy', () => {
  test('effective policy: --build, then --pull, then pull_policy, then missing', () => {
    const rows: [Partial<ServiceConfig>, EnsureImagesOptions['pull'], boolean | undefined, string][] = [
      [{}, undefined, undefined, 'missing'],
      [{ pull_policy: 'always' }, undefined, undefined, 'always'],
      [{ pull_policy: 'always' }, 'never', undefined, 'never'],
      [{ pull_policy: 'never', build: { context: '/c' } }, undefined, true, 'build'],
      [{ pull_policy: 'never' }, undefined, true, 'never'],
      [{ pull_policy: 'daily' }, undefined, undefined, 'missing'],
      [{ pull_policy: 'every_12h' }, undefined, undefined, 'missing'],
      [{ pull_policy: 'refresh' }, 'always', undefined, 'always'],
    ];
    for (const [service, pull, build, expected] of rows) assert.equal(effectivePolicy(service, pull, build), expected, JSON.stringify([service, pull, build]));
  });

  test('pull and build decisions', () => {
    const rows: [Partial<ServiceConfig>, 'always' | 'missing' | 'never' | 'build', boolean, boolean | undefined, boolean, boolean][] = [
      // service, policy, present, --build/--no-build, pull?, build?
      [{ image: 'a' }, 'missing', false, undefined, true, false],
      [{ image: 'a' }, 'missing', true, undefined, false, false],
      [{ image: 'a' }, 'always', true, undefined, true, false],
      [{ image: 'a' }, 'never', false, undefined, false, false],
      [{ build: { context: '/c' } }, 'missing', false, undefined, false, true],
      [{ build: { context: '/c' } }, 'missing', true, undefined, false, false],
      [{ image: 'a', build: { context: '/c' } }, 'build', true, undefined, false, true],
      [{ image: 'a', build: { context: '/c' } }, 'missing', false, false, true, false],
    ];
    for (const [service, policy, present, build, pull, makes] of rows) {
      assert.equal(mustPull(service, policy, present), pull, `pull ${JSON.stringify([service, policy, present])}`);
      assert.equal(mustBuild(service, policy, present, build), makes, `build ${JSON.stringify([service, policy, present, build])}`);
    }
  });
});

describe('ensureImages', () => {
  test('pulls what is missing, once per image, and leaves present images alone', async () => {
    const engine = new FakeEngine();
    engine.addImage('redis:7');
    const { images, events } = await ensure(engine, { web: { image: 'nginx:1' }, proxy: { image: 'nginx:1' }, cache: { image: 'redis:7' } });
    assert.deepEqual(engine.pulls, ['nginx:1']);
    assert.deepEqual([...images.keys()].sort(), ['nginx:1', 'redis:7']);
    assert.deepEqual(
      events.map((event) => `${event.type} ${'name' in event ? event.name : ''}`),
      ['step-started nginx:1', 'step-done nginx:1'],
    );
  });

  test('pull_policy always pulls a present image; --pull never does not pull a missing one', async () => {
    const engine = new FakeEngine();
    engine.addImage('nginx:1');
    await ensure(engine, { web: { image: 'nginx:1', pull_policy: 'always' } });
    assert.deepEqual(engine.pulls, ['nginx:1']);
    await assert.rejects(ensure(new FakeEngine(), { web: { image: 'nginx:1' } }, { pull: 'never' }), {
      code: 'engine',
      message: /^service "web" needs image nginx:1, which is not on the engine: the pull policy is "never"/,
    });
  });

  test('--quiet-pull reports no pull progress', async () => {
    const { events } = await ensure(new FakeEngine(), { web: { image: 'nginx:1' } }, { quiet: true });
    assert.deepEqual(events, []);
  });

  test('a failed pull of an image nobody builds is an error naming the services', async () => {
    const engine = new FakeEngine();
    engine.failingPulls.add('privat/app:1');
    await assert.rejects(ensure(engine, { api: { image: 'privat/app:1' }, worker: { image: 'privat/app:1' } }), (error: unknown) => {
      assert.ok(error instanceof BerthError);
      assert.equal(error.code, 'engine');
      assert.match(error.message, /^cannot pull image privat\/app:1 for service "api", "worker": pull access denied/);
      return true;
    });
  });

  test('with image and build, a failed pull builds instead, with a warning', async () => {
    const engine = new FakeEngine();
    engine.failingPulls.add('me/app:dev');
    const { images, events } = await ensure(engine, { app: { image: 'me/app:dev', build: built() } });
    assert.deepEqual(engine.pulls, ['me/app:dev']);
    assert.equal(engine.builds.length, 1);
    assert.deepEqual(engine.builds[0]?.spec.tags, ['me/app:dev']);
    assert.ok(images.has('me/app:dev'));
    assert.ok(events.some((event) => event.type === 'warning' && /pulling me\/app:dev failed .*building it instead/.test(event.message)));
  });

  test('a service with only build gets the image <project>-<service>, built when missing', async () => {
    const engine = new FakeEngine();
    const { images } = await ensure(engine, { web: { build: built({ labels: { team: 'a' }, target: 'prod', tags: ['extra:1'] }) } });
    assert.deepEqual(engine.pulls, []);
    const call = engine.builds[0];
    assert.ok(call);
    assert.deepEqual(call.spec.tags, ['shop-web', 'extra:1']);
    assert.equal(call.spec.dockerfile, 'Dockerfile');
    assert.equal(call.spec.target, 'prod');
    assert.deepEqual(call.spec.labels, {
      team: 'a',
      'com.docker.compose.project': 'shop',
      'com.docker.compose.service': 'web',
      'com.docker.compose.version': call.spec.labels['com.docker.compose.version'],
      'com.docker.compose.image.builder': 'classic',
    });
    assert.deepEqual(call.files, ['Dockerfile']);
    assert.ok(images.has('shop-web'));
    // Present now: a second ensure builds nothing.
    await ensure(engine, { web: { build: built() } });
    assert.equal(engine.builds.length, 1);
  });

  test('--build rebuilds a present image; --no-build never builds', async () => {
    const engine = new FakeEngine();
    engine.addImage('shop-web');
    await ensure(engine, { web: { build: built() } }, { build: true });
    assert.equal(engine.builds.length, 1);
    await assert.rejects(ensure(new FakeEngine(), { web: { build: built() } }, { build: false }), {
      message: /^service "web" needs image shop-web, which is not on the engine: it is built from the build section, but --no-build was given/,
    });
  });

  test('build args: compose args, then --build-arg, bare ones from the environment or left out', async () => {
    const engine = new FakeEngine();
    await ensure(engine, { web: { build: built({ args: { A: '1', B: '2', FROM_ENV: null, UNSET: null } }) } }, { buildArgs: { B: 'cli' }, environment: { FROM_ENV: 'env' } });
    assert.deepEqual(engine.builds[0]?.spec.buildArgs, { A: '1', B: 'cli', FROM_ENV: 'env' });
  });

  test('a failed build names the service and shows the builder output', async () => {
    const engine = new FakeEngine();
    engine.failingBuilds.add('shop-web');
    await assert.rejects(ensure(engine, { web: { build: built() } }), {
      code: 'engine',
      message: /^cannot build image shop-web for service "web": build of shop-web failed: .*\nlast 1 lines of build output:\n {2}Step 1\/1 : FROM scratch$/,
    });
  });

  test('settings the classic builder cannot do are refused before anything is built', async () => {
    const engine = new FakeEngine();
    await assert.rejects(ensure(engine, { a: { build: built() }, b: { build: built({ additional_contexts: { x: '/x' } }) } }), {
      code: 'invalid_project',
      message: /^service "b": build.additional_contexts is not supported/,
    });
    assert.equal(engine.builds.length, 0);
  });

  test('pulls respect the parallel limit', async () => {
    const engine = new FakeEngine();
    await ensure(engine, { a: { image: 'a' }, b: { image: 'b' }, c: { image: 'c' }, d: { image: 'd' } }, { parallel: 2 });
    assert.deepEqual(engine.pulls.sort(), ['a', 'b', 'c', 'd']);
    assert.equal(engine.maxInFlightByKind.get('pull'), 2);
  });

  test('buildImages builds every selected service with a build section', async () => {
    const engine = new FakeEngine();
    engine.addImage('shop-web');
    const ids = await buildImages(project({ web: { build: built() }, db: { image: 'postgres' } }), engine, { noCache: true });
    assert.deepEqual([...ids.keys()], ['shop-web']);
    assert.equal(engine.builds[0]?.spec.noCache, true);
  });
});
