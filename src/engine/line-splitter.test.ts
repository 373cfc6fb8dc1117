import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from './line-splitter.js';

test('joins lines split across chunks, including a split multi-byte character', () => {
  const splitter = new LineSplitter();
  const euro = Buffer.from('€');
  assert.deepEqual(splitter.push(Buffer.from('hel')), []);
  assert.deepEqual(splitter.push(Buffer.concat([Buffer.from('lo\r\nprice '), euro.subarray(0, 1)])), ['hello']);
  assert.deepEqual(splitter.push(Buffer.concat([euro.subarray(1), Buffer.from('5\nlast')])), ['price €5']);
  assert.equal(splitter.flush(), 'last');
  assert.equal(splitter.flush(), undefined);
});
