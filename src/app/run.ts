/**
 * `berth run SERVICE [COMMAND…]`: a one-off container of a service
 * (`<project>-<service>-run-<12 hex>`, labelled `oneoff=True`), after its
 * dependencies are up and their conditions hold (unless `--no-deps`). It
 * publishes no ports unless `-p`/`--service-ports`, never restarts, and the
 * exit code is the container's.
 */
import { ensureImages } from '../apply/index.js';
import { BerthError } from '../errors.js';
import type { ContainerSpec, PortBinding } from '../engine/index.js';
import type { LoadedProject } from '../model/index.js';
import { parsePortSpec } from '../model/canonical/index.js';
import { buildContainerSpec, compareText, imageReference, ONEOFF_LABEL, ONEOFF_TRUE, reconcile, SERVICE_LABEL, startExtras, withConfigHash, type StartCondition } from '../plan/index.js';
import { observeProject } from './observe-project.js';
import { runPlan } from './plan-phase.js';
import { PlanBuilder } from '../plan/index.js';
import { pipeProcess, type ProcessIo } from './process-io.js';
import { checkServiceNames, selectedServices } from './selection.js';
import type { Session } from './session.js';

export interface RunOptions {
  readonly service: string;
  /** The command (after the service name); the service's own when empty. */
  readonly command: readonly string[];
  readonly remove: boolean;
  readonly noDeps: boolean;
  readonly env: readonly string[];
  readonly noTty: boolean;
  readonly entrypoint?: string | undefined;
  /** `-p`, repeatable. */
  readonly publish: readonly string[];
  /** `-P/--service-ports`. */
  readonly servicePorts: boolean;
  readonly name?: string | undefined;
  readonly user?: string | undefined;
  readonly workingDir?: string | undefined;
  readonly detach: boolean;
  readonly useAliases: boolean;
  readonly labels: readonly string[];
}

export async function run(loaded: LoadedProject, session: Session, options: RunOptions, io: ProcessIo): Promise<number> {
  const { project } = loaded;
  checkServiceNames(project, [options.service]);
  const service = project.services[options.service];
  if (service === undefined) throw new Error('unreachable');
  const publish = parsePublish(options.publish);
  const dependencies = options.noDeps ? [] : selectedServices(project, [options.service]).filter((name) => name !== options.service);

  const images = await ensureImages(project, session.engine, {
    pull: undefined,
    build: undefined,
    services: [...dependencies, options.service],
    onEvent: session.onEvent,
    signal: session.signal,
    parallel: session.parallel,
    environment: loaded.environment,
  });
  const source = {
    configFiles: loaded.configFiles,
    workingDir: project.workingDir,
    environmentFiles: loaded.envFiles.length > 0 ? loaded.envFiles : undefined,
  };
  const slug = session.randomHex(32);
  const tty = !options.noTty && !options.detach && io.stdinIsTerminal;
  // stdin is forwarded, a terminal's or a pipe's (`-i` is the default); with StdinOnce the end of a
  // piped input closes the container's stdin, so `echo hi | berth run -T svc cat` ends.
  const interactive = !options.detach && io.stdin !== undefined;

  const lock = await session.lock(project.name);
  try {
    {
      // The project's networks and volumes, and the dependencies, as `up` would make them; the service's own containers are left as they are.
      const observed = await observeProject(session.engine, project, session.signal);
      const own = observed.containers.filter((container) => container.labels[SERVICE_LABEL] === options.service && container.labels[ONEOFF_LABEL] !== ONEOFF_TRUE).length;
      const plan = reconcile(project, observed, {
        ...source,
        services: [options.service],
        noDeps: options.noDeps,
        recreate: 'never',
        recreateDependencies: 'diverged',
        ignoreOrphans: true,
        disabledServices: Object.keys(loaded.disabledServices),
        scale: { [options.service]: own },
        environment: loaded.environment,
        resolveImage: (_service, reference) => images.get(reference),
      });
      const steps = plan.steps.filter((step) => !(step.operation.kind === 'start-container' && step.operation.service === options.service));
      await runPlan(session, { ...plan, steps }, { title: 'dependencies' });
    }
    const observed = await observeProject(session.engine, project, session.signal);
    const firstContainer = (serviceName: string) => {
      const found = observed.containers
        .filter((container) => container.labels[SERVICE_LABEL] === serviceName && container.labels[ONEOFF_LABEL] !== ONEOFF_TRUE)
        .sort((a, b) => compareText(a.name, b.name))[0];
      return found === undefined ? undefined : { id: found.id, name: found.name };
    };
    const built = buildContainerSpec(project, options.service, 0, {
      ...source,
      imageDigest: images.get(imageReference(project.name, options.service, service))?.id,
      oneOff: { slug, name: options.name, publishPorts: options.servicePorts, useAliases: options.useAliases },
      resolveContainer: firstContainer,
      onWarning: (message) => session.onEvent({ type: 'warning', message }),
    });
    if (built.references.length > 0) {
      throw new BerthError('invalid_argument', `service ${options.service} refers to containers that do not exist yet; run \`berth up -d\` first`);
    }
    const spec = oneOffSpec(built.spec, options, publish, { tty, interactive });
    const awaits: StartCondition[] = options.noDeps
      ? []
      : Object.entries(service.depends_on ?? {})
          .filter(([, entry]) => entry.condition !== 'service_started')
          .map(([dependency, entry]) => ({ service: dependency, condition: entry.condition, required: entry.required }));
    // Before the create: an unset variable behind a secret fails the run with nothing left behind.
    const extras = startExtras(project, options.service, { environment: loaded.environment });
    const creating = new PlanBuilder(project.name);
    const create = creating.add({ kind: 'create-container', service: options.service, number: 0, spec }, 'run');
    const result = await runPlan(session, creating.build(), { title: 'run' });
    const containerId = result?.containerIds.get(create);
    if (containerId === undefined) throw new BerthError('engine', `the one-off container for ${options.service} was not created`);
    const container = { id: containerId, name: spec.name };

    // Attach before the start, so no early output is lost; apply starts it once the dependencies' conditions hold.
    const streams = options.detach ? undefined : await session.engine.containers.attach(containerId, { stdin: interactive, ...(session.signal ? { signal: session.signal } : {}) });
    const waiting = new AbortController();
    const exited = options.detach ? undefined : session.engine.containers.wait(containerId, { condition: 'next-exit', signal: waiting.signal });
    exited?.catch(() => {});
    const starting = new PlanBuilder(project.name);
    starting.add({ kind: 'start-container', service: options.service, container, awaits, ...extras }, 'run');
    try {
      await runPlan(session, starting.build(), { title: 'run' });
    } catch (error) {
      streams?.close();
      waiting.abort();
      if (options.remove) await session.engine.containers.remove(containerId, { force: true, volumes: true }).catch(() => {});
      throw error;
    }
    await lock.release();
    if (streams === undefined || exited === undefined) {
      io.stdout.write(`${container.name}\n`);
      return 0;
    }
    // Ctrl-C stops the one-off (its exit code is then the stop's), as signals reach `docker compose run`'s container.
    const onInterrupt = (): void => void session.engine.containers.stop(containerId).catch(() => {});
    session.signal?.addEventListener('abort', onInterrupt, { once: true });
    try {
      await pipeProcess(streams, io);
      return await exited;
    } finally {
      session.signal?.removeEventListener('abort', onInterrupt);
      if (options.remove) await session.engine.containers.remove(containerId, { force: true, volumes: true }).catch(() => {});
    }
  } finally {
    await lock.release();
  }
}

