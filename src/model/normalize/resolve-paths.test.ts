import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { BerthError } from '../../errors.js';
import type { Dict } from '../tree.js';
import { isRemoteContext, resolveRelativePaths } from './resolve-paths.js';

const options = { workingDir: '/work/project', homeDir: '/home/dev' };

function yamlDict(text: string): Dict {
  return parse(text) as Dict;
}

interface Case {
  readonly name: string;
  readonly input: string;
  readonly expected: string;
}

const cases: readonly Case[] = [
  {
    name: 'build context resolved, dockerfile left relative to it',
    input: `
services:
  foo:
    build:
      context: ./testdata
      dockerfile: Dockerfile-sample
  dot:
    build:
      context: .
      dockerfile: ../other/Dockerfile
`,
    expected: `
services:
  foo:
    build:
      context: /work/project/testdata
      dockerfile: Dockerfile-sample
  dot:
    build:
      context: /work/project
      dockerfile: ../other/Dockerfile
`,
  },
  {
    name: 'remote and special build contexts stay as written',
    input: `
services:
  a: { build: { context: "https://github.com/docker/rootfs.git#main:docker" } }
  b: { build: { context: "git@github.com:docker/rootfs.git" } }
  c: { build: { context: "github.com/compose-spec/compose-go" } }
  d: { build: { context: "service:base" } }
  e: { build: { context: "docker-image://alpine" } }
  f: { build: { context: "~/src/app" } }
  g: { build: { context: "/abs/dir/../app" } }
`,
    expected: `
services:
  a: { build: { context: "https://github.com/docker/rootfs.git#main:docker" } }
  b: { build: { context: "git@github.com:docker/rootfs.git" } }
  c: { build: { context: "github.com/compose-spec/compose-go" } }
  d: { build: { context: "service:base" } }
  e: { build: { context: "docker-image://alpine" } }
  f: { build: { context: "/home/dev/src/app" } }
  g: { build: { context: "/abs/dir/../app" } }
`,
  },
  {
    name: 'additional_contexts resolve local directories only',
    input: `
services:
  test:
    build:
      context: .
      additional_contexts:
        image: docker-image://foo
        oci: oci-layout://foo
        abs_path: /dir
        github: github.com/compose-spec/compose-go
        rel_path: ./testdata
        base: service:base
`,
    expected: `
services:
  test:
    build:
      context: /work/project
      additional_contexts:
        image: docker-image://foo
        oci: oci-layout://foo
        abs_path: /dir
        github: github.com/compose-spec/compose-go
        rel_path: /work/project/testdata
        base: service:base
`,
  },
  {
    name: 'build ssh key paths resolve; the default agent stays',
    input: `
services:
  test:
    build:
      context: /src
      ssh:
        default: null
        key: ./id_rsa
`,
    expected: `
services:
  test:
    build:
      context: /src
      ssh:
        default: null
        key: /work/project/id_rsa
`,
  },
  {
    name: 'bind sources resolve (./, ../, ~/); named volumes, tmpfs and absolute or Windows paths do not',
    input: `
services:
  app:
    volumes:
      - { type: bind, source: ./data, target: /data }
      - { type: bind, source: ../shared, target: /shared }
      - { type: bind, source: ~/cache, target: /cache }
      - { type: bind, source: "~", target: /home }
      - { type: bind, source: /var/run/docker.sock, target: /var/run/docker.sock }
      - { type: bind, source: 'C:\\Users\\me', target: /win }
      - { type: volume, source: db, target: /db }
      - { type: tmpfs, target: /tmp }
`,
    expected: `
services:
  app:
    volumes:
      - { type: bind, source: /work/project/data, target: /data }
      - { type: bind, source: /work/shared, target: /shared }
      - { type: bind, source: /home/dev/cache, target: /cache }
      - { type: bind, source: /home/dev, target: /home }
      - { type: bind, source: /var/run/docker.sock, target: /var/run/docker.sock }
      - { type: bind, source: 'C:\\Users\\me', target: /win }
      - { type: volume, source: db, target: /db }
      - { type: tmpfs, target: /tmp }
`,
  },
  {
    name: 'env_file and label_file paths',
    input: `
services:
  app:
    env_file:
      - { path: .env, required: true }
      - { path: ./conf/app.env, required: false, format: raw }
      - { path: /etc/app.env, required: true }
    label_file: [./labels, ~/labels]
`,
    expected: `
services:
  app:
    env_file:
      - { path: /work/project/.env, required: true }
      - { path: /work/project/conf/app.env, required: false, format: raw }
      - { path: /etc/app.env, required: true }
    label_file: [/work/project/labels, /home/dev/labels]
`,
  },
  {
    name: 'extends.file resolves unless remote',
    input: `
services:
  a: { extends: { service: base, file: ./common.yaml } }
  b: { extends: { service: base, file: "oci://registry/app:1" } }
  c: { extends: { service: base } }
`,
    expected: `
services:
  a: { extends: { service: base, file: /work/project/common.yaml } }
  b: { extends: { service: base, file: "oci://registry/app:1" } }
  c: { extends: { service: base } }
`,
  },
  {
    name: 'develop watch paths',
    input: `
services:
  app:
    develop:
      watch:
        - { path: ./src, action: sync, target: /app/src }
        - { path: package.json, action: rebuild }
`,
    expected: `
services:
  app:
    develop:
      watch:
        - { path: /work/project/src, action: sync, target: /app/src }
        - { path: /work/project/package.json, action: rebuild }
`,
  },
  {
    name: 'secret and config files; environment and content sources untouched',
    input: `
secrets:
  token: { file: ./secrets/token.txt }
  key: { file: /run/key }
  api: { environment: API_KEY }
configs:
  site: { file: site.conf }
  inline: { content: hello }
`,
    expected: `
secrets:
  token: { file: /work/project/secrets/token.txt }
  key: { file: /run/key }
  api: { environment: API_KEY }
configs:
  site: { file: /work/project/site.conf }
  inline: { content: hello }
`,
  },
  {
    name: 'local volumes with o: bind resolve their device',
    input: `
volumes:
  bound:
    driver: local
    driver_opts: { type: none, o: bind, device: ./data }
  nfs:
    driver: local
    driver_opts: { type: nfs, o: "addr=10.0.0.1", device: ":/exports" }
  plain: null
`,
    expected: `
volumes:
  bound:
    driver: local
    driver_opts: { type: none, o: bind, device: /work/project/data }
  nfs:
    driver: local
    driver_opts: { type: nfs, o: "addr=10.0.0.1", device: ":/exports" }
  plain: null
`,
  },
  {
    name: 'include paths, project directories and env files',
    input: `
include:
  - path: [./sub/compose.yaml, ./sub/override.yaml]
    project_directory: ./sub
    env_file: [./sub/.env]
  - path: /abs/compose.yaml
  - ./short.yaml
  - path: oci://registry/stack:1
`,
    expected: `
include:
  - path: [/work/project/sub/compose.yaml, /work/project/sub/override.yaml]
    project_directory: /work/project/sub
    env_file: [/work/project/sub/.env]
  - path: /abs/compose.yaml
  - /work/project/short.yaml
  - path: oci://registry/stack:1
`,
  },
];

