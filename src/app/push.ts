/**
 * `berth push [SERVICE…]`: pushes the images the services build: their
 * `image` and every `build.tags` entry. A service that does not both build
 * and name its image has nothing to push and is skipped, as in Compose.
 * Repositories are pushed in parallel, the tags of one repository one after
 * the other (Compose pushes every tag at once, which a registry may refuse).
 */
import { createLimiter } from '../apply/index.js';
import { BerthError } from '../errors.js';
import type { LoadedProject, Project } from '../model/index.js';
import { selectedServices } from './selection.js';
import type { AppEvent, Session } from './session.js';

export interface PushOptions {
  readonly services: readonly string[];
  readonly quiet: boolean;
  /** `--ignore-push-failures`. */
  readonly ignorePushFailures: boolean;
  readonly includeDeps: boolean;
}

/** The references `push` sends, in order; services with nothing to push map to an empty list. */
export function pushReferences(project: Project, names: readonly string[]): Map<string, string[]> {
  const references = new Map<string, string[]>();
  for (const name of names) {
    const service = project.services[name];
    if (service === undefined) continue;
    references.set(name, service.build === undefined || service.image === undefined ? [] : [...new Set([service.image, ...(service.build.tags ?? [])])]);
  }
  return references;
}

export async function push(loaded: LoadedProject, session: Session, options: PushOptions): Promise<void> {
  const { project } = loaded;
  const emit = options.quiet ? (): void => {} : (event: AppEvent): void => session.onEvent(event);
  const references = pushReferences(project, selectedServices(project, options.services, !options.includeDeps));
  const tags = [...new Set([...references.values()].flat())];
  for (const [name, list] of references) if (list.length === 0) emit({ type: 'status', resource: 'service', name, state: 'done', text: 'Skipped' });
  emit({ type: 'phase', title: 'push', rows: tags.map((tag) => ({ resource: 'image', name: tag })) });
  const limit = createLimiter(session.parallel);
  // Tags of one repository share their layers: pushed at the same time, the engine and registry race on the same blobs.
  const byRepository = new Map<string, string[]>();
  for (const tag of tags) byRepository.set(repositoryOf(tag), [...(byRepository.get(repositoryOf(tag)) ?? []), tag]);
  const pushOne = async (tag: string): Promise<void> => {
    emit({ type: 'status', resource: 'image', name: tag, state: 'working', text: 'Pushing' });
    try {
      await session.engine.images.push(tag, session.signal ? { signal: session.signal } : {});
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      emit({ type: 'status', resource: 'image', name: tag, state: options.ignorePushFailures ? 'warning' : 'error', text: 'Error', details: message });
      if (options.ignorePushFailures && session.signal?.aborted !== true) return;
      throw new BerthError('engine', `cannot push image ${tag}: ${message}; check that it was built (\`berth build\`) and \`docker login\` to its registry`, { cause: error });
    }
    emit({ type: 'status', resource: 'image', name: tag, state: 'done', text: 'Pushed' });
  };
  const results = await Promise.allSettled(
    [...byRepository.values()].map((repositoryTags) =>
      limit(async () => {
        for (const tag of repositoryTags) await pushOne(tag);
      }),
    ),
  );
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
}

/** `registry:5000/shop/web:1` → `registry:5000/shop/web`. */
export function repositoryOf(reference: string): string {
  const [named = ''] = reference.split('@');
  const slash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  return colon > slash ? named.slice(0, colon) : named;
}
