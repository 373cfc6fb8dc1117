import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyPlan, ApplyError, type ApplyEvent } from '../../src/apply/index.js';
import { EngineError } from '../../src/engine/index.js';
import { REPLACE_LABEL } from '../../src/plan/labels.js';
import { FakeEngine } from './fake-engine.js';
import { containerSpec, createAndStart, createOp, HEALTHCHECK, needs, plan, PROJECT, ref, startOp, step } from './plan-builder.js';

/** Lets the fake engine and the apply loop run until `predicate` holds (bounded; no wall-clock sleep). */
async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 10_000; turn++) {
    if (predicate()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.fail(`never happened: ${what}`);
}

function indexOf(calls: readonly string[], call: string): number {
  const index = calls.indexOf(call);
  assert.notEqual(index, -1, `${call} was not called; calls: ${calls.join(', ')}`);
  return index;
}

const network = (id: number) => step(id, { kind: 'create-network', network: 'default', spec: { name: `${PROJECT}_default`, driver: 'bridge', driverOptions: {}, labels: {}, internal: false, attachable: false, enableIpv6: false } });

describe('applyPlan: ordering and parallelism', () => {
  test('each step runs after the steps it comes after', async () => {
    const engine = new FakeEngine();
    const result = await applyPlan(plan(network(1), ...createAndStart(2, 'db', { after: [1] }), ...createAndStart(4, 'web', { after: [1, 3] })), engine);
    const calls = engine.calls;
    assert.ok(indexOf(calls, 'create-network shop_default') < indexOf(calls, 'create shop-db-1'));
    assert.ok(indexOf(calls, 'create shop-db-1') < indexOf(calls, 'start shop-db-1'));
    assert.ok(indexOf(calls, 'start shop-db-1') < indexOf(calls, 'create shop-web-1'));
    assert.ok(indexOf(calls, 'create shop-web-1') < indexOf(calls, 'start shop-web-1'));
    assert.deepEqual([...result.completedSteps].sort(), [1, 2, 3, 4, 5]);
    assert.equal(engine.byName('shop-web-1').state, 'running');
  });

  test('independent steps run at the same time when there is no limit', async () => {
    const engine = new FakeEngine();
    await applyPlan(plan(...['a', 'b', 'c', 'd'].map((service, index) => step(index + 1, createOp(service)))), engine);
    assert.equal(engine.maxInFlight, 4);
  });

  for (const parallel of [1, 2, 3]) {
    test(`parallel: ${parallel} keeps at most ${parallel} engine calls in flight`, async () => {
      const engine = new FakeEngine();
      await applyPlan(plan(...['a', 'b', 'c', 'd', 'e', 'f'].map((service, index) => step(index + 1, createOp(service)))), engine, { parallel });
      assert.equal(engine.maxInFlight, parallel);
      assert.equal(engine.containerStore.size, 6);
    });
  }

  test('a start waiting for a dependency holds no parallel slot', async () => {
    const engine = new FakeEngine();
    // With one slot, web's start (listed first) must not block db's steps.
    const steps = [step(1, createOp('web')), step(2, startOp('web', ref(1, 'web'), [needs('db', 'service_started')]), [1]), ...createAndStart(3, 'db')];
    await applyPlan(plan(...steps), engine, { parallel: 1 });
    assert.ok(indexOf(engine.calls, 'start shop-db-1') < indexOf(engine.calls, 'start shop-web-1'));
  });

  test('a parallel limit below 1 is refused', async () => {
    await assert.rejects(applyPlan(plan(step(1, createOp('a'))), new FakeEngine(), { parallel: 0 }), { code: 'invalid_argument' });
  });
});

describe('applyPlan: container references', () => {
  test('a { step } reference resolves to the ID the create step got', async () => {
    const engine = new FakeEngine();
    const oldId = engine.addContainer(containerSpec('web'), 'running');
    const recreate = plan(
      step(1, createOp('web', 1, { name: `${oldId.slice(0, 12)}_shop-web-1`, labels: { ...containerSpec('web').labels, [REPLACE_LABEL]: 'web-1' } })),
      step(2, { kind: 'stop-container', service: 'web', container: { id: oldId, name: 'shop-web-1' } }, [1]),
      step(3, { kind: 'remove-container', service: 'web', container: { id: oldId, name: 'shop-web-1' }, removeVolumes: false }, [2]),
      step(4, { kind: 'rename-container', service: 'web', container: { step: 1, name: `${oldId.slice(0, 12)}_shop-web-1` }, to: 'shop-web-1' }, [3]),
      step(5, startOp('web', { step: 1, name: 'shop-web-1' }), [4]),
    );
    const events: ApplyEvent[] = [];
    const result = await applyPlan(recreate, engine, { onEvent: (event) => events.push(event) });
    const newId = result.containerIds.get(1);
    assert.ok(newId !== undefined && newId !== oldId);
    assert.equal(engine.containerStore.has(oldId), false);
    const renamed = engine.byName('shop-web-1');
    assert.equal(renamed.id, newId);
    assert.equal(renamed.state, 'running');
    assert.deepEqual(
      events.filter((event) => event.type === 'step-done').map((event) => `${event.step} ${event.action} ${event.name}`),
      ['1 recreate shop-web-1', '2 stop shop-web-1', '3 remove shop-web-1', '4 rename shop-web-1', '5 start shop-web-1'],
    );
  });

  test('the steps of one recreate show as one Recreate → Recreated of the container, as Compose prints it', async () => {
    const engine = new FakeEngine();
    const oldId = engine.addContainer(containerSpec('web'), 'running');
    const temporary = `${oldId.slice(0, 12)}_shop-web-1`;
    const grouped = (id: number, operation: Parameters<typeof step>[1], after: number[] = []) => ({ ...step(id, operation, after), recreates: 'shop-web-1' });
    const recreate = plan(
      grouped(1, createOp('web', 1, { name: temporary, labels: { ...containerSpec('web').labels, [REPLACE_LABEL]: 'web-1' } })),
      grouped(2, { kind: 'stop-container', service: 'web', container: { id: oldId, name: 'shop-web-1' } }, [1]),
      grouped(3, { kind: 'remove-container', service: 'web', container: { id: oldId, name: 'shop-web-1' }, removeVolumes: false }, [2]),
      grouped(4, { kind: 'rename-container', service: 'web', container: { step: 1, name: temporary }, to: 'shop-web-1' }, [3]),
      step(5, startOp('web', { step: 1, name: 'shop-web-1' }), [4]),
    );
    const events: ApplyEvent[] = [];
    await applyPlan(recreate, engine, { onEvent: (event) => events.push(event) });
    assert.deepEqual(
      events.map((event) => `${event.type} ${'action' in event ? event.action : ''} ${'name' in event ? event.name : ''}`),
      ['step-started recreate shop-web-1', 'step-done recreate shop-web-1', 'step-started start shop-web-1', 'step-done start shop-web-1'],
    );
  });

  test('spec references become the IDs of containers created earlier in the plan, and the hash follows', async () => {
    const engine = new FakeEngine();
    const sidecar = {
      kind: 'create-container' as const,
      service: 'sidecar',
      number: 1,
      spec: containerSpec('sidecar', 1, { host: { ...containerSpec('sidecar').host, networkMode: 'container:pending' } }),
      references: [{ field: 'networkMode' as const, suffix: '', container: ref(1, 'db') }],
    };
    const result = await applyPlan(plan(step(1, createOp('db')), step(2, sidecar, [1])), engine);
    const created = engine.byName('shop-sidecar-1').spec;
    assert.equal(created.host.networkMode, `container:${result.containerIds.get(1)}`);
    assert.ok(created.labels['com.docker.compose.config-hash'], 'the config hash is set from the resolved spec');
  });

  test('a recreated container inherits its predecessor\'s anonymous volumes', async () => {
    const engine = new FakeEngine();
    const anonymous = 'a'.repeat(64);
    const oldId = engine.addContainer(containerSpec('db'), 'running');
    engine.containerStore.get(oldId)!.mounts = [
      { type: 'volume', name: anonymous, source: '', target: '/data' },
      { type: 'volume', name: 'b'.repeat(64), source: '', target: '/image-volume' },
      { type: 'volume', name: 'shop_named', source: '', target: '/named-elsewhere' },
    ];
    const spec = { host: { ...containerSpec('db').host, mounts: [{ type: 'volume' as const, source: '', target: '/data', readOnly: false }] }, name: 'tmp_shop-db-1' };
    await applyPlan(plan(step(1, createOp('db', 1, spec, { id: oldId, name: 'shop-db-1' }))), engine);
    assert.deepEqual(
      engine.byName('tmp_shop-db-1').spec.host.mounts.map((mount) => `${mount.source}:${mount.target}`),
      [`${anonymous}:/data`, `${'b'.repeat(64)}:/image-volume`],
    );
  });

  test('an invalid plan fails before any engine call', async (t) => {
    const cases = [
      { name: 'after a missing step', steps: [step(1, createOp('a'), [7])], message: /step 1 comes after step 7, which does not exist/ },
      { name: 'a cycle', steps: [step(1, createOp('a'), [2]), step(2, createOp('b'), [1])], message: /cycle/ },
      { name: 'a reference to a step it does not follow', steps: [step(1, createOp('a')), step(2, startOp('a', ref(1, 'a')))], message: /without coming after it/ },
      { name: 'a reference to a step that creates no container', steps: [network(1), step(2, startOp('a', ref(1, 'a')), [1])], message: /does not create a container/ },
      { name: 'duplicate IDs', steps: [step(1, createOp('a')), step(1, createOp('b'))], message: /two steps have the ID 1/ },
    ];
    for (const testCase of cases) {
      await t.test(testCase.name, async () => {
        const engine = new FakeEngine();
        await assert.rejects(applyPlan(plan(...testCase.steps), engine), (error: unknown) => {
          assert.ok(error instanceof Error && 'code' in error && error.code === 'invalid_argument');
          assert.match(error.message, testCase.message);
          return true;
        });
        assert.deepEqual(engine.calls, []);
      });
    }
  });
});

describe('applyPlan: failures and cancellation', () => {
  test('the first failure stops new steps, lets running ones finish and is reported with the step', async () => {
    const engine = new FakeEngine();
    engine.failOn('create shop-a-1', new EngineError('conflict', 'The container name "/shop-a-1" is already in use'));
    const releaseB = engine.hold('create shop-b-1');
    const events: ApplyEvent[] = [];
    const applying = applyPlan(plan(step(1, createOp('a')), step(2, createOp('b')), step(3, startOp('a', ref(1, 'a')), [1]), step(4, startOp('b', ref(2, 'b')), [2])), engine, {
      onEvent: (event) => events.push(event),
    });
    await until(() => events.some((event) => event.type === 'step-failed'), 'step 1 fails');
    releaseB();
    await assert.rejects(applying, (error: unknown) => {
      assert.ok(error instanceof ApplyError);
      assert.equal(error.code, 'engine');
      assert.equal(error.step, 1);
      assert.match(error.message, /already in use/);
      assert.deepEqual(error.result.completedSteps, [2]);
      return true;
    });
    assert.equal(engine.byName('shop-b-1').state, 'created', 'b was created but not started after the failure');
    assert.ok(!engine.calls.includes('start shop-b-1'));
    assert.deepEqual(
      events.filter((event) => event.type === 'step-failed').map((event) => [event.step, event.name, event.action]),
      [[1, 'shop-a-1', 'create']],
    );
  });

  test('an abort rejects at once with cancelled and starts nothing more', async () => {
    const engine = new FakeEngine();
    const release = engine.hold('create shop-a-1');
    const controller = new AbortController();
    const applying = applyPlan(plan(...createAndStart(1, 'a')), engine, { signal: controller.signal });
    await until(() => engine.calls.includes('create shop-a-1'), 'create called');
    controller.abort();
    await assert.rejects(applying, (error: unknown) => error instanceof ApplyError && error.code === 'cancelled' && error.step === undefined);
    release();
    await until(() => engine.inFlight === 0, 'create finishes');
    assert.ok(!engine.calls.includes('start shop-a-1'));
  });

  test('an already aborted signal does nothing', async () => {
    const engine = new FakeEngine();
    await assert.rejects(applyPlan(plan(step(1, createOp('a'))), engine, { signal: AbortSignal.abort() }), { code: 'cancelled' });
    assert.deepEqual(engine.calls, []);
  });

  test('an abort ends a dependency wait', async () => {
    const engine = new FakeEngine();
    const controller = new AbortController();
    const applying = applyPlan(plan(...createAndStart(1, 'db', { spec: { healthcheck: HEALTHCHECK } }), ...createAndStart(3, 'web', { awaits: [needs('db', 'service_healthy')] })), engine, {
      signal: controller.signal,
    });
    await until(() => engine.subscriberCount() === 1, 'web waits on db');
    controller.abort();
    await assert.rejects(applying, { code: 'cancelled' });
    await until(() => engine.subscriberCount() === 0, 'the event stream is closed');
  });

  test('remove with removeVolumes also removes the anonymous volumes the container mounted by name', async () => {
    for (const removeVolumes of [true, false]) {
      const engine = new FakeEngine();
      const anonymous = 'c'.repeat(64);
      engine.volumeStore.set(anonymous, { name: anonymous, driver: 'local', labels: {}, mountpoint: '/x' });
      engine.volumeStore.set('shop_data', { name: 'shop_data', driver: 'local', labels: {}, mountpoint: '/y' });
      const id = engine.addContainer(containerSpec('web'), 'exited');
      engine.containerStore.get(id)!.mounts = [
        { type: 'volume', name: anonymous, source: '', target: '/cache' },
        { type: 'volume', name: 'shop_data', source: '', target: '/data' },
      ];
      await applyPlan(plan(step(1, { kind: 'remove-container', service: 'web', container: { id, name: 'shop-web-1' }, removeVolumes })), engine);
      assert.deepEqual([...engine.volumeStore.keys()].sort(), removeVolumes ? ['shop_data'] : [anonymous, 'shop_data'], `removeVolumes: ${removeVolumes}`);
    }
  });

  test('removing what is already gone succeeds; a network in use is left with a warning', async () => {
    const engine = new FakeEngine();
    engine.failOn('remove-network shop_back', new EngineError('conflict', 'network shop_back has active endpoints'));
    engine.networkStore.set('shop_back', { id: 'n1', name: 'shop_back', driver: 'bridge', labels: {}, internal: false, subnets: [], containers: [] });
    const result = await applyPlan(
      plan(
        step(1, { kind: 'stop-container', service: 'web', container: { id: 'gone', name: 'shop-web-1' } }),
        step(2, { kind: 'remove-container', service: 'web', container: { id: 'gone', name: 'shop-web-1' }, removeVolumes: true }, [1]),
        step(3, { kind: 'remove-network', network: 'back', name: 'shop_back' }, [2]),
        step(4, { kind: 'remove-volume', volume: 'data', name: 'shop_data' }, [2]),
      ),
      engine,
    );
    assert.deepEqual([...result.completedSteps].sort(), [1, 2, 3, 4]);
    assert.deepEqual(result.warnings, ['network shop_back is still in use and was left in place; remove it once nothing uses it']);
  });
});

describe('applyPlan: depends_on conditions', () => {
  const healthyDb = (first: number) => createAndStart(first, 'db', { spec: { healthcheck: HEALTHCHECK } });

  test('service_started waits for the dependency\'s start step', async () => {
    const engine = new FakeEngine();
    const release = engine.hold('start shop-db-1');
    const events: ApplyEvent[] = [];
    const applying = applyPlan(plan(...createAndStart(1, 'db'), ...createAndStart(3, 'web', { awaits: [needs('db', 'service_started')] })), engine, {
      onEvent: (event) => events.push(event),
    });
    await until(() => engine.calls.includes('start shop-db-1') && engine.calls.includes('create shop-web-1'), 'db starting, web created');
    await until(() => events.some((event) => event.type === 'step-waiting'), 'web waits');
    assert.ok(!engine.calls.includes('start shop-web-1'));
    release();
    await applying;
    assert.ok(indexOf(engine.calls, 'start shop-db-1') < indexOf(engine.calls, 'start shop-web-1'));
    assert.deepEqual(
      events.filter((event) => event.type === 'step-waiting').map((event) => [event.step, event.name, event.waitingFor]),
      [[4, 'shop-web-1', 'db to start']],
    );
  });

  test('service_healthy starts the dependent once a health_status event says healthy', async () => {
    const engine = new FakeEngine();
    engine.afterStart = (container, fake) => {
      if (container.name === 'shop-db-1') setImmediate(() => fake.setHealth('shop-db-1', 'healthy'));
    };
    await applyPlan(plan(...healthyDb(1), ...createAndStart(3, 'web', { awaits: [needs('db', 'service_healthy')] })), engine);
    assert.equal(engine.byName('shop-web-1').state, 'running');
    assert.ok(indexOf(engine.calls, 'start shop-db-1') < indexOf(engine.calls, 'start shop-web-1'));
    assert.equal(engine.subscriberCount(), 0, 'the event stream was closed');
  });

  test('a dependency that is already healthy counts without any event', async () => {
    const engine = new FakeEngine();
    engine.addContainer(containerSpec('db', 1, { healthcheck: HEALTHCHECK }), 'running', 'healthy');
    let subscribed = false;
    engine.onSubscribe = () => (subscribed = true);
    await applyPlan(plan(...createAndStart(1, 'web', { awaits: [needs('db', 'service_healthy')] })), engine);
    assert.equal(engine.byName('shop-web-1').state, 'running');
    assert.equal(subscribed, false, 'no event stream was needed');
  });

  test('a change between the first inspect and the subscription is replayed, not lost', async () => {
    const engine = new FakeEngine();
    engine.addContainer(containerSpec('db', 1, { healthcheck: HEALTHCHECK }), 'running', 'starting');
    engine.onSubscribe = () => {
      engine.onSubscribe = undefined;
      engine.setHealth('shop-db-1', 'healthy');
    };
    await applyPlan(plan(...createAndStart(1, 'web', { awaits: [needs('db', 'service_healthy')] })), engine);
    assert.equal(engine.byName('shop-web-1').state, 'running');
  });

  test('one-off containers of the dependency are not waited for', async () => {
    const engine = new FakeEngine();
    engine.addContainer(containerSpec('db', 1, { healthcheck: HEALTHCHECK }), 'running', 'healthy');
    engine.addContainer(containerSpec('db', 1, { name: 'shop-db-run-0123456789ab', labels: { ...containerSpec('db').labels, 'com.docker.compose.oneoff': 'True' } }), 'exited');
    await applyPlan(plan(...createAndStart(1, 'web', { awaits: [needs('db', 'service_healthy')] })), engine);
    assert.equal(engine.byName('shop-web-1').state, 'running');
  });

  const failures: { name: string; condition: 'service_healthy' | 'service_completed_successfully'; spec?: object; then: (engine: FakeEngine) => void; message: RegExp }[] = [
    { name: 'unhealthy', condition: 'service_healthy', spec: { healthcheck: HEALTHCHECK }, then: (e) => e.setHealth('shop-db-1', 'unhealthy'), message: /^dependency failed to start: container shop-db-1 is unhealthy \(web waits for db to be healthy\)/ },
    { name: 'exited while starting', condition: 'service_healthy', spec: { healthcheck: HEALTHCHECK }, then: (e) => e.exit('shop-db-1', 2), message: /^dependency failed to start: container shop-db-1 exited \(2\)/ },
    { name: 'no healthcheck', condition: 'service_healthy', then: () => {}, message: /^dependency failed to start: container shop-db-1 has no healthcheck configured/ },
    { name: 'non-zero exit', condition: 'service_completed_successfully', then: (e) => e.exit('shop-db-1', 3), message: /^service "db" didn't complete successfully: exit 3 \(web waits for db to complete successfully\)/ },
  ];
  for (const failure of failures) {
    test(`${failure.condition}: ${failure.name} fails with dependency_failed and never starts the dependent`, async () => {
      const engine = new FakeEngine();
      engine.afterStart = (container, fake) => {
        if (container.name === 'shop-db-1') setImmediate(() => failure.then(fake));
      };
      const events: ApplyEvent[] = [];
      await assert.rejects(
        applyPlan(plan(...createAndStart(1, 'db', { spec: failure.spec ?? {} }), ...createAndStart(3, 'web', { awaits: [needs('db', failure.condition)] })), engine, {
          onEvent: (event) => events.push(event),
        }),
        (error: unknown) => {
          assert.ok(error instanceof ApplyError, String(error));
          assert.equal(error.code, 'dependency_failed');
          assert.equal(error.step, 4);
          assert.match(error.message, failure.message);
          return true;
        },
      );
      assert.equal(engine.byName('shop-web-1').state, 'created');
      assert.deepEqual(events.filter((event) => event.type === 'step-failed').map((event) => event.name), ['shop-web-1']);
    });

    test(`${failure.condition}: ${failure.name} of an optional dependency is a warning`, async () => {
      const engine = new FakeEngine();
      engine.afterStart = (container, fake) => {
        if (container.name === 'shop-db-1') setImmediate(() => failure.then(fake));
      };
      const events: ApplyEvent[] = [];
      const result = await applyPlan(plan(...createAndStart(1, 'db', { spec: failure.spec ?? {} }), ...createAndStart(3, 'web', { awaits: [needs('db', failure.condition, false)] })), engine, {
        onEvent: (event) => events.push(event),
      });
      assert.equal(engine.byName('shop-web-1').state, 'running');
      assert.equal(result.warnings.length, 1);
      assert.match(result.warnings[0] ?? '', /^optional dependency "db": .*; web starts anyway$/);
      assert.ok(events.some((event) => event.type === 'warning'));
    });
  }

  test('service_completed_successfully: exit 0 lets the dependent start', async () => {
    const engine = new FakeEngine();
    engine.afterStart = (container, fake) => {
      if (container.name === 'shop-migrate-1') setImmediate(() => fake.exit('shop-migrate-1', 0));
    };
    await applyPlan(plan(...createAndStart(1, 'migrate'), ...createAndStart(3, 'web', { awaits: [needs('migrate', 'service_completed_successfully')] })), engine);
    assert.equal(engine.byName('shop-web-1').state, 'running');
    assert.ok(indexOf(engine.calls, 'start shop-migrate-1') < indexOf(engine.calls, 'start shop-web-1'));
  });

  test('service_completed_successfully: a job that already exited 0 counts at once', async () => {
    const engine = new FakeEngine();
    engine.addContainer(containerSpec('migrate'), 'exited');
    await applyPlan(plan(...createAndStart(1, 'web', { awaits: [needs('migrate', 'service_completed_successfully')] })), engine);
    assert.equal(engine.byName('shop-web-1').state, 'running');
  });

  test('waits for every condition of a step', async () => {
    const engine = new FakeEngine();
    engine.afterStart = (container, fake) => {
      if (container.name === 'shop-db-1') setImmediate(() => fake.setHealth('shop-db-1', 'healthy'));
      if (container.name === 'shop-migrate-1') setImmediate(() => fake.exit('shop-migrate-1', 0));
    };
    await applyPlan(
      plan(...healthyDb(1), ...createAndStart(3, 'migrate'), ...createAndStart(5, 'web', { awaits: [needs('db', 'service_healthy'), needs('migrate', 'service_completed_successfully')] })),
      engine,
    );
    const webStart = indexOf(engine.calls, 'start shop-web-1');
    assert.ok(indexOf(engine.calls, 'start shop-db-1') < webStart && indexOf(engine.calls, 'start shop-migrate-1') < webStart);
  });

  test('conditionTimeoutMs bounds the wait', async () => {
    const engine = new FakeEngine();
    await assert.rejects(
      applyPlan(plan(...healthyDb(1), ...createAndStart(3, 'web', { awaits: [needs('db', 'service_healthy')] })), engine, { conditionTimeoutMs: 30 }),
      (error: unknown) => {
        assert.ok(error instanceof ApplyError);
        assert.equal(error.code, 'dependency_failed');
        assert.match(error.message, /^timeout waiting for dependencies: web waited 0\.03s for db to be healthy/);
        return true;
      },
    );
    await until(() => engine.subscriberCount() === 0, 'the event stream is closed');
  });

  test('a missing required dependency fails; a missing optional one is a warning', async () => {
    await assert.rejects(applyPlan(plan(...createAndStart(1, 'web', { awaits: [needs('db', 'service_healthy')] })), new FakeEngine()), {
      code: 'dependency_failed',
      message: /^web is missing dependency db: it has no container/,
    });
    const engine = new FakeEngine();
    const result = await applyPlan(plan(...createAndStart(1, 'web', { awaits: [needs('db', 'service_healthy', false)] })), engine);
    assert.equal(engine.byName('shop-web-1').state, 'running');
    assert.deepEqual(result.warnings, ['web is missing dependency db (optional, so web starts anyway)']);
  });

  test('a failure elsewhere ends the waits of other steps', async () => {
    const engine = new FakeEngine();
    engine.failOn('create shop-other-1', new EngineError('invalid', 'bad spec'));
    const release = engine.hold('create shop-other-1');
    const applying = applyPlan(plan(...healthyDb(1), ...createAndStart(3, 'web', { awaits: [needs('db', 'service_healthy')] }), step(5, createOp('other'))), engine);
    await until(() => engine.subscriberCount() === 1, 'web waits on db');
    release();
    await assert.rejects(applying, { code: 'engine', message: 'bad spec' });
    await until(() => engine.subscriberCount() === 0, 'the wait was abandoned');
    assert.ok(!engine.calls.includes('start shop-web-1'));
  });
});
