/**
 * Attached `up`, after the create phase: attach to the attached services'
 * containers, start everything (dependency order, conditions), then follow
 * the output until the containers are done, an abort flag fires, or Ctrl-C.
 *
 * Exit codes (Compose's): 0 when every attached container has exited;
 * with `--abort-on-container-exit` (or `--abort-on-container-failure`, on a
 * non-zero exit) the code of the container that ended it all; with
 * `--exit-code-from S` the code of S's container (the stop's code when the
 * abort stopped it); 130 after Ctrl-C.
 */
import type { ImageInfo } from '../engine/index.js';
import type { LoadedProject } from '../model/index.js';
import { compareText, reconcile, stopExtras, type ReconcileOptions } from '../plan/index.js';
import { ContainerFollower, type ContainerExit } from './container-follower.js';
import { stopPlan } from './lifecycle-plans.js';
import type { ProjectLock } from './lock.js';
import { observeProject } from './observe-project.js';
import { runPlan } from './plan-phase.js';
import { listServiceContainers } from './service-containers.js';
import type { Session } from './session.js';
import type { UpIo } from './up.js';
import type { UpOptions } from './up-options.js';

export interface AttachedUpInput {
  readonly loaded: LoadedProject;
  readonly session: Session;
  readonly options: UpOptions;
  readonly io: UpIo;
  readonly selected: readonly string[];
  readonly lock: ProjectLock;
  readonly resolveImage: (service: string, reference: string) => ImageInfo | undefined;
  readonly planOptions: ReconcileOptions;
}

/** Which services' output is shown: `--attach`, else the named services (with dependencies on `--attach-dependencies`), else all; minus `--no-attach` and `attach: false`. */
export function attachedServices(loaded: LoadedProject, options: UpOptions, selected: readonly string[]): Set<string> {
  const { project } = loaded;
  let base: readonly string[];
  if (options.attach.length > 0) base = options.attach;
  else if (options.services.length > 0 && !options.attachDependencies) base = options.services;
  else base = selected;
  const result = new Set<string>();
  for (const name of base) {
    if (options.noAttach.includes(name)) continue;
    // An explicit --attach wins over `attach: false` in the file.
    if (options.attach.length === 0 && project.services[name]?.attach === false) continue;
    result.add(name);
  }
  if (options.exitCodeFrom !== undefined) result.add(options.exitCodeFrom);
  return result;
}

export async function runAttached(input: AttachedUpInput): Promise<number> {
  const { loaded, session, options, io, selected, lock } = input;
  const { project } = loaded;
  const { engine } = session;
  const services = attachedServices(loaded, options, selected);
  const follow = new AbortController();
  // Fires on an abort-worthy exit or Ctrl-C; following goes on while the rest stops, so their exits are shown too.
  const ending = new AbortController();
  const abortOnExit = options.abortOnContainerExit || options.exitCodeFrom !== undefined;
  let trigger: ContainerExit | undefined;
  let exitCodeFromCode: number | undefined;
  const onExit = (exit: ContainerExit): void => {
    if (exit.restarting) return;
    if (options.exitCodeFrom !== undefined && exit.container.service === options.exitCodeFrom && exitCodeFromCode === undefined) exitCodeFromCode = exit.exitCode;
    if (trigger !== undefined) return;
    if (abortOnExit || (options.abortOnContainerFailure && exit.exitCode !== 0)) {
      trigger = exit;
      ending.abort();
    }
  };
  const since = session.now().getTime() / 1000;
  const follower = new ContainerFollower({ engine, projectName: project.name, logs: io.logs, services, signal: follow.signal, since, onExit, printExits: true });
  const interrupted = session.signal;
  const onInterrupt = (): void => ending.abort();
  interrupted?.addEventListener('abort', onInterrupt, { once: true });
  try {
    const existing = await engine.containers.list({ labels: { 'com.docker.compose.project': project.name }, all: true });
    const toAttach = existing.filter((container) => container.state !== 'removing').sort((a, b) => compareText(a.name, b.name));
    await Promise.all(toAttach.map((container) => follower.attach(container)));
    const names = follower.containers().map((container) => container.name);
    io.logs.message(`Attaching to ${names.join(', ')}`);

    const observed = await observeProject(engine, project, interrupted);
    const starts = reconcile(project, observed, {
      ...input.planOptions,
      resolveImage: input.resolveImage,
      recreate: 'never',
      recreateDependencies: 'never',
      removeOrphans: false,
      ignoreOrphans: true,
      noStart: false,
    });
    await runPlan(session, starts, { title: 'start', conditionTimeoutMs: options.waitTimeoutMs });
    await lock.release();

    const following = follower.run();
    const endedEarly = ending.signal.aborted ? Promise.resolve() : new Promise<void>((resolve) => ending.signal.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([following, endedEarly]);
    if (!ending.signal.aborted) {
      await follower.drain();
      return exitCodeFromCode ?? 0;
    }
    if (trigger !== undefined) io.logs.message('Aborting on container exit...');
    // Interrupted by Ctrl-C (or SIGTERM).
    else session.notice('Gracefully stopping... (press Ctrl+C again to force)');
    await stopSelected(session, input, selected);
    // The stopped containers' exits are shown before berth returns.
    await Promise.race([following, delay(2000)]);
    await follower.drain();
    if (trigger === undefined) return 130;
    if (options.exitCodeFrom !== undefined) return exitCodeFromCode ?? (await lastExitCode(session, project.name, options.exitCodeFrom)) ?? 0;
    return trigger.exitCode;
  } finally {
    follow.abort();
    interrupted?.removeEventListener('abort', onInterrupt);
  }
}

/** Stops the selected services' containers, gracefully; a second Ctrl-C kills them instead. */
async function stopSelected(session: Session, input: AttachedUpInput, selected: readonly string[]): Promise<void> {
  const containers = await listServiceContainers(session.engine, { kind: 'model', loaded: input.loaded }, { all: false });
  const project = input.loaded.project;
  const plan = stopPlan(containers, selected, { timeoutSeconds: input.options.timeoutSeconds, reason: 'up stopped', preStop: (service) => stopExtras(project.services[service]).preStop ?? [] });
  const stopping = new AbortController();
  const kill = async (): Promise<void> => {
    stopping.abort();
    const running = [...containers.byService.values()].flat();
    await Promise.all(running.map((container) => session.engine.containers.kill(container.id).catch(() => {})));
  };
  const force = session.forceSignal;
  let killed: Promise<void> | undefined;
  const onForce = (): void => {
    killed = kill();
  };
  if (force?.aborted) {
    await kill();
    return;
  }
  force?.addEventListener('abort', onForce, { once: true });
  try {
    await runPlan(session, plan, { title: 'stop', signal: stopping.signal });
  } catch (error) {
    if (!stopping.signal.aborted) throw error;
  } finally {
    force?.removeEventListener('abort', onForce);
    await killed;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function lastExitCode(session: Session, projectName: string, service: string): Promise<number | undefined> {
  const containers = await session.engine.containers.list({ labels: { 'com.docker.compose.project': projectName, 'com.docker.compose.service': service }, all: true });
  const first = [...containers].sort((a, b) => compareText(a.name, b.name))[0];
  if (first === undefined) return undefined;
  return (await session.engine.containers.inspect(first.id))?.exitCode;
}
