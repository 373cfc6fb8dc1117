import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LISTING_LAYOUT, PS_LAYOUT, renderTable, TOP_LAYOUT } from './text-table.js';

test('columns are padded to their widest cell, never below the minimum, and the last column is not padded', () => {
  const rows = [
    ['shop', 'running(2)', '/srv/compose.yaml'],
    ['a-much-longer-project-name', 'exited(1)', ''],
  ];
  assert.equal(
    renderTable(['NAME', 'STATUS', 'CONFIG FILES'], rows, LISTING_LAYOUT),
    ['NAME                         STATUS              CONFIG FILES', 'shop                         running(2)          /srv/compose.yaml', 'a-much-longer-project-name   exited(1)'].map((line) => `${line}\n`).join(''),
  );
  assert.equal(renderTable(['A', 'B'], [['x', 'y']], PS_LAYOUT), 'A   B\nx   y\n');
  assert.equal(renderTable(['SERVICE', '#', 'CMD'], [['web', '1', 'sleep 1']], TOP_LAYOUT), 'SERVICE  #   CMD\nweb      1   sleep 1\n');
});
