/**
 * reconcile: (Project, ObservedState, options) → Plan, the way Docker Compose
 * converges a project (compose-behaviour.md §3): networks and volumes first,
 * then each service's containers in dependency order — keep, recreate
 * (create the new one under a temporary name → stop the old → remove it →
 * rename), scale down (highest numbers first) or up (from the highest number
 * + 1) — then orphans, and start steps gated on depends_on. Pure and
 * deterministic: the same inputs give the same plan, step for step.
 */
import { BerthError } from '../errors.js';
import type { ContainerSummary, ImageInfo } from '../engine/index.js';
import type { Project, ServiceConfig } from '../model/index.js';
import type { Environment } from '../model/load/environment.js';
import { locateNowhere, type Locate } from '../model/tree.js';
import { buildContainerSpec, type ContainerSpecContext, type ProjectSource } from './container-spec.js';
import { dependencyOrder, graphOf, withDependencies } from './dependency-order.js';
import { compareText, CONFIG_HASH_LABEL, IMAGE_LABEL, REPLACE_LABEL, SERVICE_LABEL } from './labels.js';
import { containerName, containerNumberOf, imageReference, replacedName, temporaryName } from './names.js';
import { classifyContainers, mayBeRunning } from './observed-containers.js';
import type { ObservedState } from './observed-state.js';
import { PlanBuilder } from './plan-builder.js';
import type { ContainerRef, Plan, StartCondition } from './plan.js';
import { checkExternalResources, reconcileResources, type ResourceSteps } from './reconcile-resources.js';
import { startExtras } from './service-lifecycle.js';
import { planNetworkRecreate } from './recreate-network.js';

export type RecreatePolicy = 'diverged' | 'force' | 'never';

export interface ReconcileOptions extends ProjectSource {
  /** Services named on the command line; default all. Their dependencies come along unless `noDeps`. */
  readonly services?: readonly string[] | undefined;
  readonly noDeps?: boolean | undefined;
  /** For the named services (all when none is named): `--force-recreate` → force, `--no-recreate` → never. */
  readonly recreate: RecreatePolicy;
  /** For their dependencies: `--always-recreate-deps` → force. */
  readonly recreateDependencies: RecreatePolicy;
  /** `-V`: a replacement container starts with fresh anonymous volumes instead of the old container's. */
  readonly renewAnonVolumes?: boolean | undefined;
  readonly removeOrphans?: boolean | undefined;
  /** `COMPOSE_IGNORE_ORPHANS`: no orphan warning. */
  readonly ignoreOrphans?: boolean | undefined;
  /** Services left off by profiles: their containers are not orphans. */
  readonly disabledServices?: readonly string[] | undefined;
  /** `--scale service=n`, over `scale` and `deploy.replicas`. */
  readonly scale?: Readonly<Record<string, number>> | undefined;
  /** `up --no-start` / `create`: no start steps. */
  readonly noStart?: boolean | undefined;
  /** `-t`: for the stop steps; absent, each container's own stop timeout applies. */
  readonly timeoutSeconds?: number | undefined;
  /** The image a service runs now, when it differs from `observed.images` (just built or pulled). */
  readonly resolveImage?: ((serviceName: string, reference: string) => ImageInfo | undefined) | undefined;
  /** The interpolation environment: the values of secrets and configs from `environment:`. */
  readonly environment?: Environment | undefined;
  readonly locate?: Locate | undefined;
}

/** What the planner knows about one container the plan ends with. */
interface FinalContainer {
  readonly ref: ContainerRef;
  readonly name: string;
}

export function reconcile(project: Project, observed: ObservedState, options: ReconcileOptions): Plan {
  return new Reconciler(project, observed, options).run();
}

