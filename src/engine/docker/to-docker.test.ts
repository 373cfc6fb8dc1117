import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContainerSpec } from '../engine.js';
import { isEngineError } from '../errors.js';
import { toCreateRequest, toMounts, toPortBindings, toRestartPolicy } from './to-docker.js';

const base: ContainerSpec = {
  name: 'demo-web-1',
  image: 'nginx:1',
  labels: { 'com.docker.compose.project': 'demo' },
  entrypoint: null,
  command: null,
  env: ['A=1'],
  tty: false,
  openStdin: false,
  exposedPorts: ['80/tcp'],
  host: { mounts: [], portBindings: [], restartPolicy: { name: 'no' }, networkMode: 'demo_default' },
  networks: { demo_default: { aliases: ['web'] } },
};

function spec(overrides: Partial<ContainerSpec> = {}, host: Partial<ContainerSpec['host']> = {}): ContainerSpec {
  return { ...base, ...overrides, host: { ...base.host, ...host } };
}

describe('toCreateRequest', () => {
  test('the container config, host config and the first network', () => {
    const request = toCreateRequest(
      spec(
        { command: ['nginx', '-g', 'daemon off;'], stopSignal: 'SIGQUIT', stopTimeoutSeconds: 3, healthcheck: { test: ['CMD', 'true'], intervalNs: 1e9, retries: 2 } },
        { memoryBytes: 1024, init: true, restartPolicy: { name: 'on-failure', maximumRetryCount: 4 } },
      ),
      '1.41',
    );
    assert.equal(request.name, 'demo-web-1');
    assert.deepEqual(request.extraNetworks, []);
    const body = request.body;
    assert.equal(body['Image'], 'nginx:1');
    assert.deepEqual(body['Cmd'], ['nginx', '-g', 'daemon off;']);
    assert.equal('Entrypoint' in body, false, 'null leaves the image default');
    assert.deepEqual(body['ExposedPorts'], { '80/tcp': {} });
    assert.equal(body['StopSignal'], 'SIGQUIT');
    assert.equal(body['StopTimeout'], 3);
    assert.deepEqual(body['Healthcheck'], { Test: ['CMD', 'true'], Interval: 1e9, Retries: 2 });
    assert.deepEqual(body['HostConfig'], {
      Mounts: [],
      PortBindings: {},
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 4 },
      NetworkMode: 'demo_default',
      Init: true,
      Memory: 1024,
    });
    assert.deepEqual(body['NetworkingConfig'], { EndpointsConfig: { demo_default: { Aliases: ['web'] } } });
  });

  test('stdin: closed by default; open and attached for an interactive run, closing with the client\'s side when stdinOnce', () => {
    const stdio = (overrides: Partial<ContainerSpec>) => {
      const body = toCreateRequest(spec(overrides), '1.41').body;
      return [body['OpenStdin'], body['AttachStdin'], body['StdinOnce']];
    };
    assert.deepEqual(stdio({}), [false, false, false]);
    assert.deepEqual(stdio({ openStdin: true }), [true, true, false]);
    assert.deepEqual(stdio({ openStdin: true, stdinOnce: true }), [true, true, true]);
    assert.deepEqual(stdio({ stdinOnce: true }), [false, false, false], 'StdinOnce means nothing without an open stdin');
  });

  test('an empty entrypoint is sent as given (it clears the image default)', () => {
    assert.deepEqual(toCreateRequest(spec({ entrypoint: [] }), '1.41').body['Entrypoint'], []);
  });

  test('the network named by networkMode is attached at creation, the others after, in order', () => {
    const request = toCreateRequest(
      spec(
        {
          networks: {
            demo_back: { aliases: ['web'], ipv4Address: '10.0.0.5' },
            demo_front: { aliases: ['web', 'www'], macAddress: '02:42:ac:11:00:02' },
            demo_default: { aliases: [] },
          },
        },
        { networkMode: 'demo_front' },
      ),
      '1.41',
    );
    assert.deepEqual(request.body['NetworkingConfig'], {
      EndpointsConfig: { demo_front: { Aliases: ['web', 'www'], MacAddress: '02:42:ac:11:00:02' } },
    });
    assert.equal(request.body['MacAddress'], '02:42:ac:11:00:02', 'before API 1.44 the MAC lives in the container config');
    assert.deepEqual(request.extraNetworks, [
      { network: 'demo_back', endpoint: { Aliases: ['web'], IPAMConfig: { IPv4Address: '10.0.0.5' } } },
      { network: 'demo_default', endpoint: { Aliases: [] } },
    ]);
    assert.equal(toCreateRequest(spec({ networks: { demo_front: { aliases: [], macAddress: 'x' } } }, { networkMode: 'demo_front' }), '1.44').body['MacAddress'], undefined);
  });

  test('network_mode host or none attaches no network', () => {
    const request = toCreateRequest(spec({ networks: {} }, { networkMode: 'host' }), '1.41');
    assert.deepEqual(request.body['NetworkingConfig'], { EndpointsConfig: {} });
    assert.equal((request.body['HostConfig'] as Record<string, unknown>)['NetworkMode'], 'host');
  });

  test('a healthcheck start interval needs API 1.44', () => {
    const withStartInterval = spec({ healthcheck: { test: ['CMD', 'true'], startIntervalNs: 5e8 } });
    assert.throws(() => toCreateRequest(withStartInterval, '1.43'), (error: unknown) => isEngineError(error, 'unsupported') && /start_interval/.test(error.message));
    assert.deepEqual(toCreateRequest(withStartInterval, '1.44').body['Healthcheck'], { Test: ['CMD', 'true'], StartInterval: 5e8 });
  });

  test('a gateway priority needs API 1.48', () => {
    const withPriority = spec({ networks: { demo_default: { aliases: [], priority: 5 } } });
    assert.throws(() => toCreateRequest(withPriority, '1.47'), (error: unknown) => isEngineError(error, 'unsupported') && /gw_priority/.test(error.message));
    assert.deepEqual(toCreateRequest(withPriority, '1.48').body['NetworkingConfig'], { EndpointsConfig: { demo_default: { Aliases: [], GwPriority: 5 } } });
  });
});

