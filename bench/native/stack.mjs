// Target 3 of issue 4's Speed section, and its companions: a 10-service
// stack with `network_mode: none`, driven by whole `berth` processes (the
// shipped entry, bin/berth.cjs) on berthd and by docker-compose 1.29 on
// dockerd, the same compose file for both.
//
//   noop-up  a second `up -d` with nothing to change (berth: target < 200 ms)
//   cold-up  `up -d` when nothing of the project exists
//   down     `down` of the running stack
//
// After every timed command each engine's own API says what exists (the
// right number of running containers, the same IDs after a no-op, nothing
// after a down), so a tool that did less cannot look faster.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeText, COMPOSE_FILE } from '../up/generate.mjs';
import { expectOk } from './engine-http.mjs';
import { summarize } from './stats.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const BERTH_ENTRY = join(repoRoot, 'bin', 'berth.cjs');
export const COMPOSE_V1 = '/usr/bin/docker-compose';
const PROJECT_LABEL = 'com.docker.compose.project';
/** Every project this benchmark makes starts with this, so leftovers of an aborted run are recognisable. */
export const PROJECT_PREFIX = 'benchnative';

/** bench/up's stack (same services, commands, labels, depends_on), each service with `network_mode: none`. */
export function writeStack(dir, serviceCount) {
  const text = composeText(serviceCount).replaceAll('    init: true\n', '    init: true\n    network_mode: none\n');
  if (text.split('network_mode: none').length - 1 !== serviceCount) throw new Error('bench/up/generate.mjs changed shape: every service should have had network_mode: none added');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, COMPOSE_FILE), text);
}

/**
 * The two tools, each on its engine. `env` is the whole environment the
 * tool sees: berth finds berthd through BERTH_ROOT (its socket is under
 * it) and must not see DOCKER_HOST; docker-compose gets dockerd's socket.
 */
export function stackTools({ berthdRoot, berthdSocket, dockerSocket }) {
  const base = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8' };
  return [
    { id: 'berth', engine: 'berthd', socket: berthdSocket, argv: (project, args) => [process.execPath, BERTH_ENTRY, '-p', project, ...args], env: { ...base, BERTH_ROOT: berthdRoot, BERTH_ENGINE: 'native' } },
    { id: 'compose', engine: 'dockerd', socket: dockerSocket, argv: (project, args) => [COMPOSE_V1, '-p', project, ...args], env: { ...base, DOCKER_HOST: `unix://${dockerSocket}` } },
  ];
}

