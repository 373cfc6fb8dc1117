import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgressView } from './progress-view.js';
import type { ProgressEvent } from './progress-event.js';

const events: readonly ProgressEvent[] = [
  { type: 'phase', title: 'up', rows: [{ resource: 'network', name: 'shop_default' }, { resource: 'container', name: 'shop-web-1' }] },
  { type: 'step-started', step: 1, resource: 'network', name: 'shop_default', action: 'create' },
  { type: 'step-done', step: 1, resource: 'network', name: 'shop_default', action: 'create', elapsedMs: 12.4 },
  { type: 'step-waiting', step: 3, resource: 'container', name: 'shop-web-1', waitingFor: 'db to be healthy' },
  { type: 'step-started', step: 3, resource: 'container', name: 'shop-web-1', action: 'recreate' },
  { type: 'step-failed', step: 3, resource: 'container', name: 'shop-web-1', action: 'start', message: 'port is taken' },
  { type: 'warning', message: 'orphan containers found' },
  { type: 'status', resource: 'image', name: 'busybox', state: 'working', text: 'Pulling', currentBytes: 10, totalBytes: 20 },
];

function render(mode: 'plain' | 'json' | 'quiet'): string {
  let text = '';
  const view = createProgressView(mode, { stream: { write: (chunk: string) => (text += chunk) }, color: false });
  for (const event of events) view.event(event);
  return text;
}

describe('plain progress', () => {
  test('prints one Compose-style line per change and WARN lines', () => {
    assert.equal(
      render('plain'),
      [
        'Network shop_default  Creating',
        'Network shop_default  Created',
        'Container shop-web-1  Waiting for db to be healthy',
        'Container shop-web-1  Recreate',
        'Container shop-web-1  Error port is taken',
        'WARN orphan containers found',
        'Image busybox  Pulling',
        '',
      ].join('\n'),
    );
  });
});

describe('json progress', () => {
  test('writes one object per line with a stable shape', () => {
    const lines = render('json').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, events.length);
    assert.deepEqual(lines[0], {
      type: 'phase',
      title: 'up',
      rows: [
        { id: 'Network shop_default', resource: 'network', name: 'shop_default' },
        { id: 'Container shop-web-1', resource: 'container', name: 'shop-web-1' },
      ],
    });
    assert.deepEqual(lines[2], { type: 'step-done', id: 'Network shop_default', status: 'Done', text: 'Created', resource: 'network', name: 'shop_default', action: 'create', step: 1, elapsedMs: 12 });
    assert.deepEqual(lines[5], { type: 'step-failed', id: 'Container shop-web-1', status: 'Error', text: 'Error', details: 'port is taken', resource: 'container', name: 'shop-web-1', action: 'start', step: 3 });
    assert.deepEqual(lines[6], { type: 'warning', status: 'Warning', text: 'orphan containers found' });
    assert.deepEqual(lines[7], { type: 'status', id: 'Image busybox', status: 'Working', text: 'Pulling', resource: 'image', name: 'busybox', current: 10, total: 20 });
  });
});

test('quiet progress prints nothing', () => {
  assert.equal(render('quiet'), '');
});