class Reconciler {
  readonly #builder: PlanBuilder;
  readonly #locate: Locate;
  readonly #graph;
  readonly #targeted: ReadonlySet<string>;
  readonly #reconciled: ReadonlySet<string>;
  readonly #order: readonly string[];
  readonly #byService: ReadonlyMap<string, readonly ContainerSummary[]>;
  readonly #orphans: readonly ContainerSummary[];
  /** Containers each reconciled service ends with, by final name, for `service:` references. */
  readonly #finalContainers = new Map<string, FinalContainer[]>();
  /** The steps after which a service's containers exist as planned: what its dependents' creates wait for. */
  readonly #serviceDone = new Map<string, number[]>();
  readonly #startSteps = new Map<string, number[]>();
  readonly #recreatedServices = new Set<string>();
  /** Container ID → the step stopping it. */
  readonly #stoppedByPlan = new Map<string, number>();
  /** Container ID → why it must be started again (it was stopped for a dependency's recreate). */
  readonly #restartReasons = new Map<string, string>();
  #resources: ResourceSteps | undefined;
  /** Compose network key → the step creating it (a new or a recreated network). */
  readonly #networkSteps = new Map<string, number>();
  /** Container ID → the steps reconnecting it to recreated networks: its start and removal come after them. */
  readonly #reconnects = new Map<string, number[]>();

  constructor(
    readonly project: Project,
    readonly observed: ObservedState,
    readonly options: ReconcileOptions,
  ) {
    this.#builder = new PlanBuilder(project.name);
    this.#locate = options.locate ?? locateNowhere;
    this.#graph = graphOf(project.services);
    const named = options.services ?? [];
    for (const service of named) {
      if (project.services[service] === undefined) throw new BerthError('invalid_argument', `no such service: ${service}; the project's services are ${Object.keys(project.services).sort(compareText).join(', ')}`);
    }
    for (const [service, count] of Object.entries(options.scale ?? {})) {
      if (project.services[service] === undefined) throw new BerthError('invalid_argument', `--scale ${service}=${count}: no such service: ${service}`);
      if (!Number.isInteger(count) || count < 0) throw new BerthError('invalid_argument', `--scale ${service}=${count}: the number of containers must be a whole number, 0 or more`);
    }
    const all = Object.keys(project.services);
    this.#targeted = new Set(named.length === 0 ? all : named);
    this.#reconciled = options.noDeps === true ? new Set(this.#targeted) : withDependencies(this.#graph, this.#targeted);
    this.#order = dependencyOrder(this.#graph, this.#reconciled);
    const known = new Set([...all, ...(options.disabledServices ?? [])]);
    const classified = classifyContainers(project.name, observed.containers, known);
    this.#byService = classified.byService;
    this.#orphans = classified.orphans;
  }

  run(): Plan {
    const services = this.#order.filter((name) => this.#service(name).provider === undefined);
    for (const name of this.#order) {
      if (this.#service(name).provider !== undefined) this.#builder.warn(`services.${name}.provider is not supported and is ignored`);
    }
    for (const name of services) this.#checkScale(name);
    const networkKeys = new Set<string>();
    const volumeKeys = new Set<string>();
    for (const name of services) {
      const service = this.#service(name);
      if (service.network_mode === undefined) for (const key of Object.keys(service.networks ?? {})) networkKeys.add(key);
      for (const volume of service.volumes ?? []) if (volume.type === 'volume' && volume.source !== undefined) volumeKeys.add(volume.source);
    }
    checkExternalResources(this.project, [...networkKeys].sort(compareText), [...volumeKeys].sort(compareText), this.observed, this.#locate);
    this.#resources = reconcileResources(this.project, [...networkKeys], [...volumeKeys], this.observed, this.#builder);
    for (const [key, step] of this.#resources.networkSteps) this.#networkSteps.set(key, step);
    this.#recreateNetworks();
    for (const name of services) this.#reconcileService(name);
    this.#reconcileOrphans();
    return this.#builder.build();
  }

  #service(name: string): ServiceConfig {
    const service = this.project.services[name];
    if (service === undefined) throw new Error(`reconcile: unknown service ${name}`);
    return service;
  }

  #scaleOf(name: string): number {
    const service = this.#service(name);
    return this.options.scale?.[name] ?? service.scale ?? service.deploy?.replicas ?? 1;
  }

  #checkScale(name: string): void {
    const service = this.#service(name);
    const scale = this.#scaleOf(name);
    if (service.container_name !== undefined && scale > 1) {
      throw new BerthError(
        'invalid_project',
        `services.${name}: container_name "${service.container_name}" names one container, so the service cannot have ${scale}; remove container_name or scale it to 1`,
        { location: this.#locate(['services', name, 'container_name']) },
      );
    }
  }

  #specContext(name: string, overrides: Partial<ContainerSpecContext> = {}): ContainerSpecContext {
    const service = this.#service(name);
    const reference = imageReference(this.project.name, name, service);
    const image = this.options.resolveImage?.(name, reference) ?? this.observed.images.get(reference);
    return {
      configFiles: this.options.configFiles,
      workingDir: this.options.workingDir,
      environmentFiles: this.options.environmentFiles,
      imageDigest: image?.id,
      resolveContainer: (target) => this.#resolveContainer(target),
      locate: this.#locate,
      onWarning: (message) => this.#builder.warn(message),
      ...overrides,
    };
  }

