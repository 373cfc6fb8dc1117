import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerState, ContainerSummary } from '../engine/index.js';
import { startPlan, stopPlan } from './lifecycle-plans.js';
import type { ServiceContainers } from './service-containers.js';

function container(name: string, state: ContainerState): ContainerSummary {
  return { id: `id-${name}`, name, image: 'img', imageId: 'sha256:1', labels: {}, state, status: '', createdAt: '', ports: [], networks: {} };
}

// web depends on api (healthy), api depends on db.
const containers: ServiceContainers = {
  projectName: 'shop',
  byService: new Map([
    ['db', [container('shop-db-1', 'running')]],
    ['api', [container('shop-api-1', 'exited'), container('shop-api-2', 'running')]],
    ['web', [container('shop-web-1', 'created')]],
  ]),
  graph: { db: [], api: ['db'], web: ['api'] },
  conditions: new Map([
    ['db', []],
    ['api', [{ service: 'db', condition: 'service_started', required: true }]],
    ['web', [{ service: 'api', condition: 'service_healthy', required: true }]],
  ]),
};

function describePlan(plan: ReturnType<typeof stopPlan>): string[] {
  return plan.steps.map((step) => {
    const operation = step.operation;
    const name = 'container' in operation ? operation.container.name : '';
    const awaits = operation.kind === 'start-container' && operation.awaits.length > 0 ? ` awaits ${operation.awaits.map((a) => `${a.service}:${a.condition}`).join(',')}` : '';
    return `#${step.id} ${operation.kind} ${name}${step.after.length > 0 ? ` after ${step.after.join(',')}` : ''}${awaits}`;
  });
}

describe('stopPlan', () => {
  test('stops running containers, dependents before their dependencies', () => {
    assert.deepEqual(describePlan(stopPlan(containers, ['db', 'api', 'web'], { reason: 'stop', timeoutSeconds: 3 })), [
      '#1 stop-container shop-api-2',
      '#2 stop-container shop-db-1 after 1',
    ]);
  });
  test('carries -t', () => {
    const [first] = stopPlan(containers, ['db'], { reason: 'stop', timeoutSeconds: 3 }).steps;
    assert.equal(first?.operation.kind === 'stop-container' ? first.operation.timeoutSeconds : undefined, 3);
  });
});

describe('startPlan', () => {
  test('starts what is not running, dependencies first, waiting for conditions other than started', () => {
    assert.deepEqual(describePlan(startPlan(containers, ['db', 'api', 'web'], 'start')), [
      '#1 start-container shop-api-1',
      '#2 start-container shop-web-1 after 1 awaits api:service_healthy',
    ]);
  });
  test('conditions on services outside the selection are not waited for', () => {
    assert.deepEqual(describePlan(startPlan(containers, ['web'], 'start')), ['#1 start-container shop-web-1']);
  });
});
