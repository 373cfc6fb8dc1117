#!/usr/bin/env node
/**
 * The `berth` command. Only this file reads process state (argv, env, cwd)
 * and decides the exit code; everything else gets explicit inputs.
 */
import { run } from './program.js';

process.exitCode = await run(process.argv.slice(2), {
  environment: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
