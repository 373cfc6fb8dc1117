/**
 * Reconcile scenarios as golden plan text: each states one situation and
 * the plan berth must make for it (compose-behaviour.md §3.1–3.6).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BerthError } from '../../src/errors.js';
import type { Project } from '../../src/model/index.js';
import { reconcile, renderPlanText, type ObservedState, type ReconcileOptions } from '../../src/plan/index.js';
import { assertGolden } from './golden.js';
import { applied, container, emptyState, image, project } from './fixtures.js';

const SHOP = `
name: shop
services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    environment: { MODE: prod }
    depends_on:
      api: { condition: service_started }
  api:
    image: shop/api:1
    environment: { DB_HOST: db }
    depends_on:
      db: { condition: service_healthy, restart: true }
  worker:
    image: shop/api:1
    command: ["worker"]
    depends_on:
      db: { condition: service_healthy }
  db:
    image: postgres:16
    volumes: ["dbdata:/var/lib/postgresql/data"]
    healthcheck: { test: ["CMD", "pg_isready"], interval: 2s }
volumes:
  dbdata: {}
`;

const IMAGES = {
  'nginx:1.27': image('nginx:1.27', 'a'),
  'shop/api:1': image('shop/api:1', 'b'),
  'postgres:16': image('postgres:16', 'c'),
};

const OPTIONS: ReconcileOptions = {
  recreate: 'diverged',
  recreateDependencies: 'diverged',
  configFiles: ['/project/compose.yaml'],
  workingDir: '/project',
};

/** The shop project, and the engine state after a first `up`. */
async function shopUp(compose = SHOP): Promise<{ shop: Project; state: ObservedState }> {
  const shop = await project(compose);
  const fresh = emptyState(IMAGES);
  return { shop, state: applied(fresh, reconcile(shop, fresh, OPTIONS)) };
}

function withService(base: Project, name: string, change: (service: Project['services'][string]) => Project['services'][string]): Project {
  const service = base.services[name];
  assert.ok(service, `no service ${name}`);
  return { ...base, services: { ...base.services, [name]: change(service) } };
}

