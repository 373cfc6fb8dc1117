import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createProgressView, stripAnsi } from '../../src/ui/index.js';

test('the tty view ends with every row in its final state, and prints warnings after the phase', async () => {
  const stream = Object.assign(new PassThrough(), { columns: 100, rows: 30, isTTY: true });
  let text = '';
  stream.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const view = createProgressView('tty', { stream, color: true });
  view.event({ type: 'phase', title: 'up', rows: [{ resource: 'network', name: 'shop_default' }, { resource: 'container', name: 'shop-web-1' }] });
  view.event({ type: 'step-started', step: 1, resource: 'network', name: 'shop_default', action: 'create' });
  view.event({ type: 'warning', message: 'orphans found' });
  view.event({ type: 'step-done', step: 1, resource: 'network', name: 'shop_default', action: 'create', elapsedMs: 1 });
  view.event({ type: 'step-done', step: 2, resource: 'container', name: 'shop-web-1', action: 'start', elapsedMs: 1 });
  await view.close();
  const lines = stripAnsi(text).split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  // The final frame is the last two row lines, followed by the held-back warning.
  const withoutIcons = lines.slice(-3).map((line) => line.replace(/^[^A-Za-z]+\s/, ''));
  assert.deepEqual(withoutIcons, ['Network shop_default  Created', 'Container shop-web-1  Started', 'WARN orphans found']);
});
