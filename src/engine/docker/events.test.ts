import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toEngineEvent } from './events.js';

const actor = { ID: 'abc123', Attributes: { name: 'demo-web-1', image: 'nginx', 'com.docker.compose.service': 'web' } };

describe('toEngineEvent', () => {
  test('die carries the exit code; Docker’s own attributes are not labels', () => {
    assert.deepEqual(
      toEngineEvent({ Type: 'container', Action: 'die', Actor: { ID: 'abc123', Attributes: { ...actor.Attributes, exitCode: '137' } }, time: 1700000000, timeNano: 1700000000500000000 }),
      { type: 'container', action: 'die', id: 'abc123', name: 'demo-web-1', labels: { 'com.docker.compose.service': 'web' }, exitCode: 137, time: 1700000000.5 },
    );
  });

  const health = [
    ['health_status: healthy', 'healthy'],
    ['health_status: unhealthy', 'unhealthy'],
    ['health_status: starting', 'starting'],
  ] as const;
  for (const [action, status] of health) {
    test(`"${action}"`, () => {
      const event = toEngineEvent({ Type: 'container', Action: action, Actor: actor, time: 1 });
      assert.equal(event?.action, 'health_status');
      assert.equal(event.type === 'container' && event.action === 'health_status' ? event.health : undefined, status);
    });
  }

  test('plain container actions, and the ones berth does not model are dropped', () => {
    assert.equal(toEngineEvent({ Type: 'container', Action: 'start', Actor: actor, time: 1 })?.action, 'start');
    assert.equal(toEngineEvent({ Type: 'container', Action: 'exec_start: sh -c true', Actor: actor, time: 1 }), undefined);
    assert.equal(toEngineEvent({ Type: 'container', Action: 'attach', Actor: actor, time: 1 }), undefined);
    assert.equal(toEngineEvent({ Type: 'daemon', Action: 'reload', Actor: actor, time: 1 }), undefined);
  });

  test('network, volume and image events', () => {
    assert.deepEqual(toEngineEvent({ Type: 'network', Action: 'connect', Actor: { ID: 'n1', Attributes: { name: 'demo_default', type: 'bridge', container: 'abc' } }, time: 2 }), {
      type: 'network',
      action: 'connect',
      id: 'n1',
      labels: {},
      time: 2,
    });
    assert.equal(toEngineEvent({ Type: 'volume', Action: 'create', Actor: { ID: 'demo_data', Attributes: { driver: 'local' } }, time: 3 })?.id, 'demo_data');
  });
});
