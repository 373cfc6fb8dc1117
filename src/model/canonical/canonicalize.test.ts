import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { BerthError } from '../../errors.js';
import { type Dict, type Locate, formatPath, locateNowhere } from '../tree.js';
import { canonicalize } from './canonicalize.js';

function load(yaml: string): Dict {
  return parse(yaml, { merge: true }) as Dict;
}

function canonical(yaml: string): Dict {
  return canonicalize(load(yaml), { locate: locateNowhere });
}

/** The canonical form of one service's attributes, written as YAML. */
function service(attributes: string): Dict {
  const indented = attributes.replace(/^/gm, '    ');
  const result = canonical(`services:\n  web:\n${indented}\n`);
  return (result['services'] as Dict)['web'] as Dict;
}

/** A locator that knows every path, so tests can check where errors point. */
const locateByPath: Locate = (path) => ({ file: 'compose.yaml', line: formatPath(path).length, column: 1 });

function failure(yaml: string, locate: Locate = locateByPath): BerthError {
  try {
    canonicalize(load(yaml), { locate });
  } catch (error) {
    assert.ok(error instanceof BerthError, `expected a BerthError, got ${String(error)}`);
    assert.equal(error.code, 'invalid_project');
    return error;
  }
  assert.fail('expected canonicalize to throw');
}

describe('ports', () => {
  test('short entries expand into long ones with mode and protocol', () => {
    assert.deepEqual(service(`ports:\n  - "80:8080"\n  - "90:8090/udp"\n  - 8600\n  - "127.0.0.1:5000-5001:6000-6001"`).ports, [
      { mode: 'ingress', target: 8080, published: '80', protocol: 'tcp' },
      { mode: 'ingress', target: 8090, published: '90', protocol: 'udp' },
      { mode: 'ingress', target: 8600, protocol: 'tcp' },
      { mode: 'ingress', host_ip: '127.0.0.1', target: 6000, published: '5000', protocol: 'tcp' },
      { mode: 'ingress', host_ip: '127.0.0.1', target: 6001, published: '5001', protocol: 'tcp' },
    ]);
  });
  test('long entries keep their fields, published as a string, and get no defaults here', () => {
    assert.deepEqual(service(`ports:\n  - target: 80\n    published: 8080\n    app_protocol: http\n  - target: "81"\n    published: "9000-9010"`).ports, [
      { target: 80, published: '8080', app_protocol: 'http' },
      { target: 81, published: '9000-9010' },
    ]);
  });
  test('a bad port names the path, the value and the syntax, at the entry', () => {
    const error = failure(`services:\n  web:\n    ports:\n      - "80:80"\n      - "80/xyz"\n`);
    assert.equal(
      error.message,
      'compose.yaml:21:1: services.web.ports[1]: invalid port "80/xyz": "xyz" is not a protocol. ' +
        'Write it as [IP:][HOST[-RANGE]:]CONTAINER[-RANGE][/PROTOCOL] with ports 0-65535 and protocol tcp, udp or sctp, e.g. "127.0.0.1:8080:80/tcp".',
    );
    assert.deepEqual(error.location, { file: 'compose.yaml', line: 21, column: 1 });
  });
  test('without a known location the message still names the path', () => {
    const error = failure(`services:\n  web:\n    ports: ["99999"]\n`, locateNowhere);
    assert.equal(error.location, undefined);
    assert.match(error.message, /^services\.web\.ports\[0\]: invalid port "99999": container port "99999" is not a port or a port range\./);
  });
});

describe('volumes', () => {
  test('short syntax: bind, named and anonymous', () => {
    assert.deepEqual(service(`volumes:\n  - ./data:/var/lib/data/:ro\n  - db:/db:nocopy\n  - /cache\n  - type: tmpfs\n    target: /tmp\n    tmpfs:\n      size: 64m\n      mode: 1777`).volumes, [
      { type: 'bind', source: './data', target: '/var/lib/data', read_only: true, bind: { create_host_path: true } },
      { type: 'volume', source: 'db', target: '/db', volume: { nocopy: true } },
      { type: 'volume', target: '/cache', volume: {} },
      { type: 'tmpfs', target: '/tmp', tmpfs: { size: '67108864', mode: 1777 } },
    ]);
  });
  test('long syntax is kept as written (bind defaults come later)', () => {
    assert.deepEqual(service(`volumes:\n  - type: bind\n    source: ./src\n    target: /src/\n    volume:\n      labels: [a=1, b]`).volumes, [
      { type: 'bind', source: './src', target: '/src/', volume: { labels: { a: '1', b: '' } } },
    ]);
  });
  test('a bad spec is located at the entry', () => {
    const error = failure(`services:\n  web:\n    volumes:\n      - /foo:/foo:ro:foo\n`);
    assert.match(error.message, /services\.web\.volumes\[0\]: invalid volume "\/foo:\/foo:ro:foo": it has too many colons\. Write it as \[SOURCE:\]TARGET/);
  });
});

