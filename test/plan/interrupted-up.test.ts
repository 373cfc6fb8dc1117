/**
 * An `up` killed part-way (kill -9, OOM, power cut) leaves the engine with
 * some prefix of its plan done. Whatever that prefix, the next reconcile must
 * lead to the same converged stack: every container under its final name,
 * none left under a recreate's temporary `<12hex>_<name>`, and a third
 * reconcile with nothing to do. Regression: berth used to keep an up-to-date
 * replacement under its temporary name for good when the kill came after its
 * create and before its rename (test/faults/kill-up.test.ts found it).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Project } from '../../src/model/index.js';
import { reconcile, renderPlanText, type ObservedState, type Plan, type ReconcileOptions } from '../../src/plan/index.js';
import { applied, emptyState, image, project } from './fixtures.js';
import { assertGolden } from './golden.js';

const STACK = `
name: shop
services:
  web:
    image: nginx:1.27
    depends_on: [api]
  api:
    image: shop/api:1
    environment: { GENERATION: "1" }
    depends_on:
      db: { condition: service_started, restart: true }
  db:
    image: postgres:16
    environment: { GENERATION: "1" }
    volumes: ["dbdata:/var/lib/postgresql/data"]
volumes:
  dbdata: {}
`;

const IMAGES = {
  'nginx:1.27': image('nginx:1.27', 'a'),
  'shop/api:1': image('shop/api:1', 'b'),
  'postgres:16': image('postgres:16', 'c'),
};

const OPTIONS: ReconcileOptions = { recreate: 'diverged', recreateDependencies: 'diverged', configFiles: ['/project/compose.yaml'], workingDir: '/project' };
const FINAL_NAMES = ['shop-api-1', 'shop-db-1', 'shop-web-1'];

function prefix(plan: Plan, stepCount: number): Plan {
  return { ...plan, steps: plan.steps.slice(0, stepCount) };
}

/** Apply runs steps in parallel: a rename to X must wait (transitively) for the removal of whatever holds X now. */
function assertRenamesAfterRemovals(plan: Plan, observed: ObservedState, context: string): void {
  const byId = new Map(plan.steps.map((step) => [step.id, step]));
  const ancestors = (id: number, seen = new Set<number>()): Set<number> => {
    for (const parent of byId.get(id)?.after ?? []) if (!seen.has(parent)) ancestors(parent, seen.add(parent));
    return seen;
  };
  for (const step of plan.steps) {
    if (step.operation.kind !== 'rename-container') continue;
    const target = step.operation.to;
    const holder = observed.containers.find((container) => container.name === target);
    if (holder === undefined) continue;
    const removal = plan.steps.find((other) => other.operation.kind === 'remove-container' && 'id' in other.operation.container && other.operation.container.id === holder.id);
    assert.ok(removal, `${context}: #${step.id} renames to ${target}, which ${holder.id.slice(0, 12)} holds and the plan does not remove`);
    assert.ok(ancestors(step.id).has(removal.id), `${context}: #${step.id} renames to ${target} without waiting for #${removal.id}\n${renderPlanText(plan)}`);
  }
}

/** After the interrupted prefix: the next up, then a check that the one after it has nothing to do. */
function assertConvergesFrom(stack: Project, interrupted: ObservedState, context: string, options = OPTIONS, finalNames = FINAL_NAMES): void {
  const next = reconcile(stack, interrupted, options);
  assertRenamesAfterRemovals(next, interrupted, context);
  const converged = applied(interrupted, next, 'd');
  const names = converged.containers.map((container) => container.name).sort();
  assert.deepEqual(names, finalNames, `${context}: containers after the next up\n${renderPlanText(next)}`);
  assert.ok(converged.containers.every((container) => container.state === 'running'), `${context}: every container running`);
  assert.deepEqual(reconcile(stack, converged, options).steps, [], `${context}: an up after convergence plans nothing`);
}

describe('an up interrupted after any step converges on the next up', () => {
  test('a fresh up cut after each of its steps', async () => {
    const stack = await project(STACK);
    const fresh = emptyState(IMAGES);
    const plan = reconcile(stack, fresh, OPTIONS);
    for (let done = 0; done <= plan.steps.length; done++) {
      assertConvergesFrom(stack, applied(fresh, prefix(plan, done)), `fresh up cut after ${done} of ${plan.steps.length} steps`);
    }
  });

  test('a recreating up (db changed, api restarts with it) cut after each of its steps', async () => {
    const first = await project(STACK);
    const running = applied(emptyState(IMAGES), reconcile(first, emptyState(IMAGES), OPTIONS));
    const changed = await project(STACK.replaceAll('GENERATION: "1"', 'GENERATION: "2"'));
    const plan = reconcile(changed, running, OPTIONS);
    assert.ok(plan.steps.some((step) => step.operation.kind === 'rename-container'), 'the plan recreates');
    for (let done = 0; done <= plan.steps.length; done++) {
      assertConvergesFrom(changed, applied(running, prefix(plan, done), 'r'), `recreate cut after ${done} of ${plan.steps.length} steps`);
    }
  });

  test('a recreating up of a scaled service cut after each of its steps: one container per number', async () => {
    const scaled = { ...OPTIONS, scale: { api: 2 } };
    const names = ['shop-api-1', 'shop-api-2', 'shop-db-1', 'shop-web-1'];
    const first = await project(STACK);
    const running = applied(emptyState(IMAGES), reconcile(first, emptyState(IMAGES), scaled));
    const changed = await project(STACK.replace('GENERATION: "1"', 'GENERATION: "2"'));
    const plan = reconcile(changed, running, scaled);
    for (let done = 0; done <= plan.steps.length; done++) {
      assertConvergesFrom(changed, applied(running, prefix(plan, done), 'r'), `scaled recreate cut after ${done} of ${plan.steps.length} steps`, scaled, names);
    }
  });

  test('cut between create and rename: the next up removes the old container and renames the new one', async () => {
    const first = await project(STACK);
    const running = applied(emptyState(IMAGES), reconcile(first, emptyState(IMAGES), OPTIONS));
    const changed = await project(STACK.replace('GENERATION: "1"', 'GENERATION: "2"'));
    const plan = reconcile(changed, running, OPTIONS);
    const create = plan.steps.findIndex((step) => step.operation.kind === 'create-container');
    // Old container still running beside its replacement, then stopped, then removed.
    for (const [name, done] of [
      ['interrupted-after-create', create + 1],
      ['interrupted-after-stop', create + 2],
      ['interrupted-after-remove', create + 3],
    ] as const) {
      assertGolden(name, renderPlanText(reconcile(changed, applied(running, prefix(plan, done), 'r'), OPTIONS)));
    }
  });

  test('interrupted twice with a config change between: the replacement of the replacement still gets the final name last', async () => {
    const first = await project(STACK);
    const running = applied(emptyState(IMAGES), reconcile(first, emptyState(IMAGES), OPTIONS));
    const second = await project(STACK.replace('GENERATION: "1"', 'GENERATION: "2"'));
    const plan = reconcile(second, running, OPTIONS);
    const create = plan.steps.findIndex((step) => step.operation.kind === 'create-container');
    const interrupted = applied(running, prefix(plan, create + 1), 'r');
    const third = await project(STACK.replace('GENERATION: "1"', 'GENERATION: "3"'));
    const next = reconcile(third, interrupted, OPTIONS);
    assertGolden('interrupted-then-changed', renderPlanText(next));
    assertConvergesFrom(third, interrupted, 'interrupted, then changed again');
  });
});
