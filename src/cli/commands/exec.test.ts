import { test } from 'node:test';
import assert from 'node:assert/strict';
import { separateCommandArguments } from './exec.js';

const cases: readonly [string[], string[]][] = [
  [['exec', 'web', 'sh', '-c', 'echo hi'], ['exec', 'web', '--', 'sh', '-c', 'echo hi']],
  [['-p', 'shop', 'exec', '-T', '-e', 'A=1', 'web', 'ls', '-l'], ['-p', 'shop', 'exec', '-T', '-e', 'A=1', 'web', '--', 'ls', '-l']],
  [['run', '--rm', '-p', '8080:80', 'web', 'env', '-0'], ['run', '--rm', '-p', '8080:80', 'web', '--', 'env', '-0']],
  [['run', 'web'], ['run', 'web']],
  [['exec', 'web', '--', 'ls'], ['exec', 'web', '--', 'ls']],
  [['up', '-d', 'web'], ['up', '-d', 'web']],
  [['--progress', 'plain', 'run', '--entrypoint', 'sh', 'web', '-c', 'exit 3'], ['--progress', 'plain', 'run', '--entrypoint', 'sh', 'web', '--', '-c', 'exit 3']],
];

for (const [argv, expected] of cases) {
  test(`berth ${argv.join(' ')}`, () => assert.deepEqual(separateCommandArguments(argv), expected));
}