  /** A `service:<name>` reference: the first (by name) container that service ends with in this plan, or has now. */
  #resolveContainer(target: string): ContainerRef | undefined {
    const planned = this.#finalContainers.get(target);
    if (planned !== undefined) return planned[0]?.ref;
    const existing = this.#byService.get(target)?.[0];
    return existing === undefined ? undefined : { id: existing.id, name: existing.name };
  }

  /** Steps a container of this service must be created after: its networks, volumes and dependencies. */
  #infrastructureSteps(name: string): number[] {
    const service = this.#service(name);
    const steps: number[] = [];
    for (const key of Object.keys(service.networks ?? {})) {
      const step = this.#networkSteps.get(key);
      if (step !== undefined && service.network_mode === undefined) steps.push(step);
    }
    for (const volume of service.volumes ?? []) {
      const step = volume.type === 'volume' && volume.source !== undefined ? this.#resources?.volumeSteps.get(volume.source) : undefined;
      if (step !== undefined) steps.push(step);
    }
    for (const dependency of Object.keys(service.depends_on ?? {})) steps.push(...(this.#serviceDone.get(dependency) ?? []));
    return steps;
  }

  #policyFor(name: string): { policy: RecreatePolicy; reason: string } {
    if (this.#targeted.has(name)) return { policy: this.options.recreate, reason: this.options.renewAnonVolumes === true ? '--renew-anon-volumes' : '--force-recreate' };
    return { policy: this.options.recreateDependencies, reason: '--always-recreate-deps' };
  }

  /** Why a container must be replaced, or undefined when it is up to date (Compose's mustRecreate). */
  #recreateReason(name: string, container: ContainerSummary, expectedHash: string, imageDigest: string | undefined): string | undefined {
    const { policy, reason } = this.#policyFor(name);
    switch (policy) {
      case 'never':
        return undefined;
      case 'force':
        return reason;
      case 'diverged':
        break;
      default:
        return assertNever(policy);
    }
    const parent = this.#recreatedParent(name);
    if (parent !== undefined) return `dependency ${parent.service} recreated (${parent.via})`;
    if (container.state === 'dead') return 'container is dead';
    const observedDigest = container.labels[IMAGE_LABEL];
    if (imageDigest !== undefined && observedDigest !== imageDigest) return `image changed (digest ${shortDigest(observedDigest)} → ${shortDigest(imageDigest)})`;
    if (container.labels[CONFIG_HASH_LABEL] !== expectedHash) return 'config hash changed';
    if (container.state === 'running') {
      for (const [key, engineName] of this.#resources?.existingNetworks ?? []) {
        const service = this.#service(name);
        if (service.network_mode !== undefined || service.networks?.[key] === undefined) continue;
        if (container.networks[engineName] === undefined) return `not connected to network ${engineName}`;
      }
    }
    return undefined;
  }

  /** A namespace or volumes_from parent recreated in this plan leaves a stale `container:<id>` behind. */
  #recreatedParent(name: string): { service: string; via: string } | undefined {
    const service = this.#service(name);
    const modes: [string, string | null | undefined][] = [
      ['network_mode', service.network_mode],
      ['ipc', service.ipc],
      ['pid', service.pid],
    ];
    for (const [attribute, mode] of modes) {
      if (typeof mode === 'string' && mode.startsWith('service:')) {
        const parent = mode.slice('service:'.length);
        if (this.#recreatedServices.has(parent)) return { service: parent, via: `${attribute}: ${mode}` };
      }
    }
    for (const entry of service.volumes_from ?? []) {
      if (entry.startsWith('container:')) continue;
      const [parent = ''] = entry.split(':');
      if (this.#recreatedServices.has(parent)) return { service: parent, via: `volumes_from: ${entry}` };
    }
    return undefined;
  }

  #reconcileService(name: string): void {
    const service = this.#service(name);
    const expected = this.#scaleOf(name);
    const observedContainers = this.#byService.get(name) ?? [];
    const baseContext = this.#specContext(name);
    const infrastructure = this.#infrastructureSteps(name);

    const assessed = observedContainers.map((container) => {
      const number = containerNumberOf(container.labels) ?? 0;
      const built = buildContainerSpec(this.project, name, number, baseContext);
      const expectedHash = built.spec.labels[CONFIG_HASH_LABEL] ?? '';
      const replacement = isTemporaryNameOf(container.name, containerName(this.project.name, name, service, number));
      return { container, number, replacement, reason: this.#recreateReason(name, container, expectedHash, baseContext.imageDigest) };
    });
    // Up-to-date and low-numbered containers are kept; obsolete and high-numbered ones go first.
    // Of two with one number, the newer (a replacement is newer than what it replaces, even within the same second) is kept.
    assessed.sort(
      (a, b) =>
        Number(a.reason !== undefined) - Number(b.reason !== undefined) ||
        a.number - b.number ||
        compareText(b.container.createdAt, a.container.createdAt) ||
        Number(b.replacement) - Number(a.replacement),
    );
    // One container per number: an up killed mid-recreate leaves the replacement beside the old one.
    const numbersSeen = new Set<number>();
    const unique: typeof assessed = [];
    const duplicates: typeof assessed = [];
    for (const entry of assessed) {
      if (numbersSeen.has(entry.number)) duplicates.push(entry);
      else {
        numbersSeen.add(entry.number);
        unique.push(entry);
      }
    }
    const kept = unique.slice(0, expected);
    const excess = [...unique.slice(expected), ...duplicates].sort((a, b) => b.number - a.number || compareText(a.container.name, b.container.name));

    const done: number[] = [];
    const finals: FinalContainer[] = [];
    const toStart: { ref: ContainerRef; after: number[]; reason: string }[] = [];

    // Excess containers, by name, to the step removing them: a name they hold is free only after it.
    const excessRemoved = new Map<string, number>();
    for (const { container, number } of excess) {
      const twin = kept.find((other) => other.number === number);
      // Two containers with one number: an earlier up was interrupted mid-recreate.
      const reason = twin !== undefined ? `duplicate of ${twin.container.name}, left by an interrupted recreate` : `scale ${observedContainers.length} → ${expected}`;
      this.#restartReasons.delete(container.id);
      const stop = this.#stoppedByPlan.get(container.id) ?? (mayBeRunning(container) ? this.#stop(name, container, reason) : undefined);
      const remove = this.#builder.add({ kind: 'remove-container', service: name, container: refOf(container), removeVolumes: false }, reason, [...(stop === undefined ? [] : [stop]), ...(this.#reconnects.get(container.id) ?? [])]);
      excessRemoved.set(container.name, remove);
      done.push(remove);
    }

    for (const { container, number, reason } of kept) {
      if (reason !== undefined) {
        const recreated = this.#recreate(name, service, container, number, reason, infrastructure, excessRemoved);
        done.push(recreated.renamed);
        finals.push({ ref: recreated.ref, name: recreated.finalName });
        toStart.push({ ref: recreated.ref, after: [recreated.renamed], reason: 'recreated' });
        this.#recreatedServices.add(name);
        continue;
      }
      const renamed = this.#finishInterruptedRecreate(name, service, container, number, excessRemoved);
      const ref = renamed === undefined ? refOf(container) : renamed.ref;
      if (renamed !== undefined) done.push(renamed.step);
      const renameSteps = renamed === undefined ? [] : [renamed.step];
      finals.push({ ref, name: ref.name });
      const restartReason = this.#restartReasons.get(container.id);
      if (restartReason !== undefined) {
        toStart.push({ ref, after: [this.#stoppedByPlan.get(container.id) ?? 0, ...renameSteps, ...(this.#reconnects.get(container.id) ?? [])].filter((step) => step > 0), reason: restartReason });
      } else if (container.state === 'exited' || container.state === 'created') {
        toStart.push({ ref, after: renameSteps, reason: container.state === 'exited' ? 'not running (exited)' : 'not started (created)' });
      } else if (container.state === 'paused') {
        this.#builder.warn(`container ${container.name} is paused and is left as it is; run \`berth unpause ${name}\` to resume it`);
      }
    }

    const numbers = observedContainers.map((container) => containerNumberOf(container.labels) ?? 0);
    let next = Math.max(0, ...numbers) + 1;
    for (let count = kept.length; count < expected; count++, next++) {
      const number = next;
      const built = buildContainerSpec(this.project, name, number, baseContext);
      const reason = observedContainers.length === 0 ? 'new service' : `scale ${observedContainers.length} → ${expected}`;
      const create = this.#builder.add(
        { kind: 'create-container', service: name, number, spec: built.spec, ...(built.references.length > 0 ? { references: built.references } : {}) },
        reason,
        infrastructure,
      );
      const ref = { step: create, name: built.spec.name };
      done.push(create);
      finals.push({ ref, name: built.spec.name });
      toStart.push({ ref, after: [create], reason: 'created' });
    }

    this.#serviceDone.set(name, done);
    this.#finalContainers.set(name, finals.sort((a, b) => compareText(a.name, b.name)));
    if (this.options.noStart === true) return;
    const { awaits, after } = this.#startConditions(name, service);
    const extras = toStart.length === 0 ? {} : startExtras(this.project, name, { environment: this.options.environment ?? {}, locate: this.#locate });
    const starts: number[] = [];
    for (const start of toStart) {
      starts.push(this.#builder.add({ kind: 'start-container', service: name, container: start.ref, awaits, ...extras }, start.reason, [...start.after, ...after]));
    }
    this.#startSteps.set(name, starts);
  }

  /**
   * An up killed between creating a replacement under its temporary name and
   * renaming it leaves the up-to-date container under that name (the old one
   * may be gone, stopped or still running; as excess it is removed first).
   * Compose leaves it so for good; berth finishes the rename, so every kill
   * point converges to the final names.
   */
  #finishInterruptedRecreate(name: string, service: ServiceConfig, container: ContainerSummary, number: number, excessRemoved: ReadonlyMap<string, number>): { step: number; ref: ContainerRef } | undefined {
    const finalName = containerName(this.project.name, name, service, number);
    if (!isTemporaryNameOf(container.name, finalName)) return undefined;
    const after = [excessRemoved.get(finalName)].filter((step) => step !== undefined);
    const step = this.#builder.add({ kind: 'rename-container', service: name, container: refOf(container), to: finalName }, 'finish an interrupted recreate', after);
    return { step, ref: { id: container.id, name: finalName } };
  }

  /** Compose's recreate: stop dependents that restart with this service, create the new container under a temporary name, stop and remove the old one, rename the new one. */
  #recreate(
    name: string,
    service: ServiceConfig,
    old: ContainerSummary,
    number: number,
    reason: string,
    infrastructure: readonly number[],
    excessRemoved: ReadonlyMap<string, number>,
  ): { ref: ContainerRef; renamed: number; finalName: string } {
    const dependentStops = this.#stopDependents(name);
    const finalName = containerName(this.project.name, name, service, number);
    const createName = temporaryName(old.id, finalName);
    const built = buildContainerSpec(this.project, name, number, this.#specContext(name, { createName }));
    const spec = { ...built.spec, labels: { ...built.spec.labels, [REPLACE_LABEL]: replacedName(name, service, number) } };
    const create = this.#builder.add(
      {
        kind: 'create-container',
        service: name,
        number,
        spec,
        ...(this.options.renewAnonVolumes === true ? {} : { inheritVolumesFrom: refOf(old) }),
        ...(built.references.length > 0 ? { references: built.references } : {}),
      },
      reason,
      // An interrupted recreate of the same container may have left its replacement under this very name.
      [...infrastructure, ...dependentStops, ...[excessRemoved.get(createName)].filter((step) => step !== undefined)],
      finalName,
    );
    const replaced = `replaced by #${create}`;
    const earlierStop = this.#stoppedByPlan.get(old.id);
    let removeAfter: number[];
    if (earlierStop !== undefined) {
      removeAfter = [earlierStop, create];
    } else if (mayBeRunning(old)) {
      removeAfter = [this.#stop(name, old, replaced, [create], finalName)];
    } else {
      removeAfter = [create];
    }
    // The old container is being replaced: it must not be started again for a dependency's sake.
    this.#restartReasons.delete(old.id);
    const remove = this.#builder.add({ kind: 'remove-container', service: name, container: refOf(old), removeVolumes: false }, replaced, [...removeAfter, ...(this.#reconnects.get(old.id) ?? [])], finalName);
    const ref = { step: create, name: finalName };
    // After an interrupted recreate the final name may belong to an excess container, not to `old`.
    const renamed = this.#builder.add({ kind: 'rename-container', service: name, container: { step: create, name: spec.name }, to: finalName }, 'finish recreate', [remove, ...[excessRemoved.get(finalName)].filter((step) => step !== undefined)], finalName);
    return { ref, renamed, finalName };
  }

  #stop(name: string, container: ContainerSummary, reason: string, after: readonly number[] = [], recreates?: string): number {
    const step = this.#builder.add(
      { kind: 'stop-container', service: name, container: refOf(container), ...(this.options.timeoutSeconds !== undefined ? { timeoutSeconds: this.options.timeoutSeconds } : {}) },
      reason,
      after,
      recreates,
    );
    this.#stoppedByPlan.set(container.id, step);
    return step;
  }

  /**
   * Networks whose config changed are recreated under the containers of the
   * services using them; a container stopped for it is started again by its
   * service's reconcile, or here when its service is not reconciled.
   */
  #recreateNetworks(): void {
    for (const diverged of this.#resources?.divergedNetworks ?? []) {
      const users = Object.keys(this.project.services)
        .filter((service) => this.#service(service).network_mode === undefined && this.#service(service).networks?.[diverged.key] !== undefined)
        .sort(compareText);
      const containers = users.flatMap((service) =>
        (this.#byService.get(service) ?? []).map((container) => {
          const number = containerNumberOf(container.labels) ?? 1;
          const endpoint = buildContainerSpec(this.project, service, number, this.#specContext(service)).spec.networks[diverged.name] ?? { aliases: [container.name] };
          return { service, container, endpoint };
        }),
      );
      const steps = planNetworkRecreate(this.#builder, {
        ...diverged,
        containers,
        stop: (service, container, reason) => {
          const earlier = this.#stoppedByPlan.get(container.id);
          if (earlier !== undefined || !mayBeRunning(container)) return earlier;
          this.#restartReasons.set(container.id, `network ${diverged.name} recreated`);
          return this.#stop(service, container, reason);
        },
      });
      this.#networkSteps.set(diverged.key, steps.create);
      for (const [containerId, step] of steps.reconnected) this.#reconnects.set(containerId, [...(this.#reconnects.get(containerId) ?? []), step]);
    }
    if (this.options.noStart === true) return;
    // Containers of services this up does not reconcile are started again here, once reconnected everywhere.
    for (const [containerId, reason] of this.#restartReasons) {
      const container = this.observed.containers.find((candidate) => candidate.id === containerId);
      const service = container?.labels[SERVICE_LABEL];
      if (container === undefined || service === undefined || this.#reconciled.has(service)) continue;
      this.#builder.add({ kind: 'start-container', service, container: refOf(container), awaits: [] }, reason, [this.#stoppedByPlan.get(containerId) ?? 0, ...(this.#reconnects.get(containerId) ?? [])].filter((step) => step > 0));
      this.#restartReasons.delete(containerId);
    }
  }

  /** Stops the running containers of services that declare `depends_on.<name>.restart: true`; they are started again after it. */
  #stopDependents(name: string): number[] {
    const steps: number[] = [];
    const reason = `dependency ${name} recreated (depends_on.restart)`;
    for (const dependent of this.#order) {
      if (this.#service(dependent).depends_on?.[name]?.restart !== true) continue;
      for (const container of this.#byService.get(dependent) ?? []) {
        if (this.#stoppedByPlan.has(container.id) || !mayBeRunning(container)) continue;
        steps.push(this.#stop(dependent, container, reason));
        this.#restartReasons.set(container.id, reason);
      }
    }
    return steps;
  }

  /** What a start of this service waits for: each dependency's condition, after that dependency's own start steps. */
  #startConditions(name: string, service: ServiceConfig): { awaits: StartCondition[]; after: number[] } {
    const awaits: StartCondition[] = [];
    const after: number[] = [];
    for (const dependency of Object.keys(service.depends_on ?? {}).sort(compareText)) {
      const config = service.depends_on?.[dependency];
      if (config === undefined || !this.#reconciled.has(dependency)) continue;
      const dependencyService = this.project.services[dependency];
      // Compose does not wait for providers or services scaled to zero.
      if (dependencyService === undefined || dependencyService.provider !== undefined || this.#scaleOf(dependency) === 0) continue;
      awaits.push({ service: dependency, condition: config.condition, required: config.required });
      after.push(...(this.#startSteps.get(dependency) ?? []));
    }
    return { awaits, after };
  }

  #reconcileOrphans(): void {
    if (this.#orphans.length === 0) return;
    if (this.options.removeOrphans !== true) {
      if (this.options.ignoreOrphans !== true) {
        this.#builder.warn(
          `Found orphan containers (${this.#orphans.map((container) => container.name).join(', ')}) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`,
        );
      }
      return;
    }
    for (const container of this.#orphans) {
      const service = container.labels[SERVICE_LABEL] ?? '';
      const stop = mayBeRunning(container) ? this.#stop(service, container, 'orphan') : undefined;
      this.#builder.add({ kind: 'remove-container', service, container: refOf(container), removeVolumes: false }, 'orphan', stop === undefined ? [] : [stop]);
    }
  }
}

/** `<12 hex digits>_<finalName>`: the name `temporaryName` gives a replacement. */
function isTemporaryNameOf(name: string, finalName: string): boolean {
  return name.length === finalName.length + 13 && name.endsWith(`_${finalName}`) && /^[0-9a-f]{12}_/.test(name);
}

function refOf(container: ContainerSummary): ContainerRef {
  return { id: container.id, name: container.name };
}

function shortDigest(digest: string | undefined): string {
  if (digest === undefined || digest === '') return 'none';
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}