describe('reconcile', () => {
  test('fresh up: networks and volumes, then containers in dependency order, starts gated on depends_on', async () => {
    const shop = await project(SHOP);
    assertGolden('fresh-up', renderPlanText(reconcile(shop, emptyState(IMAGES), OPTIONS)));
  });

  test('a second up with nothing changed plans nothing', async () => {
    const { shop, state } = await shopUp();
    const plan = reconcile(shop, state, OPTIONS);
    assert.deepEqual(plan.steps, []);
    assertGolden('second-up', renderPlanText(plan));
  });

  test('one env var changed: only that service is recreated; dependents without depends_on.restart are untouched', async () => {
    const { shop, state } = await shopUp();
    const changed = withService(shop, 'web', (web) => ({ ...web, environment: { MODE: 'debug' } }));
    const plan = reconcile(changed, state, OPTIONS);
    assertGolden('env-changed-web', renderPlanText(plan));
    // Progress shows the replacement's steps as one Recreate of shop-web-1; the start is its own.
    assert.deepEqual(plan.steps.map((step) => step.recreates), ['shop-web-1', 'shop-web-1', 'shop-web-1', 'shop-web-1', undefined]);
  });

  test('a dependency recreated: dependents with depends_on.restart are stopped before and started after it', async () => {
    const { shop, state } = await shopUp();
    const changed = withService(shop, 'db', (db) => ({ ...db, environment: { POSTGRES_PASSWORD: 'new' } }));
    assertGolden('env-changed-db-restart-dependents', renderPlanText(reconcile(changed, state, OPTIONS)));
  });

  test('scale up numbers new containers from the highest + 1; scale down removes the highest first', async () => {
    const { shop, state } = await shopUp();
    const up = reconcile(shop, state, { ...OPTIONS, scale: { api: 3 } });
    assertGolden('scale-up', renderPlanText(up));
    const scaled = applied(state, up, 's');
    assertGolden('scale-down', renderPlanText(reconcile(shop, scaled, { ...OPTIONS, scale: { api: 1 } })));
  });

  test('--force-recreate recreates the named service only; dependencies follow --always-recreate-deps', async () => {
    const { shop, state } = await shopUp();
    assertGolden('force-recreate-web', renderPlanText(reconcile(shop, state, { ...OPTIONS, services: ['web'], recreate: 'force' })));
    const always = reconcile(shop, state, { ...OPTIONS, services: ['web'], recreate: 'force', recreateDependencies: 'force' });
    assertGolden('force-recreate-web-always-deps', renderPlanText(always));
  });

  test('--no-recreate keeps a diverged container', async () => {
    const { shop, state } = await shopUp();
    const changed = withService(shop, 'web', (web) => ({ ...web, environment: { MODE: 'debug' } }));
    const plan = reconcile(changed, state, { ...OPTIONS, recreate: 'never', recreateDependencies: 'never' });
    assert.deepEqual(plan.steps, []);
  });

  test('an image whose digest changed recreates the services that run it, and says so', async () => {
    const { shop, state } = await shopUp();
    const pulled = { ...state, images: new Map([...state.images, ['shop/api:1', image('shop/api:1', 'd')]]) };
    assertGolden('image-changed', renderPlanText(reconcile(shop, pulled, OPTIONS)));
  });

  test('exited containers that are up to date are started again; --no-start plans no start', async () => {
    const { shop, state } = await shopUp();
    const stopped = { ...state, containers: state.containers.map((c) => (c.name === 'shop-worker-1' ? { ...c, state: 'exited' as const } : c)) };
    assertGolden('start-exited', renderPlanText(reconcile(shop, stopped, OPTIONS)));
    assert.deepEqual(reconcile(shop, stopped, { ...OPTIONS, noStart: true }).steps, []);
  });

  test('orphans are warned about, or removed with --remove-orphans; running one-offs are never orphans', async () => {
    const { shop, state } = await shopUp();
    const labels = (service: string, extra: Record<string, string> = {}): Record<string, string> => ({
      'com.docker.compose.project': 'shop',
      'com.docker.compose.service': service,
      ...extra,
    });
    const withOrphans: ObservedState = {
      ...state,
      containers: [
        ...state.containers,
        container({ id: 'old1', name: 'shop-legacy-1', labels: labels('legacy', { 'com.docker.compose.container-number': '1', 'com.docker.compose.oneoff': 'False' }) }),
        container({ id: 'run1', name: 'shop-api-run-0123456789ab', state: 'exited', labels: labels('api', { 'com.docker.compose.oneoff': 'True' }) }),
        container({ id: 'run2', name: 'shop-api-run-ba9876543210', state: 'running', labels: labels('api', { 'com.docker.compose.oneoff': 'True' }) }),
        container({ id: 'prof', name: 'shop-debug-1', labels: labels('debug', { 'com.docker.compose.container-number': '1' }) }),
      ],
    };
    const options = { ...OPTIONS, disabledServices: ['debug'] };
    assertGolden('orphans-warned', renderPlanText(reconcile(shop, withOrphans, options)));
    assertGolden('orphans-removed', renderPlanText(reconcile(shop, withOrphans, { ...options, removeOrphans: true })));
    assert.deepEqual(reconcile(shop, withOrphans, { ...options, ignoreOrphans: true }).warnings, []);
  });

  test('network_mode service:x refers to x\'s container, and follows it when x is recreated', async () => {
    const compose = `
name: mesh
services:
  app:
    image: nginx:1.27
  proxy:
    image: shop/api:1
    network_mode: "service:app"
`;
    const mesh = await project(compose);
    const fresh = emptyState(IMAGES);
    const first = reconcile(mesh, fresh, OPTIONS);
    assertGolden('network-mode-service-fresh', renderPlanText(first));
    const proxyCreate = first.steps.find((step) => step.operation.kind === 'create-container' && step.operation.service === 'proxy');
    assert.ok(proxyCreate && proxyCreate.operation.kind === 'create-container');
    assert.deepEqual(proxyCreate.operation.references?.map((reference) => reference.field), ['networkMode']);
    const state = applied(fresh, first);
    assert.deepEqual(reconcile(mesh, state, OPTIONS).steps, [], 'the resolved container ID hashes the same on the next up');
    const changed = withService(mesh, 'app', (app) => ({ ...app, environment: { A: '1' } }));
    assertGolden('network-mode-service-parent-recreated', renderPlanText(reconcile(changed, state, OPTIONS)));
  });

  test('an external volume known to be missing fails before any step, naming it and the fix', async () => {
    const compose = `
name: shop
services:
  db:
    image: postgres:16
    volumes: ["pgdata:/var/lib/postgresql/data"]
volumes:
  pgdata: { external: true, name: shared-pgdata }
`;
    const shop = await project(compose);
    const observed: ObservedState = { ...emptyState(IMAGES), byName: { networks: new Map(), volumes: new Map([['shared-pgdata', undefined]]) } };
    assert.throws(
      () => reconcile(shop, observed, OPTIONS),
      (error: unknown) => error instanceof BerthError && error.code === 'invalid_project' && /shared-pgdata/.test(error.message) && /docker volume create/.test(error.message),
    );
    const present = { ...observed, byName: { networks: new Map(), volumes: new Map([['shared-pgdata', { name: 'shared-pgdata', driver: 'local', labels: {}, mountpoint: '' }]]) } };
    assert.equal(reconcile(shop, present, OPTIONS).steps.some((step) => step.operation.kind === 'create-volume'), false);
  });

  test('container_name with more than one replica is refused', async () => {
    const shop = await project(`
services:
  web:
    image: nginx:1.27
    container_name: the-web
`);
    assert.throws(() => reconcile(shop, emptyState(IMAGES), { ...OPTIONS, scale: { web: 2 } }), /container_name "the-web"/);
  });

  test('--no-deps reconciles the named service only and does not wait for its dependencies', async () => {
    const shop = await project(SHOP);
    assertGolden('no-deps', renderPlanText(reconcile(shop, emptyState(IMAGES), { ...OPTIONS, services: ['api'], noDeps: true })));
  });

  test('a network with another config hash is recreated; one without a hash label is kept; an unmanaged one with the same name is reused', async () => {
    const { shop, state } = await shopUp();
    const withHash = (hash: string | undefined) => ({
      ...state,
      networks: state.networks.map((network) => {
        const { 'com.docker.compose.config-hash': _old, ...labels } = network.labels;
        return { ...network, labels: hash === undefined ? labels : { ...labels, 'com.docker.compose.config-hash': hash } };
      }),
    });
    const drifted = reconcile(shop, withHash('old'), OPTIONS);
    assert.deepEqual(
      drifted.steps.filter((step) => step.operation.kind === 'remove-network' || step.operation.kind === 'create-network').map((step) => `${step.operation.kind} ${step.reason}`),
      ['remove-network config hash changed', 'create-network recreated after a config change'],
    );
    // Made by an older Compose, without the label: left alone, as Compose does.
    assert.deepEqual(reconcile(shop, withHash(undefined), OPTIONS).steps, []);
    const fresh = emptyState(IMAGES);
    const unmanaged = { ...fresh, byName: { volumes: new Map(), networks: new Map([['shop_default', { id: 'x', name: 'shop_default', driver: 'bridge', labels: {}, internal: false, subnets: [], containers: [] }]]) } };
    const reused = reconcile(shop, unmanaged, OPTIONS);
    assert.equal(reused.steps.some((step) => step.operation.kind === 'create-network'), false);
    assert.match(reused.warnings.join('\n'), /not created by Compose or berth/);
  });

  test('the same inputs give the same plan', async () => {
    const shop = await project(SHOP);
    assert.deepEqual(reconcile(shop, emptyState(IMAGES), OPTIONS), reconcile(shop, emptyState(IMAGES), OPTIONS));
  });
});

