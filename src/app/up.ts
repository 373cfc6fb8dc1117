/**
 * `berth up`: load → images → lock → observe → reconcile → apply, then
 * `-d` returns, `--wait` waits for the services to be ready, and attached
 * mode follows the containers' output until they exit or Ctrl-C.
 *
 * Attached mode applies the plan without its start steps, attaches to every
 * attached container, then plans and applies the starts (a second,
 * starts-only reconcile), so no early line is lost.
 */
import { ensureImages, waitForServices, type ServiceWait } from '../apply/index.js';
import { BerthError } from '../errors.js';
import type { ImageInfo } from '../engine/index.js';
import type { LoadedProject, Project } from '../model/index.js';
import { reconcile, renderPlanJson, renderPlanText, type ReconcileOptions } from '../plan/index.js';
import { runAttached } from './attached-up.js';
import { observeProject } from './observe-project.js';
import { runPlan } from './plan-phase.js';
import { selectedServices } from './selection.js';
import type { LogSink, Session, TextSink } from './session.js';
import { validateUpOptions, type UpOptions } from './up-options.js';

export interface UpIo {
  readonly stdout: TextSink;
  readonly logs: LogSink;
}

/** Resolves the exit code: 0, or the container's with `--exit-code-from` / `--abort-on-container-*`, or 130 after Ctrl-C in attached mode. */
export async function up(loaded: LoadedProject, session: Session, options: UpOptions, io: UpIo): Promise<number> {
  validateUpOptions(options);
  const { project } = loaded;
  const selected = selectedServices(project, options.services, options.noDeps);
  if (options.exitCodeFrom !== undefined && project.services[options.exitCodeFrom] === undefined) {
    throw new BerthError('invalid_argument', `--exit-code-from ${options.exitCodeFrom}: no such service in the project`);
  }
  const attached = !options.detach && !options.wait && !options.noStart && options.dryRun === undefined;
  const planOptions = reconcileOptions(loaded, options, attached);

  if (options.dryRun !== undefined) {
    const observed = await observeProject(session.engine, project, session.signal);
    const plan = reconcile(project, observed, planOptions);
    io.stdout.write(options.dryRun === 'json' ? `${JSON.stringify(renderPlanJson(plan), null, 2)}\n` : renderPlanText(plan).replace(/\n?$/, '\n'));
    return 0;
  }

  const images = await ensureImages(project, session.engine, {
    pull: options.pull,
    build: options.build,
    quiet: options.quietPull,
    services: selected,
    onEvent: session.onEvent,
    signal: session.signal,
    parallel: session.parallel,
    buildArgs: options.buildArgs,
    environment: loaded.environment,
  });
  const resolveImage = (_service: string, reference: string): ImageInfo | undefined => images.get(reference);

  const lock = await session.lock(project.name);
  try {
    const observed = await observeProject(session.engine, project, session.signal);
    const plan = reconcile(project, observed, { ...planOptions, resolveImage });
    await runPlan(session, plan, { title: 'up', conditionTimeoutMs: options.waitTimeoutMs });
    if (!attached) {
      await lock.release();
      if (options.wait) await waitForReady(session, project, selected, options);
      return 0;
    }
    return await runAttached({ loaded, session, options, io, selected, lock, resolveImage, planOptions });
  } finally {
    await lock.release();
  }
}

function reconcileOptions(loaded: LoadedProject, options: UpOptions, attached: boolean): ReconcileOptions {
  const recreate = options.forceRecreate || options.renewAnonVolumes ? 'force' : options.noRecreate ? 'never' : 'diverged';
  return {
    configFiles: loaded.configFiles,
    workingDir: loaded.project.workingDir,
    environmentFiles: loaded.envFiles.length > 0 ? loaded.envFiles : undefined,
    environment: loaded.environment,
    services: options.services,
    noDeps: options.noDeps,
    recreate,
    recreateDependencies: options.alwaysRecreateDeps ? 'force' : options.noRecreate ? 'never' : 'diverged',
    renewAnonVolumes: options.renewAnonVolumes,
    removeOrphans: options.removeOrphans,
    ignoreOrphans: options.ignoreOrphans,
    disabledServices: Object.keys(loaded.disabledServices),
    scale: options.scale,
    noStart: options.noStart || attached,
    timeoutSeconds: options.timeoutSeconds,
  };
}

/** `--wait`: each selected service ready; one that another depends on with service_completed_successfully must exit 0 instead. */
export async function waitForReady(session: Session, project: Project, selected: readonly string[], options: { waitTimeoutMs?: number | undefined; scale?: Readonly<Record<string, number>> }): Promise<void> {
  const completing = new Set<string>();
  for (const name of selected) {
    for (const [dependency, entry] of Object.entries(project.services[name]?.depends_on ?? {})) {
      if (entry.condition === 'service_completed_successfully') completing.add(dependency);
    }
  }
  const waits: ServiceWait[] = selected
    .filter((name) => {
      const service = project.services[name];
      const scale = options.scale?.[name] ?? service?.scale ?? service?.deploy?.replicas ?? 1;
      return service !== undefined && scale > 0 && service.provider === undefined;
    })
    .map((name) => ({ service: name, condition: completing.has(name) ? 'completed_successfully' : 'healthy_or_running' }));
  await waitForServices(session.engine, project.name, waits, { timeoutMs: options.waitTimeoutMs, signal: session.signal, onEvent: session.onEvent });
}
