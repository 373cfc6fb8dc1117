import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { normalizeProject } from './normalize.js';
import type { Dict } from '../tree.js';

function yamlDict(text: string): Dict {
  return parse(text) as Dict;
}

function lookupIn(values: Record<string, string>): (name: string) => string | undefined {
  return (name) => values[name];
}

interface Case {
  readonly name: string;
  readonly input: string;
  readonly env?: Record<string, string>;
  readonly expected: string;
}

const cases: readonly Case[] = [
  {
    name: 'networks are named <project>_<key>, by their key when external, or as written',
    input: `
services:
  app:
    image: app
networks:
  outside:
    external: true
  custom:
    name: CustomName
  backend: {}
  legacy: null
`,
    expected: `
name: shop
services:
  app:
    image: app
    networks:
      default: null
networks:
  default:
    name: shop_default
  outside:
    name: outside
    external: true
  custom:
    name: CustomName
  backend:
    name: shop_backend
  legacy:
    name: shop_legacy
`,
  },
  {
    name: 'volumes, secrets and configs are named like networks',
    input: `
volumes:
  data: {}
  shared:
    external: true
  fixed:
    name: fixed-volume
secrets:
  token:
    file: ./token.txt
configs:
  site:
    external: true
`,
    expected: `
name: shop
volumes:
  data:
    name: shop_data
  shared:
    name: shared
    external: true
  fixed:
    name: fixed-volume
secrets:
  token:
    name: shop_token
    file: ./token.txt
configs:
  site:
    name: site
    external: true
`,
  },
  {
    name: 'the default network is implicit for services without networks',
    input: `
services:
  web:
    image: nginx
`,
    expected: `
name: shop
services:
  web:
    image: nginx
    networks:
      default: null
networks:
  default:
    name: shop_default
`,
  },
  {
    name: 'an empty networks block also means the default network',
    input: `
services:
  web:
    image: nginx
    networks: {}
`,
    expected: `
name: shop
services:
  web:
    image: nginx
    networks:
      default: null
networks:
  default:
    name: shop_default
`,
  },
  {
    name: 'no default network when every service names its own',
    input: `
services:
  web:
    networks:
      front: null
networks:
  front: null
`,
    expected: `
name: shop
services:
  web:
    networks:
      front: null
networks:
  front:
    name: shop_front
`,
  },
  {
    name: 'no default network for network_mode or provider services',
    input: `
services:
  host:
    image: tool
    network_mode: host
  model:
    provider:
      type: model
`,
    expected: `
name: shop
services:
  host:
    image: tool
    network_mode: host
  model:
    provider:
      type: model
`,
  },
  {
    name: 'a declared default network is kept and named',
    input: `
services:
  web:
    networks:
      default:
        aliases: [www]
networks:
  default:
    driver: bridge
`,
    expected: `
name: shop
services:
  web:
    networks:
      default:
        aliases: [www]
networks:
  default:
    name: shop_default
    driver: bridge
`,
  },
  {
    name: 'implicit dependencies from network_mode and volumes_from; container: references are ignored',
    input: `
services:
  foo:
    depends_on:
      bar:
        condition: service_healthy
        required: true
        restart: true
    network_mode: service:zot
  bar:
    volumes_from:
      - zot
      - container:xxx
  zot: {}
`,
    expected: `
name: shop
services:
  foo:
    depends_on:
      bar:
        condition: service_healthy
        required: true
        restart: true
      zot:
        condition: service_started
        required: true
        restart: true
    network_mode: service:zot
  bar:
    depends_on:
      zot:
        condition: service_started
        required: true
        restart: false
    networks:
      default: null
    volumes_from:
      - zot
      - container:xxx
  zot:
    networks:
      default: null
networks:
  default:
    name: shop_default
`,
  },
  {
    name: 'implicit dependencies from ipc, cgroup, uts, pid, volumes_from and links never replace explicit ones',
    input: `
services:
  test:
    ipc: service:foo
    cgroup: service:bar
    uts: service:baz
    pid: service:qux
    volumes_from: ["quux:ro"]
    links: ["corge:alias", "grault"]
    depends_on:
      foo:
        condition: service_healthy
`,
    expected: `
name: shop
services:
  test:
    ipc: service:foo
    cgroup: service:bar
    uts: service:baz
    pid: service:qux
    volumes_from: ["quux:ro"]
    links: ["corge:alias", "grault"]
    depends_on:
      foo:
        condition: service_healthy
      bar: { condition: service_started, restart: true, required: true }
      baz: { condition: service_started, restart: true, required: true }
      qux: { condition: service_started, restart: true, required: true }
      quux: { condition: service_started, restart: false, required: true }
      corge: { condition: service_started, restart: true, required: true }
      grault: { condition: service_started, restart: true, required: true }
    networks:
      default: null
networks:
  default:
    name: shop_default
`,
  },
  {
    name: 'ipc: shareable and pid: host add no dependency',
    input: `
services:
  test:
    ipc: shareable
    pid: host
    network_mode: host
`,
    expected: `
name: shop
services:
  test:
    ipc: shareable
    pid: host
    network_mode: host
`,
  },
  {
    name: 'build gets context . and dockerfile Dockerfile',
    input: `
services:
  test:
    build: {}
`,
    expected: `
name: shop
services:
  test:
    build:
      context: .
      dockerfile: Dockerfile
    networks:
      default: null
networks:
  default:
    name: shop_default
`,
  },
  {
    name: 'no dockerfile default next to dockerfile_inline',
    input: `
services:
  test:
    network_mode: none
    build:
      context: ./app
      dockerfile_inline: FROM scratch
`,
    expected: `
name: shop
services:
  test:
    network_mode: none
    build:
      context: ./app
      dockerfile_inline: FROM scratch
`,
  },
  {
    name: 'bare build args are resolved from the environment or dropped',
    env: { FOO: 'BAR' },
    input: `
services:
  foo:
    network_mode: none
    build:
      context: ./testdata
      args:
        FOO: null
        ZOT: null
        KEEP: written
`,
    expected: `
name: shop
services:
  foo:
    network_mode: none
    build:
      context: ./testdata
      dockerfile: Dockerfile
      args:
        FOO: BAR
        KEEP: written
`,
  },
  {
    name: 'bare environment keys are resolved, or kept bare for the container-environment step',
    env: { BAR: 'bar', ZOT: 'zot' },
    input: `
services:
  test:
    network_mode: none
    environment:
      FOO: null
      BAR: null
      ZOT: QIX
      EMPTY: ""
`,
    expected: `
name: shop
services:
  test:
    network_mode: none
    environment:
      FOO: null
      BAR: bar
      ZOT: QIX
      EMPTY: ""
`,
  },
  {
    name: 'environment in list form resolves KEY to KEY=value',
    env: { BAR: 'bar', ZOT: 'zot' },
    input: `
services:
  test:
    network_mode: none
    environment: [FOO, BAR, ZOT=QIX]
`,
    expected: `
name: shop
services:
  test:
    network_mode: none
    environment: [FOO, BAR=bar, ZOT=QIX]
`,
  },
  {
    name: 'pull_policy if_not_present is spelled missing',
    input: `
services:
  a: { image: x, network_mode: none, pull_policy: if_not_present }
  b: { image: x, network_mode: none, pull_policy: always }
`,
    expected: `
name: shop
services:
  a: { image: x, network_mode: none, pull_policy: missing }
  b: { image: x, network_mode: none, pull_policy: always }
`,
  },
  {
    name: 'volume targets are cleaned paths',
    input: `
services:
  a:
    network_mode: none
    volumes:
      - { type: volume, source: data, target: /var/lib/data/ }
      - { type: bind, source: /src, target: /app/./src/../code }
`,
    expected: `
name: shop
services:
  a:
    network_mode: none
    volumes:
      - { type: volume, source: data, target: /var/lib/data }
      - { type: bind, source: /src, target: /app/code }
`,
  },
  {
    name: 'pre_start hooks inherit the service image unless they name one or the service has none',
    input: `
services:
  app:
    image: alpine
    network_mode: none
    pre_start:
      - command: [migrate]
      - image: busybox
        command: [chown, "1000", /data]
  builder:
    network_mode: none
    build: { context: . }
    pre_start:
      - command: [init]
`,
    expected: `
name: shop
services:
  app:
    image: alpine
    network_mode: none
    pre_start:
      - command: [migrate]
        image: alpine
      - image: busybox
        command: [chown, "1000", /data]
  builder:
    network_mode: none
    build: { context: ., dockerfile: Dockerfile }
    pre_start:
      - command: [init]
`,
  },
  {
    name: 'the project name replaces a name written in the file',
    input: `
name: Written Name
volumes:
  data: {}
`,
    expected: `
name: shop
volumes:
  data:
    name: shop_data
`,
  },
];

describe('normalizeProject', () => {
  for (const { name, input, env, expected } of cases) {
    test(name, () => {
      const options = env ? { projectName: 'shop', lookup: lookupIn(env) } : { projectName: 'shop' };
      assert.deepEqual(normalizeProject(yamlDict(input), options), yamlDict(expected));
    });
  }

  test('does not mutate its input', () => {
    const input = yamlDict(`
services:
  web:
    links: [db]
    build: {}
    volumes: [{ type: volume, source: v, target: /x/ }]
networks:
  front: {}
`);
    const snapshot = structuredClone(input);
    normalizeProject(input, { projectName: 'shop' });
    assert.deepEqual(input, snapshot);
  });
});
