#!/usr/bin/env node
// Writes the config-load benchmark project: 300 services spread over a base
// file and four override files, using what real projects lean on — a .env
// with interpolation (${V:-d}, ${V-d}, ${V:?e}, ${V?e}, $V, $$), YAML anchors
// and `<<` merge keys, `x-` fragments, and `extends` within the file and from
// another file. The output depends on nothing but the arguments, and it is
// valid for docker-compose v1 (1.29) as well as for Compose v2 and berth.
//
//   node bench/config-load/generate.mjs [DIR]   (default: a new temp dir; prints its path)

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const SERVICE_COUNT = 300;
/** Services in the base file; the rest come from the third override. */
const BASE_SERVICES = 240;
/** Services of the base file that are templates other services extend in the same file. */
const TEMPLATES = ['web-template', 'worker-template'];
export const FILES = ['compose.yaml', 'compose.o1.yaml', 'compose.o2.yaml', 'compose.o3.yaml', 'compose.o4.yaml'];

const pad = (n) => String(n).padStart(3, '0');
const serviceName = (n) => `svc-${pad(n)}`;
/** Four kinds of service, so every file has something to say about a quarter of them. */
const kindOf = (n) => ['web', 'worker', 'db', 'cache'][n % 4];

/** The base file's database services: each has a named volume and an init script. */
function dbServices() {
  const numbers = [];
  for (let n = TEMPLATES.length + 1; n <= BASE_SERVICES; n++) if (kindOf(n) === 'db') numbers.push(n);
  return numbers;
}

function dotenv() {
  return [
    '# interpolation values for the benchmark project',
    'REGISTRY=registry.example.com',
    'TAG=1.4.2',
    'LOG_LEVEL=info',
    'LOG_MAX_SIZE=20m',
    'REGION=eu-west-1',
    'PORT_PREFIX=2',
    'DB_PASSWORD="s3cret with spaces"',
    "GREETING='hello $$ not interpolated'",
    'export CACHE_SIZE=256',
    'REQUIRED_TOKEN=token-value',
    '',
  ].join('\n');
}

// extends from another file: these services are not part of the project.
function commonFile() {
  return `services:
  worker-common:
    image: \${REGISTRY:-docker.io}/worker:\${TAG:-latest}
    command: ["run", "--queue", "default"]
    environment:
      WORKER_THREADS: "4"
      REGION: \${REGION-us-east-1}
    stop_grace_period: 20s
  db-common:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: \${DB_PASSWORD:?set DB_PASSWORD in .env}
      PGDATA: /var/lib/postgresql/data/pgdata
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 10s
      timeout: 5s
      retries: 5
`;
}

function baseFile() {
  const lines = [
    'x-logging: &logging',
    '  driver: json-file',
    '  options:',
    '    max-size: "${LOG_MAX_SIZE:-10m}"',
    '    max-file: "3"',
    '',
    'x-common: &common',
    '  restart: unless-stopped',
    '  logging: *logging',
    '  networks:',
    '    - back',
    '  labels: &common-labels',
    '    com.example.stack: bench',
    '    com.example.region: ${REGION:-nowhere}',
    '',
    'x-env: &common-env',
    '  LOG_LEVEL: ${LOG_LEVEL:-debug}',
    '  REGION: ${REGION-eu-central-1}',
    '  TOKEN: ${REQUIRED_TOKEN?REQUIRED_TOKEN must be set}',
    '  LITERAL_DOLLAR: "cost: $$5"',
    '',
    'services:',
    '  web-template:',
    '    <<: *common',
    '    image: ${REGISTRY:-docker.io}/web:${TAG:-latest}',
    '    environment:',
    '      <<: *common-env',
    '      ROLE: web',
    '    expose:',
    '      - "8080"',
    '    healthcheck:',
    '      test: ["CMD", "wget", "-qO-", "http://localhost:8080/health"]',
    '      interval: 15s',
    '      timeout: 3s',
    '      retries: 3',
    '  worker-template:',
    '    <<: *common',
    '    extends:',
    '      file: common.yaml',
    '      service: worker-common',
    '    environment:',
    '      <<: *common-env',
    '      ROLE: worker',
  ];
  for (let n = TEMPLATES.length + 1; n <= BASE_SERVICES; n++) lines.push(...baseService(n));
  lines.push(
    '',
    'networks:',
    '  front: {}',
    '  back:',
    '    driver: bridge',
    '',
    'volumes:',
    ...dbServices().map((n) => `  data-${pad(n)}: {}`),
    '',
  );
  return lines.join('\n');
}

