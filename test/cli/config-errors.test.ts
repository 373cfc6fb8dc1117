/**
 * Bad input through the real CLI: exit 1, a message naming the problem and
 * file:line:column, and nothing on stdout.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { berth, fixture } from '../helpers/cli.js';

function aliasBomb(): string {
  const lines = ['services:', '  web:', '    image: busybox', 'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 9; level++) {
    const name = String.fromCharCode(97 + level);
    lines.push(`x-${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

const cases: { name: string; files: Record<string, string>; args?: string[]; message: RegExp; at: RegExp }[] = [
  { name: 'YAML syntax error', files: { 'compose.yaml': 'services:\n  web:\n    image: [busybox\n' }, message: /invalid YAML/, at: /compose\.yaml:\d+:\d+/ },
  { name: 'duplicate keys', files: { 'compose.yaml': 'services:\n  web:\n    image: a\n    image: b\n' }, message: /duplicate key "image"/, at: /compose\.yaml:4:5/ },
  { name: 'alias bomb', files: { 'compose.yaml': aliasBomb() }, message: /alias bomb/, at: /compose\.yaml:\d+:\d+/ },
  { name: 'wrong type', files: { 'compose.yaml': 'services:\n  web:\n    image: busybox\n    privileged: [yes]\n' }, message: /privileged/, at: /compose\.yaml:4:\d+/ },
  { name: 'unknown top-level key', files: { 'compose.yaml': 'servces:\n  web:\n    image: busybox\n' }, message: /servces/, at: /compose\.yaml:1:\d+/ },
  { name: 'unset ${X:?}', files: { 'compose.yaml': 'services:\n  web:\n    image: ${X:?X must name the image}\n' }, message: /X must name the image/, at: /compose\.yaml:3:\d+/ },
  {
    name: 'include cycle',
    files: { 'compose.yaml': 'include:\n  - a.yaml\nservices: {}\n', 'a.yaml': 'include:\n  - compose.yaml\nservices: {}\n' },
    message: /include cycle/,
    at: /a\.yaml:\d+:\d+/,
  },
  { name: 'extends cycle', files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    extends: b\n  b:\n    extends: a\n' }, message: /extends cycle/, at: /compose\.yaml:\d+:\d+/ },
  { name: 'depends_on cycle', files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n' }, message: /dependency cycle detected: a -> b -> a/, at: /compose\.yaml:7:\d+/ },
  { name: 'self dependency', files: { 'compose.yaml': 'services:\n  a:\n    image: x\n    depends_on: [a]\n' }, message: /dependency cycle detected: a -> a/, at: /compose\.yaml:4:\d+/ },
  { name: 'bad port', files: { 'compose.yaml': 'services:\n  web:\n    image: x\n    ports: ["80:80:80:80"]\n' }, message: /port/i, at: /compose\.yaml:4:\d+/ },
  { name: 'missing -f file', files: {}, args: ['-f', 'nope.yaml', 'config'], message: /nope\.yaml not found/, at: /nope\.yaml/ },
];

describe('berth config refuses bad input with exit 1, a location and no output', () => {
  for (const { name, files, args, message, at } of cases) {
    test(name, async () => {
      await using project = await fixture(files);
      const result = await berth(args ?? ['config'], { cwd: project.dir });
      assert.equal(result.exitCode, 1, result.stderr);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^error: /m);
      assert.match(result.stderr, message);
      assert.match(result.stderr, at);
      assert.doesNotMatch(result.stderr, /unexpected failure/);
    });
  }

  test('a 20 MB file loads or fails clearly, in bounded time', async () => {
    const services: string[] = ['services:'];
    let size = 0;
    for (let index = 0; size < 20 * 1024 * 1024; index++) {
      const block = `  svc${index}:\n    image: busybox\n    environment:\n${Array.from({ length: 20 }, (_, line) => `      VAR_${line}: "${'v'.repeat(40)}"\n`).join('')}`;
      services.push(block.trimEnd());
      size += block.length;
    }
    await using project = await fixture({ 'compose.yaml': `${services.join('\n')}\n` });
    const result = await berth(['config', '-q'], { cwd: project.dir, timeoutMs: 120_000 });
    if (result.exitCode === 0) {
      assert.equal(result.stdout, '');
    } else {
      assert.equal(result.exitCode, 1);
      assert.match(result.stderr, /^error: /m);
      assert.doesNotMatch(result.stderr, /unexpected failure/);
    }
    assert.ok(result.elapsedMs < 60_000, `took ${result.elapsedMs} ms`);
  });
});
