import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completedSuccessfully, healthy, readyOrCompletedJob, type ContainerCondition } from '../../src/apply/container-conditions.js';
import type { ContainerInfo, ContainerState, HealthStatus, RestartPolicy } from '../../src/engine/index.js';

function info(state: ContainerState, options: { health?: HealthStatus; hasHealthcheck?: boolean; exitCode?: number; restart?: RestartPolicy['name'] } = {}): ContainerInfo {
  return {
    id: 'id',
    name: 'shop-db-1',
    image: 'img',
    imageId: 'sha256:0',
    labels: {},
    state,
    status: state,
    createdAt: '2024-01-01T00:00:00Z',
    ports: [],
    networks: {},
    health: options.health ?? 'none',
    healthLog: [],
    exitCode: options.exitCode ?? 0,
    oomKilled: false,
    pid: 0,
    startedAt: '2024-01-01T00:00:00Z',
    finishedAt: '2024-01-01T00:00:00Z',
    restartCount: 0,
    mounts: [],
    spec: { env: [], tty: false, restartPolicy: options.restart === 'on-failure' ? { name: 'on-failure', maximumRetryCount: 0 } : { name: options.restart ?? 'no' }, hasHealthcheck: options.hasHealthcheck ?? false },
  };
}

const rows: [string, ContainerCondition, ContainerInfo | undefined, string][] = [
  ['healthy: healthy', healthy, info('running', { health: 'healthy', hasHealthcheck: true }), 'satisfied healthy'],
  ['healthy: starting', healthy, info('running', { health: 'starting', hasHealthcheck: true }), 'pending'],
  ['healthy: created, no probe yet', healthy, info('created', { hasHealthcheck: true }), 'pending'],
  ['healthy: unhealthy', healthy, info('running', { health: 'unhealthy', hasHealthcheck: true }), 'failed container shop-db-1 is unhealthy'],
  ['healthy: exited', healthy, info('exited', { exitCode: 137, hasHealthcheck: true }), 'failed container shop-db-1 exited (137)'],
  ['healthy: no healthcheck', healthy, info('running'), 'failed container shop-db-1 has no healthcheck configured'],
  ['healthy: removed', healthy, undefined, 'failed container shop-db-1 was removed'],
  ['completed: running', completedSuccessfully, info('running'), 'pending'],
  ['completed: exit 0', completedSuccessfully, info('exited'), 'satisfied exited'],
  ['completed: dead with 1', completedSuccessfully, info('dead', { exitCode: 1 }), 'failed exit 1'],
  ['ready: running without healthcheck', readyOrCompletedJob, info('running'), 'satisfied running'],
  ['ready: restarting', readyOrCompletedJob, info('restarting'), 'pending'],
  ['ready: starting healthcheck', readyOrCompletedJob, info('running', { health: 'starting', hasHealthcheck: true }), 'pending'],
  ['ready: job done, restart no', readyOrCompletedJob, info('exited', { hasHealthcheck: true }), 'satisfied exited'],
  ['ready: exit 0 but restart always', readyOrCompletedJob, info('exited', { restart: 'always' }), 'failed container shop-db-1 exited (0)'],
  ['ready: exit 2', readyOrCompletedJob, info('exited', { exitCode: 2 }), 'failed container shop-db-1 exited (2)'],
];

test('container conditions, one inspect at a time', () => {
  for (const [name, condition, input, expected] of rows) {
    const verdict = condition(input, 'shop-db-1');
    const text = verdict.kind === 'satisfied' ? `satisfied ${verdict.status}` : verdict.kind === 'failed' ? `failed ${verdict.reason}` : 'pending';
    assert.equal(text, expected, name);
  }
});
