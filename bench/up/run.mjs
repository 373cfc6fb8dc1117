#!/usr/bin/env node
// berth vs Debian's docker-compose (Python v1) on the same dockerd and the
// same compose files: cold `up -d` of 10 and 30 services, a no-op second
// `up -d`, and `down` of 10 services. Each command is timed as a whole
// process (wall clock, interpreter start-up included); medians over --runs
// runs after --warmups untimed ones; the two tools take turns so drift on a
// shared machine hits both alike. Each tool has its own project names, so
// they never share a container. Builds nothing: run `npm run build` first,
// and scripts/dockerd.sh start + scripts/test-images.sh for the engine and image.
//
//   node bench/up/run.mjs [--runs N] [--warmups N] [--only SCENARIO,...] [--install] [--check]
//
//   --install  apt-get install -y docker-compose first when it is missing (Debian, as root)
//   --check    exit 1 when a ratio misses its target
//
// Prints a table, then one JSON line with every number.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineGet, ping, projectObjects } from './engine-api.mjs';
import { BENCH_IMAGE, generateProject } from './generate.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
// The shipped entry: the launcher that runs the bundle with its code cache.
const berthMain = join(repoRoot, 'bin', 'berth.cjs');
const berthBundle = join(repoRoot, 'dist', 'berth.cjs');
const COMPOSE_V1 = '/usr/bin/docker-compose';
/** Every project this benchmark makes starts with this, so leftovers of an aborted run are recognisable. */
const PROJECT_PREFIX = 'benchup';

/** The issue's targets, as berth's median over compose's median. */
const SCENARIOS = [
  { id: 'cold-up-10', kind: 'cold-up', services: 10, target: 0.5, what: 'up -d from nothing (network + 10 containers created and started)' },
  { id: 'cold-up-30', kind: 'cold-up', services: 30, target: 0.5, what: 'up -d from nothing (network + 30 containers created and started)' },
  { id: 'noop-up-10', kind: 'noop-up', services: 10, target: 0.3, what: 'second up -d of 10 running, up-to-date services' },
  { id: 'down-10', kind: 'down', services: 10, target: 0.5, what: 'down of 10 running services (processes exit on SIGTERM)' },
];

function parseArgs(argv) {
  const options = { runs: 5, warmups: 1, install: false, check: false, only: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--install') options.install = true;
    else if (arg === '--check') options.check = true;
    else if (arg === '--only') {
      const ids = (argv[++i] ?? '').split(',').filter(Boolean);
      const unknown = ids.filter((id) => !SCENARIOS.some((scenario) => scenario.id === id));
      if (ids.length === 0 || unknown.length > 0) fail(`--only takes scenario names from ${SCENARIOS.map((s) => s.id).join(', ')}; got ${argv[i]}`);
      options.only = ids;
    } else if (arg === '--runs' || arg === '--warmups') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < (arg === '--runs' ? 1 : 0)) fail(`${arg} needs a whole number, got ${argv[i]}`);
      options[arg.slice(2)] = value;
    } else fail(`unknown argument ${arg}; see the header of ${basename(fileURLToPath(import.meta.url))}`);
  }
  return options;
}

function fail(message) {
  console.error(`up bench: ${message}`);
  process.exit(2);
}

class BenchError extends Error {}

/** The environment both tools see: ours, minus Compose settings that would change what they do. */
function toolEnvironment() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('COMPOSE_') || key.startsWith('BERTH_')) delete env[key];
  // Both on the same dockerd: without DOCKER_HOST berth would start its own engine.
  env.DOCKER_HOST ||= 'unix:///var/run/docker.sock';
  return env;
}

const TOOLS = [
  { id: 'berth', argv: (project, args) => [process.execPath, berthMain, '-p', project, ...args] },
  { id: 'compose', argv: (project, args) => [COMPOSE_V1, '-p', project, ...args] },
];

