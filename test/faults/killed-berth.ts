/**
 * Runs the built `berth` binary and kills it with SIGKILL after a delay —
 * no handler runs, no lock is released, no step finishes: what a crash,
 * an OOM kill or a power cut leaves behind.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

// The shipped entry: the launcher that runs the bundle (npm run build makes both).
const berthMain = join(repoRoot, 'bin', 'berth.cjs');

export interface KilledRun {
  /** false when berth finished on its own before the delay was up. */
  readonly killed: boolean;
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly elapsedMs: number;
}

export async function runAndKill(args: readonly string[], options: { cwd: string; env: Record<string, string>; killAfterMs: number }): Promise<KilledRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [berthMain, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: options.cwd, ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  }).finally(() => clearTimeout(timer));
  return { killed: signal === 'SIGKILL', exitCode: code, stderr, elapsedMs: performance.now() - started };
}
