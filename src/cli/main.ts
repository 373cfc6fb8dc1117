#!/usr/bin/env node
/**
 * The `berth` command. Only this file reads process state (argv, env, cwd,
 * signals, clock, randomness) and decides the exit code; everything else
 * gets explicit inputs.
 *
 * It is also the entry of the shipped bundle (scripts/bundle.mjs →
 * dist/berth.cjs, started by bin/berth.cjs), which is CommonJS: hence no
 * top-level await here.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { run } from './program.js';

async function main(): Promise<void> {
  // First Ctrl-C (or SIGTERM): stop gracefully; second: force; third: leave at once.
  const graceful = new AbortController();
  const force = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts === 1) graceful.abort();
    else if (interrupts === 2) force.abort();
    else process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  process.exitCode = await run(process.argv.slice(2), {
    environment: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    interrupts: { signal: graceful.signal, forceSignal: force.signal },
    pid: process.pid,
    uid: process.getuid?.(),
    tmpDir: tmpdir(),
    now: () => new Date(),
    randomHex: (bytes) => randomBytes(bytes).toString('hex'),
  });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // Stdin may still be open (exec, run): nothing more will be read.
  process.stdin.destroy();
  // A connection the engine keeps open (an abandoned wait or event stream) must not keep berth alive once it is done.
  setTimeout(() => process.exit(), 1000).unref();
}

main().catch((error: unknown) => {
  // run() maps every error to an exit code; reaching this is a bug in berth itself.
  process.stderr.write(`berth: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