describe('environment, labels and other mappings', () => {
  test('environment: list and map give the same mapping; a bare name is null', () => {
    const expected = { FOO: '1', BAR: '2', BU: '', ZO: null, ON: 'true' };
    assert.deepEqual(service(`environment:\n  - FOO=1\n  - BAR=2\n  - BU=\n  - ZO\n  - ON=true`).environment, expected);
    assert.deepEqual(service(`environment:\n  FOO: "1"\n  BAR: 2\n  BU: ""\n  ZO:\n  ON: true`).environment, expected);
  });
  test('environment: only the first "=" splits', () => {
    assert.deepEqual(service(`environment: ["URL=a=b", "F=2.5"]`).environment, { URL: 'a=b', F: '2.5' });
  });
  test('environment: a name ending in a space is an error', () => {
    const error = failure(`services:\n  web:\n    environment:\n      - DEBUG = true\n`);
    assert.match(error.message, /services\.web\.environment\[0\]: invalid entry "DEBUG = true": the name "DEBUG " ends with a space/);
  });
  test('labels, annotations and sysctls: a missing value is ""', () => {
    const web = service(`labels: [a=1, b]\nannotations:\n  c:\n  d: 2\nsysctls:\n  - net.core.somaxconn=1024`);
    assert.deepEqual(web.labels, { a: '1', b: '' });
    assert.deepEqual(web.annotations, { c: '', d: '2' });
    assert.deepEqual(web.sysctls, { 'net.core.somaxconn': '1024' });
  });
  test('build args keep bare names as null; build labels do not', () => {
    assert.deepEqual(service(`build:\n  context: .\n  args: [A=1, B]\n  labels: [C]`).build, {
      context: '.',
      args: { A: '1', B: null },
      labels: { C: '' },
    });
  });
  test('build additional_contexts require NAME=VALUE', () => {
    assert.deepEqual(service(`build:\n  additional_contexts: [base=docker-image://alpine]`).build, {
      additional_contexts: { base: 'docker-image://alpine' },
    });
    assert.match(failure(`services:\n  web:\n    build:\n      additional_contexts: [base]\n`).message, /additional_contexts\[0\]: invalid entry "base": it has no "="/);
  });
});

describe('extra_hosts', () => {
  test('list entries with "=" or ":" become host → addresses', () => {
    assert.deepEqual(service(`extra_hosts:\n  - "alpha:50.31.209.229"\n  - "zulu:127.0.0.2"\n  - "zulu:ff02::1"\n  - "multi=0.0.0.1,0.0.0.2"\n  - "v6=[::1]"`).extra_hosts, {
      alpha: ['50.31.209.229'],
      zulu: ['127.0.0.2', 'ff02::1'],
      multi: ['0.0.0.1', '0.0.0.2'],
      v6: ['::1'],
    });
  });
  test('the mapping form takes one address or a list', () => {
    assert.deepEqual(service(`extra_hosts:\n  alpha: "50.31.209.229"\n  myhost: ["0.0.0.1", "0.0.0.2"]`).extra_hosts, {
      alpha: ['50.31.209.229'],
      myhost: ['0.0.0.1', '0.0.0.2'],
    });
  });
  test('an entry without an address is an error', () => {
    assert.match(failure(`services:\n  web:\n    extra_hosts: [somehost]\n`).message, /extra_hosts\[0\]: invalid extra host "somehost": it has no address/);
  });
});