/** Runs one command to completion; returns its wall-clock time, or throws with its output. */
function timed(tool, project, args, cwd) {
  const [command, ...rest] = tool.argv(project, args);
  const started = process.hrtime.bigint();
  const result = spawnSync(command, rest, { cwd, encoding: 'utf8', env: toolEnvironment(), timeout: 300_000 });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}` || result.error?.message || '';
    throw new BenchError(`${tool.id} ${args.join(' ')} (project ${project}) failed (exit ${result.status ?? result.signal}):\n${output}`);
  }
  return elapsedMs;
}

/** What the engine says the project has, checked against what the scenario expects. */
async function expectRunning(project, serviceCount, what) {
  const objects = await projectObjects((name) => name === project);
  const running = objects.containers.filter((container) => container.state === 'running');
  if (running.length !== serviceCount || objects.containers.length !== serviceCount || objects.networks.length !== 1) {
    throw new BenchError(
      `${what}: expected ${serviceCount} running containers and 1 network for ${project}, the engine has ` +
        `${objects.containers.map((c) => `${c.name}(${c.state})`).join(' ') || 'no containers'} and networks [${objects.networks.map((n) => n.name).join(' ')}]`,
    );
  }
  return new Set(objects.containers.map((container) => container.id));
}

async function expectNothing(project, what) {
  const objects = await projectObjects((name) => name === project);
  const left = [...objects.containers.map((c) => `container ${c.name}`), ...objects.networks.map((n) => `network ${n.name}`), ...objects.volumes.map((v) => `volume ${v.name}`)];
  if (left.length > 0) throw new BenchError(`${what}: ${project} still has ${left.join(', ')}`);
}

/** Removes whatever the tool made for the project, without waiting for processes to stop. */
function teardown(tool, project, cwd) {
  timed(tool, project, ['down', '-v', '--remove-orphans', '-t', '0'], cwd);
}

/** One timed sample of the scenario for one tool, with untimed set-up and checks around it. */
async function sample(scenario, tool, project, cwd) {
  switch (scenario.kind) {
    case 'cold-up': {
      await expectNothing(project, `before cold up (${tool.id})`);
      const elapsedMs = timed(tool, project, ['up', '-d'], cwd);
      await expectRunning(project, scenario.services, `after cold up (${tool.id})`);
      teardown(tool, project, cwd);
      return elapsedMs;
    }
    case 'noop-up': {
      const before = await expectRunning(project, scenario.services, `before no-op up (${tool.id})`);
      const elapsedMs = timed(tool, project, ['up', '-d'], cwd);
      const after = await expectRunning(project, scenario.services, `after no-op up (${tool.id})`);
      if ([...after].some((id) => !before.has(id))) throw new BenchError(`no-op up (${tool.id}) recreated containers of ${project}; the comparison would be meaningless`);
      return elapsedMs;
    }
    case 'down': {
      timed(tool, project, ['up', '-d'], cwd);
      await expectRunning(project, scenario.services, `before down (${tool.id})`);
      const elapsedMs = timed(tool, project, ['down'], cwd);
      await expectNothing(project, `after down (${tool.id})`);
      return elapsedMs;
    }
    default:
      throw new Error(`unknown scenario kind ${scenario.kind}`);
  }
}

async function runScenario(scenario, options, scratch, suffix, used) {
  const cwd = join(scratch, scenario.id);
  generateProject(cwd, scenario.services);
  const projects = Object.fromEntries(TOOLS.map((tool) => [tool.id, `${PROJECT_PREFIX}-${tool.id}-${scenario.id}-${suffix}`]));
  for (const tool of TOOLS) used.push({ tool, project: projects[tool.id], cwd });
  if (scenario.kind === 'noop-up') for (const tool of TOOLS) timed(tool, projects[tool.id], ['up', '-d'], cwd);
  const samples = Object.fromEntries(TOOLS.map((tool) => [tool.id, []]));
  for (let i = 0; i < options.warmups + options.runs; i++) {
    // Take turns on who goes first, so neither always runs on a just-busied engine.
    const order = i % 2 === 0 ? TOOLS : [...TOOLS].reverse();
    for (const tool of order) {
      const elapsedMs = await sample(scenario, tool, projects[tool.id], cwd);
      if (i >= options.warmups) samples[tool.id].push(elapsedMs);
    }
    process.stderr.write('.');
  }
  if (scenario.kind === 'noop-up') for (const tool of TOOLS) teardown(tool, projects[tool.id], cwd);
  const berth = summarize(samples.berth);
  const compose = summarize(samples.compose);
  const ratio = Math.round((berth.medianMs / compose.medianMs) * 1000) / 1000;
  return { scenario: scenario.id, services: scenario.services, what: scenario.what, berth, compose, ratio, target: scenario.target, withinTarget: ratio <= scenario.target };
}

function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (ms) => Math.round(ms * 10) / 10;
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { runs: sorted.length, minMs: round(sorted[0]), medianMs: round(median), maxMs: round(sorted[sorted.length - 1]) };
}

function printTable(results) {
  const header = ['scenario', 'berth median ms', 'compose median ms', 'berth/compose', 'target', ''];
  const lines = results.map((r) => [r.scenario, r.berth.medianMs.toFixed(0), r.compose.medianMs.toFixed(0), r.ratio.toFixed(2), `≤ ${r.target}`, r.withinTarget ? 'ok' : 'MISSED']);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const format = (cells) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  console.log(format(header));
  for (const line of lines) console.log(format(line));
}

function composeVersion() {
  const result = spawnSync(COMPOSE_V1, ['version', '--short'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function installComposeV1() {
  if (!existsSync('/etc/debian_version')) fail('--install only knows Debian (apt-get); install docker-compose yourself');
  if (process.getuid?.() !== 0) fail('--install needs root for apt-get; rerun as root or install docker-compose yourself');
  let result = spawnSync('apt-get', ['install', '-y', 'docker-compose'], { stdio: 'inherit' });
  if (result.status !== 0) {
    // A fresh container often has no package lists yet.
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    result = spawnSync('apt-get', ['install', '-y', 'docker-compose'], { stdio: 'inherit' });
  }
  if (result.status !== 0) fail('apt-get install -y docker-compose failed');
}

const options = parseArgs(process.argv.slice(2));
if (!existsSync(berthBundle)) fail(`${berthBundle} not found; build first with: npm run build`);
if (!(await ping())) fail('no Docker Engine answers (DOCKER_HOST or /var/run/docker.sock); run scripts/dockerd.sh start');
if (!(await engineGet(`/images/${BENCH_IMAGE}/json`).then(() => true, () => false))) fail(`the engine lacks ${BENCH_IMAGE}; run scripts/test-images.sh`);
let version = composeVersion();
if (version === undefined && options.install) {
  installComposeV1();
  version = composeVersion();
}
if (version === undefined) fail(`${COMPOSE_V1} not found; install Debian's docker-compose or pass --install`);

