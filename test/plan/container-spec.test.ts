import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContainerSpec } from '../../src/engine/index.js';
import { loadInline } from '../helpers/memory-host.js';
import { buildContainerSpec, containerSpecFor, type ContainerSpecContext } from '../../src/plan/container-spec.js';
import { configHash } from '../../src/plan/hash.js';

const CONTEXT: ContainerSpecContext = { configFiles: ['/project/compose.yaml'], workingDir: '/project' };

async function specOf(service: string, options: { extra?: string; files?: Record<string, string>; context?: Partial<ContainerSpecContext>; number?: number } = {}): Promise<{ spec: ContainerSpec; warnings: string[] }> {
  const compose = `name: shop\nservices:\n  web:\n${service.replace(/^/gm, '    ')}\n${options.extra ?? ''}`;
  const { project } = await loadInline(compose, { files: options.files ?? {} });
  const warnings: string[] = [];
  const spec = containerSpecFor(project, 'web', options.number ?? 1, { ...CONTEXT, onWarning: (message) => warnings.push(message), ...options.context });
  return { spec, warnings };
}

describe('containerSpecFor', () => {
  const cases: { name: string; service: string; extra?: string; check: (spec: ContainerSpec) => unknown; expected: unknown }[] = [
    { name: 'no command or entrypoint: the image defaults (null)', service: 'image: nginx', check: (s) => [s.command, s.entrypoint], expected: [null, null] },
    { name: 'an explicit empty command stays empty', service: 'image: nginx\ncommand: []\nentrypoint: ["/bin/sh", "-c"]', check: (s) => [s.command, s.entrypoint], expected: [[], ['/bin/sh', '-c']] },
    { name: 'a string command is split like a shell', service: 'image: nginx\ncommand: echo "a b"', check: (s) => s.command, expected: ['echo', 'a b'] },
    { name: 'environment sorted by key', service: 'image: nginx\nenvironment: { ZED: "1", ALPHA: "2", MID: "" }', check: (s) => s.env, expected: ['ALPHA=2', 'MID=', 'ZED=1'] },
    {
      name: 'ports: exposed ports and bindings with host IP and ranges',
      service: 'image: nginx\nports: ["8080:80", "127.0.0.1:9000-9001:90-91/udp", "3000", "8000-8010:443"]\nexpose: ["5000-5001", "6000/udp"]',
      check: (s) => [s.exposedPorts, s.host.portBindings],
      expected: [
        ['80/tcp', '90/udp', '91/udp', '443/tcp', '3000/tcp', '5000/tcp', '5001/tcp', '6000/udp'],
        [
          { containerPort: '80/tcp', hostIp: '', hostPort: '8080' },
          { containerPort: '90/udp', hostIp: '127.0.0.1', hostPort: '9000' },
          { containerPort: '91/udp', hostIp: '127.0.0.1', hostPort: '9001' },
          { containerPort: '443/tcp', hostIp: '', hostPort: '8000-8010' },
          { containerPort: '3000/tcp', hostIp: '', hostPort: '' },
        ],
      ],
    },
    {
      name: 'volumes: named volume by engine name, anonymous, bind, tmpfs; sorted by target',
      service: 'image: nginx\nvolumes: ["data:/data:ro", "/anon", "./src:/src", {type: tmpfs, target: /cache, tmpfs: {size: 1m, mode: 0o1770}}, {type: volume, source: data, target: /sub, volume: {nocopy: true, subpath: x}}]\ntmpfs: ["/run:size=64m,mode=1777"]',
      extra: 'volumes:\n  data: {}\n',
      check: (s) => s.host.mounts,
      expected: [
        { type: 'volume', source: '', target: '/anon', readOnly: false },
        { type: 'tmpfs', source: '', target: '/cache', readOnly: false, tmpfs: { sizeBytes: 1048576, mode: 0o1770 } },
        { type: 'volume', source: 'shop_data', target: '/data', readOnly: true },
        { type: 'tmpfs', source: '', target: '/run', readOnly: false, tmpfs: { sizeBytes: 67108864, mode: 0o1777 } },
        { type: 'bind', source: '/project/src', target: '/src', readOnly: false, bind: { createHostPath: true } },
        { type: 'volume', source: 'shop_data', target: '/sub', readOnly: false, volume: { noCopy: true, subpath: 'x' } },
      ],
    },
    {
      name: 'secrets and configs from files: read-only binds at Compose\'s default places',
      service: 'image: nginx\nsecrets: [pw, {source: key, target: custom}]\nconfigs: [cfg, {source: cfg, target: /etc/app.conf}]',
      extra: 'secrets:\n  pw: { file: ./pw.txt }\n  key: { file: ./key.txt }\nconfigs:\n  cfg: { file: ./cfg.txt }\n',
      check: (s) => s.host.mounts.map((m) => `${m.source} → ${m.target} ${m.readOnly ? 'ro' : 'rw'}`),
      expected: ['/project/cfg.txt → /cfg ro', '/project/cfg.txt → /etc/app.conf ro', '/project/key.txt → /run/secrets/custom ro', '/project/pw.txt → /run/secrets/pw ro'],
    },
    {
      name: 'healthcheck durations in nanoseconds; a string test is CMD-SHELL',
      service: 'image: nginx\nhealthcheck: { test: "curl -f localhost", interval: 1m30s, timeout: 500ms, retries: 5, start_period: 10s, start_interval: 1s }',
      check: (s) => s.healthcheck,
      expected: { test: ['CMD-SHELL', 'curl -f localhost'], intervalNs: 90e9, timeoutNs: 5e8, retries: 5, startPeriodNs: 10e9, startIntervalNs: 1e9 },
    },
    { name: 'healthcheck disable: NONE', service: 'image: nginx\nhealthcheck: { disable: true }', check: (s) => s.healthcheck, expected: { test: ['NONE'] } },
    { name: 'restart on-failure:3', service: 'image: nginx\nrestart: on-failure:3', check: (s) => s.host.restartPolicy, expected: { name: 'on-failure', maximumRetryCount: 3 } },
    { name: 'no restart: no', service: 'image: nginx', check: (s) => s.host.restartPolicy, expected: { name: 'no' } },
    {
      name: 'deploy.restart_policy wins over restart',
      service: 'image: nginx\nrestart: always\ndeploy: { restart_policy: { condition: on-failure, max_attempts: 2 } }',
      check: (s) => s.host.restartPolicy,
      expected: { name: 'on-failure', maximumRetryCount: 2 },
    },
    { name: 'deploy.restart_policy any: always', service: 'image: nginx\ndeploy: { restart_policy: { condition: any } }', check: (s) => s.host.restartPolicy, expected: { name: 'always' } },
    { name: 'stop_grace_period in whole seconds, stop_signal', service: 'image: nginx\nstop_grace_period: 1m30s\nstop_signal: SIGINT', check: (s) => [s.stopTimeoutSeconds, s.stopSignal], expected: [90, 'SIGINT'] },
    {
      name: 'resources from service attributes',
      service: 'image: nginx\nmem_limit: 1g\ncpus: 2\npids_limit: 10\nshm_size: 64m\nmem_reservation: 100m\nmemswap_limit: 2g\ncpu_shares: 512\ncpuset: "0-1"',
      check: (s) => [s.host.memoryBytes, s.host.nanoCpus, s.host.pidsLimit, s.host.shmSizeBytes, s.host.memoryReservationBytes, s.host.memorySwapBytes, s.host.cpuShares, s.host.cpusetCpus],
      expected: [1073741824, 2e9, 10, 67108864, 104857600, 2147483648, 512, '0-1'],
    },
    {
      name: 'resources from deploy.resources',
      service: 'image: nginx\ndeploy: { resources: { limits: { memory: 512m, cpus: "0.5", pids: 20 }, reservations: { memory: 64m } } }',
      check: (s) => [s.host.memoryBytes, s.host.nanoCpus, s.host.pidsLimit, s.host.memoryReservationBytes],
      expected: [536870912, 5e8, 20, 67108864],
    },
    {
      name: 'ulimits: a single number sets both, sorted by name',
      service: 'image: nginx\nulimits: { nproc: 65535, nofile: { soft: 1024, hard: 2048 } }',
      check: (s) => s.host.ulimits,
      expected: [
        { name: 'nofile', soft: 1024, hard: 2048 },
        { name: 'nproc', soft: 65535, hard: 65535 },
      ],
    },
    {
      name: 'networks: primary by priority is the network mode; aliases are container name, service name, declared ones',
      service: 'image: nginx\nnetworks: { front: { aliases: [www] }, back: { priority: 10, ipv4_address: 10.1.0.5 } }',
      extra: 'networks:\n  front: {}\n  back: { name: shared-back }\n',
      check: (s) => [s.host.networkMode, s.networks],
      expected: [
        'shared-back',
        {
          'shared-back': { aliases: ['shop-web-1', 'web'], ipv4Address: '10.1.0.5' },
          shop_front: { aliases: ['shop-web-1', 'web', 'www'] },
        },
      ],
    },
    { name: 'network_mode host: no endpoints', service: 'image: nginx\nnetwork_mode: host', check: (s) => [s.host.networkMode, s.networks], expected: ['host', {}] },
    {
      name: 'labels: the service\'s and Compose\'s',
      service: 'image: nginx\nlabels: { team: shop }\ndepends_on: { db: { condition: service_healthy } }',
      extra: '  db:\n    image: postgres\n',
      check: (s) => {
        const { 'com.docker.compose.config-hash': hash, ...rest } = s.labels;
        return [rest, typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash)];
      },
      expected: [
        {
          'com.docker.compose.container-number': '1',
          'com.docker.compose.depends_on': 'db:service_healthy:false',
          'com.docker.compose.oneoff': 'False',
          'com.docker.compose.project': 'shop',
          'com.docker.compose.project.config_files': '/project/compose.yaml',
          'com.docker.compose.project.working_dir': '/project',
          'com.docker.compose.service': 'web',
          'com.docker.compose.version': '2.40.0',
          team: 'shop',
        },
        true,
      ],
    },
    { name: 'container_name names the container', service: 'image: nginx\ncontainer_name: the-web', check: (s) => [s.name, s.networks['shop_default']?.aliases], expected: ['the-web', ['the-web', 'web']] },
    { name: 'no image: the one build makes, <project>-<service>', service: 'build: .', check: (s) => s.image, expected: 'shop-web' },
    {
      name: 'process attributes as written',
      service: 'image: nginx\nuser: "1000:1000"\nworking_dir: /app\nhostname: h\ndomainname: d.example\ntty: true\nstdin_open: true\ninit: true\nprivileged: true\nread_only: true\ncap_add: [NET_ADMIN]\ncap_drop: [ALL]\ndns: [1.1.1.1]\nextra_hosts: ["b.example=10.0.0.2", "a.example=10.0.0.1"]\nsysctls: { net.core.somaxconn: "1024" }\ngroup_add: [audio]\nlogging: { driver: json-file, options: { max-size: 10m } }',
      check: (s) => [s.user, s.workingDir, s.hostname, s.domainname, s.tty, s.openStdin, s.host.init, s.host.privileged, s.host.readOnlyRootfs, s.host.capAdd, s.host.capDrop, s.host.dns, s.host.extraHosts, s.host.sysctls, s.host.groupAdd, s.host.logConfig],
      expected: ['1000:1000', '/app', 'h', 'd.example', true, true, true, true, true, ['NET_ADMIN'], ['ALL'], ['1.1.1.1'], ['a.example:10.0.0.1', 'b.example:10.0.0.2'], { 'net.core.somaxconn': '1024' }, ['audio'], { type: 'json-file', config: { 'max-size': '10m' } }],
    },
  ];
  for (const entry of cases) {
    test(entry.name, async () => {
      const { spec } = await specOf(entry.service, entry.extra === undefined ? {} : { extra: entry.extra, files: {} });
      assert.deepEqual(entry.check(spec), entry.expected);
    });
  }

  test('attributes the engine cannot carry are named in warnings, never dropped silently', async () => {
    const { warnings } = await specOf('image: nginx\ngpus: all\nruntime: runc\ndeploy: { placement: { constraints: ["node.role==manager"] } }\nlinks: ["db:database"]', {
      extra: '  db:\n    image: postgres\n',
    });
    assert.deepEqual(warnings, [
      'services.web.gpus is not supported and is ignored',
      'services.web.runtime is not supported and is ignored',
      'services.web.links (alias database for db) is not supported and is ignored',
      'services.web.deploy.placement is not supported and is ignored',
    ]);
  });

  test('a one-off: run name, oneoff and slug labels, no container number, no published ports or service aliases', async () => {
    const slug = 'ab'.repeat(32);
    const { spec } = await specOf('image: nginx\nports: ["8080:80"]', { context: { oneOff: { slug } } });
    assert.equal(spec.name, 'shop-web-run-abababababab');
    assert.equal(spec.labels['com.docker.compose.oneoff'], 'True');
    assert.equal(spec.labels['com.docker.compose.slug'], slug);
    assert.equal(spec.labels['com.docker.compose.container-number'], undefined);
    assert.deepEqual(spec.host.portBindings, []);
    assert.deepEqual(spec.networks['shop_default']?.aliases, ['shop-web-run-abababababab']);
  });

  test('service: references resolve to container IDs, or stay pending on a create step', async () => {
    const compose = 'name: shop\nservices:\n  app:\n    image: nginx\n  web:\n    image: nginx\n    network_mode: "service:app"\n    ipc: "service:app"\n    volumes_from: ["app:ro", "container:other"]\n';
    const { project } = await loadInline(compose);
    const known = containerSpecFor(project, 'web', 1, { ...CONTEXT, resolveContainer: () => ({ id: 'abc', name: 'shop-app-1' }) });
    assert.deepEqual([known.host.networkMode, known.host.ipcMode, known.host.volumesFrom], ['container:abc', 'container:abc', ['abc:ro', 'other']]);
    const pending = buildContainerSpec(project, 'web', 1, { ...CONTEXT, resolveContainer: () => ({ step: 4, name: 'shop-app-1' }) });
    assert.deepEqual(
      pending.references.map((reference) => [reference.field, reference.index, reference.suffix]),
      [
        ['networkMode', undefined, ''],
        ['volumesFrom', 0, ':ro'],
        ['ipcMode', undefined, ''],
      ],
    );
    assert.throws(() => containerSpecFor(project, 'web', 1, { ...CONTEXT, resolveContainer: () => ({ step: 4, name: 'shop-app-1' }) }), /does not exist yet/);
  });

  test('the config-hash label is the hash of the spec itself', async () => {
    const { spec } = await specOf('image: nginx\nenvironment: { A: "1" }');
    assert.equal(spec.labels['com.docker.compose.config-hash'], configHash(spec));
  });

  test('healthcheck.start_interval without start_period is refused', async () => {
    await assert.rejects(specOf('image: nginx\nhealthcheck: { test: "true", start_interval: 1s }'), /start_interval requires start_period/);
  });
});