function oneOffSpec(base: ContainerSpec, options: RunOptions, publish: readonly PortBinding[], stdio: { tty: boolean; interactive: boolean }): ContainerSpec {
  const env = new Map(base.env.map((entry) => [entry.split('=')[0] ?? '', entry]));
  for (const entry of options.env) env.set(entry.split('=')[0] ?? '', entry);
  const labels: Record<string, string> = { ...base.labels };
  for (const entry of options.labels) {
    const [key = '', ...rest] = entry.split('=');
    labels[key] = rest.join('=');
  }
  const exposed = new Set([...base.exposedPorts, ...publish.map((binding) => binding.containerPort)]);
  const spec: { -readonly [K in keyof ContainerSpec]: ContainerSpec[K] } = {
    ...base,
    labels,
    env: [...env.values()].sort((a, b) => compareText(a.split('=')[0] ?? '', b.split('=')[0] ?? '')),
    tty: stdio.tty,
    openStdin: stdio.interactive,
    stdinOnce: stdio.interactive,
    exposedPorts: [...exposed].sort(compareText),
    host: { ...base.host, restartPolicy: { name: 'no' }, portBindings: [...base.host.portBindings, ...publish] },
  };
  if (options.command.length > 0) spec.command = [...options.command];
  if (options.entrypoint !== undefined) {
    spec.entrypoint = options.entrypoint === '' ? [] : [options.entrypoint];
    // A new entrypoint drops the service's command unless one is given, as `docker run --entrypoint` does.
    if (options.command.length === 0) spec.command = null;
  }
  if (options.user !== undefined) spec.user = options.user;
  if (options.workingDir !== undefined) spec.workingDir = options.workingDir;
  return withConfigHash(spec);
}

export function parsePublish(values: readonly string[]): PortBinding[] {
  const bindings: PortBinding[] = [];
  for (const value of values) {
    const parsed = parsePortSpec(value);
    if (!parsed.ok) throw new BerthError('invalid_argument', `-p ${value}: ${parsed.reason}`);
    for (const port of parsed.value) {
      bindings.push({ containerPort: `${port.target}/${port.protocol}`, hostIp: port.host_ip ?? '', hostPort: port.published ?? '' });
    }
  }
  return bindings;
}
