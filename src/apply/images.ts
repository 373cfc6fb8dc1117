/**
 * Makes sure every selected service's image is on the engine before the
 * plan runs (Compose's `ensureImagesExists`): pull what the pull policy asks
 * for, in parallel; build what is missing or must be built (a pull that
 * fails for an image that can be built is only a warning); then inspect
 * everything, so the planner sees image IDs. An image that is still missing
 * is an error here, before any container is touched.
 */
import { performance } from 'node:perf_hooks';
import { BerthError } from '../errors.js';
import type { Engine, ImageInfo } from '../engine/index.js';
import type { Project, ServiceConfig } from '../model/index.js';
import { imageReference } from '../plan/names.js';
import { raceAbort } from './abort.js';
import { packBuildContext } from './build-context.js';
import { serviceBuild, type BuildSettings } from './build-spec.js';
import type { ApplyEvent, StepAction } from './events.js';
import { effectivePolicy, mustBuild, mustPull, type BuildOption, type EffectivePolicy, type PullOption } from './image-policy.js';
import { createLimiter, type Limiter } from './limiter.js';

export interface ImageProgressOptions {
  /** Each pull and build is one step (numbered from 1 in the order they start). */
  readonly onEvent?: ((event: ApplyEvent) => void) | undefined;
  /** The builder's output, line by line. */
  readonly onBuildOutput?: ((service: string, line: string) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** At most this many pulls or builds at once; unlimited when absent. */
  readonly parallel?: number | undefined;
}

export interface EnsureImagesOptions extends ImageProgressOptions, BuildSettings {
  readonly pull: PullOption;
  readonly build: BuildOption;
  /** `--quiet-pull`: no progress for pulls. */
  readonly quiet?: boolean | undefined;
  /** The services to prepare; every service of the project when absent. */
  readonly services?: readonly string[] | undefined;
}

export interface BuildImagesOptions extends ImageProgressOptions, BuildSettings {
  /** The services to build; every service with a build section when absent. */
  readonly services?: readonly string[] | undefined;
}

interface ServiceImage {
  readonly name: string;
  readonly service: ServiceConfig;
  readonly reference: string;
  readonly policy: EffectivePolicy;
}

// The last lines of builder output an error shows.
const BUILD_OUTPUT_LINES = 20;

export async function ensureImages(project: Project, engine: Engine, options: EnsureImagesOptions): Promise<Map<string, ImageInfo>> {
  const services = selectServices(project, options.services).map(
    ([name, service]): ServiceImage => ({ name, service, reference: imageReference(project.name, name, service), policy: effectivePolicy(service, options.pull, options.build) }),
  );
  const progress = new Progress(options);
  const references = [...new Set(services.map((item) => item.reference))].sort();
  const present = await inspectAll(engine, references, options.signal);

  const pulls = references.filter((reference) => services.some((item) => item.reference === reference && mustPull(item.service, item.policy, present.get(reference) !== undefined)));
  const buildable = (reference: string): boolean => services.some((item) => item.reference === reference && item.service.build !== undefined);
  await settleAll(
    pulls.map((reference) =>
      progress.limiter(() =>
        progress.step('pull', reference, options.quiet ?? false, async () => {
          try {
            await engine.images.pull(reference, options.signal ? { signal: options.signal } : {});
          } catch (error) {
            if (!buildable(reference) || options.build === false || options.signal?.aborted) throw pullError(reference, services, error);
            progress.warn(`pulling ${reference} failed (${messageOf(error)}); building it instead`);
          }
        }),
      ),
    ),
  );
  if (pulls.length > 0) for (const [reference, info] of await inspectAll(engine, pulls, options.signal)) present.set(reference, info);

  const builds = new Map<string, ServiceImage>();
  for (const item of services) {
    if (builds.has(item.reference)) continue;
    if (mustBuild(item.service, item.policy, present.get(item.reference) !== undefined, options.build)) builds.set(item.reference, item);
  }
  await buildAll(project, engine, [...builds.values()], options, progress);
  if (builds.size > 0) for (const [reference, info] of await inspectAll(engine, [...builds.keys()], options.signal)) present.set(reference, info);

  const images = new Map<string, ImageInfo>();
  for (const item of services) {
    const info = present.get(item.reference);
    if (info === undefined) throw missingImage(item, options.build);
    images.set(item.reference, info);
  }
  return images;
}

/** `berth build`: builds every selected service that has a build section; resolves image reference → image ID. */
export async function buildImages(project: Project, engine: Engine, options: BuildImagesOptions): Promise<Map<string, string>> {
  const progress = new Progress(options);
  const builds = new Map<string, ServiceImage>();
  for (const [name, service] of selectServices(project, options.services)) {
    if (service.build === undefined) continue;
    const reference = imageReference(project.name, name, service);
    if (!builds.has(reference)) builds.set(reference, { name, service, reference, policy: 'build' });
  }
  return buildAll(project, engine, [...builds.values()], options, progress);
}

function selectServices(project: Project, names: readonly string[] | undefined): [string, ServiceConfig][] {
  const selected = names === undefined ? Object.keys(project.services).sort() : [...new Set(names)].sort();
  return selected.flatMap((name): [string, ServiceConfig][] => {
    const service = project.services[name];
    if (service === undefined) throw new BerthError('invalid_argument', `no such service: ${name}; the project's services are ${Object.keys(project.services).sort().join(', ')}`);
    // Provider services run no container, so they need no image.
    if (service.provider !== undefined) return [];
    if (service.image === undefined && service.build === undefined) {
      throw new BerthError('invalid_project', `invalid service "${name}": it must have an image or a build section`);
    }
    return [[name, service]];
  });
}

async function buildAll(project: Project, engine: Engine, builds: readonly ServiceImage[], options: ImageProgressOptions & BuildSettings, progress: Progress): Promise<Map<string, string>> {
  // Refuse unsupported build settings before the first build starts.
  const prepared = builds.map((item) => ({ item, build: serviceBuild(project, item.name, item.service, item.reference, options) }));
  const ids = new Map<string, string>();
  await settleAll(
    prepared.map(({ item, build }) =>
      progress.limiter(() =>
        progress.step('build', item.reference, false, async () => {
          const output: string[] = [];
          try {
            const context = await packBuildContext(build.context);
            const id = await engine.images.build(
              { ...build.spec, context: context.tar, dockerfile: context.dockerfile },
              {
                onProgress: (line) => {
                  output.push(line);
                  if (output.length > BUILD_OUTPUT_LINES) output.shift();
                  options.onBuildOutput?.(item.name, line);
                },
                ...(options.signal ? { signal: options.signal } : {}),
              },
            );
            ids.set(item.reference, id);
          } catch (error) {
            if (options.signal?.aborted) throw error;
            const tail = output.length > 0 ? `\nlast ${output.length} lines of build output:\n${output.map((line) => `  ${line}`).join('\n')}` : '';
            throw new BerthError('engine', `cannot build image ${item.reference} for service "${item.name}": ${messageOf(error)}${tail}`, { cause: error });
          }
        }),
      ),
    ),
  );
  return ids;
}

/** Emits the step events of pulls and builds, and holds the shared parallel limit. */
class Progress {
  readonly limiter: Limiter;
  private nextStep = 1;

