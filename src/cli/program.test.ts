import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { hoistGlobalOptions } from './program.js';

function program(): Command {
  const root = new Command('berth').option('-f, --file <file>').option('-p, --project-name <name>').option('--progress <mode>').option('--dry-run');
  root.command('run').option('-p, --publish <port>').option('--rm');
  root.command('logs').option('-f, --follow');
  root.command('up').option('-d, --detach');
  return root;
}

const cases: readonly [string[], string[]][] = [
  [['up', '-d', '--progress', 'plain'], ['--progress', 'plain', 'up', '-d']],
  [['up', '--progress=json', '--dry-run', 'web'], ['--progress=json', '--dry-run', 'up', 'web']],
  [['-p', 'shop', 'run', '-p', '80:80', '--rm', 'web'], ['-p', 'shop', 'run', '-p', '80:80', '--rm', 'web']],
  [['logs', '-f', 'web', '-p', 'shop'], ['-p', 'shop', 'logs', '-f', 'web']],
  [['run', 'web', '--', 'sh', '--progress', 'x'], ['run', 'web', '--', 'sh', '--progress', 'x']],
  [['--file', 'a.yaml', 'up'], ['--file', 'a.yaml', 'up']],
];

for (const [argv, expected] of cases) {
  test(`berth ${argv.join(' ')}`, () => assert.deepEqual(hoistGlobalOptions(argv, program()), expected));
}
