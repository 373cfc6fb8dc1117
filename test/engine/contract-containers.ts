import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { type Contract, eventually, readAll, rejectsWithKind } from './fixtures.js';
import { readTar, tarOf } from './tar.js';

/** A shell loop as PID 1: it ignores SIGTERM (no handler), so only SIGKILL ends it. */
const IGNORES_TERM = ['sh', '-c', 'while :; do sleep 0.1; done'];

export function containerContract(contract: Contract): void {
  describe('containers', () => {
    test('create with labels, env, mounts, ports and a healthcheck; start; inspect and list show it', async () => {
      const engine = contract.engine;
      const hostDirectory = await mkdtemp(join(tmpdir(), 'berth-contract-'));
      await writeFile(join(hostDirectory, 'from-host.txt'), 'hello from the host\n');
      const volume = contract.name('vol');
      const containerName = contract.name('full');
      // Publishing needs bridge networks; an engine without them checks everything else.
      const publishes = contract.capabilities.bridgeNetworks;
      try {
        const spec = contract.spec({
          name: containerName,
          labels: { ...contract.labels, 'berth.test.kind': 'full' },
          env: ['BERTH_A=1', 'BERTH_B=two words'],
          exposedPorts: ['80/tcp'],
          command: ['sh', '-c', 'cp /host/from-host.txt /host/copied.txt; echo ok > /data/x; exec sleep 300'],
          healthcheck: { test: ['CMD', 'true'], intervalNs: 200_000_000, retries: 3 },
          host: {
            mounts: [
              { type: 'bind', source: hostDirectory, target: '/host', readOnly: false },
              { type: 'volume', source: volume, target: '/data', readOnly: false },
              { type: 'tmpfs', source: '', target: '/scratch', readOnly: false, tmpfs: { sizeBytes: 1_048_576 } },
            ],
            portBindings: publishes ? [{ containerPort: '80/tcp', hostIp: '127.0.0.1', hostPort: '' }] : [],
          },
        });
        const id = await engine.containers.create(spec);
        // The engine makes the named volume for the mount; it carries no test label, so `finally` removes it.
        assert.ok(await engine.volumes.inspect(volume), 'the named volume was created with the container');
        await engine.containers.start(id);
        const info = await eventually('the container to be running and healthy', async () => {
          const current = await engine.containers.inspect(id);
          return current?.state === 'running' && current.health === 'healthy' ? current : undefined;
        });
        assert.equal(info.name, spec.name);
        assert.equal(info.labels['berth.test.kind'], 'full');
        assert.ok(info.spec.env.includes('BERTH_B=two words'));
        assert.equal(info.spec.hasHealthcheck, true);
        assert.deepEqual(info.spec.restartPolicy, { name: 'no' });
        assert.ok(info.pid > 0);
        const targets = info.mounts.map((mount) => mount.target);
        assert.ok(targets.includes('/data') && targets.includes('/host'), `mounts ${JSON.stringify(targets)}`);
        assert.equal(info.mounts.find((mount) => mount.target === '/data')?.name, volume);
        const port = info.ports.find((binding) => binding.containerPort === '80/tcp');
        if (publishes) {
          assert.ok(port && port.hostPort > 0, `ports ${JSON.stringify(info.ports)}`);
          assert.equal(port.hostIp, '127.0.0.1');
        }
        await eventually('the bind mount to be written through', async () =>
          (await readFile(join(hostDirectory, 'copied.txt'), 'utf8').catch(() => undefined)) === 'hello from the host\n' ? true : undefined,
        );
        const listed = await engine.containers.list({ labels: { ...contract.labels, 'berth.test.kind': 'full' } });
        assert.deepEqual(listed.map((container) => container.id), [id]);
        assert.equal(listed[0]?.state, 'running');
        assert.equal(listed[0]?.name, spec.name);
        if (publishes) assert.ok(listed[0]?.ports.some((binding) => binding.containerPort === '80/tcp' && binding.hostPort === port?.hostPort));
        await engine.containers.remove(id, { force: true });
        assert.equal(await engine.containers.inspect(id), undefined);
      } finally {
        // The volume carries no test label, so the suite's clean-up would miss it: the container must go first.
        await engine.containers.remove(containerName, { force: true }).catch(() => undefined);
        await engine.volumes.remove(volume, { force: true }).catch(() => undefined);
        await rm(hostDirectory, { recursive: true, force: true });
      }
    });

    test('list leaves out stopped containers unless asked for all', async () => {
      const engine = contract.engine;
      const kind = contract.name('kind');
      const id = await engine.containers.create(contract.spec({ labels: { ...contract.labels, 'berth.test.kind': kind } }));
      assert.deepEqual(await engine.containers.list({ labels: { 'berth.test.kind': kind } }), []);
      const all = await engine.containers.list({ labels: { 'berth.test.kind': kind }, all: true });
      assert.equal(all[0]?.id, id);
      assert.equal(all[0]?.state, 'created');
      await engine.containers.remove(id);
    });

    test('wait resolves the exit code', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec({ command: ['sh', '-c', 'exit 42'] }));
      await engine.containers.start(id);
      assert.equal(await engine.containers.wait(id), 42);
      const info = await engine.containers.inspect(id);
      assert.equal(info?.state, 'exited');
      assert.equal(info.exitCode, 42);
      await engine.containers.remove(id);
    });

    test('stop waits the timeout for a process that ignores SIGTERM, then kills it', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec({ command: IGNORES_TERM }));
      await engine.containers.start(id);
      const started = performance.now();
      await engine.containers.stop(id, { timeoutSeconds: 1 });
      const elapsedMs = performance.now() - started;
      assert.ok(elapsedMs >= 900 && elapsedMs < 8000, `stop took ${elapsedMs} ms`);
      assert.equal((await engine.containers.inspect(id))?.exitCode, 137);
      await engine.containers.remove(id);
    });

    test("stop sends the container's stop signal", async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(
        contract.spec({ stopSignal: 'SIGUSR1', command: ['sh', '-c', "trap 'exit 9' USR1; while :; do sleep 0.1; done"] }),
      );
      await engine.containers.start(id);
      const info = await engine.containers.inspect(id);
      assert.equal(info?.spec.stopSignal, 'SIGUSR1');
      const started = performance.now();
      await engine.containers.stop(id, { timeoutSeconds: 20 });
      assert.ok(performance.now() - started < 10_000, 'the trap ended it before the timeout');
      assert.equal((await engine.containers.inspect(id))?.exitCode, 9);
      await engine.containers.remove(id);
    });

    test('stop with an explicit signal sends that one', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec({ command: ['sh', '-c', "trap 'exit 11' USR2; while :; do sleep 0.1; done"] }));
      await engine.containers.start(id);
      await engine.containers.stop(id, { timeoutSeconds: 20, signal: 'SIGUSR2' });
      assert.equal((await engine.containers.inspect(id))?.exitCode, 11);
      await engine.containers.remove(id);
    });

    test('kill sends a signal; killing a stopped container is a conflict', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec({ command: IGNORES_TERM }));
      await engine.containers.start(id);
      const exited = engine.containers.wait(id, { condition: 'not-running' });
      await engine.containers.kill(id, 'SIGKILL');
      assert.equal(await exited, 137);
      await rejectsWithKind(() => engine.containers.kill(id), 'conflict');
      await engine.containers.remove(id);
    });

    test('restart runs the process again', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec({ command: IGNORES_TERM }));
      await engine.containers.start(id);
      const before = await engine.containers.inspect(id);
      await engine.containers.restart(id, { timeoutSeconds: 0 });
      const after = await engine.containers.inspect(id);
      assert.equal(after?.state, 'running');
      assert.notEqual(after.startedAt, before?.startedAt);
      await engine.containers.remove(id, { force: true });
    });

    test('rename: the new name finds it, the old one no longer does', async () => {
      const engine = contract.engine;
      const spec = contract.spec();
      const newName = contract.name('renamed');
      const id = await engine.containers.create(spec);
      await engine.containers.rename(id, newName);
      assert.equal((await engine.containers.inspect(newName))?.id, id);
      assert.equal((await engine.containers.inspect(id))?.name, newName);
      assert.equal(await engine.containers.inspect(spec.name), undefined);
      await engine.containers.remove(id);
    });

    test('pause and unpause', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec());
      await engine.containers.start(id);
      await engine.containers.pause(id);
      assert.equal((await engine.containers.inspect(id))?.state, 'paused');
      await engine.containers.unpause(id);
      assert.equal((await engine.containers.inspect(id))?.state, 'running');
      await engine.containers.remove(id, { force: true });
    });

    test('top lists the processes; stats reports memory and pids', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec({ host: { memoryBytes: 64 * 1024 * 1024 } }));
      await engine.containers.start(id);
      const top = await engine.containers.top(id);
      assert.ok(top.titles.length > 0);
      assert.ok(
        top.processes.some((row) => row.some((cell) => cell.includes('sleep'))),
        `processes ${JSON.stringify(top.processes)}`,
      );
      const stats = await engine.containers.stats(id);
      assert.ok(stats.memoryBytes > 0, `stats ${JSON.stringify(stats)}`);
      assert.equal(stats.memoryLimitBytes, 64 * 1024 * 1024);
      assert.ok(stats.pids >= 1);
      assert.ok(stats.cpuPercent >= 0);
      await engine.containers.remove(id, { force: true });
    });

    test('copyTo then copyFrom gives the same files back', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec());
      await engine.containers.start(id);
      const content = Buffer.from('copied in by the contract suite\n');
      await engine.containers.copyTo(id, '/tmp', Readable.from([tarOf([{ name: 'round-trip.txt', content, mode: 0o640 }])]));
      const archive = await readAll(await engine.containers.copyFrom(id, '/tmp/round-trip.txt'));
      const entries = readTar(archive);
      assert.equal(entries.length, 1, JSON.stringify(entries.map((entry) => entry.name)));
      assert.equal(entries[0]?.name, 'round-trip.txt');
      assert.deepEqual(entries[0]?.content, content);
      await rejectsWithKind(async () => readAll(await engine.containers.copyFrom(id, '/no/such/path')), 'not_found');
      await engine.containers.remove(id, { force: true });
    });

    test('remove of a running container needs force', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec());
      await engine.containers.start(id);
      await rejectsWithKind(() => engine.containers.remove(id), 'conflict');
      await engine.containers.remove(id, { force: true });
      assert.equal(await engine.containers.inspect(id), undefined);
    });

    test('a taken name is a conflict; a missing image is not_found; a missing container is not_found', async () => {
      const engine = contract.engine;
      const spec = contract.spec();
      const id = await engine.containers.create(spec);
      await rejectsWithKind(() => engine.containers.create(spec), 'conflict');
      await rejectsWithKind(() => engine.containers.create(contract.spec({ image: `berth-test/missing-${contract.name('img')}:latest` })), 'not_found');
      const missing = contract.name('missing');
      assert.equal(await engine.containers.inspect(missing), undefined);
      await rejectsWithKind(() => engine.containers.start(missing), 'not_found');
      await rejectsWithKind(() => engine.containers.remove(missing), 'not_found');
      await engine.containers.remove(id);
    });
  });
}
