import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeStats } from './containers.js';
import { fromContainerInspect, fromContainerSummary, fromImageInspect, labelFilters } from './from-docker.js';

test('a container summary: name without slash, RFC 3339 creation, only published ports', () => {
  const summary = fromContainerSummary({
    Id: 'c1',
    Names: ['/demo-web-1'],
    Image: 'nginx',
    ImageID: 'sha256:1',
    Labels: null,
    State: 'running',
    Status: 'Up 2 seconds',
    Created: 1700000000,
    Ports: [
      { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
      { PrivatePort: 443, Type: 'tcp' },
    ],
    NetworkSettings: { Networks: { demo_default: { IPAddress: '172.18.0.2' } } },
  });
  assert.equal(summary.name, 'demo-web-1');
  assert.equal(summary.createdAt, '2023-11-14T22:13:20.000Z');
  assert.deepEqual(summary.ports, [{ containerPort: '80/tcp', hostIp: '0.0.0.0', hostPort: 8080 }]);
  assert.deepEqual(summary.networks, { demo_default: '172.18.0.2' });
  assert.deepEqual(summary.labels, {});
});

test('an inspected container: health, restart policy, status text and healthcheck presence', () => {
  const info = fromContainerInspect({
    Id: 'c1',
    Name: '/demo-db-1',
    Image: 'sha256:2',
    State: { Status: 'running', Pid: 42, ExitCode: 0, Health: { Status: 'healthy', Log: [{ ExitCode: 0, Output: 'ok', End: 't' }] } },
    Config: { Image: 'postgres:16', Env: ['A=1'], Tty: false, StopSignal: 'SIGINT', Healthcheck: { Test: ['CMD', 'pg_isready'] } },
    HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 } },
    NetworkSettings: { Ports: { '5432/tcp': [{ HostIp: '127.0.0.1', HostPort: '15432' }], '9999/tcp': null } },
  });
  assert.equal(info.name, 'demo-db-1');
  assert.equal(info.image, 'postgres:16');
  assert.equal(info.status, 'Up (healthy)');
  assert.deepEqual(info.spec.restartPolicy, { name: 'on-failure', maximumRetryCount: 3 });
  assert.equal(info.spec.stopSignal, 'SIGINT');
  assert.equal(info.spec.hasHealthcheck, true);
  assert.deepEqual(info.ports, [{ containerPort: '5432/tcp', hostIp: '127.0.0.1', hostPort: 15432 }]);
  assert.equal(fromContainerInspect({ Id: 'x', Config: { Healthcheck: { Test: ['NONE'] } } }).spec.hasHealthcheck, false);
  assert.equal(fromContainerInspect({ Id: 'x', State: { Status: 'exited', ExitCode: 2 } }).status, 'Exited (2)');
});

test('an image without Cmd or Entrypoint keeps them null', () => {
  const image = fromImageInspect({ Id: 'sha256:3', RepoTags: ['<none>:<none>'], Config: { Cmd: null, Env: null, ExposedPorts: { '80/tcp': {}, '443/tcp': {} } } });
  assert.equal(image.config.command, null);
  assert.equal(image.config.entrypoint, null);
  assert.deepEqual(image.repoTags, []);
  assert.deepEqual(image.config.exposedPorts, ['443/tcp', '80/tcp']);
});

test('label filters: key=value, or the key alone for an empty value', () => {
  assert.deepEqual(labelFilters({ a: '1', b: '' }), { label: ['a=1', 'b'] });
  assert.deepEqual(labelFilters(undefined), {});
});

test('stats: CPU share across CPUs and memory without the page cache', () => {
  assert.deepEqual(
    summarizeStats({
      cpu_stats: { cpu_usage: { total_usage: 3_000 }, system_cpu_usage: 20_000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 1_000 }, system_cpu_usage: 10_000 },
      memory_stats: { usage: 10_000, limit: 65_536, stats: { total_inactive_file: 4_000 } },
      pids_stats: { current: 3 },
    }),
    { cpuPercent: 40, memoryBytes: 6_000, memoryLimitBytes: 65_536, pids: 3 },
  );
  assert.equal(summarizeStats({}).cpuPercent, 0);
});
