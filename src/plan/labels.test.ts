import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDependsOnLabel, parseDependsOnLabel } from './labels.js';
import { containerName, oneOffContainerName, temporaryName } from './names.js';

describe('depends_on label', () => {
  test('written sorted as service:condition:restart', () => {
    assert.equal(
      formatDependsOnLabel([
        { service: 'db', condition: 'service_healthy', restart: true },
        { service: 'cache', condition: 'service_started', restart: false },
      ]),
      'cache:service_started:false,db:service_healthy:true',
    );
  });

  const reads: [string | undefined, ReturnType<typeof parseDependsOnLabel>][] = [
    [undefined, []],
    ['', []],
    ['db:service_healthy:true', [{ service: 'db', condition: 'service_healthy', restart: true }]],
    ['db:service_started:false,cache', [
      { service: 'db', condition: 'service_started', restart: false },
      { service: 'cache', condition: 'service_started', restart: true },
    ]],
  ];
  for (const [text, expected] of reads) {
    test(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(parseDependsOnLabel(text), expected));
  }
});

describe('names', () => {
  test('Compose container names', () => {
    assert.equal(containerName('shop', 'web', {}, 2), 'shop-web-2');
    assert.equal(containerName('shop', 'web', { container_name: 'the-web' }, 1), 'the-web');
    assert.equal(oneOffContainerName('shop', 'web', '0123456789abcdef'.repeat(4)), 'shop-web-run-0123456789ab');
    assert.equal(temporaryName('f00dfeedbeef1234', 'shop-web-1'), 'f00dfeedbeef_shop-web-1');
  });
});