/** Runs one command to completion; returns its wall-clock time, or throws with its output. */
function timed(tool, project, args, cwd) {
  const [command, ...rest] = tool.argv(project, args);
  const started = performance.now();
  const result = spawnSync(command, rest, { cwd, encoding: 'utf8', env: tool.env, timeout: 300_000 });
  const elapsedMs = performance.now() - started;
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}` || result.error?.message || '';
    throw new Error(`${tool.id} ${args.join(' ')} (project ${project}, engine ${tool.engine}) failed (exit ${result.status ?? result.signal}):\n${output}`);
  }
  return elapsedMs;
}

async function projectContainers(tool, project) {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${PROJECT_LABEL}=${project}`] }));
  const containers = await expectOk(tool.socket, 'GET', `/containers/json?all=1&filters=${filters}`);
  return containers.map((container) => ({ id: container.Id, name: (container.Names?.[0] ?? '').replace(/^\//, ''), state: container.State }));
}

async function expectRunning(tool, project, serviceCount, what) {
  const containers = await projectContainers(tool, project);
  const running = containers.filter((container) => container.state === 'running');
  if (running.length !== serviceCount || containers.length !== serviceCount) {
    throw new Error(`${what}: expected ${serviceCount} running containers of ${project} on ${tool.engine}, it has ${containers.map((c) => `${c.name}(${c.state})`).join(' ') || 'none'}`);
  }
  return new Set(containers.map((container) => container.id));
}

async function expectNothing(tool, project, what) {
  const containers = await projectContainers(tool, project);
  if (containers.length > 0) throw new Error(`${what}: ${project} still has ${containers.map((c) => c.name).join(', ')} on ${tool.engine}`);
}

/** Removes whatever the tool made for the project, without waiting for processes to stop. */
export function teardown(tool, project, cwd) {
  timed(tool, project, ['down', '-v', '--remove-orphans', '-t', '0'], cwd);
}

async function sample(kind, tool, project, cwd, serviceCount) {
  switch (kind) {
    case 'noop-up': {
      const before = await expectRunning(tool, project, serviceCount, `before no-op up (${tool.id})`);
      const elapsedMs = timed(tool, project, ['up', '-d'], cwd);
      const after = await expectRunning(tool, project, serviceCount, `after no-op up (${tool.id})`);
      if ([...after].some((id) => !before.has(id))) throw new Error(`no-op up (${tool.id}) recreated containers of ${project}; it was not a no-op`);
      return elapsedMs;
    }
    case 'cold-up': {
      await expectNothing(tool, project, `before cold up (${tool.id})`);
      const elapsedMs = timed(tool, project, ['up', '-d'], cwd);
      await expectRunning(tool, project, serviceCount, `after cold up (${tool.id})`);
      teardown(tool, project, cwd);
      return elapsedMs;
    }
    case 'down': {
      timed(tool, project, ['up', '-d'], cwd);
      await expectRunning(tool, project, serviceCount, `before down (${tool.id})`);
      const elapsedMs = timed(tool, project, ['down'], cwd);
      await expectNothing(tool, project, `after down (${tool.id})`);
      return elapsedMs;
    }
    default:
      throw new Error(`unknown stack scenario ${kind}`);
  }
}

export const STACK_SCENARIOS = ['noop-up', 'cold-up', 'down'];

/**
 * One scenario, `warmups + runs` rounds, the tools taking turns (who goes
 * first alternates). `used` collects every (tool, project, dir) made, for
 * the final clean-up. Returns one summary per tool.
 */
export async function measureStack(kind, tools, { scratch, serviceCount, runs, warmups, used, onRound = () => undefined }) {
  const cwd = join(scratch, kind);
  writeStack(cwd, serviceCount);
  const suffix = randomBytes(3).toString('hex');
  const projects = Object.fromEntries(tools.map((tool) => [tool.id, `${PROJECT_PREFIX}-${tool.id}-${kind}-${suffix}`]));
  for (const tool of tools) used.push({ tool, project: projects[tool.id], cwd });
  if (kind === 'noop-up') for (const tool of tools) timed(tool, projects[tool.id], ['up', '-d'], cwd);
  const samples = Object.fromEntries(tools.map((tool) => [tool.id, []]));
  // What no berth command can go below, in the same rounds: Node's own start, and berth's start with its bundle.
  const floors = kind === 'noop-up' ? { nodeStart: [], berthVersion: [] } : undefined;
  for (let round = 0; round < warmups + runs; round++) {
    const order = round % 2 === 0 ? tools : [...tools].reverse();
    for (const tool of order) {
      const elapsedMs = await sample(kind, tool, projects[tool.id], cwd, serviceCount);
      if (round >= warmups) samples[tool.id].push(elapsedMs);
    }
    if (floors !== undefined) {
      const berth = tools.find((tool) => tool.id === 'berth');
      const nodeMs = timed({ ...berth, argv: () => [process.execPath, '-e', '0'] }, '', [], cwd);
      const versionMs = timed({ ...berth, argv: () => [process.execPath, BERTH_ENTRY, '--version'] }, '', [], cwd);
      if (round >= warmups) {
        floors.nodeStart.push(nodeMs);
        floors.berthVersion.push(versionMs);
      }
    }
    onRound(round);
  }
  if (kind === 'noop-up') for (const tool of tools) teardown(tool, projects[tool.id], cwd);
  const summaries = Object.fromEntries(Object.entries(samples).map(([id, values]) => [id, summarize(values)]));
  if (floors !== undefined) summaries.floors = { nodeStart: summarize(floors.nodeStart), berthVersion: summarize(floors.berthVersion) };
  return summaries;
}

/** Brings down every project the run made; returns what is still there afterwards. */
export async function cleanUp(used) {
  const problems = [];
  for (const { tool, project, cwd } of used) {
    try {
      teardown(tool, project, cwd);
      await expectNothing(tool, project, 'after the final clean-up');
    } catch (error) {
      problems.push(error.message);
    }
  }
  return problems;
}
