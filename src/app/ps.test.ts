import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ago, formatPorts } from './ps.js';

describe('ago', () => {
  const now = new Date('2024-05-01T12:00:00Z');
  const cases: readonly [string, string][] = [
    ['2024-05-01T12:00:00Z', 'Less than a second ago'],
    ['2024-05-01T11:59:30Z', '30 seconds ago'],
    ['2024-05-01T11:59:00Z', 'A minute ago'],
    ['2024-05-01T11:55:00Z', '5 minutes ago'],
    ['2024-05-01T11:00:00Z', 'About an hour ago'],
    ['2024-05-01T09:00:00Z', '3 hours ago'],
    ['2024-04-29T12:00:00Z', '2 days ago'],
    ['not a date', ''],
  ];
  for (const [createdAt, expected] of cases) {
    test(`${createdAt} → ${expected}`, () => assert.equal(ago(createdAt, now), expected));
  }
});

test('formatPorts prints published ports as host->container and bare exposed ones', () => {
  assert.equal(
    formatPorts([
      { URL: '127.0.0.1', TargetPort: 80, PublishedPort: 8080, Protocol: 'tcp' },
      { URL: '', TargetPort: 53, PublishedPort: 5353, Protocol: 'udp' },
      { URL: '', TargetPort: 9000, PublishedPort: 0, Protocol: 'tcp' },
    ]),
    '127.0.0.1:8080->80/tcp, 0.0.0.0:5353->53/udp, 9000/tcp',
  );
});

describe('formatCommand', () => {
  test('quoted as the Docker CLI quotes it; over 20 characters cut to 19 and an ellipsis, unless --no-trunc', async () => {
    const { formatCommand } = await import('./ps.js');
    assert.equal(formatCommand('sleep 300'), '"sleep 300"');
    assert.equal(formatCommand(''), '""');
    assert.equal(formatCommand("sh -c 'echo \"hi\"; sleep 1'"), '"sh -c \'echo \\"hi\\"; s…"');
    assert.equal(formatCommand('12345678901234567890'), '"12345678901234567890"', 'exactly 20 stays whole');
    assert.equal(formatCommand("sh -c 'echo hi; sleep 1'", true), '"sh -c \'echo hi; sleep 1\'"');
  });
});
