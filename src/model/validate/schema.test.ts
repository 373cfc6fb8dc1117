import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineCounter, isNode, parseDocument } from 'yaml';
import { BerthError } from '../../errors.js';
import type { Dict, Locate } from '../tree.js';
import { findSchemaProblems, validateSchema } from './schema.js';
import { closestName, editDistance } from './schema-suggest.js';

/** Parses YAML and locates paths in it the way the loader will. */
function load(text: string): { model: Dict; locate: Locate } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const locate: Locate = (path) => {
    const node = document.getIn(path, true);
    if (!isNode(node) || !node.range) return undefined;
    const { line, col } = lineCounter.linePos(node.range[0]);
    return { file: 'compose.yaml', line, column: col };
  };
  return { model: document.toJS() as Dict, locate };
}

function schemaError(text: string): BerthError {
  const { model, locate } = load(text);
  try {
    validateSchema(model, { locate, file: 'compose.yaml' });
  } catch (error) {
    assert.ok(error instanceof BerthError, `expected a BerthError, got ${String(error)}`);
    assert.equal(error.code, 'invalid_schema');
    return error;
  }
  assert.fail(`expected a schema error for:\n${text}`);
}

describe('validateSchema accepts valid Compose files', () => {
  const valid: readonly (readonly [area: string, yaml: string])[] = [
    ['empty file with a name', 'name: demo\n'],
    ['extensions at the top level and in a service', 'x-common: &c {a: 1}\nservices:\n  web:\n    image: nginx\n    x-meta: {owner: me}\n'],
    ['version is still accepted', 'version: "3.9"\nservices:\n  web:\n    image: nginx\n'],
    ['short ports, long ports, numbers', 'services:\n  web:\n    image: nginx\n    ports: [80, "8080:80", {target: 443, published: "8443", protocol: tcp}]\n'],
    ['environment as a mapping and as a list', 'services:\n  a:\n    image: x\n    environment: {A: 1, B: null, C: true}\n  b:\n    image: x\n    environment: [A=1, B]\n'],
    ['build as a string and as a mapping', 'services:\n  a:\n    build: .\n  b:\n    build:\n      context: ./b\n      args: [X=1]\n      ssh: [default]\n      secrets: [s]\n      no_cache_filter: [base]\n      shm_size: 2g\n'],
    ['depends_on short and long', 'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on:\n      c: {condition: service_healthy, restart: true, required: false}\n  c:\n    image: x\n'],
    ['healthcheck durations including days', 'services:\n  a:\n    image: x\n    healthcheck: {test: [CMD, "true"], interval: 1m30s, timeout: 500ms, start_period: 1d, retries: 3}\n'],
    ['unresolved variables where numbers and durations go', 'services:\n  a:\n    image: x\n    mem_limit: ${MEM}\n    stop_grace_period: ${GRACE:-10s}\n    cpus: ${CPUS}\n    tty: ${TTY}\n'],
    ['byte sizes', 'services:\n  a:\n    image: x\n    mem_limit: 512m\n    memswap_limit: -1\n    shm_size: 67108864\n    mem_reservation: 1.5GB\n'],
    ['volumes short and long', 'services:\n  a:\n    image: x\n    volumes:\n      - data:/data\n      - {type: bind, source: ., target: /src, bind: {create_host_path: true}}\n      - {type: tmpfs, target: /tmp, tmpfs: {size: 64m}}\nvolumes:\n  data:\n'],
    ['deploy and resources', 'services:\n  a:\n    image: x\n    deploy:\n      replicas: 2\n      resources:\n        limits: {cpus: "0.5", memory: 256M, pids: 10}\n        reservations:\n          devices: [{capabilities: [gpu], count: all}]\n      restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3}\n      update_config: {parallelism: 1, order: start-first}\n'],
    ['develop watch', 'services:\n  a:\n    build: .\n    develop:\n      watch:\n        - {path: ./src, action: sync, target: /app, ignore: [node_modules]}\n        - {path: package.json, action: rebuild}\n'],
    ['hooks', 'services:\n  a:\n    image: x\n    post_start: [{command: ./start.sh, user: root}]\n    pre_stop: [{command: [sh, -c, "echo bye"]}]\n    pre_start: [{image: busybox, command: "true", per_replica: true}]\n'],
    ['top-level resources', 'services:\n  a:\n    image: x\nnetworks:\n  front: {driver: bridge, ipam: {config: [{subnet: 10.1.0.0/24}]}}\n  outside: {external: true}\n  empty:\nvolumes:\n  data: {driver_opts: {type: none}}\nsecrets:\n  token: {file: ./token}\nconfigs:\n  conf: {content: "hello"}\nmodels:\n  llm: {model: ai/smollm2}\n'],
    ['include short and long', 'include:\n  - other.yaml\n  - path: [a.yaml, b.yaml]\n    env_file: a.env\n    project_directory: ..\n'],
    ['ulimits, extra_hosts, gpus', 'services:\n  a:\n    image: x\n    ulimits: {nproc: 65535, nofile: {soft: 20000, hard: 40000}}\n    extra_hosts: {somehost: "162.242.195.82", other: ["::1", "127.0.0.1"]}\n    gpus: all\n'],
    ['service networks as list and mapping with null', 'services:\n  a:\n    image: x\n    networks: [front]\n  b:\n    image: x\n    networks:\n      front:\n      back: {aliases: [db], ipv4_address: 10.1.0.5}\nnetworks: {front: {}, back: {}}\n'],
  ];
  for (const [area, text] of valid) {
    test(area, () => {
      const { model, locate } = load(text);
      assert.deepEqual(findSchemaProblems(model), []);
      validateSchema(model, { locate, file: 'compose.yaml' });
    });
  }
});

