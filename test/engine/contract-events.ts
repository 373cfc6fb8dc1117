import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EngineEvent } from '../../src/engine/index.js';
import { type Contract, collect } from './fixtures.js';

export function eventContract(contract: Contract): void {
  describe('events', () => {
    test('start, die with the exit code, destroy — only for the labels asked for', async () => {
      const engine = contract.engine;
      const labels = { ...contract.labels, 'berth.test.kind': contract.name('events') };
      const controller = new AbortController();
      const events = collect(engine.events.stream({ labels, signal: controller.signal }), {
        timeoutMs: 20_000,
        stop: (items) => items.some((event) => event.action === 'destroy'),
      });
      // Another container without the label: its events must not show up.
      const other = await engine.containers.create(contract.spec({ command: ['true'] }));
      const id = await engine.containers.create(contract.spec({ labels, command: ['sh', '-c', 'exit 3'] }));
      await engine.containers.start(other);
      await engine.containers.start(id);
      await engine.containers.wait(id);
      await engine.containers.remove(id);
      const seen = await events;
      controller.abort();
      assert.ok(seen.every((event) => event.id === id), `events of other objects: ${JSON.stringify(seen)}`);
      const actions = seen.map((event) => event.action);
      for (const action of ['create', 'start', 'die', 'destroy'] as const) assert.ok(actions.includes(action), `actions ${actions.join(',')}`);
      assert.ok(actions.indexOf('start') < actions.indexOf('die') && actions.indexOf('die') < actions.indexOf('destroy'));
      const die = seen.find((event): event is Extract<EngineEvent, { action: 'die' }> => event.action === 'die');
      assert.equal(die?.exitCode, 3);
      assert.equal(die.labels['berth.test.kind'], labels['berth.test.kind']);
      assert.equal(die.type, 'container');
      await engine.containers.remove(other, { force: true });
    });

    test('health_status healthy for a container with a fast healthcheck', async () => {
      const engine = contract.engine;
      const labels = { ...contract.labels, 'berth.test.kind': contract.name('health') };
      const controller = new AbortController();
      const events = collect(engine.events.stream({ labels, signal: controller.signal }), {
        timeoutMs: 20_000,
        stop: (items) => items.some((event) => event.action === 'health_status'),
      });
      const id = await engine.containers.create(
        contract.spec({ labels, healthcheck: { test: ['CMD-SHELL', 'test -d /tmp'], intervalNs: 100_000_000, timeoutNs: 2_000_000_000, retries: 3 } }),
      );
      await engine.containers.start(id);
      const seen = await events;
      controller.abort();
      const health = seen.find((event): event is Extract<EngineEvent, { action: 'health_status' }> => event.action === 'health_status');
      assert.equal(health?.health, 'healthy');
      assert.equal(health.id, id);
      assert.equal((await engine.containers.inspect(id))?.health, 'healthy');
      await engine.containers.remove(id, { force: true });
    });

    test('aborting the stream ends the iteration', async () => {
      const controller = new AbortController();
      const done = collect(contract.engine.events.stream({ labels: contract.labels, signal: controller.signal }), { timeoutMs: 10_000 });
      controller.abort();
      assert.deepEqual(await done, []);
    });
  });
}
