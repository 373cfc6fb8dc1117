import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitForServices, type ApplyEvent } from '../../src/apply/index.js';
import { BerthError } from '../../src/errors.js';
import { FakeEngine } from './fake-engine.js';
import { containerSpec, HEALTHCHECK } from './plan-builder.js';

const PROJECT = 'shop';

function rejectsWith(code: string, message: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof BerthError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  };
}

describe('waitForServices (up --wait)', () => {
  test('running containers without a healthcheck and healthy ones are ready', async () => {
    const engine = new FakeEngine();
    engine.addContainer(containerSpec('web'), 'running');
    engine.addContainer(containerSpec('db', 1, { healthcheck: HEALTHCHECK }), 'running', 'starting');
    const events: ApplyEvent[] = [];
    const waiting = waitForServices(engine, PROJECT, [{ service: 'web', condition: 'healthy_or_running' }, { service: 'db', condition: 'healthy_or_running' }], {
      onEvent: (event) => events.push(event),
      clock: () => 0,
    });
    setImmediate(() => setImmediate(() => setImmediate(() => engine.setHealth('shop-db-1', 'healthy'))));
    await waiting;
    assert.deepEqual(
      events.map((event) => `${event.type} ${'name' in event ? event.name : ''}`),
      ['step-waiting shop-web-1', 'step-waiting shop-db-1', 'step-done shop-web-1', 'step-done shop-db-1'],
    );
  });

  test('a container that is created but not yet running is waited for', async () => {
    const engine = new FakeEngine();
    const id = engine.addContainer(containerSpec('web'), 'created');
    const waiting = waitForServices(engine, PROJECT, [{ service: 'web', condition: 'healthy_or_running' }]);
    setImmediate(() => setImmediate(() => setImmediate(() => void engine.containers.start(id))));
    await waiting;
    assert.equal(engine.byName('shop-web-1').state, 'running');
  });

  test('a one-shot job that exited 0 with restart "no" counts as done (docker/compose#10596)', async () => {
    const engine = new FakeEngine();
    engine.addContainer(containerSpec('seed'), 'exited');
    await waitForServices(engine, PROJECT, [{ service: 'seed', condition: 'healthy_or_running' }]);
  });

  const failures = [
    {
      name: 'an exit 0 with a restart policy is a failure',
      spec: { host: { ...containerSpec('web').host, restartPolicy: { name: 'always' as const } } },
      condition: 'healthy_or_running' as const,
      act: (engine: FakeEngine) => engine.exit('shop-web-1', 0),
      code: 'container_exit',
      message: /^service "web" is not healthy: container shop-web-1 exited \(0\)\nlast 2 log lines of shop-web-1:\n {2}booting\n {2}bye$/,
    },
    {
      name: 'a non-zero exit fails with the last log lines',
      spec: {},
      condition: 'healthy_or_running' as const,
      act: (engine: FakeEngine) => engine.exit('shop-web-1', 1),
      code: 'container_exit',
      message: /^service "web" is not healthy: container shop-web-1 exited \(1\)\nlast 2 log lines/,
    },
    {
      name: 'unhealthy fails',
      spec: { healthcheck: HEALTHCHECK },
      condition: 'healthy_or_running' as const,
      act: (engine: FakeEngine) => engine.setHealth('shop-web-1', 'unhealthy'),
      code: 'dependency_failed',
      message: /^service "web" is not healthy: container shop-web-1 is unhealthy\n/,
    },
    {
      name: 'completed_successfully needs exit 0',
      spec: {},
      condition: 'completed_successfully' as const,
      act: (engine: FakeEngine) => engine.exit('shop-web-1', 4),
      code: 'container_exit',
      message: /^service "web" didn't complete successfully: exit 4\n/,
    },
  ];
  for (const failure of failures) {
    test(failure.name, async () => {
      const engine = new FakeEngine();
      engine.addContainer(containerSpec('web', 1, failure.spec), 'running', failure.spec.healthcheck ? 'starting' : 'none');
      engine.appendLogs('shop-web-1', 'booting', 'bye');
      const condition = failure.condition;
      if (condition === 'healthy_or_running' && !failure.spec.healthcheck) {
        // A running container without healthcheck is ready at once; make it exit before the first inspect.
        failure.act(engine);
        await assert.rejects(waitForServices(engine, PROJECT, [{ service: 'web', condition }]), rejectsWith(failure.code, failure.message));
        return;
      }
      const waiting = waitForServices(engine, PROJECT, [{ service: 'web', condition }]);
      setImmediate(() => setImmediate(() => setImmediate(() => failure.act(engine))));
      await assert.rejects(waiting, rejectsWith(failure.code, failure.message));
      assert.equal(engine.subscriberCount(), 0);
    });
  }

  test('a timeout names the services not ready and shows the logs', async () => {
    const engine = new FakeEngine();
    engine.addContainer(containerSpec('web'), 'running');
    engine.addContainer(containerSpec('db', 1, { healthcheck: HEALTHCHECK }), 'running', 'starting');
    engine.appendLogs('shop-db-1', 'waiting for disk');
    await assert.rejects(
      waitForServices(engine, PROJECT, [{ service: 'web', condition: 'healthy_or_running' }, { service: 'db', condition: 'healthy_or_running' }], { timeoutMs: 20 }),
      rejectsWith('dependency_failed', /^application not healthy after 0\.02s: db \(shop-db-1\) not ready yet; .*\nlast 1 log lines of shop-db-1:\n {2}waiting for disk$/s),
    );
  });

  test('a service without containers is an error, not a silent success', async () => {
    await assert.rejects(waitForServices(new FakeEngine(), PROJECT, [{ service: 'ghost', condition: 'healthy_or_running' }]), rejectsWith('dependency_failed', /service "ghost" has no container/));
  });

  test('an abort rejects with cancelled', async () => {
    const engine = new FakeEngine();
    engine.addContainer(containerSpec('db', 1, { healthcheck: HEALTHCHECK }), 'running', 'starting');
    const controller = new AbortController();
    const waiting = waitForServices(engine, PROJECT, [{ service: 'db', condition: 'healthy_or_running' }], { signal: controller.signal });
    setImmediate(() => setImmediate(() => setImmediate(() => controller.abort())));
    await assert.rejects(waiting, { code: 'cancelled' });
  });
});
