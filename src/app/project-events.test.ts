import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineEvent } from '../engine/index.js';
import { eventJson, eventText, toProjectEvent } from './project-events.js';

const labels = { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web', tier: 'front' };
const time = 1714557600.123456;

test('events keep container events of the selected services, without Compose labels and without one-offs', () => {
  const die: EngineEvent = { type: 'container', action: 'die', id: 'abc', name: 'shop-web-1', labels, exitCode: 3, time };
  assert.deepEqual(toProjectEvent(die, []), { time, service: 'web', containerId: 'abc', action: 'die', attributes: { name: 'shop-web-1', tier: 'front', exitCode: '3' } });
  const health: EngineEvent = { type: 'container', action: 'health_status', id: 'abc', name: 'shop-web-1', labels, health: 'healthy', time };
  assert.equal(toProjectEvent(health, ['web'])?.action, 'health_status: healthy');
  assert.equal(toProjectEvent(health, ['db']), undefined);
  assert.equal(toProjectEvent({ type: 'network', action: 'create', id: 'n', labels, time }, []), undefined);
  assert.equal(toProjectEvent({ type: 'container', action: 'start', id: 'r', name: 'shop-web-run-1', labels: { ...labels, 'com.docker.compose.oneoff': 'True' }, time }, []), undefined);
});

test('an event as a text line and as Compose JSON', () => {
  const event = { time, service: 'web', containerId: 'abc', action: 'start', attributes: { tier: 'front', name: 'shop-web-1' } };
  assert.equal(eventText(event), '2024-05-01 10:00:00.123456 container start abc (name=shop-web-1, tier=front)');
  assert.deepEqual(eventJson(event), { time: '2024-05-01T10:00:00.123Z', type: 'container', service: 'web', id: 'abc', action: 'start', attributes: { name: 'shop-web-1', tier: 'front' } });
});