const scenarios = SCENARIOS.filter((scenario) => options.only === undefined || options.only.includes(scenario.id));
const scratch = mkdtempSync(join(tmpdir(), 'berth-bench-up-'));
const suffix = randomBytes(3).toString('hex');
const used = [];
const results = [];
let failed = false;
try {
  for (const scenario of scenarios) {
    process.stderr.write(`${scenario.id} `);
    results.push(await runScenario(scenario, options, scratch, suffix, used));
    process.stderr.write('\n');
  }
} catch (error) {
  if (!(error instanceof BenchError)) throw error;
  console.error(`\nup bench: ${error.message}`);
  failed = true;
} finally {
  // Each tool removes its own projects, then the engine must have nothing left of them.
  for (const { tool, project, cwd } of used) {
    try {
      teardown(tool, project, cwd);
    } catch (error) {
      console.error(`up bench: cleanup: ${error.message}`);
      failed = true;
    }
  }
  const ours = new Set(used.map((entry) => entry.project));
  const left = await projectObjects((name) => ours.has(name));
  const leftovers = [...left.containers.map((c) => `container ${c.name}`), ...left.networks.map((n) => `network ${n.name}`), ...left.volumes.map((v) => `volume ${v.name}`)];
  if (leftovers.length > 0) {
    console.error(`up bench: left behind after cleanup: ${leftovers.join(', ')}`);
    failed = true;
  }
  rmSync(scratch, { recursive: true, force: true });
}

if (results.length > 0) {
  console.log(`berth vs docker-compose ${version}, medians of ${options.runs} runs after ${options.warmups} warm-up(s), whole processes`);
  printTable(results);
  console.log(
    JSON.stringify({
      benchmark: 'up',
      node: process.version,
      compose: `docker-compose ${version}`,
      runs: options.runs,
      warmups: options.warmups,
      results,
      withinTargets: results.every((result) => result.withinTarget),
    }),
  );
}
if (failed) process.exitCode = 2;
else if (options.check && results.some((result) => !result.withinTarget)) process.exitCode = 1;
