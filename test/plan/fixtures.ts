/**
 * Hand-built engine state for pure planner tests: images, and the state an
 * engine would be in after carrying out a plan (`applied`), with
 * predictable IDs, so "up, then up again" scenarios need no engine.
 */
import type { ContainerSpec, ContainerState, ContainerSummary, ImageInfo, NetworkInfo, VolumeInfo } from '../../src/engine/index.js';
import type { Project } from '../../src/model/index.js';
import { resolveSpecReferences, type ContainerRef, type ObservedState, type Plan, type SpecReference } from '../../src/plan/index.js';
import { loadInline, type InlineLoad } from '../helpers/memory-host.js';

export function image(reference: string, digestSeed: string): ImageInfo {
  return {
    id: `sha256:${digestSeed.repeat(64).slice(0, 64)}`,
    repoTags: [reference],
    repoDigests: [],
    labels: {},
    createdAt: '2026-01-01T00:00:00Z',
    sizeBytes: 1,
    config: { entrypoint: null, command: null, env: [], workingDir: '', user: '', exposedPorts: [] },
  };
}

export function emptyState(images: Record<string, ImageInfo> = {}): ObservedState {
  return { containers: [], networks: [], volumes: [], images: new Map(Object.entries(images)) };
}

export async function project(compose: string, options: InlineLoad = {}): Promise<Project> {
  return (await loadInline(compose, options)).project;
}

/** What the engine holds after `plan` ran on `state`: IDs are `<prefix><step>` padded to 64 hex-ish characters. */
export function applied(state: ObservedState, plan: Plan, prefix = 'c'): ObservedState {
  const containers = new Map<string, ContainerSummary>(state.containers.map((container) => [container.id, container]));
  const networks = new Map<string, NetworkInfo>(state.networks.map((network) => [network.name, network]));
  const volumes = new Map<string, VolumeInfo>(state.volumes.map((volume) => [volume.name, volume]));
  const createdIds = new Map<number, string>();
  const idOf = (ref: ContainerRef): string => ('id' in ref ? ref.id : (createdIds.get(ref.step) ?? ''));
  const setState = (id: string, next: ContainerState): void => {
    const container = containers.get(id);
    if (container) containers.set(id, { ...container, state: next });
  };
  for (const step of plan.steps) {
    const operation = step.operation;
    switch (operation.kind) {
      case 'create-network':
        networks.set(operation.spec.name, { id: `n${step.id}`, name: operation.spec.name, driver: operation.spec.driver, labels: operation.spec.labels, internal: false, subnets: [], containers: [] });
        break;
      case 'remove-network':
        networks.delete(operation.name);
        break;
      case 'create-volume':
        volumes.set(operation.spec.name, { name: operation.spec.name, driver: operation.spec.driver, labels: operation.spec.labels, mountpoint: '' });
        break;
      case 'remove-volume':
        volumes.delete(operation.name);
        break;
      case 'create-container': {
        const id = `${prefix}${String(step.id).padStart(4, '0')}`.padEnd(64, '0');
        createdIds.set(step.id, id);
        let spec = operation.spec;
        if (operation.references !== undefined) {
          // Like apply: fill in the IDs of containers created earlier in the plan.
          spec = resolveSpecReferencesForTest(spec, operation.references, idOf);
        }
        containers.set(id, {
          id,
          name: spec.name,
          image: spec.image,
          imageId: '',
          labels: spec.labels,
          state: 'created',
          status: 'Created',
          createdAt: `2026-01-01T00:00:${String(step.id).padStart(2, '0')}Z`,
          ports: [],
          networks: Object.fromEntries(Object.keys(spec.networks).map((name) => [name, '10.0.0.2'])),
        });
        break;
      }
      case 'start-container':
        setState(idOf(operation.container), 'running');
        break;
      case 'stop-container':
        setState(idOf(operation.container), 'exited');
        break;
      case 'remove-container':
        containers.delete(idOf(operation.container));
        break;
      case 'rename-container': {
        const id = idOf(operation.container);
        const container = containers.get(id);
        if (container) containers.set(id, { ...container, name: operation.to });
        break;
      }
      case 'disconnect-network':
      case 'connect-network': {
        const id = idOf(operation.container);
        const container = containers.get(id);
        if (!container) break;
        const networks = { ...container.networks };
        if (operation.kind === 'connect-network') networks[operation.network] = '';
        else delete networks[operation.network];
        containers.set(id, { ...container, networks });
        break;
      }
    }
  }
  return { ...state, containers: [...containers.values()], networks: [...networks.values()], volumes: [...volumes.values()] };
}

function resolveSpecReferencesForTest(spec: ContainerSpec, references: readonly SpecReference[], idOf: (ref: ContainerRef) => string): ContainerSpec {
  return resolveSpecReferences(spec, references, (reference) => idOf(reference.container));
}

/** A container as Compose or berth left it, for hand-built states. */
export function container(fields: { id: string; name: string; state?: ContainerState; labels: Record<string, string>; networks?: Record<string, string> }): ContainerSummary {
  return {
    id: fields.id.padEnd(64, '0'),
    name: fields.name,
    image: '',
    imageId: '',
    labels: fields.labels,
    state: fields.state ?? 'running',
    status: '',
    createdAt: '2026-01-01T00:00:00Z',
    ports: [],
    networks: fields.networks ?? {},
  };
}
