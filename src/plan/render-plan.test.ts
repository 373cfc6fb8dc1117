import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Plan } from './plan.js';
import { renderPlanJson, renderPlanText } from './render-plan.js';

const PLAN: Plan = {
  project: 'shop',
  steps: [
    { id: 1, after: [], reason: 'dependency db recreated (depends_on.restart)', operation: { kind: 'stop-container', service: 'web', container: { id: 'a1', name: 'shop-web-1' }, timeoutSeconds: 5 } },
    { id: 2, after: [1], reason: 'finish recreate', operation: { kind: 'rename-container', service: 'db', container: { step: 1, name: 'a1_shop-db-1' }, to: 'shop-db-1' } },
    {
      id: 3,
      after: [1, 2],
      reason: 'created',
      operation: { kind: 'start-container', service: 'web', container: { step: 1, name: 'shop-web-1' }, awaits: [{ service: 'db', condition: 'service_healthy', required: true }, { service: 'cache', condition: 'service_started', required: false }] },
    },
    { id: 4, after: [3], reason: 'down', operation: { kind: 'remove-container', service: 'web', container: { id: 'a1', name: 'shop-web-1' }, removeVolumes: true } },
  ],
  warnings: ['something to know'],
};

describe('renderPlanText', () => {
  test('one line per step with its dependencies, reason and details, then the warnings', () => {
    assert.equal(
      renderPlanText(PLAN),
      [
        '#1 stop container shop-web-1 (dependency db recreated (depends_on.restart)) timeout 5s',
        '#2 [after 1] rename container a1_shop-db-1 to shop-db-1 (finish recreate)',
        '#3 [after 1,2] start container shop-web-1 (created) awaits db service_healthy, cache service_started (optional)',
        '#4 [after 3] remove container shop-web-1 (down) with its anonymous volumes',
        'warning: something to know',
        '',
      ].join('\n'),
    );
  });

  test('an empty plan says there is nothing to do', () => {
    assert.equal(renderPlanText({ project: 'shop', steps: [], warnings: [] }), 'nothing to do: project shop is up to date\n');
  });
});

describe('renderPlanJson', () => {
  test('each step names its action, resource, name and service before the operation', () => {
    const json = renderPlanJson(PLAN);
    assert.deepEqual(
      json.steps.map((step) => [step.id, step.action, step.resource, step.name, step.service, step.after]),
      [
        [1, 'stop', 'container', 'shop-web-1', 'web', []],
        [2, 'rename', 'container', 'a1_shop-db-1', 'db', [1]],
        [3, 'start', 'container', 'shop-web-1', 'web', [1, 2]],
        [4, 'remove', 'container', 'shop-web-1', 'web', [3]],
      ],
    );
    assert.deepEqual(JSON.parse(JSON.stringify(json)), json, 'plain JSON, nothing lost in serialisation');
    assert.deepEqual(json.warnings, ['something to know']);
  });
});
