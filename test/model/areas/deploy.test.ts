import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertRefused, roundTrip, service } from './round-trip.js';

describe('deploy', () => {
  test('every attribute: durations as Go prints them, memory as bytes, cpus as numbers', async () => {
    await roundTrip(
      [
        'services:',
        '  web:',
        '    image: alpine',
        '    deploy:',
        '      mode: replicated',
        '      replicas: 6',
        '      endpoint_mode: vip',
        '      labels: [com.example=1]',
        '      update_config:',
        '        parallelism: 2',
        '        delay: 10s',
        '        failure_action: rollback',
        '        monitor: 60s',
        '        max_failure_ratio: 0.3',
        '        order: start-first',
        '      rollback_config:',
        '        parallelism: 1',
        '        delay: 0s',
        '        order: stop-first',
        '      resources:',
        '        limits:',
        "          cpus: '0.50'",
        '          memory: 50M',
        '          pids: 1',
        '        reservations:',
        '          cpus: 0.25',
        '          memory: 20M',
        '          devices:',
        '            - capabilities: [gpu]',
        '              driver: nvidia',
        '              count: all',
        '              options: {virtualization: false}',
        '            - capabilities: [gpu, utility]',
        '              device_ids: ["0", "3"]',
        '          generic_resources:',
        '            - discrete_resource_spec: {kind: gpu, value: 2}',
        '      restart_policy:',
        '        condition: on-failure',
        '        delay: 5s',
        '        max_attempts: 3',
        '        window: 120s',
        '      placement:',
        '        constraints: [node.role==manager]',
        '        preferences:',
        '          - spread: node.labels.zone',
        '        max_replicas_per_node: 1',
        '',
      ].join('\n'),
      (project) => {
        assert.deepEqual(service(project).deploy, {
          mode: 'replicated',
          replicas: 6,
          endpoint_mode: 'vip',
          labels: { 'com.example': '1' },
          update_config: { parallelism: 2, delay: '10s', failure_action: 'rollback', monitor: '1m0s', max_failure_ratio: 0.3, order: 'start-first' },
          rollback_config: { parallelism: 1, delay: '0s', order: 'stop-first' },
          resources: {
            limits: { cpus: 0.5, memory: '52428800', pids: 1 },
            reservations: {
              cpus: 0.25,
              memory: '20971520',
              devices: [
                { capabilities: ['gpu'], driver: 'nvidia', count: 'all', options: { virtualization: 'false' } },
                { capabilities: ['gpu', 'utility'], device_ids: ['0', '3'] },
              ],
              generic_resources: [{ discrete_resource_spec: { kind: 'gpu', value: 2 } }],
            },
          },
          restart_policy: { condition: 'on-failure', delay: '5s', max_attempts: 3, window: '2m0s' },
          placement: { constraints: ['node.role==manager'], preferences: [{ spread: 'node.labels.zone' }], max_replicas_per_node: 1 },
        });
      },
    );
  });

  test('replicas agreeing with scale', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    scale: 2\n    deploy:\n      replicas: 2\n', (project) => {
      assert.equal(service(project).scale, 2);
      assert.equal(service(project).deploy?.replicas, 2);
    });
  });

  test('mode global and replicas from a variable', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    deploy:\n      mode: global\n  many:\n    image: alpine\n    deploy:\n      replicas: ${N}\n', (project) => {
      assert.equal(service(project).deploy?.mode, 'global');
      assert.equal(service(project, 'many').deploy?.replicas, 3);
    }, { environment: { N: '3' } });
  });
});

describe('bad deploy values', () => {
  const cases: [name: string, body: string, code: 'invalid_schema' | 'invalid_project', message: RegExp, line: number][] = [
    ['memory as a bare number', 'deploy:\n      resources:\n        limits:\n          memory: 50', 'invalid_schema', /services\.web\.deploy\.resources\.limits\.memory must be a string/, 7],
    ['an unknown update order', 'deploy:\n      update_config:\n        order: random', 'invalid_schema', /services\.web\.deploy\.update_config\.order.*start-first, stop-first/, 6],
    ['negative replicas', 'deploy:\n      replicas: -2', 'invalid_project', /services\.web\.deploy\.replicas must be greater than or equal to 0/, 5],
    ['a device reservation without capabilities', 'deploy:\n      resources:\n        reservations:\n          devices:\n            - count: 1', 'invalid_schema', /services\.web\.deploy\.resources\.reservations\.devices\[0\].*capabilities/, 8],
    ['a restart delay without unit', 'deploy:\n      restart_policy:\n        delay: 5', 'invalid_schema', /services\.web\.deploy\.restart_policy\.delay/, 6],
    ['an unknown deploy attribute', 'deploy:\n      replica: 2', 'invalid_schema', /services\.web\.deploy.*replica/, 5],
  ];
  for (const [name, body, code, message, line] of cases) {
    test(name, async () => {
      await assertRefused(`services:\n  web:\n    image: alpine\n    ${body}\n`, { code, message, line });
    });
  }
});