describe('validateSchema rejects invalid Compose files with one clear message', () => {
  const invalid: readonly {
    readonly name: string;
    readonly yaml: string;
    readonly message: RegExp;
    readonly line: number;
  }[] = [
    {
      name: 'misspelt service attribute, with a suggestion',
      yaml: 'services:\n  web:\n    imagee: nginx\n',
      message: /services\.web: unknown attribute 'imagee' \(did you mean 'image'\?\)/,
      line: 3,
    },
    {
      name: 'unknown top-level key lists the allowed keys',
      yaml: 'servces:\n  web:\n    image: nginx\n',
      message: /unknown top-level key 'servces' \(did you mean 'services'\?\)\. Allowed here: configs, include, models, name, networks, secrets, services, version, volumes and x-\* extension keys/,
      line: 2,
    },
    {
      name: 'port of the wrong type names every accepted type',
      yaml: 'services:\n  web:\n    image: nginx\n    ports:\n      - true\n',
      message: /services\.web\.ports\[0\] must be a string, a number or a mapping, not a boolean \(true\)/,
      line: 5,
    },
    {
      name: 'unknown key in long port syntax is not drowned by the short-syntax alternatives',
      yaml: 'services:\n  web:\n    image: nginx\n    ports:\n      - {target: 80, publshed: 8080}\n',
      message: /services\.web\.ports\[0\]: unknown attribute 'publshed' \(did you mean 'published'\?\)/,
      line: 5,
    },
    {
      name: 'environment value that is a list',
      yaml: 'services:\n  web:\n    image: nginx\n    environment:\n      A: [1]\n',
      message: /services\.web\.environment\.A must be a string, a number, a boolean \(true or false\) or empty \(null\), not a list/,
      line: 5,
    },
    {
      name: 'depends_on condition missing',
      yaml: 'services:\n  web:\n    image: nginx\n    depends_on:\n      db: {restart: true}\n  db:\n    image: pg\n',
      message: /services\.web\.depends_on\.db: missing required attribute 'condition'\. Add condition \(one of: service_started, service_healthy, service_completed_successfully\)/,
      line: 5,
    },
    {
      name: 'depends_on condition misspelt',
      yaml: 'services:\n  web:\n    image: nginx\n    depends_on:\n      db: {condition: service_healty}\n',
      message: /services\.web\.depends_on\.db\.condition: 'service_healty' is not allowed \(did you mean 'service_healthy'\?\)/,
      line: 5,
    },
    {
      name: 'duration without a unit',
      yaml: 'services:\n  web:\n    image: nginx\n    healthcheck:\n      interval: 10 seconds\n',
      message: /services\.web\.healthcheck\.interval: '10 seconds' is not valid here; expected a duration such as 30s/,
      line: 5,
    },
    {
      name: 'duration given as a number',
      yaml: 'services:\n  web:\n    image: nginx\n    stop_grace_period: 10\n',
      message: /services\.web\.stop_grace_period must be a string \(a duration such as 30s, 1m30s or 2h\), not a number \(10\)/,
      line: 4,
    },
    {
      name: 'byte size with a bad unit',
      yaml: 'services:\n  web:\n    image: nginx\n    mem_limit: 1 gigabyte\n',
      message: /services\.web\.mem_limit: '1 gigabyte' is not valid here; expected a size in bytes/,
      line: 4,
    },
    {
      name: 'invalid service name',
      yaml: 'services:\n  "my web":\n    image: nginx\n',
      message: /services: 'my web' is not a valid service name; service names may contain only letters, digits/,
      line: 3,
    },
    {
      name: 'duplicate list entries',
      yaml: 'services:\n  web:\n    image: nginx\n    cap_add: [NET_ADMIN, SYS_TIME, NET_ADMIN]\n',
      message: /services\.web\.cap_add: items \[0\] and \[2\] are the same \('NET_ADMIN'\)/,
      line: 4,
    },
    {
      name: 'number out of range',
      yaml: 'services:\n  web:\n    image: nginx\n    oom_score_adj: 2000\n',
      message: /services\.web\.oom_score_adj: 2000 is more than the maximum of 1000/,
      line: 4,
    },
    {
      name: 'volume long syntax without type',
      yaml: 'services:\n  web:\n    image: nginx\n    volumes:\n      - {source: data, target: /data}\n',
      message: /services\.web\.volumes\[0\]: missing required attribute 'type'/,
      line: 5,
    },
    {
      name: 'build attribute of the wrong type inside the mapping form',
      yaml: 'services:\n  web:\n    build:\n      context: .\n      dockerfile: [Dockerfile]\n',
      message: /services\.web\.build\.dockerfile must be a string, not a list/,
      line: 5,
    },
    {
      name: 'develop watch action',
      yaml: 'services:\n  web:\n    build: .\n    develop:\n      watch:\n        - {path: ., action: copy}\n',
      message: /services\.web\.develop\.watch\[0\]\.action: 'copy' is not allowed\. Use one of: rebuild, sync, restart, sync\+restart, sync\+exec/,
      line: 6,
    },
    {
      name: 'unknown attribute of a top-level network',
      yaml: 'services:\n  web:\n    image: nginx\nnetworks:\n  front:\n    drivr: bridge\n',
      message: /networks\.front: unknown attribute 'drivr' \(did you mean 'driver'\?\)/,
      line: 6,
    },
    {
      // Regression: `enum` of the string branch used to win over the list branch ("a list is not allowed").
      name: 'unknown key in a gpus entry is reported, not the "all" keyword',
      yaml: 'services:\n  web:\n    image: x\n    gpus:\n      - {driver: nvidia, cont: 1}\n',
      message: /services\.web\.gpus\[0\]: unknown attribute 'cont' \(did you mean 'count'\?\)/,
      line: 5,
    },
    {
      name: 'gpus keyword misspelt',
      yaml: 'services:\n  web:\n    image: x\n    gpus: al\n',
      message: /services\.web\.gpus: 'al' is not allowed \(did you mean 'all'\?\)\. Use one of: all\./,
      line: 4,
    },
    {
      name: 'model without its required model attribute',
      yaml: 'models:\n  llm:\n    name: small\n',
      message: /models\.llm: missing required attribute 'model'/,
      line: 3,
    },
  ];
  for (const { name, yaml, message, line } of invalid) {
    test(name, () => {
      const error = schemaError(yaml);
      assert.match(error.message, message);
      assert.equal(error.location?.file, 'compose.yaml');
      assert.equal(error.location?.line, line, `location of: ${error.message}`);
      assert.doesNotMatch(error.message, /more schema error/);
    });
  }

  test('several problems: the first in document order is reported, with a count of the rest', () => {
    const error = schemaError(
      'services:\n  web:\n    image: nginx\n    tty: [yes]\n  db:\n    imagee: pg\n    ports: [{target: 1, x: 2}]\n',
    );
    assert.match(error.message, /^compose\.yaml:4:\d+: services\.web\.tty must be a string or a boolean \(true or false\), not a list/);
    assert.match(error.message, /\(2 more schema errors in this file\)$/);
  });

  test('problems are ordered by position in the file, not by the order ajv found them', () => {
    const { model } = load('x-a: 1\nservces: {}\nservices:\n  b:\n    imagee: x\n  a:\n    tty: 3\n');
    const problems = findSchemaProblems(model);
    assert.deepEqual(
      problems.map((problem) => problem.kind),
      ['unknown-attribute', 'unknown-attribute', 'wrong-type'],
    );
    assert.deepEqual(problems[0]?.path, []);
    assert.deepEqual(problems[1]?.path, ['services', 'b']);
  });

  test('without a known location the message names the file', () => {
    assert.throws(
      () => validateSchema({ services: { web: { imagee: 'x' } } }, { locate: () => undefined, file: 'other.yaml' }),
      (error: unknown) =>
        error instanceof BerthError &&
        error.location === undefined &&
        error.message.startsWith("other.yaml: services.web: unknown attribute 'imagee'"),
    );
  });
});

describe('closestName', () => {
  const cases: readonly (readonly [word: string, candidates: readonly string[], expected: string | undefined])[] = [
    ['imagee', ['image', 'init'], 'image'],
    ['dependson', ['depends_on', 'devices'], 'depends_on'],
    ['Image', ['image'], 'image'],
    ['enviroment', ['environment', 'env_file'], 'environment'],
    ['zzz', ['image', 'ports'], undefined],
    ['tyy', ['tty'], 'tty'],
  ];
  for (const [word, candidates, expected] of cases) {
    test(`${word} → ${String(expected)}`, () => assert.equal(closestName(word, candidates), expected));
  }
  test('a swap of neighbours counts as one edit', () => assert.equal(editDistance('ab', 'ba'), 1));
});