describe('reconcile: renamed resources', () => {
  test('a network renamed in the compose file is created under its new name and containers move to it', async () => {
    const before = await project('name: shop\nservices:\n  web:\n    image: nginx:1.27\n    networks: [front]\nnetworks:\n  front: {}\n');
    const fresh = emptyState(IMAGES);
    const state = applied(fresh, reconcile(before, fresh, OPTIONS));
    const after = await project('name: shop\nservices:\n  web:\n    image: nginx:1.27\n    networks: [front]\nnetworks:\n  front: { name: edge }\n');
    const plan = reconcile(after, state, OPTIONS);
    assertGolden('network-renamed', renderPlanText(plan));
  });
});

describe('reconcile: resources whose configuration changed', () => {
  const NETWORKED = (labels: string) => `
name: shop
services:
  web:
    image: nginx:1.27
    networks: [front, back]
    depends_on: [api]
  api:
    image: shop/api:1
    networks:
      back: { aliases: [backend] }
  tools:
    image: shop/api:1
    networks: [back]
    scale: 2
networks:
  front: {}
  back: { labels: ${labels} }
`;

  test('a network whose config changed is recreated under its containers: stop, disconnect, remove, create, reconnect, start; no container is recreated', async () => {
    const before = await project(NETWORKED('{ tier: one }'));
    const fresh = emptyState(IMAGES);
    const state = applied(fresh, reconcile(before, fresh, OPTIONS));
    const plan = reconcile(await project(NETWORKED('{ tier: two }')), state, OPTIONS);
    assertGolden('network-config-changed', renderPlanText(plan));
    assert.equal(plan.steps.some((step) => step.operation.kind === 'create-container'), false);
    const connect = plan.steps.find((step) => step.operation.kind === 'connect-network' && step.operation.service === 'api')?.operation;
    assert.ok(connect?.kind === 'connect-network');
    assert.deepEqual(connect.endpoint.aliases, ['shop-api-1', 'api', 'backend'], 'reconnected with the aliases it was created with');
    // Applied, the next up has nothing left to do.
    assert.deepEqual(reconcile(await project(NETWORKED('{ tier: two }')), applied(state, plan, 'n'), OPTIONS).steps, []);
  });

  test('with only one service selected, containers of the others on the network are reconnected and started again too', async () => {
    const before = await project(NETWORKED('{ tier: one }'));
    const fresh = emptyState(IMAGES);
    const state = applied(fresh, reconcile(before, fresh, OPTIONS));
    const plan = reconcile(await project(NETWORKED('{ tier: two }')), state, { ...OPTIONS, services: ['tools'] });
    assertGolden('network-config-changed-one-service', renderPlanText(plan));
  });

  test('a volume whose config changed is kept, with Compose\'s warning: recreating it would lose its data', async () => {
    const volumed = (driverOption: string) => `name: shop\nservices:\n  db:\n    image: postgres:16\n    volumes: [data:/data]\nvolumes:\n  data: { driver_opts: { o: ${driverOption} } }\n`;
    const fresh = emptyState(IMAGES);
    const state = applied(fresh, reconcile(await project(volumed('a')), fresh, OPTIONS));
    const plan = reconcile(await project(volumed('b')), state, OPTIONS);
    assert.deepEqual(plan.steps, []);
    assert.deepEqual(plan.warnings, [
      'volume "shop_data" exists but doesn\'t match configuration in compose file (volumes.data); recreating it would lose its data, so it is kept as it is: remove it (`berth down -v`) to apply the change',
    ]);
  });
});
