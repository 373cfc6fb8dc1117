#!/usr/bin/env node
// berthd against dockerd on this machine, in one run, as issue 4's Speed
// section asks (ratios of medians):
//
//   create-start  POST /containers/create + /start of one container, image
//                 present, through each engine's API socket (no CLI):
//                 berthd ≤ 0.3× dockerd, both with network_mode none
//                 (dockerd with its default bridge is measured for information)
//   noop-up       a no-op `berth up -d` of 10 services on berthd: < 200 ms
//                 for the whole berth process (bin/berth.cjs)
//   cold-up, down `up -d` from nothing and `down` of the same 10 services:
//                 berth on berthd vs docker-compose 1.29 on dockerd (information)
//   pull          with --pull: bench/pull/run.mjs, whose numbers this reports
//
// berthd is a private one (state in a temp dir, from dist/daemon/main.js,
// the busybox test image loaded into it); dockerd is the host's.
//
//   npm run build && scripts/dockerd.sh start && scripts/test-images.sh
//   node --import tsx bench/native/run.mjs [--runs 11] [--only create-start,noop-up,cold-up,down] [--pull] [--check]
//                                          [--baseline OTHER/dist/daemon/main.js]
//
// --baseline adds a second berthd from another build to create-start (see
// baseline-berthd.mjs), for a daemon change's before/after in one run.
//
// Prints a table, then one JSON line with every number. Leaves nothing
// behind: the run fails if a container of it, a mount, a conmon or a cgroup
// of its berthd is left.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { berthdSkipReason, startTestBerthd } from '../../test/helpers/berthd.js';
import { TEST_IMAGE, TEST_IMAGE_ARCHIVE } from '../../test/helpers/docker.js';
import { startBaselineBerthd } from './baseline-berthd.mjs';
import { engineUnderTest, measureCreateStart, removeLeftovers } from './create-start.mjs';
import { call, closeClients, expectOk } from './engine-http.mjs';
import { ratio } from './stats.mjs';
import { BERTH_ENTRY, cleanUp, COMPOSE_V1, measureStack, STACK_SCENARIOS, stackTools } from './stack.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const DOCKER_SOCKET = '/var/run/docker.sock';
const SCENARIOS = ['create-start', ...STACK_SCENARIOS];
const TARGETS = { createStartRatio: 0.3, noopUpMs: 200 };

