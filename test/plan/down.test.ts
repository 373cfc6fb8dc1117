/**
 * `down` plans as golden text: dependents first, networks after the
 * containers, volumes only with -v, orphans only with --remove-orphans, and
 * the same plan from the labels alone as from the compose file.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BerthError } from '../../src/errors.js';
import { downInputFromLabels, downInputFromProject, planDown, reconcile, renderPlanText, type ObservedState } from '../../src/plan/index.js';
import { assertGolden } from './golden.js';
import { applied, container, emptyState, image, project } from './fixtures.js';

const SHOP = `
name: shop
services:
  web:
    image: nginx:1.27
    depends_on: [api]
  api:
    image: shop/api:1
    depends_on: [db]
  db:
    image: postgres:16
    volumes: ["dbdata:/var/lib/postgresql/data", "/scratch"]
  tools:
    image: shop/api:1
    volumes: ["shared:/shared"]
volumes:
  dbdata: {}
  shared: { external: true }
`;

const IMAGES = { 'nginx:1.27': image('nginx:1.27', 'a'), 'shop/api:1': image('shop/api:1', 'b'), 'postgres:16': image('postgres:16', 'c') };

async function running(): Promise<{ input: ReturnType<typeof downInputFromProject>; state: ObservedState }> {
  const shop = await project(SHOP);
  const fresh = emptyState(IMAGES);
  const state = applied(fresh, reconcile(shop, fresh, { recreate: 'diverged', recreateDependencies: 'diverged', configFiles: ['/project/compose.yaml'], workingDir: '/project' }));
  return { input: downInputFromProject(shop), state };
}

describe('planDown', () => {
  test('down: dependents stopped and removed first, then the network; volumes stay', async () => {
    const { input, state } = await running();
    assertGolden('down', renderPlanText(planDown(input, state, { removeVolumes: false, removeOrphans: false })));
  });

  test('down -v: also the named volumes the project created and its containers\' anonymous volumes, never external ones', async () => {
    const { input, state } = await running();
    const plan = planDown(input, state, { removeVolumes: true, removeOrphans: false, timeoutSeconds: 3 });
    assertGolden('down-volumes', renderPlanText(plan));
    assert.equal(plan.steps.some((step) => step.operation.kind === 'remove-volume' && step.operation.name === 'shared'), false);
  });

  test('down from labels alone plans what down from the compose file plans', async () => {
    const { input, state } = await running();
    const fromLabels = downInputFromLabels('shop', state);
    const options = { removeVolumes: true, removeOrphans: false };
    assert.equal(renderPlanText(planDown(fromLabels, state, options)), renderPlanText(planDown(input, state, options)));
  });

  test('orphans: exited one-offs and containers of removed services go with --remove-orphans; running one-offs stay', async () => {
    const { input, state } = await running();
    const labels = (service: string, oneOff: boolean): Record<string, string> => ({
      'com.docker.compose.project': 'shop',
      'com.docker.compose.service': service,
      'com.docker.compose.oneoff': oneOff ? 'True' : 'False',
    });
    const withOrphans: ObservedState = {
      ...state,
      containers: [
        ...state.containers,
        container({ id: 'gone', name: 'shop-legacy-1', labels: labels('legacy', false) }),
        container({ id: 'run1', name: 'shop-api-run-0123456789ab', state: 'exited', labels: labels('api', true) }),
        container({ id: 'run2', name: 'shop-api-run-ba9876543210', state: 'running', labels: labels('api', true) }),
      ],
    };
    assertGolden('down-remove-orphans', renderPlanText(planDown(input, withOrphans, { removeVolumes: false, removeOrphans: true })));
    assert.match(planDown(input, withOrphans, { removeVolumes: false, removeOrphans: false }).warnings.join('\n'), /shop-legacy-1/);
  });

  test('down api: api and what depends on it; networks in use by other containers stay', async () => {
    const { input, state } = await running();
    const withAttached = { ...state, networks: state.networks.map((network) => ({ ...network, containers: state.containers.map((c) => c.id) })) };
    assertGolden('down-service', renderPlanText(planDown(input, withAttached, { removeVolumes: true, removeOrphans: false, services: ['api'] })));
  });

  test('an unknown service is an error with a compose file, and nothing to do without one', async () => {
    const { input, state } = await running();
    assert.throws(() => planDown(input, state, { removeVolumes: false, removeOrphans: false, services: ['nope'] }), (error: unknown) => error instanceof BerthError && error.code === 'invalid_argument');
    const plan = planDown(downInputFromLabels('shop', state), state, { removeVolumes: false, removeOrphans: false, services: ['nope'] });
    assert.deepEqual(plan.steps, []);
  });
});

describe('regression: a one-off whose start failed', () => {
  // `berth run` can leave a one-off in `created` when its start fails; down --remove-orphans used to keep it forever.
  test('is removed by down --remove-orphans like an exited one', async () => {
    const shop = await project('name: shop\nservices:\n  api:\n    image: api\n');
    const observed: ObservedState = {
      containers: [
        container({
          id: 'never-started',
          name: 'shop-api-run-0123456789ab',
          state: 'created',
          labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'api', 'com.docker.compose.oneoff': 'True' },
        }),
      ],
      networks: [],
      volumes: [],
      images: new Map(),
    };
    const plan = planDown(downInputFromProject(shop), observed, { removeVolumes: false, removeOrphans: true });
    assert.match(renderPlanText(plan), /remove container shop-api-run-0123456789ab/);
  });
});