describe('toMounts', () => {
  const cases: { name: string; apiVersion: string; mount: ContainerSpec['host']['mounts'][number]; mounts: unknown[]; binds: string[] }[] = [
    {
      name: 'a bind mount that must exist uses the Mounts API',
      apiVersion: '1.41',
      mount: { type: 'bind', source: '/srv', target: '/data', readOnly: true, bind: { createHostPath: false, propagation: 'rslave' } },
      mounts: [{ Type: 'bind', Target: '/data', ReadOnly: true, Source: '/srv', BindOptions: { Propagation: 'rslave' } }],
      binds: [],
    },
    {
      name: 'a bind mount that may create its host path goes through Binds before 1.44',
      apiVersion: '1.41',
      mount: { type: 'bind', source: '/srv', target: '/data', readOnly: false, bind: { createHostPath: true } },
      mounts: [],
      binds: ['/srv:/data:rw'],
    },
    {
      name: 'from 1.44 the Mounts API creates the mount point itself',
      apiVersion: '1.44',
      mount: { type: 'bind', source: '/srv', target: '/data', readOnly: true, bind: { createHostPath: true } },
      mounts: [{ Type: 'bind', Target: '/data', ReadOnly: true, Source: '/srv', BindOptions: { CreateMountpoint: true } }],
      binds: [],
    },
    {
      name: 'a named volume with nocopy',
      apiVersion: '1.41',
      mount: { type: 'volume', source: 'demo_data', target: '/var/lib/data', readOnly: false, volume: { noCopy: true } },
      mounts: [{ Type: 'volume', Target: '/var/lib/data', ReadOnly: false, Source: 'demo_data', VolumeOptions: { NoCopy: true } }],
      binds: [],
    },
    {
      name: 'an anonymous volume has an empty source',
      apiVersion: '1.41',
      mount: { type: 'volume', source: '', target: '/cache', readOnly: false },
      mounts: [{ Type: 'volume', Target: '/cache', ReadOnly: false, Source: '' }],
      binds: [],
    },
    {
      name: 'tmpfs with size and mode',
      apiVersion: '1.41',
      mount: { type: 'tmpfs', source: '', target: '/run', readOnly: false, tmpfs: { sizeBytes: 65536, mode: 0o1777 } },
      mounts: [{ Type: 'tmpfs', Target: '/run', ReadOnly: false, TmpfsOptions: { SizeBytes: 65536, Mode: 0o1777 } }],
      binds: [],
    },
    {
      name: 'a volume subpath from 1.45',
      apiVersion: '1.45',
      mount: { type: 'volume', source: 'v', target: '/x', readOnly: false, volume: { subpath: 'sub/dir' } },
      mounts: [{ Type: 'volume', Target: '/x', ReadOnly: false, Source: 'v', VolumeOptions: { Subpath: 'sub/dir' } }],
      binds: [],
    },
  ];
  for (const entry of cases) {
    test(entry.name, () => {
      assert.deepEqual(toMounts([entry.mount], entry.apiVersion, 'c'), { mounts: entry.mounts, binds: entry.binds });
    });
  }

  test('a volume subpath before 1.45 is unsupported, not silently dropped', () => {
    assert.throws(
      () => toMounts([{ type: 'volume', source: 'v', target: '/x', readOnly: false, volume: { subpath: 'sub' } }], '1.41', 'demo-web-1'),
      (error: unknown) => isEngineError(error, 'unsupported') && error.message.includes('demo-web-1'),
    );
  });
});

describe('small mappings', () => {
  test('port bindings group by container port', () => {
    assert.deepEqual(
      toPortBindings([
        { containerPort: '80/tcp', hostIp: '', hostPort: '8080' },
        { containerPort: '80/tcp', hostIp: '127.0.0.1', hostPort: '' },
        { containerPort: '53/udp', hostIp: '', hostPort: '5353-5360' },
      ]),
      {
        '80/tcp': [
          { HostIp: '', HostPort: '8080' },
          { HostIp: '127.0.0.1', HostPort: '' },
        ],
        '53/udp': [{ HostIp: '', HostPort: '5353-5360' }],
      },
    );
  });

  test('restart policies', () => {
    assert.deepEqual(toRestartPolicy({ name: 'no' }), { Name: 'no', MaximumRetryCount: 0 });
    assert.deepEqual(toRestartPolicy({ name: 'unless-stopped' }), { Name: 'unless-stopped', MaximumRetryCount: 0 });
    assert.deepEqual(toRestartPolicy({ name: 'on-failure', maximumRetryCount: 3 }), { Name: 'on-failure', MaximumRetryCount: 3 });
  });
});
