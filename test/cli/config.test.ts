/**
 * `berth config` through the built binary: each flag prints exactly what
 * `docker compose config` prints for the same project, sorted and
 * deterministic, with exit 0 and a quiet stderr.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { berth, fixture, type CliResult } from '../helpers/cli.js';

/** Keys deliberately out of order, so sorted output proves berth sorts. */
const SHOP = `services:
  web:
    image: nginx:\${NGINX_TAG:-1.27}
    ports: ["8080:80"]
    volumes: [content:/usr/share/nginx/html]
    networks: [front]
  api:
    build: ./api
    networks: [front, back]
    depends_on: [db]
    environment:
      DB_URL: postgres://db/\${DB_NAME:?set DB_NAME}
  db:
    image: postgres:16
    networks: [back]
    volumes: [dbdata:/var/lib/postgresql/data]
  tools:
    image: busybox
    profiles: [debug, ops]
volumes:
  dbdata: {}
  content: {}
networks:
  front: {}
  back: {}
`;

const shopFiles = { 'compose.yaml': SHOP, '.env': 'DB_NAME=shop\n' };

function shopYaml(dir: string): string {
  return `name: project
networks:
  back:
    name: project_back
  front:
    name: project_front
services:
  api:
    build:
      context: ${dir}/api
      dockerfile: Dockerfile
    depends_on:
      db:
        condition: service_started
        required: true
    environment:
      DB_URL: postgres://db/shop
    networks:
      back: null
      front: null
  db:
    image: postgres:16
    networks:
      back: null
    volumes:
      - source: dbdata
        target: /var/lib/postgresql/data
        type: volume
        volume: {}
  web:
    image: nginx:1.27
    networks:
      front: null
    ports:
      - mode: ingress
        protocol: tcp
        published: "8080"
        target: 80
    volumes:
      - source: content
        target: /usr/share/nginx/html
        type: volume
        volume: {}
volumes:
  content:
    name: project_content
  dbdata:
    name: project_dbdata
`;
}

function assertOk(result: CliResult): void {
  assert.equal(result.stderr, '', 'nothing on stderr');
  assert.equal(result.exitCode, 0);
}

/** Runs berth in a fresh fixture; the fixture is gone when this returns. */
async function inFixture(
  files: Record<string, string>,
  args: readonly string[],
  options: { env?: Record<string, string>; stdin?: string; cwd?: string } = {},
): Promise<CliResult & { dir: string }> {
  await using project = await fixture(files);
  const cwd = options.cwd === undefined ? project.dir : join(project.dir, options.cwd);
  const result = await berth(args, { cwd, ...(options.env && { env: options.env }), ...(options.stdin !== undefined && { stdin: options.stdin }) });
  return { ...result, dir: project.dir };
}