function baseService(n) {
  const name = serviceName(n);
  const port = `\${PORT_PREFIX:-3}${pad(n)}`;
  switch (kindOf(n)) {
    case 'web':
      return [
        `  ${name}:`,
        '    extends: web-template',
        '    environment:',
        `      SERVICE_INDEX: "${n}"`,
        `      UPSTREAM: http://${serviceName(n + 1)}:8080`,
        '    ports:',
        `      - "127.0.0.1:${port}0:8080"`,
        '    networks:',
        '      - front',
        '      - back',
        '    depends_on:',
        `      - ${serviceName(n + 2)}`,
      ];
    case 'worker':
      return [
        `  ${name}:`,
        '    extends: worker-template',
        `    command: ["run", "--queue", "q-${n}"]`,
        '    environment:',
        `      SERVICE_INDEX: "${n}"`,
        '      THREADS: ${WORKER_THREADS:-8}',
      ];
    case 'db':
      return [
        `  ${name}:`,
        '    <<: *common',
        '    extends:',
        '      file: common.yaml',
        '      service: db-common',
        '    volumes:',
        `      - data-${pad(n)}:/var/lib/postgresql/data`,
        `      - ./init/${name}.sql:/docker-entrypoint-initdb.d/init.sql:ro`,
        '    labels:',
        '      <<: *common-labels',
        `      com.example.shard: "${n}"`,
      ];
    case 'cache':
      return [
        `  ${name}:`,
        '    <<: *common',
        '    image: redis:7-alpine',
        `    command: redis-server --maxmemory \${CACHE_SIZE:-64}mb --port 6${pad(n)}`,
        '    environment:',
        '      <<: *common-env',
        `      SERVICE_INDEX: "${n}"`,
        '    tmpfs:',
        '      - /tmp',
        '    ulimits:',
        '      nofile:',
        '        soft: 20000',
        '        hard: 40000',
      ];
    default:
      throw new Error(`no service template for ${kindOf(n)}`);
  }
}

// Override 1: release pins for web services, plus environment additions merged by key.
function override1() {
  const lines = ['services:'];
  for (let n = TEMPLATES.length + 1; n <= BASE_SERVICES; n++) {
    if (kindOf(n) !== 'web') continue;
    lines.push(
      `  ${serviceName(n)}:`,
      `    image: \${REGISTRY:-docker.io}/web-${pad(n)}:\${TAG:-latest}`,
      '    environment:',
      '      FEATURE_FLAGS: "a,b,c"',
      `      GREETING: \${GREETING:-hi}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

// Override 2: labels and resource limits for everything in the base, from one anchor.
function override2() {
  const lines = [
    'x-limits: &limits',
    '  mem_limit: ${MEM_LIMIT:-256m}',
    '  cpus: 0.5',
    '  labels:',
    '    com.example.override: o2',
    '',
    'services:',
  ];
  for (let n = 1; n <= BASE_SERVICES; n++) {
    const name = n <= TEMPLATES.length ? TEMPLATES[n - 1] : serviceName(n);
    lines.push(`  ${name}:`, '    <<: *limits');
  }
  return `${lines.join('\n')}\n`;
}

// Override 3: the last 60 services, new in this file, extending templates of the base.
function override3() {
  const lines = ['services:'];
  for (let n = BASE_SERVICES + 1; n <= SERVICE_COUNT; n++) {
    const template = n % 2 === 0 ? 'web-template' : 'worker-template';
    lines.push(
      `  ${serviceName(n)}:`,
      '    extends:',
      '      file: compose.yaml',
      `      service: ${template}`,
      '    environment:',
      `      SERVICE_INDEX: "${n}"`,
      `      ADDED_BY: o3`,
    );
    if (n % 2 === 0) lines.push('    ports:', `      - "\${PORT_PREFIX:-3}${pad(n)}1:8080"`);
  }
  return `${lines.join('\n')}\n`;
}

// Override 4: a small hotfix file touching a scattered tenth of the project.
function override4() {
  const lines = ['services:'];
  for (let n = 5; n <= SERVICE_COUNT; n += 10) {
    lines.push(
      `  ${serviceName(n)}:`,
      '    environment:',
      '      HOTFIX: "1"',
      `      LOG_LEVEL: \${HOTFIX_LOG_LEVEL:-warn}`,
      '    stop_grace_period: 30s',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the project into `dir` (created if needed) and returns what was written. */
export function generateProject(dir) {
  mkdirSync(join(dir, 'init'), { recursive: true });
  const files = {
    '.env': dotenv(),
    'common.yaml': commonFile(),
    [FILES[0]]: baseFile(),
    [FILES[1]]: override1(),
    [FILES[2]]: override2(),
    [FILES[3]]: override3(),
    [FILES[4]]: override4(),
  };
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  for (const n of dbServices()) {
    writeFileSync(join(dir, 'init', `${serviceName(n)}.sql`), `-- schema for ${serviceName(n)}\nSELECT 1;\n`);
  }
  return { dir, files: FILES.map((file) => join(dir, file)), serviceCount: SERVICE_COUNT };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2] ? resolve(process.argv[2]) : mkdtempSync(join(tmpdir(), 'berth-bench-'));
  generateProject(dir);
  console.log(dir);
}
