import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { stripAnsi } from '../ui/index.js';
import { CommandOutput } from './output.js';

function terminal(): PassThrough & { columns: number; rows: number; isTTY: true; text: () => string } {
  let text = '';
  const stream = Object.assign(new PassThrough(), { columns: 100, rows: 30, isTTY: true as const, text: () => text });
  stream.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return stream;
}

test('plain progress and stdout are written as they come', async () => {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const output = new CommandOutput({ stdout: { write: (chunk) => stdout.push(String(chunk)) }, stderr: { write: (chunk) => stderr.push(String(chunk)) }, progress: 'plain', color: false });
  output.onEvent({ type: 'step-done', step: 1, resource: 'container', name: 'shop-web-1', action: 'start', elapsedMs: 1 });
  output.stdout.write('hello\n');
  await output.close();
  assert.deepEqual(stdout, ['hello\n']);
  assert.deepEqual(stderr, ['Container shop-web-1  Started\n']);
});

test('the first stdout write ends the live view: it appears after the last frame, and later progress is plain', async () => {
  const err = terminal();
  const out: string[] = [];
  const output = new CommandOutput({ stdout: { write: (chunk) => out.push(String(chunk)) }, stderr: err, progress: 'tty', color: true });
  output.onEvent({ type: 'phase', title: 'up', rows: [{ resource: 'container', name: 'shop-web-1' }] });
  output.onEvent({ type: 'step-done', step: 1, resource: 'container', name: 'shop-web-1', action: 'create', elapsedMs: 1 });
  output.stdout.write('web-1  | hello\n');
  assert.deepEqual(out, [], 'held while the live view finishes');
  output.onEvent({ type: 'step-done', step: 2, resource: 'container', name: 'shop-web-1', action: 'start', elapsedMs: 1 });
  await output.close();
  assert.deepEqual(out, ['web-1  | hello\n']);
  const lines = stripAnsi(err.text()).split(/\r?\n/).filter((line) => line.trim() !== '');
  assert.match(lines.at(-2) ?? '', /Container shop-web-1  Created$/);
  assert.equal(lines.at(-1), 'Container shop-web-1  Started');
});
