#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's own test runner
// (through tsx), so CI sees the runner's closing lines. Node 20's --test
// takes no globs, hence this list. Extra arguments narrow the set by substring.
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);

async function* testFiles(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'fixtures') yield* testFiles(path);
    } else if (entry.name.endsWith('.test.ts')) yield path;
  }
}

const files = [];
for (const dir of ['src', 'test']) {
  for await (const file of testFiles(join(root, dir))) {
    const name = relative(root, file);
    if (filters.length === 0 || filters.some((filter) => name.includes(filter))) files.push(name);
  }
}
files.sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
});
child.on('exit', (code, signal) => {
  process.exitCode = signal ? 1 : (code ?? 1);
});
