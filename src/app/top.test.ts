import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTop } from './top.js';

test('top puts SERVICE and # first, CMD last, and - where a container lacks a column', () => {
  const text = renderTop([
    { service: 'web', replica: '1', titles: ['UID', 'PID', 'CMD'], processes: [['root', '10', 'httpd -f'], ['root', '11', 'sh']] },
    { service: 'db', replica: '2', titles: ['UID', 'CMD', 'TIME'], processes: [['999', 'postgres', '00:00:01']] },
  ]);
  assert.deepEqual(text.split('\n'), ['SERVICE  #   UID   PID  TIME      CMD', 'web      1   root  10   -         httpd -f', 'web      1   root  11   -         sh', 'db       2   999   -    00:00:01  postgres', '']);
});

test('top prints nothing when no container runs a process', () => assert.equal(renderTop([{ service: 'web', replica: '1', titles: ['PID'], processes: [] }]), ''));
