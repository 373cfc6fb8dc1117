/**
 * Runs the built `berth` binary the way a user does, in a fixture directory
 * the test owns.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The shipped entry: the launcher that runs the bundle (npm run build makes both).
const berthMain = join(repoRoot, 'bin', 'berth.cjs');
const bundlePath = join(repoRoot, 'dist', 'berth.cjs');

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly elapsedMs: number;
}

export async function berth(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; stdin?: string; timeoutMs?: number },
): Promise<CliResult> {
  if (!existsSync(bundlePath)) throw new Error(`${bundlePath} is missing: run "npm run build" first`);
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [berthMain, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: options.cwd, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 30_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.stdin ?? '');
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(signal ? 128 : (code ?? 1)));
  });
  return { exitCode, stdout, stderr, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** A temporary project directory with the given files; removed by the returned disposer. */
export async function fixture(files: Record<string, string>, name = 'project'): Promise<{ dir: string } & AsyncDisposable> {
  const base = await mkdtemp(join(tmpdir(), 'berth-test-'));
  const dir = join(base, name);
  await mkdir(dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return { dir, [Symbol.asyncDispose]: () => rm(base, { recursive: true, force: true }) };
}