describe('command, entrypoint and healthcheck', () => {
  test('a string command is split into words', () => {
    assert.deepEqual(service(`command: bundle exec thin -p 3000`).command, ['bundle', 'exec', 'thin', '-p', '3000']);
    assert.deepEqual(service(`entrypoint: sh -c 'echo "$$HOME"'`).entrypoint, ['sh', '-c', 'echo "$$HOME"']);
  });
  test('null is absent; an empty string or list is an explicit empty command', () => {
    const web = service(`command:\nentrypoint: ''\nimage: x`);
    assert.equal('command' in web, false);
    assert.deepEqual(web.entrypoint, []);
    assert.deepEqual(service(`command: []`).command, []);
  });
  test('an unbalanced quote is an error', () => {
    assert.match(failure(`services:\n  web:\n    command: echo "hi\n`).message, /services\.web\.command: invalid command "echo \\"hi": a quote.*is not closed/);
  });
  test('healthcheck: a string test runs in a shell; durations print like Go', () => {
    assert.deepEqual(service(`healthcheck:\n  test: echo "hello world"\n  interval: 90s\n  timeout: 1s\n  retries: 5\n  start_period: 1h\n  start_interval: 500ms`).healthcheck, {
      test: ['CMD-SHELL', 'echo "hello world"'],
      interval: '1m30s',
      timeout: '1s',
      retries: 5,
      start_period: '1h0m0s',
      start_interval: '500ms',
    });
    assert.deepEqual(service(`healthcheck:\n  test: [CMD, curl, -f, http://localhost]`).healthcheck, { test: ['CMD', 'curl', '-f', 'http://localhost'] });
  });
  test('hooks split their commands too', () => {
    assert.deepEqual(service(`post_start:\n  - command: ./init.sh --once\n    environment: [A=1]`).post_start, [{ command: ['./init.sh', '--once'], environment: { A: '1' } }]);
  });
  test('a bad duration names the accepted syntax', () => {
    const error = failure(`services:\n  web:\n    stop_grace_period: 10\n`);
    assert.match(error.message, /services\.web\.stop_grace_period: invalid duration 10: a number needs a unit\. Write it as a sequence of numbers with units such as "1m30s"/);
  });
});

describe('references to other things', () => {
  test('depends_on: names become started, required dependencies', () => {
    assert.deepEqual(service(`depends_on: [db, cache]`).depends_on, {
      db: { condition: 'service_started', required: true },
      cache: { condition: 'service_started', required: true },
    });
    assert.deepEqual(service(`depends_on:\n  db:\n    condition: service_healthy\n    restart: true`).depends_on, {
      db: { condition: 'service_healthy', required: true, restart: true },
    });
  });
  test('networks: a list becomes name → null', () => {
    assert.deepEqual(service(`networks: [front, back]`).networks, { front: null, back: null });
    assert.deepEqual(service(`networks:\n  front:\n    aliases: [web]`).networks, { front: { aliases: ['web'] } });
  });
  test('secrets and configs: names become sources; modes print as octal', () => {
    const web = service(`secrets:\n  - token\n  - source: cert\n    target: server.cert\n    uid: 103\n    mode: 288\nconfigs:\n  - source: app\n    mode: "0440"`);
    assert.deepEqual(web.secrets, [{ source: 'token' }, { source: 'cert', target: 'server.cert', uid: '103', mode: '0440' }]);
    assert.deepEqual(web.configs, [{ source: 'app', mode: '0440' }]);
  });
  test('a file mode that is not octal is an error', () => {
    assert.match(failure(`services:\n  web:\n    secrets:\n      - source: a\n        mode: "0o9"\n`).message, /secrets\[0\]\.mode: invalid file mode "0o9"/);
  });
  test('extends, build and env_file short forms', () => {
    const web = service(`extends: base\nbuild: ./app\nenv_file: .env\nlabel_file: ./labels`);
    assert.deepEqual(web.extends, { service: 'base' });
    assert.deepEqual(web.build, { context: './app' });
    assert.deepEqual(web.env_file, [{ path: '.env', required: true }]);
    assert.deepEqual(web.label_file, ['./labels']);
    assert.deepEqual(service(`env_file:\n  - a.env\n  - path: b.env\n    required: false\n    format: raw`).env_file, [
      { path: 'a.env', required: true },
      { path: 'b.env', required: false, format: 'raw' },
    ]);
  });
  test('build ssh: ID=PATH, and default alone', () => {
    assert.deepEqual(service(`build:\n  ssh: [default, key=/home/me/.ssh/id]`).build, { ssh: { default: null, key: '/home/me/.ssh/id' } });
    assert.match(failure(`services:\n  web:\n    build:\n      ssh: [mykey]\n`).message, /build\.ssh\[0\]: invalid ssh key "mykey"/);
  });
});

describe('resources and devices', () => {
  test('devices: SRC[:DST[:PERMISSIONS]]', () => {
    assert.deepEqual(service(`devices:\n  - /dev/source:/dev/target:permissions\n  - /dev/single\n  - nvidia.com/gpu=all`).devices, [
      { source: '/dev/source', target: '/dev/target', permissions: 'permissions' },
      { source: '/dev/single', target: '/dev/single', permissions: 'rwm' },
      { source: 'nvidia.com/gpu=all', target: 'nvidia.com/gpu=all', permissions: 'rwm' },
    ]);
    assert.match(failure(`services:\n  web:\n    devices: ["a:b:c:d"]\n`).message, /devices\[0\]: invalid device "a:b:c:d": it has too many colons/);
  });
  test('gpus: all', () => {
    assert.deepEqual(service(`gpus: all`).gpus, [{ count: 'all' }]);
    assert.deepEqual(service(`gpus:\n  - driver: nvidia\n    options: [x=1]`).gpus, [{ driver: 'nvidia', options: { x: '1' } }]);
  });
  test('ulimits: a single number stays one number; soft and hard stay a mapping', () => {
    assert.deepEqual(service(`ulimits:\n  nproc: 65535\n  nofile:\n    soft: 20000\n    hard: 40000`).ulimits, {
      nproc: 65535,
      nofile: { soft: 20000, hard: 40000 },
    });
  });
  test('byte values print as decimal strings', () => {
    const web = service(`mem_limit: 1gb\nmem_reservation: 512m\nmemswap_limit: -1\nshm_size: 65536\ndeploy:\n  resources:\n    limits:\n      memory: 50M\n      cpus: "0.5"\n    reservations:\n      devices:\n        - capabilities: [gpu]\n          options: {q_bits: 42}`);
    assert.equal(web.mem_limit, '1073741824');
    assert.equal(web.mem_reservation, '536870912');
    assert.equal(web.memswap_limit, '-1');
    assert.equal(web.shm_size, '65536');
    assert.deepEqual(web.deploy, {
      resources: {
        limits: { memory: '52428800', cpus: 0.5 },
        reservations: { devices: [{ capabilities: ['gpu'], options: { q_bits: '42' } }] },
      },
    });
  });
  test('a bad byte value is an error', () => {
    assert.match(failure(`services:\n  web:\n    mem_limit: 1zb\n`).message, /services\.web\.mem_limit: invalid byte value "1zb": "zb" is not a unit\. Write it as a number of bytes/);
  });
  test('deploy durations and labels', () => {
    assert.deepEqual(service(`deploy:\n  labels: [a=b]\n  restart_policy:\n    delay: 5s\n    window: 2m\n  update_config:\n    delay: 0`).deploy, {
      labels: { a: 'b' },
      restart_policy: { delay: '5s', window: '2m0s' },
      update_config: { delay: '0s' },
    });
  });
});

describe('lists from strings', () => {
  test('dns, dns_search, tmpfs and build lists accept a single string', () => {
    const web = service(`dns: 8.8.8.8\ndns_search: example.com\ntmpfs: /run\nbuild:\n  tags: app:1\n  cache_from: type=gha`);
    assert.deepEqual(web.dns, ['8.8.8.8']);
    assert.deepEqual(web.dns_search, ['example.com']);
    assert.deepEqual(web.tmpfs, ['/run']);
    assert.deepEqual(web.build, { tags: ['app:1'], cache_from: ['type=gha'] });
  });
  test('empty dns entries are dropped (an unset variable)', () => {
    assert.deepEqual(service(`dns: ""`).dns, []);
    assert.deepEqual(service(`dns: ["", 1.1.1.1]`).dns, ['1.1.1.1']);
  });
  test('group_add: numeric group ids become strings, as compose-go\'s []string holds them', () => {
    assert.deepEqual(service(`group_add: [mail, 42, "0"]`).group_add, ['mail', '42', '0']);
  });

  test('expose: numbers become strings', () => {
    assert.deepEqual(service(`expose: [3000, "8000-8010/udp"]`).expose, ['3000', '8000-8010/udp']);
    assert.deepEqual(service(`expose: 3000`).expose, ['3000']);
  });
  test('develop.watch ignore/include and exec command', () => {
    assert.deepEqual(service(`develop:\n  watch:\n    - path: ./src\n      action: sync+exec\n      ignore: node_modules/\n      exec:\n        command: npm run build`).develop, {
      watch: [{ path: './src', action: 'sync+exec', ignore: ['node_modules/'], exec: { command: ['npm', 'run', 'build'] } }],
    });
  });
});

describe('top-level resources and include', () => {
  test('a null declaration is empty', () => {
    const result = canonical(`networks:\n  front:\nvolumes:\n  data:\nsecrets:\n  s:\nconfigs:\n  c:\n`);
    assert.deepEqual(result, { networks: { front: {} }, volumes: { data: {} }, secrets: { s: {} }, configs: { c: {} } });
  });
  test('legacy external.name becomes name with external: true, with a warning', () => {
    const warnings: string[] = [];
    const result = canonicalize(load(`volumes:\n  data:\n    external:\n      name: shared-data\nnetworks:\n  n:\n    external: {}\n    labels: [a=1]\n`), {
      locate: locateNowhere,
      onWarning: (message) => warnings.push(message),
    });
    assert.deepEqual(result, {
      volumes: { data: { external: true, name: 'shared-data' } },
      networks: { n: { external: true, labels: { a: '1' } } },
    });
    assert.deepEqual(warnings, ['volumes.data: external.name is deprecated; set name and external: true instead']);
  });
  test('external.name conflicting with name is an error', () => {
    const error = failure(`networks:\n  n:\n    name: a\n    external:\n      name: b\n`);
    assert.match(error.message, /networks\.n\.external\.name: invalid external name "b": it conflicts with name "a"/);
  });
  test('driver options and IPAM mappings are strings', () => {
    assert.deepEqual(canonical(`networks:\n  n:\n    driver_opts:\n      mtu: 1400\n    ipam:\n      config:\n        - subnet: 10.0.0.0/24\n          aux_addresses: [host1=10.0.0.5]\n`).networks, {
      n: { driver_opts: { mtu: '1400' }, ipam: { config: [{ subnet: '10.0.0.0/24', aux_addresses: { host1: '10.0.0.5' } }] } },
    });
  });
  test('include: a path is a long entry with a list of paths', () => {
    assert.deepEqual(canonical(`include:\n  - ./a.yaml\n  - path: ./b.yaml\n    env_file: ./b.env\n  - path: [./c.yaml, ./c.override.yaml]\n`).include, [
      { path: ['./a.yaml'] },
      { path: ['./b.yaml'], env_file: ['./b.env'] },
      { path: ['./c.yaml', './c.override.yaml'] },
    ]);
  });
});

describe('without interpolation', () => {
  test('values that cannot be parsed are kept as written, others are still converted', () => {
    const input = load(`services:\n  web:\n    ports: ["\${PORT}:80", "81:81"]\n    volumes: ["\${SRC}:/src:ro:x"]\n    stop_grace_period: \${GRACE}\n    command: echo hi\n`);
    const result = canonicalize(input, { locate: locateNowhere, keepInvalidValues: true });
    assert.deepEqual((result['services'] as Dict)['web'], {
      ports: ['${PORT}:80', '81:81'],
      volumes: ['${SRC}:/src:ro:x'],
      stop_grace_period: '${GRACE}',
      command: ['echo', 'hi'],
    });
  });
});

describe('the tree as a whole', () => {
  const fixture = `
name: demo
x-common: &common
  ports: ["80:80"]
  command: not split
services:
  web:
    <<: *common
    image: nginx
    volumes: ["./html:/usr/share/nginx/html:ro"]
    environment: [A=1]
    x-notes:
      ports: ["1:1"]
  db:
    image: postgres
    depends_on: [cache]
    healthcheck:
      test: pg_isready
      interval: 10s
  cache:
    image: redis
networks:
  default:
volumes:
  data:
`;
  test('extensions are copied, never interpreted', () => {
    const result = canonical(fixture);
    assert.deepEqual(result['x-common'], { ports: ['80:80'], command: 'not split' });
    // the anchor's copy inside a service is a service attribute like any other

    const web = (result['services'] as Dict)['web'] as Dict;
    assert.deepEqual(web['x-notes'], { ports: ['1:1'] });
    assert.deepEqual(web['command'], ['not', 'split']);
  });
  test('canonicalizing a canonical tree changes nothing', () => {
    const once = canonical(fixture);
    assert.deepEqual(canonicalize(once, { locate: locateNowhere }), once);
  });
  test('the input is not changed; what needs no change is shared, not copied (trees are immutable)', () => {
    const input = load(fixture);
    const before = structuredClone(input);
    const result = canonicalize(input, { locate: locateNowhere });
    assert.deepEqual(input, before);
    assert.equal((result['services'] as Dict)['cache'], (input['services'] as Dict)['cache']);
    assert.notEqual((result['services'] as Dict)['web'], (input['services'] as Dict)['web']);
  });
  test('every created container is reported with its source', () => {
    const input = load(`services:\n  web:\n    ports: ["80:80"]\n    labels: {a: b}\n`);
    const reported = new Map<string, object | undefined>();
    const result = canonicalize(input, {
      locate: locateNowhere,
      onContainerCreated: (_created, source, path) => reported.set(formatPath(path), source),
    });
    const web = (input['services'] as Dict)['web'] as Dict;
    assert.equal(reported.get('services.web'), web);
    assert.equal(reported.get('services.web.ports'), web['ports']);
    assert.equal(reported.get('services.web.ports[0]'), undefined);
    assert.equal(reported.get('services.web.labels'), web['labels']);
    assert.ok(reported.has(''));
    assert.ok(result);
  });
});
