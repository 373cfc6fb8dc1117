/**
 * `berth config` prints a compose file: fed back through `-f -`, its output
 * loads to the same project and prints the same bytes, in YAML and in JSON
 * (which is YAML too).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { berth, fixture, type CliResult } from '../helpers/cli.js';

/** Every area of the model that has a short and a long form, plus the loader's file-level features. */
const RICH = {
  'compose.yaml': `name: rich
include:
  - lib/compose.yaml
x-common: &common
  restart: unless-stopped
  labels:
    team: core
services:
  web:
    <<: *common
    extends:
      file: base/common.yaml
      service: base
    build:
      context: ./app
      args:
        VERSION: \${VERSION:-1.0}
    image: rich/web:\${TAG:-dev}
    ports:
      - "8080:80"
      - "127.0.0.1:8443:443/tcp"
      - target: 9000
        published: "9000-9001"
    volumes:
      - ./data:/data:ro
      - cache:/cache
      - type: tmpfs
        target: /tmp
        tmpfs:
          size: 64m
    depends_on:
      db:
        condition: service_healthy
      cache:
        condition: service_started
        restart: true
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost"]
      interval: 30s
      timeout: 5s
      retries: 3
      start_period: 1m30s
    secrets: [token]
    configs:
      - source: app_conf
        target: /etc/app.conf
        mode: 0440
    environment:
      PRICE: "$$5"
      LITERAL: "$\${HOME}"
      GREETING: hello world
    command: ["serve", "--port", "80"]
    entrypoint: /bin/sh -c 'exec "$$0" "$$@"'
    mem_limit: 512m
    stop_grace_period: 1m
  db:
    <<: *common
    image: postgres:16
    healthcheck:
      test: pg_isready
    volumes:
      - dbdata:/var/lib/postgresql/data
    env_file: db.env
  debug:
    image: busybox
    profiles: [debug]
    command: sleep infinity
    network_mode: service:web
volumes:
  cache: {}
  dbdata:
    driver: local
    labels: [backup=daily]
secrets:
  token:
    file: ./token.txt
configs:
  app_conf:
    content: |
      listen 80
networks:
  default:
    driver: bridge
`,
  'base/common.yaml': 'services:\n  base:\n    environment:\n      BASE: "1"\n    ulimits:\n      nofile:\n        soft: 1024\n        hard: 2048\n',
  'lib/compose.yaml': 'services:\n  cache:\n    image: redis:7\n    networks: [back, default]\nnetworks:\n  back:\n    internal: true\n',
  'db.env': 'POSTGRES_PASSWORD=secret\n',
  'token.txt': 'tok\n',
  'app/Dockerfile': 'FROM scratch\n',
};

function assertOk(result: CliResult, what: string): void {
  assert.equal(result.exitCode, 0, `${what}: ${result.stderr}`);
  assert.equal(result.stderr, '', what);
}

describe('config output fed back as -f - prints the same bytes', () => {
  const cases: { name: string; global?: string[]; config?: string[]; todo?: string }[] = [
    { name: 'YAML' },
    { name: 'YAML, with a profile enabled', global: ['--profile', 'debug'] },
    { name: 'YAML, with a named service enabling its profile', config: ['debug'] },
    { name: 'JSON', config: ['--format', 'json'] },
  ];
  for (const { name, global = [], config = [], todo } of cases) {
    test(name, todo === undefined ? {} : { todo }, async () => {
      await using project = await fixture(RICH);
      const first = await berth([...global, 'config', ...config], { cwd: project.dir });
      assertOk(first, 'first run');
      assert.match(first.stdout, /rich_default/, 'the project is the rich one');
      const again = await berth(['-f', '-', ...global, 'config', ...config], { cwd: project.dir, stdin: first.stdout });
      assertOk(again, 'second run');
      assert.equal(again.stdout, first.stdout);
    });
  }

  test(
    'JSON output read back prints the same YAML',
    async () => {
      await using project = await fixture(RICH);
      const yaml = await berth(['config'], { cwd: project.dir });
      const json = await berth(['config', '--format', 'json'], { cwd: project.dir });
      assertOk(json, 'json run');
      const fromJson = await berth(['-f', '-', 'config'], { cwd: project.dir, stdin: json.stdout });
      assertOk(fromJson, 'read back');
      assert.equal(fromJson.stdout, yaml.stdout);
    },
  );

  test('$ in values survives the trip: literal dollars stay literal', async () => {
    await using project = await fixture(RICH);
    const first = await berth(['config'], { cwd: project.dir });
    assertOk(first, 'first run');
    const again = await berth(['-f', '-', 'config', '--format', 'json'], { cwd: project.dir, stdin: first.stdout });
    assertOk(again, 'second run');
    const environment = (JSON.parse(again.stdout) as { services: { web: { environment: Record<string, string> } } }).services.web.environment;
    assert.equal(environment['PRICE'], '$$5');
    assert.equal(environment['LITERAL'], '$${HOME}');
  });

  test('the rich project uses every feature it claims to (the fixture itself is checked)', async () => {
    await using project = await fixture(RICH);
    const result = await berth(['--profile', 'debug', 'config'], { cwd: project.dir });
    assertOk(result, 'run');
    for (const expected of [
      /^ {6}BASE: "1"$/m, // extends
      /^ {2}cache:\n {4}image: redis:7$/m, // include
      /^ {4}restart: unless-stopped$/m, // anchor and merge key
      /^ {6}POSTGRES_PASSWORD: secret$/m, // env_file folded into environment
      /^ {4}profiles:\n {6}- debug$/m,
      /^ {4}build:\n {6}args:\n {8}VERSION: "1\.0"$/m,
    ]) {
      assert.match(result.stdout, expected);
    }
  });
});
