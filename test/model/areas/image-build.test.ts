import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertRefused, roundTrip, service } from './round-trip.js';

describe('image, platform and pull_policy', () => {
  test('are kept as written; if_not_present becomes missing', async () => {
    await roundTrip(
      'services:\n  web:\n    image: registry.example.com:5000/team/web:1.2@sha256:0123\n    platform: linux/arm64/v8\n    pull_policy: if_not_present\n',
      (project) => {
        const web = service(project);
        assert.equal(web.image, 'registry.example.com:5000/team/web:1.2@sha256:0123');
        assert.equal(web.platform, 'linux/arm64/v8');
        assert.equal(web.pull_policy, 'missing');
      },
    );
  });

  const policies: [written: string, loaded: string][] = [
    ['always', 'always'],
    ['never', 'never'],
    ['missing', 'missing'],
    ['build', 'build'],
    ['daily', 'daily'],
    ['weekly', 'weekly'],
    ['every_12h', 'every_12h'],
  ];
  for (const [written, loaded] of policies) {
    test(`pull_policy ${written}`, async () => {
      await roundTrip(`services:\n  web:\n    image: x\n    build: .\n    pull_policy: ${written}\n`, (project) => {
        assert.equal(service(project).pull_policy, loaded);
      });
    });
  }
});

describe('build', () => {
  test('the short form is a context; dockerfile defaults to Dockerfile', async () => {
    await roundTrip('services:\n  web:\n    build: ./app\n', (project) => {
      assert.deepEqual(service(project).build, { context: '/project/app', dockerfile: 'Dockerfile' });
    });
  });

  test('the long form, every attribute in its canonical shape', async () => {
    await roundTrip(
      [
        'services:',
        '  web:',
        '    image: web',
        '    build:',
        '      context: ./app',
        '      dockerfile: docker/Dockerfile.dev',
        '      args:',
        '        - VERSION=1.0',
        '        - FROM_ENV',
        '        - UNSET_ARG',
        '      target: dev',
        '      network: host',
        '      cache_from: [registry/cache:web]',
        '      cache_to: ["type=local,dest=/tmp/cache"]',
        '      labels: [com.example.team=core]',
        '      additional_contexts:',
        '        base: ./base',
        '        image: docker-image://alpine:3',
        '      tags: ["web:v1", "docker.io/user/web:other"]',
        '      platforms: [linux/amd64, linux/arm64]',
        '      ssh: [default, "deploy=/home/user/.ssh/id"]',
        '      secrets:',
        '        - token',
        '        - source: key',
        '          target: /run/key',
        '          uid: "103"',
        '          mode: 0440',
        '      shm_size: 256m',
        '      extra_hosts: ["mirror=10.0.0.1"]',
        '      ulimits: {nofile: {soft: 1024, hard: 2048}}',
        '      no_cache: true',
        '      no_cache_filter: [deps]',
        '      pull: true',
        '      privileged: true',
        '      entitlements: [network.host]',
        '      provenance: mode=max',
        '      sbom: "true"',
        'secrets:',
        '  token:',
        '    environment: TOKEN',
        '  key:',
        '    file: ./key.pem',
        '',
      ].join('\n'),
      (project) => {
        const build = service(project).build;
        assert.ok(build);
        assert.equal(build.context, '/project/app');
        assert.equal(build.dockerfile, 'docker/Dockerfile.dev');
        // A bare build arg takes its value from the interpolation environment, and is dropped when unset (compose-go's resolve without keepEmpty).
        assert.deepEqual(build.args, { VERSION: '1.0', FROM_ENV: 'from-env' });
        assert.equal(build.target, 'dev');
        assert.equal(build.network, 'host');
        assert.deepEqual(build.cache_from, ['registry/cache:web']);
        assert.deepEqual(build.cache_to, ['type=local,dest=/tmp/cache']);
        assert.deepEqual(build.labels, { 'com.example.team': 'core' });
        assert.deepEqual(build.additional_contexts, { base: '/project/base', image: 'docker-image://alpine:3' });
        assert.deepEqual(build.tags, ['web:v1', 'docker.io/user/web:other']);
        assert.deepEqual(build.platforms, ['linux/amd64', 'linux/arm64']);
        assert.deepEqual(build.ssh, { default: null, deploy: '/home/user/.ssh/id' });
        assert.deepEqual(build.secrets, [{ source: 'token' }, { source: 'key', target: '/run/key', uid: '103', mode: '0440' }]);
        assert.equal(build.shm_size, '268435456');
        assert.deepEqual(build.extra_hosts, { mirror: ['10.0.0.1'] });
        assert.deepEqual(build.ulimits, { nofile: { soft: 1024, hard: 2048 } });
        assert.equal(build.no_cache, true);
        assert.deepEqual(build.no_cache_filter, ['deps']);
        assert.equal(build.pull, true);
        assert.equal(build.privileged, true);
        assert.deepEqual(build.entitlements, ['network.host']);
        assert.equal(build.provenance, 'mode=max');
        assert.equal(build.sbom, 'true');
      },
      { environment: { FROM_ENV: 'from-env' } },
    );
  });

  test('build args as a mapping keep empty and numeric values as text', async () => {
    await roundTrip('services:\n  web:\n    build:\n      context: .\n      args:\n        EMPTY: ""\n        PORT: 8080\n        ON: true\n', (project) => {
      assert.deepEqual(service(project).build?.args, { EMPTY: '', PORT: '8080', ON: 'true' });
    });
  });

  test('dockerfile_inline: no default dockerfile, context defaults to the project directory', async () => {
    await roundTrip('services:\n  web:\n    build:\n      dockerfile_inline: |\n        FROM alpine\n        RUN echo "hi" > /hi\n', (project) => {
      const build = service(project).build;
      assert.equal(build?.dockerfile_inline, 'FROM alpine\nRUN echo "hi" > /hi\n');
      assert.equal(build?.dockerfile, undefined);
      assert.equal(build?.context, '/project');
    });
  });

  test('remote contexts are kept verbatim', async () => {
    const contexts = ['https://github.com/docker/compose.git#main:sub', 'git@github.com:docker/compose.git', 'https://example.com/context.tar.gz'];
    for (const context of contexts) {
      await roundTrip(`services:\n  web:\n    build: "${context}"\n`, (project) => {
        assert.equal(service(project).build?.context, context);
      });
    }
  });

  test('an absolute dockerfile is kept as written', async () => {
    await roundTrip('services:\n  web:\n    build:\n      context: .\n      dockerfile: /abs/Dockerfile\n', (project) => {
      assert.equal(service(project).build?.dockerfile, '/abs/Dockerfile');
    });
  });
});