describe('resolveRelativePaths', () => {
  for (const { name, input, expected } of cases) {
    test(name, () => {
      assert.deepEqual(resolveRelativePaths(yamlDict(input), options), yamlDict(expected));
    });
  }

  test('is idempotent: a resolved tree resolves to itself against another directory', () => {
    const once = resolveRelativePaths(yamlDict(cases[4]!.input), options);
    const twice = resolveRelativePaths(once, { workingDir: '/elsewhere', homeDir: '/root' });
    assert.deepEqual(twice, once);
  });

  test('a bind mount without source is an error naming the path', () => {
    const model = yamlDict(`
services:
  app:
    volumes:
      - { type: bind, target: /data }
`);
    const location = { file: '/work/project/compose.yaml', line: 5, column: 9 };
    assert.throws(
      () => resolveRelativePaths(model, { ...options, locate: () => location }),
      (error: unknown) =>
        error instanceof BerthError &&
        error.code === 'invalid_project' &&
        error.location === location &&
        error.message.includes('services.app.volumes[0]') &&
        error.message.includes('source'),
    );
  });

  test('does not mutate its input', () => {
    const input = yamlDict(cases[0]!.input);
    const snapshot = structuredClone(input);
    resolveRelativePaths(input, options);
    assert.deepEqual(input, snapshot);
  });
});

describe('isRemoteContext', () => {
  const table: readonly [string, boolean][] = [
    ['.', false],
    ['./app', false],
    ['/abs', false],
    ['https://example.com/ctx.tar.gz', true],
    ['http://example.com/ctx', true],
    ['git://example.com/repo.git', true],
    ['ssh://git@example.com/repo.git', true],
    ['git@github.com:org/repo.git', true],
    ['github.com/org/repo', true],
    ['docker-image://alpine', true],
    ['service:base', true],
  ];
  for (const [context, remote] of table) {
    test(`${context} → ${remote ? 'remote' : 'local'}`, () => assert.equal(isRemoteContext(context), remote));
  }
});
