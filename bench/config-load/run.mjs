#!/usr/bin/env node
// Times `config -q` over the generated 300-service project, as whole
// processes, for berth and — when installed — Docker Compose (v2 plugin
// and/or Python v1). Builds nothing: run `npm run build` first.
//
//   node bench/config-load/run.mjs [--runs N] [--warmups N] [--install] [--check] [--keep]
//
//   --install  apt-get install -y docker-compose first when no Compose is found (Debian, as root)
//   --check    exit 1 when berth's median is over the 300 ms target
//   --keep     keep the generated project and print where it is
//
// Prints a table, then one JSON line with every number.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FILES, SERVICE_COUNT, generateProject } from './generate.mjs';

const TARGET_MEDIAN_MS = 300;
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
// The shipped entry: the launcher that runs the bundle with its code cache.
const berthMain = join(repoRoot, 'bin', 'berth.cjs');
const berthBundle = join(repoRoot, 'dist', 'berth.cjs');

function parseArgs(argv) {
  const options = { runs: 15, warmups: 2, install: false, check: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--install') options.install = true;
    else if (arg === '--check') options.check = true;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--runs' || arg === '--warmups') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < (arg === '--runs' ? 1 : 0)) fail(`${arg} needs a whole number, got ${argv[i]}`);
      options[arg.slice(2)] = value;
    } else fail(`unknown argument ${arg}; see the header of ${basename(fileURLToPath(import.meta.url))}`);
  }
  return options;
}

function fail(message) {
  console.error(`config-load bench: ${message}`);
  process.exit(2);
}

/** Runs argv once, capturing its output. */
function run(argv, cwd) {
  const [command, ...args] = argv;
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: process.env });
}

function succeeds(argv) {
  const result = run(argv, repoRoot);
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The Compose implementations on this machine, each as the argv prefix that runs it. */
function findComposeTools() {
  const tools = [];
  const v2 = succeeds(['docker', 'compose', 'version', '--short']);
  // Compose takes -f before the verb (v1 insists on it).
  if (v2) tools.push({ name: `docker compose ${v2}`, command: (files) => ['docker', 'compose', ...files, 'config', '-q'] });
  const v1 = succeeds(['docker-compose', 'version', '--short']);
  if (v1) tools.push({ name: `docker-compose ${v1}`, command: (files) => ['docker-compose', ...files, 'config', '-q'] });
  return tools;
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

class BenchError extends Error {}

/** Times `runs` executions after `warmups` untimed ones; stops at the first failure. */
function measure(tool, projectDir, options) {
  const argv = tool.command(FILES.flatMap((file) => ['-f', file]));
  const samples = [];
  for (let i = 0; i < options.warmups + options.runs; i++) {
    const started = process.hrtime.bigint();
    const result = run(argv, projectDir);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) {
      const output = result.stderr || result.stdout || result.error?.message || '';
      throw new BenchError(`${tool.name} failed (exit ${result.status ?? result.signal}):\n$ ${argv.join(' ')}\n${output}`);
    }
    if (i >= options.warmups) samples.push(elapsedMs);
  }
  return summarize(samples);
}

function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (fraction) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
  const round = (ms) => Math.round(ms * 10) / 10;
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { runs: sorted.length, minMs: round(sorted[0]), medianMs: round(median), p90Ms: round(rank(0.9)) };
}

function printTable(rows) {
  const header = ['tool', 'runs', 'min ms', 'median ms', 'p90 ms'];
  const lines = rows.map((row) => [row.name, String(row.runs), row.minMs.toFixed(1), row.medianMs.toFixed(1), row.p90Ms.toFixed(1)]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const format = (cells) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  console.log(format(header));
  for (const line of lines) console.log(format(line));
}

const options = parseArgs(process.argv.slice(2));
if (!existsSync(berthBundle)) fail(`${berthBundle} not found; build first with: npm run build`);

let composeTools = findComposeTools();
if (composeTools.length === 0 && options.install) {
  installComposeV1();
  composeTools = findComposeTools();
}

const scratch = mkdtempSync(join(tmpdir(), 'berth-bench-'));
const projectDir = join(scratch, 'config-load');
generateProject(projectDir);
try {
  const berthTool = { name: 'berth', command: (files) => [process.execPath, berthMain, 'config', '-q', ...files] };
  const berth = { name: berthTool.name, ...measure(berthTool, projectDir, options) };
  const compose = composeTools.map((tool) => ({ name: tool.name, ...measure(tool, projectDir, options) }));

  console.log(`config -q over ${SERVICE_COUNT} services in ${FILES.length} files (${options.runs} runs after ${options.warmups} warm-ups)`);
  printTable([berth, ...compose]);
  for (const tool of compose) {
    console.log(`berth / ${tool.name}: ${(berth.medianMs / tool.medianMs).toFixed(2)} (median)`);
  }
  if (compose.length === 0) console.log('no Docker Compose found to compare with (try --install)');
  const withinTarget = berth.medianMs < TARGET_MEDIAN_MS;
  console.log(`berth median ${withinTarget ? 'within' : 'OVER'} the ${TARGET_MEDIAN_MS} ms target`);

  const stats = ({ runs, minMs, medianMs, p90Ms }) => ({ runs, minMs, medianMs, p90Ms });
  console.log(
    JSON.stringify({
      benchmark: 'config-load',
      services: SERVICE_COUNT,
      files: FILES.length,
      warmups: options.warmups,
      node: process.version,
      berth: stats(berth),
      compose: compose.map((tool) => ({ tool: tool.name, ...stats(tool), ratio: Math.round((berth.medianMs / tool.medianMs) * 1000) / 1000 })),
      targetMedianMs: TARGET_MEDIAN_MS,
      withinTarget,
    }),
  );
  if (options.check && !withinTarget) process.exitCode = 1;
} catch (error) {
  if (!(error instanceof BenchError)) throw error;
  console.error(`config-load bench: ${error.message}`);
  process.exitCode = 2;
} finally {
  if (options.keep) console.error(`project kept in ${projectDir}`);
  else rmSync(scratch, { recursive: true, force: true });
}