describe('bad image and build values', () => {
  test('an unknown build attribute names it', async () => {
    await assertRefused('services:\n  web:\n    build:\n      context: .\n      dockerfiles: x\n', {
      code: 'invalid_schema',
      message: /services\.web\.build.*dockerfiles/,
      line: 5,
    });
  });

  test('dockerfile and dockerfile_inline together', async () => {
    await assertRefused('services:\n  web:\n    build:\n      context: .\n      dockerfile: dev.Dockerfile\n      dockerfile_inline: FROM alpine\n', {
      code: 'invalid_project',
      message: /dockerfile.*dockerfile_inline/,
      line: 3,
    });
  });

  // Named difference: compose-go refuses any written dockerfile beside dockerfile_inline; berth's
  // semantic check lets the default name `Dockerfile` through, so the inline text wins.
  test('difference from compose-go: dockerfile "Dockerfile" beside dockerfile_inline is tolerated', async () => {
    await roundTrip('services:\n  web:\n    build:\n      context: .\n      dockerfile: Dockerfile\n      dockerfile_inline: FROM alpine\n', (project) => {
      assert.equal(service(project).build?.dockerfile_inline, 'FROM alpine');
    });
  });

  test('a service with neither image nor build', async () => {
    await assertRefused('services:\n  web:\n    command: echo\n', { code: 'invalid_project', message: /web.*(image|build)/, line: 2 });
  });

  test('an unknown pull_policy', async () => {
    await assertRefused('services:\n  web:\n    image: x\n    pull_policy: sometimes\n', {
      code: 'invalid_schema',
      message: /services\.web\.pull_policy/,
      line: 4,
    });
  });

  test('image as a number', async () => {
    await assertRefused('services:\n  web:\n    image: 42\n', { code: 'invalid_schema', message: /services\.web\.image/, line: 3 });
  });
});