describe('each config flag prints exactly the facet Compose prints', () => {
  const cases: { flag: string[]; stdout: (dir: string) => string }[] = [
    { flag: [], stdout: shopYaml },
    { flag: ['--format', 'yaml'], stdout: shopYaml },
    { flag: ['-q'], stdout: () => '' },
    { flag: ['--quiet'], stdout: () => '' },
    { flag: ['--services'], stdout: () => 'api\ndb\nweb\n' },
    { flag: ['--volumes'], stdout: () => 'content\ndbdata\n' },
    { flag: ['--networks'], stdout: () => 'back\nfront\n' },
    // A service with only `build` is tagged <project>-<service>.
    { flag: ['--images'], stdout: () => 'project-api\npostgres:16\nnginx:1.27\n' },
    // Profiles of disabled services count too.
    { flag: ['--profiles'], stdout: () => 'debug\nops\n' },
    {
      flag: ['--environment'],
      stdout: (dir) => `COMPOSE_PROJECT_NAME=project\nDB_NAME=shop\nHOME=${dir}\nPATH=${process.env['PATH'] ?? '/usr/bin:/bin'}\n`,
    },
    {
      flag: ['--variables'],
      stdout: () =>
        'NAME                REQUIRED            DEFAULT VALUE       ALTERNATE VALUE\n' +
        'DB_NAME             true                                    \n' +
        'NGINX_TAG           false               1.27                \n',
    },
  ];
  for (const { flag, stdout } of cases) {
    test(`config ${flag.join(' ') || '(no flag)'}`, async () => {
      const result = await inFixture(shopFiles, ['config', ...flag]);
      assertOk(result);
      assert.equal(result.stdout, stdout(result.dir));
    });
  }

  test('--format json is the YAML output as JSON, two-space indented', async () => {
    const yaml = await inFixture(shopFiles, ['config']);
    const json = await inFixture(shopFiles, ['config', '--format', 'json']);
    assertOk(json);
    assert.equal(json.stdout, `${JSON.stringify(parse(yaml.stdout.replaceAll(yaml.dir, json.dir)), null, 2)}\n`);
    assert.match(json.stdout, /^{\n {2}"name": "project",\n {2}"networks": {\n/);
  });

  test('--hash prints "service hash" lines in name order', async () => {
    const result = await inFixture(shopFiles, ['config', '--hash', 'web,api']);
    assertOk(result);
    assert.match(result.stdout, /^api [0-9a-f]{64}\nweb [0-9a-f]{64}\n$/);
  });

  test('--no-interpolate keeps every ${...} as written', async () => {
    const result = await inFixture(shopFiles, ['config', '--no-interpolate']);
    assertOk(result);
    assert.match(result.stdout, /^ {6}DB_URL: postgres:\/\/db\/\$\{DB_NAME:\?set DB_NAME\}$/m);
    assert.match(result.stdout, /^ {4}image: nginx:\$\{NGINX_TAG:-1\.27\}$/m);
  });

  test('--no-interpolate needs no value for a required variable', async () => {
    const result = await inFixture({ 'compose.yaml': SHOP }, ['config', '--no-interpolate', '-q']);
    assertOk(result);
    assert.equal(result.stdout, '');
  });

  test('-q still validates: a broken project exits 1', async () => {
    const result = await inFixture({ 'compose.yaml': SHOP }, ['config', '-q']);
    assert.equal(result.exitCode, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /required variable DB_NAME is missing a value: set DB_NAME/);
  });

  test('interpolated output doubles every $ so it loads back to the same values (as Compose does)', async () => {
    const files = { 'compose.yaml': 'services:\n  app:\n    image: busybox\n    environment:\n      PRICE: "$$5"\n      SHELL_VAR: "$${HOME}"\n' };
    const full = await inFixture(files, ['config']);
    assertOk(full);
    assert.match(full.stdout, /^ {6}PRICE: \$\$5$/m);
    assert.match(full.stdout, /^ {6}SHELL_VAR: \$\$\{HOME\}$/m);
  });
});

describe('-o writes the output to a file instead of stdout', () => {
  test('-o FILE holds exactly what stdout would have held', async () => {
    await using project = await fixture(shopFiles);
    const written = await berth(['config', '-o', 'out/../rendered.yaml'], { cwd: project.dir });
    assertOk(written);
    assert.equal(written.stdout, '');
    assert.equal(await readFile(join(project.dir, 'rendered.yaml'), 'utf8'), shopYaml(project.dir));
  });

  test('--output with --services writes the list', async () => {
    await using project = await fixture(shopFiles);
    const written = await berth(['config', '--services', '--output', 'services.txt'], { cwd: project.dir });
    assertOk(written);
    assert.equal(written.stdout, '');
    assert.equal(await readFile(join(project.dir, 'services.txt'), 'utf8'), 'api\ndb\nweb\n');
  });

  test('-q with -o writes no file, as Compose', async () => {
    await using project = await fixture(shopFiles);
    const result = await berth(['config', '-q', '-o', 'rendered.yaml'], { cwd: project.dir });
    assertOk(result);
    assert.equal(result.stdout, '');
    assert.equal(existsSync(join(project.dir, 'rendered.yaml')), false);
  });
});

describe('which files are read', () => {
  const tiny = (image: string): string => `services:\n  app:\n    image: ${image}\n`;

  test('-f - reads the compose file from stdin', async () => {
    const result = await inFixture({}, ['-f', '-', 'config', '--images'], { stdin: tiny('from-stdin') });
    assertOk(result);
    assert.equal(result.stdout, 'from-stdin\n');
  });

  test('several -f merge in order, the later file winning', async () => {
    const files = { 'a.yaml': tiny('first'), 'b.yaml': 'services:\n  app:\n    image: second\n  extra:\n    image: third\n' };
    const result = await inFixture(files, ['-f', 'a.yaml', '-f', 'b.yaml', 'config', '--images']);
    assertOk(result);
    assert.equal(result.stdout, 'second\nthird\n');
  });

  test('COMPOSE_FILE lists files separated by ":"', async () => {
    const files = { 'a.yaml': tiny('first'), 'b.yaml': tiny('second') };
    const result = await inFixture(files, ['config', '--images'], { env: { COMPOSE_FILE: 'a.yaml:b.yaml' } });
    assertOk(result);
    assert.equal(result.stdout, 'second\n');
  });

  test('compose.override.yaml is merged over compose.yaml by default', async () => {
    const result = await inFixture({ 'compose.yaml': tiny('base'), 'compose.override.yaml': tiny('override') }, ['config', '--images']);
    assertOk(result);
    assert.equal(result.stdout, 'override\n');
  });

  test('from a subdirectory, compose.yaml is found in a parent and names the project', async () => {
    const files = { 'compose.yaml': 'services:\n  app:\n    build: .\n', 'deep/er/.keep': '' };
    const result = await inFixture(files, ['config', '--images'], { cwd: 'deep/er' });
    assertOk(result);
    assert.equal(result.stdout, 'project-app\n');
  });

  test(
    'from a subdirectory, the .env beside the found compose.yaml is read',
    async () => {
      const files = { 'compose.yaml': tiny('busybox:${TAG}'), '.env': 'TAG=from-dotenv\n', 'deep/.keep': '' };
      const result = await inFixture(files, ['config', '--images'], { cwd: 'deep' });
      assertOk(result);
      assert.equal(result.stdout, 'busybox:from-dotenv\n');
    },
  );

  test('--project-directory names the directory holding compose.yaml', async () => {
    const result = await inFixture({ 'app/compose.yaml': tiny('busybox') }, ['--project-directory', 'app', 'config']);
    assertOk(result);
    assert.match(result.stdout, /^name: app\n/);
  });
});

describe('environment files and variables', () => {
  const files = {
    'compose.yaml': 'services:\n  app:\n    image: busybox:${TAG}\n    environment:\n      MODE: ${MODE:-dev}\n',
    '.env': 'TAG=from-dotenv\n',
    'custom.env': 'TAG=from-custom\nMODE=prod\n',
    'second.env': 'MODE=second\n',
  };
  const cases: { name: string; args?: string[]; env?: Record<string, string>; image: string; mode: string }[] = [
    { name: '.env is read by default', image: 'busybox:from-dotenv', mode: 'dev' },
    { name: 'the shell environment wins over .env', env: { TAG: 'from-shell' }, image: 'busybox:from-shell', mode: 'dev' },
    { name: '--env-file replaces .env', args: ['--env-file', 'custom.env'], image: 'busybox:from-custom', mode: 'prod' },
    { name: 'a later --env-file wins', args: ['--env-file', 'custom.env', '--env-file', 'second.env'], image: 'busybox:from-custom', mode: 'second' },
    { name: 'COMPOSE_ENV_FILES lists env files', env: { COMPOSE_ENV_FILES: 'custom.env,second.env' }, image: 'busybox:from-custom', mode: 'second' },
  ];
  for (const { name, args = [], env, image, mode } of cases) {
    test(name, async () => {
      const result = await inFixture(files, [...args, 'config', '--format', 'json'], env ? { env } : {});
      assertOk(result);
      const project = JSON.parse(result.stdout) as { services: { app: { image: string; environment: { MODE: string } } } };
      assert.equal(project.services.app.image, image);
      assert.equal(project.services.app.environment.MODE, mode);
    });
  }

  test('COMPOSE_DISABLE_ENV_FILE skips .env (and warns about the unset variable)', async () => {
    const result = await inFixture(files, ['config', '--images'], { env: { COMPOSE_DISABLE_ENV_FILE: 'true' } });
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout, 'busybox:\n');
    assert.match(result.stderr, /"TAG" variable is not set/);
  });
});

describe('project name and profiles', () => {
  const cases: { name: string; args: string[]; env?: Record<string, string>; stdout: string }[] = [
    { name: '-p names the project', args: ['-p', 'shop', 'config', '--images'], stdout: 'shop-api\npostgres:16\nnginx:1.27\n' },
    { name: 'COMPOSE_PROJECT_NAME names the project', args: ['config', '--images'], env: { COMPOSE_PROJECT_NAME: 'env-shop' }, stdout: 'env-shop-api\npostgres:16\nnginx:1.27\n' },
    { name: '-p wins over COMPOSE_PROJECT_NAME', args: ['-p', 'flag', 'config', '--images'], env: { COMPOSE_PROJECT_NAME: 'env' }, stdout: 'flag-api\npostgres:16\nnginx:1.27\n' },
    { name: '--profile enables a profile', args: ['--profile', 'debug', 'config', '--services'], stdout: 'api\ndb\ntools\nweb\n' },
    { name: '--profile repeats', args: ['--profile', 'nope', '--profile', 'ops', 'config', '--services'], stdout: 'api\ndb\ntools\nweb\n' },
    { name: 'COMPOSE_PROFILES enables profiles', args: ['config', '--services'], env: { COMPOSE_PROFILES: 'x,ops' }, stdout: 'api\ndb\ntools\nweb\n' },
    // A named service enables its own profile and narrows the project to itself and its dependencies (Compose's ToProject(services)).
    { name: 'a named service enables its own profiles', args: ['config', '--images', 'tools'], stdout: 'busybox\n' },
    // docker compose config --services lists the project's services whatever services are named.
    { name: '--services ignores named services', args: ['config', '--services', 'tools'], stdout: 'api\ndb\nweb\n' },
  ];
  for (const { name, args, env, stdout } of cases) {
    test(name, async () => {
      const result = await inFixture(shopFiles, args, env ? { env } : {});
      assertOk(result);
      assert.equal(result.stdout, stdout);
    });
  }
});

describe('the output is deterministic', () => {
  test('two runs print the same bytes, in every format', async () => {
    await using project = await fixture(shopFiles);
    for (const args of [['config'], ['config', '--format', 'json'], ['config', '--hash', '*'], ['config', '--variables']]) {
      const first = await berth(args, { cwd: project.dir });
      const second = await berth(args, { cwd: project.dir });
      assertOk(first);
      assert.equal(second.stdout, first.stdout, args.join(' '));
    }
  });

  test('services, volumes and networks are sorted by key whatever the file order', async () => {
    const result = await inFixture(shopFiles, ['config', '--format', 'json']);
    assertOk(result);
    const project = JSON.parse(result.stdout) as Record<string, Record<string, unknown>>;
    for (const section of ['services', 'volumes', 'networks']) {
      const keys = Object.keys(project[section] ?? {});
      assert.ok(keys.length > 1, section);
      assert.deepEqual(keys, [...keys].sort(), section);
    }
    assert.deepEqual(Object.keys(project), [...Object.keys(project)].sort());
  });
});

describe('usage errors exit 1 with a message and no output', () => {
  const cases: { name: string; args: string[]; message: RegExp }[] = [
    { name: '--hash of an unknown service', args: ['config', '--hash', 'nosuch'], message: /no such service: nosuch/ },
    { name: '--hash with one unknown among known', args: ['config', '--hash', 'web,nosuch'], message: /no such service: nosuch/ },
    { name: 'bad --format', args: ['config', '--format', 'xml'], message: /--format.*'xml' is invalid.*yaml, json/ },
    { name: 'unknown flag', args: ['config', '--bogus'], message: /unknown option '--bogus'/ },
    { name: 'unknown command', args: ['confgi'], message: /unknown command 'confgi'/ },
    { name: 'invalid -p', args: ['-p', 'Bad Name', 'config'], message: /invalid project name/ },
  ];
  for (const { name, args, message } of cases) {
    test(name, async () => {
      const result = await inFixture(shopFiles, args);
      assert.equal(result.exitCode, 1, result.stderr);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^error: /m);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /unexpected failure/);
    });
  }
});

