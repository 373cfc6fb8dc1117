/**
 * A plan: what must change on the engine so the project's containers,
 * networks and volumes match the model. Made by `reconcile` (pure), carried
 * out by `apply` (which makes no decisions). Each step says why it exists, so
 * `berth up --dry-run` can explain every (re)creation.
 *
 * Steps form a DAG: a step runs once every step in its `after` list is done.
 * Containers created by the plan have no ID yet, so later steps name them by
 * the step that creates them (`{ step: n }`).
 */
import type { ContainerSpec, EndpointSpec, NetworkSpec, VolumeSpec } from '../engine/index.js';

/** A container that exists already (by ID), or the one a create step of this plan makes. */
export type ContainerRef = { readonly id: string; readonly name: string } | { readonly step: number; readonly name: string };

/** What must hold about a dependency before a container starts (Compose's depends_on conditions). */
export interface StartCondition {
  readonly service: string;
  readonly condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  /** false: a failed or missing dependency is warned about and skipped. */
  readonly required: boolean;
}

/**
 * A field of a create step's spec that names a container this plan creates
 * (`network_mode: service:db` while db's container is created in the same
 * plan): its ID is known only once that step is done. Apply fills it in with
 * `resolveSpecReferences` (which also recomputes the config-hash label)
 * before it creates the container.
 */
export interface SpecReference {
  /** `host.networkMode`, `host.ipcMode` and `host.pidMode` become `container:<id>`; `host.volumesFrom[index]` becomes `<id><suffix>`. */
  readonly field: 'networkMode' | 'ipcMode' | 'pidMode' | 'volumesFrom';
  readonly index?: number | undefined;
  /** `:ro` or `:rw` for volumesFrom; empty otherwise. */
  readonly suffix: string;
  readonly container: ContainerRef;
}

/**
 * A secret or config from `environment:` or `content:`: it has no file to
 * bind-mount, so it is written into the container after create and before
 * each start (Compose copies it in the same way).
 */
export interface ContainerFile {
  readonly kind: 'secret' | 'config';
  /** The secret's or config's key in the compose file. */
  readonly name: string;
  /** Absolute path in the container. */
  readonly path: string;
  readonly content: string;
  /** 0o444 unless the reference sets `mode`. */
  readonly mode: number;
  readonly uid?: number | undefined;
  readonly gid?: number | undefined;
}

/** A `post_start` or `pre_stop` hook: a command exec'd in the service's container. */
export interface ContainerHook {
  readonly command: readonly string[];
  /** `KEY=VALUE`, sorted by key. */
  readonly env: readonly string[];
  readonly user?: string | undefined;
  readonly workingDir?: string | undefined;
  readonly privileged?: boolean | undefined;
}

export type Operation =
  | { readonly kind: 'create-network'; readonly network: string; readonly spec: NetworkSpec }
  | { readonly kind: 'remove-network'; readonly network: string; readonly name: string }
  | { readonly kind: 'create-volume'; readonly volume: string; readonly spec: VolumeSpec }
  | { readonly kind: 'remove-volume'; readonly volume: string; readonly name: string }
  | { readonly kind: 'create-container'; readonly service: string; readonly number: number; readonly spec: ContainerSpec; readonly inheritVolumesFrom?: ContainerRef | undefined; readonly references?: readonly SpecReference[] | undefined }
  | {
      readonly kind: 'start-container';
      readonly service: string;
      readonly container: ContainerRef;
      readonly awaits: readonly StartCondition[];
      /** Written into the container before it starts. */
      readonly files?: readonly ContainerFile[] | undefined;
      /** Run in order once it has started; the first that fails fails the step. */
      readonly postStart?: readonly ContainerHook[] | undefined;
    }
  | {
      readonly kind: 'stop-container';
      readonly service: string;
      readonly container: ContainerRef;
      readonly timeoutSeconds?: number | undefined;
      /** Run in order before the stop signal (`stop` and `down`, not a recreate, as in Compose). */
      readonly preStop?: readonly ContainerHook[] | undefined;
    }
  | { readonly kind: 'remove-container'; readonly service: string; readonly container: ContainerRef; readonly removeVolumes: boolean }
  | { readonly kind: 'rename-container'; readonly service: string; readonly container: ContainerRef; readonly to: string }
  /** A network being recreated: its containers leave it first (by engine network name)… */
  | { readonly kind: 'disconnect-network'; readonly service: string; readonly container: ContainerRef; readonly network: string }
  /** …and join the new one after, with the endpoint they would be created with. */
  | { readonly kind: 'connect-network'; readonly service: string; readonly container: ContainerRef; readonly network: string; readonly endpoint: EndpointSpec };

export interface PlanStep {
  /** 1-based, unique within the plan, in the order the plan lists them. */
  readonly id: number;
  readonly operation: Operation;
  /** Steps that must be done first. */
  readonly after: readonly number[];
  /** Why the step exists, in words a user reads: `config hash changed (environment)`, `scale 1 → 2`. */
  readonly reason: string;
  /**
   * The container (final name) this step helps replace: a recreate's create,
   * stop and remove of the old one, and rename. Progress shows those steps as
   * one `Recreate` → `Recreated`, as Compose does.
   */
  readonly recreates?: string | undefined;
}

export interface Plan {
  readonly project: string;
  readonly steps: readonly PlanStep[];
  /** Things worth telling the user that change nothing (orphans left alone, unmanaged networks reused). */
  readonly warnings: readonly string[];
}
