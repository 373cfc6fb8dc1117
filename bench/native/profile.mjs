#!/usr/bin/env node
// Where one create + start spends its time inside berthd. berthd runs in
// this process (the build in dist/: run `npm run build` first; tsx is only
// for the test helper that checks for leftovers) with every child process,
// every fsync and the main steps of the container service and the runtime
// timed; the timeline of the median run is printed, steps in the order
// they began, with their offsets from the create request.
//
//   node --import tsx bench/native/profile.mjs [--runs 11]
//
// Needs root, runc, conmon and .cache/test-images/busybox.tar (scripts/test-images.sh).

import childProcess from 'node:child_process';
import fsPromises from 'node:fs/promises';

import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeClients, expectOk } from './engine-http.mjs';
import { median } from './stats.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 11) || 11;

/** The spans of the request being timed; undefined between requests. */
let spans;
const now = () => performance.now();
function span(name, started) {
  spans?.push({ name, startedMs: started, endedMs: now() });
}

// Child processes: execFile (runc, mount, umount) until its callback, spawn (conmon) until it returns.
const { execFile, spawn } = childProcess;
childProcess.execFile = function timedExecFile(file, argv, options, callback) {
  const started = now();
  const name = `exec ${file.split('/').pop()} ${(argv ?? []).filter((arg) => !arg.startsWith('/') && !arg.startsWith('--root') && !/^[0-9a-f]{64}$/.test(arg)).slice(0, 2).join(' ')}`;
  const done = typeof options === 'function' ? options : callback;
  const wrapped = (...results) => {
    span(name, started);
    done?.(...results);
  };
  return typeof options === 'function' ? execFile.call(this, file, argv, wrapped) : execFile.call(this, file, argv, options, wrapped);
};
childProcess.spawn = function timedSpawn(file, argv, options) {
  const started = now();
  const child = spawn.call(this, file, argv, options);
  span(`spawn ${file.split('/').pop()}`, started);
  return child;
};
// fs/promises calls: each is a round trip through libuv's thread pool.
for (const name of ['access', 'link', 'mkdir', 'open', 'readFile', 'rename', 'rm', 'rmdir', 'stat', 'writeFile']) {
  const original = fsPromises[name];
  fsPromises[name] = function timedFs(...callArgs) {
    const started = now();
    return original.apply(this, callArgs).finally(() => span(`fs ${name}`, started));
  };
}
syncBuiltinESMExports();
// fsync (the document store's durability): FileHandle is not exported, its prototype is reachable from an open handle.
const probe = await fsPromises.open('/dev/null', 'r');
const fileHandlePrototype = Object.getPrototypeOf(probe);
await probe.close();
const { sync } = fileHandlePrototype;
fileHandlePrototype.sync = function timedSync() {
  const started = now();
  return sync.call(this).finally(() => span('fsync', started));
};

const { startDaemon } = await import('../../dist/daemon/daemon.js');
const { ContainerService } = await import('../../dist/daemon/containers/service.js');
const { Runtime } = await import('../../dist/daemon/runtime/index.js');
const { DocumentStore } = await import('../../dist/daemon/state/documents.js');
const { ImageStore } = await import('../../dist/daemon/images/index.js');
const { leftovers } = await import('../../test/helpers/berthd.js');

function instrument(prototype, label, methods) {
  for (const method of methods) {
    const original = prototype[method];
    if (typeof original !== 'function') throw new Error(`profile: ${label}.${method} is not a method any more; update profile.mjs`);
    prototype[method] = function timed(...callArgs) {
      const started = now();
      const result = original.apply(this, callArgs);
      if (result instanceof Promise) return result.finally(() => span(`${label}.${method}`, started));
      span(`${label}.${method}`, started);
      return result;
    };
  }
}
instrument(ContainerService.prototype, 'containers', ['create', 'start', 'startNow', 'save']);
instrument(Runtime.prototype, 'runtime', ['create', 'remove']);
instrument(DocumentStore.prototype, 'documents', ['put']);
instrument(ImageStore.prototype, 'images', ['rootfs', 'inspect']);

const root = await fsPromises.mkdtemp(join(tmpdir(), 'berth-bench-profile-'));
const paths = { root, run: join(root, 'run'), socket: join(root, 'run', 'docker.sock'), config: join(root, 'engine.json') };
const daemon = await startDaemon(paths, 'profile');
const timelines = [];
let failure;
try {
  await expectOk(paths.socket, 'POST', '/images/load?quiet=1', { file: join(repoRoot, '.cache', 'test-images', 'busybox.tar') });
  for (let round = 0; round < runs + 2; round++) {
    spans = [];
    const started = now();
    const created = await expectOk(paths.socket, 'POST', `/containers/create?name=profile-${round}`, { Image: 'berth-test/busybox:latest', Cmd: ['sleep', '86400'], HostConfig: { NetworkMode: 'none' } });
    const createdAt = now();
    await expectOk(paths.socket, 'POST', `/containers/${created.Id}/start`);
    const totalMs = now() - started;
    const timeline = { totalMs, createMs: createdAt - started, spans: spans.map((s) => ({ ...s, startedMs: s.startedMs - started, endedMs: s.endedMs - started })) };
    spans = undefined;
    await expectOk(paths.socket, 'DELETE', `/containers/${created.Id}?force=1`);
    if (round >= 2) timelines.push(timeline);
  }
} catch (error) {
  failure = error;
} finally {
  closeClients();
  await daemon.close();
  const left = await leftovers(root);
  await fsPromises.rm(root, { recursive: true, force: true });
  if (left.length > 0) console.error(`profile: left behind: ${left.join(', ')}`);
}
if (failure !== undefined) throw failure;

const totals = timelines.map((timeline) => timeline.totalMs);
const middle = timelines.find((timeline) => timeline.totalMs === median(totals)) ?? timelines.sort((a, b) => a.totalMs - b.totalMs)[Math.floor(timelines.length / 2)];
console.log(`create + start, ${runs} runs: median ${median(totals).toFixed(1)} ms (samples ${totals.map((ms) => ms.toFixed(0)).join(' ')})`);
console.log(`timeline of the median run (${middle.totalMs.toFixed(1)} ms; create answered at ${middle.createMs.toFixed(1)} ms):`);
for (const entry of middle.spans.sort((a, b) => a.startedMs - b.startedMs)) {
  console.log(`  ${entry.startedMs.toFixed(1).padStart(7)} → ${entry.endedMs.toFixed(1).padStart(7)}  ${(entry.endedMs - entry.startedMs).toFixed(1).padStart(6)} ms  ${entry.name}`);
}
// Per step, the median over all runs.
const byName = new Map();
for (const timeline of timelines) {
  const perRun = new Map();
  for (const entry of timeline.spans) perRun.set(entry.name, (perRun.get(entry.name) ?? 0) + entry.endedMs - entry.startedMs);
  for (const [name, ms] of perRun) byName.set(name, [...(byName.get(name) ?? []), ms]);
}
console.log('per step, median over the runs (a step that runs twice counts both):');
for (const [name, values] of [...byName].sort((a, b) => median(b[1]) - median(a[1]))) console.log(`  ${median(values).toFixed(1).padStart(7)} ms  ${name}`);
