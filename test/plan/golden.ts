/**
 * Golden files for plan text: `test/plan/golden/<name>.txt`. With
 * `UPDATE_GOLDEN=1` a test rewrites its file instead of comparing; a missing
 * file fails, so a new scenario is reviewed before it is trusted.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');

export function assertGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, `${name}.txt`);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `no golden file ${file}; run with UPDATE_GOLDEN=1 to write it, then review it`);
  assert.equal(actual, readFileSync(file, 'utf8'), `plan differs from ${file} (UPDATE_GOLDEN=1 rewrites it)`);
}