describe('version and help', () => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const cases: { args: string[]; stdout: string | RegExp }[] = [
    { args: ['version'], stdout: `berth version ${version}\n` },
    { args: ['version', '--short'], stdout: `${version}\n` },
    { args: ['version', '--format', 'json'], stdout: `${JSON.stringify({ version })}\n` },
    { args: ['--version'], stdout: `${version}\n` },
    { args: ['--help'], stdout: /^ {2}config \[options\] \[services\.\.\.\] +Parse, resolve and render/m },
    { args: ['config', '--help'], stdout: /--hash <services>/ },
  ];
  for (const { args, stdout } of cases) {
    test(`berth ${args.join(' ')}`, async () => {
      await using project = await fixture({});
      const result = await berth(args, { cwd: project.dir });
      assertOk(result);
      if (typeof stdout === 'string') assert.equal(result.stdout, stdout);
      else assert.match(result.stdout, stdout);
    });
  }
});

describe('start-up', () => {
  test('config -q on a small project finishes well under a second', async (t) => {
    await using project = await fixture(shopFiles);
    await berth(['config', '-q'], { cwd: project.dir }); // warm the file cache
    const result = await berth(['config', '-q'], { cwd: project.dir });
    assertOk(result);
    t.diagnostic(`berth config -q took ${result.elapsedMs.toFixed(0)} ms`);
    assert.ok(result.elapsedMs < 2000, `took ${result.elapsedMs} ms`);
  });
});