function parseArgs(argv) {
  const options = { runs: 11, warmups: 2, only: SCENARIOS, pull: false, check: false, baseline: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--pull') options.pull = true;
    else if (arg === '--check') options.check = true;
    else if (arg === '--baseline') options.baseline = argv[++i] ?? fail('--baseline needs the entry of another berthd build (its dist/daemon/main.js)');
    else if (arg === '--only') {
      const ids = (argv[++i] ?? '').split(',').filter(Boolean);
      if (ids.length === 0 || ids.some((id) => !SCENARIOS.includes(id))) fail(`--only takes scenario names from ${SCENARIOS.join(', ')}; got ${argv[i]}`);
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
  console.error(`native bench: ${message}`);
  process.exit(2);
}

/** Everything the run needs, checked before anything is started, each with its fix. */
async function checkPrerequisites(options) {
  const reason = await berthdSkipReason();
  if (reason !== undefined) fail(reason);
  for (const path of [BERTH_ENTRY, join(repoRoot, 'dist', 'berth.cjs')]) if (!existsSync(path)) fail(`${path} is missing: run npm run build`);
  const ping = await call(DOCKER_SOCKET, 'GET', '/_ping', undefined, 5000).catch(() => undefined);
  if (ping?.status !== 200) fail(`dockerd does not answer on ${DOCKER_SOCKET}: run scripts/dockerd.sh start`);
  if (options.only.some((id) => id !== 'create-start') && !existsSync(COMPOSE_V1)) fail(`${COMPOSE_V1} is missing: apt-get install docker-compose`);
  const image = await call(DOCKER_SOCKET, 'GET', `/images/${encodeURIComponent(TEST_IMAGE)}/json`);
  if (image.status === 404) await expectOk(DOCKER_SOCKET, 'POST', '/images/load?quiet=1', { file: TEST_IMAGE_ARCHIVE });
}

const progress = () => process.stderr.write('.');

function runPull(runs) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', 'pull', 'run.mjs'), '--runs', String(runs)], { cwd: repoRoot, encoding: 'utf8', timeout: 1_800_000 });
  if (result.status !== 0) throw new Error(`bench/pull/run.mjs failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  return JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
}

function printTable(rows) {
  const header = ['measurement', 'berthd', 'dockerd', 'ratio', 'target', ''];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const format = (cells) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  console.log(format(header));
  for (const row of rows) console.log(format(row));
}

const options = parseArgs(process.argv.slice(2));
await checkPrerequisites(options);
const berthd = await startTestBerthd();
const scratch = mkdtempSync(join(tmpdir(), 'berth-bench-native-'));
const used = [];
let baseline;
const results = { runs: options.runs, machine: 'shared: other jobs run at the same time; compare ratios, not milliseconds', loadAverage: undefined };
const rows = [];
let failure;
try {
  await expectOk(berthd.socket, 'POST', '/images/load?quiet=1', { file: TEST_IMAGE_ARCHIVE });
  results.loadAverage = loadavg().map((value) => Math.round(value * 100) / 100);
  if (options.only.includes('create-start')) {
    const engines = [engineUnderTest('berthd', berthd.socket, 'none'), engineUnderTest('dockerd', DOCKER_SOCKET, 'none'), engineUnderTest('dockerd-bridge', DOCKER_SOCKET, 'default')];
    if (options.baseline !== undefined) {
      baseline = await startBaselineBerthd(options.baseline);
      await expectOk(baseline.socket, 'POST', '/images/load?quiet=1', { file: TEST_IMAGE_ARCHIVE });
      engines.push(engineUnderTest('berthd-baseline', baseline.socket, 'none'));
    }
    try {
      const summary = await measureCreateStart(engines, { image: TEST_IMAGE, runs: options.runs, warmups: options.warmups, onRound: progress });
      const value = ratio(summary.berthd, summary.dockerd);
      results.createStart = { ...summary, ratio: value, ratioToBridge: ratio(summary.berthd, summary['dockerd-bridge']), target: TARGETS.createStartRatio, withinTarget: value <= TARGETS.createStartRatio };
      rows.push(['create+start (API, network none)', `${summary.berthd.medianMs.toFixed(0)} ms`, `${summary.dockerd.medianMs.toFixed(0)} ms`, value.toFixed(2), `≤ ${TARGETS.createStartRatio}`, value <= TARGETS.createStartRatio ? 'ok' : 'MISSED']);
      rows.push(['  dockerd with its bridge (info)', '', `${summary['dockerd-bridge'].medianMs.toFixed(0)} ms`, results.createStart.ratioToBridge.toFixed(2), '', '']);
      if (summary['berthd-baseline'] !== undefined) {
        results.createStart.baselineEntry = options.baseline;
        results.createStart.baselineRatio = ratio(summary['berthd-baseline'], summary.dockerd);
        rows.push(['  berthd of --baseline', `${summary['berthd-baseline'].medianMs.toFixed(0)} ms`, `${summary.dockerd.medianMs.toFixed(0)} ms`, results.createStart.baselineRatio.toFixed(2), '', '']);
      }
    } finally {
      for (const engine of engines) await removeLeftovers(engine);
    }
  }
  const tools = stackTools({ berthdRoot: berthd.root, berthdSocket: berthd.socket, dockerSocket: DOCKER_SOCKET });
  for (const kind of STACK_SCENARIOS.filter((id) => options.only.includes(id))) {
    const summary = await measureStack(kind, tools, { scratch, serviceCount: 10, runs: options.runs, warmups: Math.min(options.warmups, 1), used, onRound: progress });
    const value = ratio(summary.berth, summary.compose);
    results[kind] = { services: 10, berthOnBerthd: summary.berth, composeOnDockerd: summary.compose, ratio: value };
    const label = `${kind} 10 services (berth vs docker-compose)`;
    if (kind === 'noop-up') {
      results[kind].targetMs = TARGETS.noopUpMs;
      results[kind].withinTarget = summary.berth.medianMs < TARGETS.noopUpMs;
      results[kind].floors = summary.floors;
      rows.push([label, `${summary.berth.medianMs.toFixed(0)} ms`, `${summary.compose.medianMs.toFixed(0)} ms`, value.toFixed(2), `< ${TARGETS.noopUpMs} ms`, results[kind].withinTarget ? 'ok' : 'MISSED']);
      rows.push(['  floor: node -e 0 (info)', `${summary.floors.nodeStart.medianMs.toFixed(0)} ms`, '', '', '', '']);
      rows.push(['  floor: berth --version (info)', `${summary.floors.berthVersion.medianMs.toFixed(0)} ms`, '', '', '', '']);
    } else rows.push([label, `${summary.berth.medianMs.toFixed(0)} ms`, `${summary.compose.medianMs.toFixed(0)} ms`, value.toFixed(2), '', '']);
  }
  if (options.pull) {
    results.pull = runPull(5);
    rows.push(['pull, 3 layers (bench/pull)', `${results.pull.berthdMs} ms`, `${results.pull.dockerdApiMs} ms`, results.pull.ratioBerthdToDockerdApi.toFixed(2), '≤ 1', results.pull.ratioBerthdToDockerdApi <= 1 ? 'ok' : 'MISSED']);
  }
} catch (error) {
  failure = error;
} finally {
  process.stderr.write('\n');
  const problems = await cleanUp(used);
  closeClients();
  problems.push(...(await berthd.stop()));
  if (baseline !== undefined) problems.push(...(await baseline.stop()));
  rmSync(scratch, { recursive: true, force: true });
  if (problems.length > 0) {
    console.error(`native bench: left behind:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  }
}
if (failure !== undefined) {
  console.error(`native bench: ${failure.stack ?? failure.message}`);
  process.exit(1);
}
printTable(rows);
console.log(JSON.stringify(results));
if (options.check) {
  const missed = [results.createStart?.withinTarget, results['noop-up']?.withinTarget, results.pull === undefined ? undefined : results.pull.ratioBerthdToDockerdApi <= 1].some((value) => value === false);
  if (missed) process.exitCode = 1;
}