  constructor(private readonly options: ImageProgressOptions) {
    this.limiter = createLimiter(options.parallel);
  }

  warn(message: string): void {
    this.options.onEvent?.({ type: 'warning', message });
  }

  async step(action: StepAction, reference: string, quiet: boolean, work: () => Promise<void>): Promise<void> {
    const step = this.nextStep++;
    const emit = quiet ? () => {} : (event: ApplyEvent) => this.options.onEvent?.(event);
    emit({ type: 'step-started', step, resource: 'image', name: reference, action });
    const startedAt = performance.now();
    try {
      await raceAbort(work(), this.options.signal, `${action} of ${reference}`);
    } catch (error) {
      emit({ type: 'step-failed', step, resource: 'image', name: reference, action, message: messageOf(error) });
      throw error;
    }
    emit({ type: 'step-done', step, resource: 'image', name: reference, action, elapsedMs: Math.max(0, performance.now() - startedAt) });
  }
}

async function inspectAll(engine: Engine, references: readonly string[], signal: AbortSignal | undefined): Promise<Map<string, ImageInfo | undefined>> {
  const entries = await raceAbort(
    Promise.all(references.map(async (reference) => [reference, await engine.images.inspect(reference, signal)] as const)),
    signal,
    'inspecting images',
  );
  return new Map(entries);
}

/** Waits for every task, then rejects with the first failure (none is left running unobserved). */
async function settleAll(tasks: readonly Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(tasks);
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
}

function pullError(reference: string, services: readonly ServiceImage[], error: unknown): unknown {
  if (error instanceof BerthError && error.code === 'cancelled') return error;
  const users = services.filter((item) => item.reference === reference).map((item) => `"${item.name}"`).join(', ');
  return new BerthError('engine', `cannot pull image ${reference} for service ${users}: ${messageOf(error)}; check the image name and tag, and \`docker login\` for a private registry`, { cause: error });
}

function missingImage(item: ServiceImage, build: BuildOption): BerthError {
  const why =
    item.service.build !== undefined && build === false
      ? 'it is built from the build section, but --no-build was given; run `berth build` first or drop --no-build'
      : item.policy === 'never'
        ? 'the pull policy is "never"; pull it first (`berth pull`) or change the policy'
        : 'it could not be pulled or built';
  return new BerthError('engine', `service "${item.name}" needs image ${item.reference}, which is not on the engine: ${why}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
