/**
 * `berth pull [SERVICE…]`: pulls the services' images, in parallel (at most
 * `--parallel` at once). Unlike `up`, an explicit pull refreshes an image
 * whose service sets no `pull_policy`, refreshes a present `latest` tag even
 * under `missing`, and treats the refresh policies (`daily`, …) as due
 * (Compose's `shouldPullImage`). A failed pull of an image the service can
 * build is reported at the end with a hint to build it.
 */
import { createLimiter } from '../apply/index.js';
import { BerthError } from '../errors.js';
import type { LoadedProject, ServiceConfig } from '../model/index.js';
import { compareText } from '../plan/index.js';
import { selectedServices } from './selection.js';
import type { AppEvent, Session } from './session.js';

export interface PullOptions {
  readonly services: readonly string[];
  /** `-q`: no progress. */
  readonly quiet: boolean;
  /** `--ignore-pull-failures`: pull what can be pulled, exit 0. */
  readonly ignorePullFailures: boolean;
  /** `--include-deps`: the named services' dependencies too. */
  readonly includeDeps: boolean;
  /** `--ignore-buildable`: skip images the services can build. */
  readonly ignoreBuildable: boolean;
  /** `--policy`: replaces the pull_policy of every service with an image. */
  readonly policy?: 'missing' | 'always' | undefined;
}

export type PullDecision = { readonly pull: true } | { readonly pull: false; readonly reason: string };

/** Whether `pull` fetches a service's image that is (or is not) present. */
export function pullDecision(service: Pick<ServiceConfig, 'image' | 'pull_policy'>, present: boolean): PullDecision {
  const policy = service.pull_policy;
  if (policy === undefined) return { pull: true };
  switch (policy) {
    case 'always':
    case 'refresh':
    case 'daily':
    case 'weekly':
      return { pull: true };
    case 'never':
    case 'build':
      return { pull: false, reason: '' };
    case 'missing':
      return !present || isLatestTag(service.image ?? '') ? { pull: true } : { pull: false, reason: 'Image is already present locally' };
    default:
      // every_<duration>: due, since the user asks for it now.
      return { pull: true };
  }
}

/** `web`, `web:latest`, `registry:5000/web` are `latest`; `web:1.2` and `web@sha256:…` are not. */
export function isLatestTag(reference: string): boolean {
  if (reference.includes('@')) return false;
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  return colon <= slash || reference.slice(colon + 1) === 'latest';
}

export async function pull(loaded: LoadedProject, session: Session, options: PullOptions): Promise<void> {
  const { project } = loaded;
  const names = selectedServices(project, options.services, !options.includeDeps);
  const emit = options.quiet ? (): void => {} : (event: AppEvent): void => session.onEvent(event);
  const skipped = (resource: 'service' | 'image', name: string, reason: string): void =>
    emit({ type: 'status', resource, name, state: 'done', text: 'Skipped', ...(reason !== '' ? { details: reason } : {}) });

  const scheduled = new Map<string, string[]>();
  for (const name of names) {
    const declared = project.services[name];
    if (declared === undefined) continue;
    const service = options.policy !== undefined && declared.image !== undefined ? { ...declared, pull_policy: options.policy } : declared;
    if (service.image === undefined) {
      skipped('service', name, 'No image to be pulled');
      continue;
    }
    const present = service.pull_policy === 'missing' ? (await session.engine.images.inspect(service.image, session.signal)) !== undefined : false;
    const decision = pullDecision(service, present);
    if (!decision.pull) {
      skipped('image', service.image, decision.reason);
      continue;
    }
    if (service.build !== undefined && options.ignoreBuildable) {
      skipped('image', service.image, 'Image can be built');
      continue;
    }
    scheduled.set(service.image, [...(scheduled.get(service.image) ?? []), name]);
  }

  emit({ type: 'phase', title: 'pull', rows: [...scheduled.keys()].map((image) => ({ resource: 'image', name: image })) });
  const limit = createLimiter(session.parallel);
  const failures: { image: string; users: string[]; buildable: boolean; error: unknown }[] = [];
  await Promise.all(
    [...scheduled].map(([image, users]) =>
      limit(async () => {
        emit({ type: 'status', resource: 'image', name: image, state: 'working', text: 'Pulling' });
        try {
          await session.engine.images.pull(image, session.signal ? { signal: session.signal } : {});
          emit({ type: 'status', resource: 'image', name: image, state: 'done', text: 'Pulled' });
        } catch (error) {
          if (session.signal?.aborted === true) throw error;
          const buildable = users.some((user) => project.services[user]?.build !== undefined);
          emit({ type: 'status', resource: 'image', name: image, state: options.ignorePullFailures || buildable ? 'warning' : 'error', text: 'Error', details: messageOf(error) });
          failures.push({ image, users, buildable, error });
        }
      }),
    ),
  );
  const mustBuild = failures.filter((failure) => failure.buildable).flatMap((failure) => failure.users).sort(compareText);
  if (mustBuild.length > 0) session.onEvent({ type: 'warning', message: `some service images must be built from source: run \`berth build ${mustBuild.join(' ')}\`` });
  if (options.ignorePullFailures || failures.length === 0) return;
  const lines = failures.sort((a, b) => compareText(a.image, b.image)).map((failure) => `cannot pull image ${failure.image} for service ${failure.users.map((user) => `"${user}"`).join(', ')}: ${messageOf(failure.error)}`);
  throw new BerthError('engine', `${lines.join('\n')}\ncheck the image names and tags, and \`docker login\` for a private registry (or pass --ignore-pull-failures)`, { cause: failures[0]?.error });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
