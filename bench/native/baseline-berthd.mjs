// A second berthd from another build (say, the commit before a change), in
// its own temp root, so a daemon change can be measured before/after in the
// same run: `run.mjs --baseline <entry>`, where <entry> is that build's
// dist/daemon/main.js (e.g. `git archive <commit> src tsconfig.json package.json
// schemas scripts | tar -x -C DIR`, link node_modules, `npx tsc -p DIR`).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leftovers } from '../../test/helpers/berthd.js';
import { call, expectOk } from './engine-http.mjs';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

/** Starts the berthd at `entry`; resolves once it answers `_ping`. */
export async function startBaselineBerthd(entry) {
  if (!existsSync(entry)) throw new Error(`--baseline ${entry}: no such file (give the other build's dist/daemon/main.js)`);
  const root = await mkdtemp(join(tmpdir(), 'berth-bench-baseline-'));
  const socket = join(root, 'run', 'docker.sock');
  let output = '';
  const child = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', BERTH_ROOT: root, HOME: root }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while ((await call(socket, 'GET', '/_ping', undefined, 500).catch(() => undefined))?.status !== 200) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(root, { recursive: true, force: true });
      throw new Error(`the baseline berthd (${entry}) did not answer within ${START_TIMEOUT_MS} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    root,
    socket,
    /** Removes its containers, stops it and its root; returns what was left on the host. */
    async stop() {
      const problems = [];
      const containers = await expectOk(socket, 'GET', '/containers/json?all=1').catch(() => []);
      for (const container of containers) await expectOk(socket, 'DELETE', `/containers/${container.Id}?force=1`).catch((error) => problems.push(error.message));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), STOP_TIMEOUT_MS))]);
      if (!stopped) {
        problems.push(`the baseline berthd did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM`);
        child.kill('SIGKILL');
      }
      problems.push(...(await leftovers(root)));
      await rm(root, { recursive: true, force: true });
      return problems;
    },
  };
}
