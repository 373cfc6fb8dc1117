/**
 * What the engine's build API receives for one service: tags, build args,
 * labels, target and cache settings. The classic builder cannot do
 * everything BuildKit can; those settings are refused by name, before
 * anything is built.
 */
import { BerthError } from '../errors.js';
import type { BuildSpec } from '../engine/index.js';
import type { Project, ServiceConfig } from '../model/index.js';
import { COMPOSE_VERSION, PROJECT_LABEL, SERVICE_LABEL, VERSION_LABEL } from '../plan/labels.js';
import type { BuildContextInput } from './build-context.js';

/** Compose marks images made with the classic builder. */
export const IMAGE_BUILDER_LABEL = 'com.docker.compose.image.builder';

export interface BuildSettings {
  /** `--build-arg KEY=VALUE`: override the compose file's args. */
  readonly buildArgs?: Readonly<Record<string, string>> | undefined;
  /** Resolves args given without a value; an arg still without one is left out. */
  readonly environment?: Readonly<Record<string, string | undefined>> | undefined;
  /** `build --no-cache`. */
  readonly noCache?: boolean | undefined;
  /** `build --pull`: always pull the base images. */
  readonly pullBase?: boolean | undefined;
}

export interface ServiceBuild {
  readonly context: BuildContextInput;
  readonly spec: Omit<BuildSpec, 'context' | 'dockerfile'>;
}

export function serviceBuild(project: Project, serviceName: string, service: ServiceConfig, imageReference: string, settings: BuildSettings): ServiceBuild {
  const build = service.build;
  if (build === undefined) throw new Error(`service ${serviceName} has no build section`);
  refuseUnsupported(serviceName, service);

  const args: Record<string, string> = {};
  const declared: Record<string, string | null> = { ...(build.args ?? {}), ...(settings.buildArgs ?? {}) };
  for (const [key, value] of Object.entries(declared).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const resolved = value ?? settings.environment?.[key];
    if (resolved !== undefined) args[key] = resolved;
  }

  return {
    context: {
      contextDir: build.context,
      ...(build.dockerfile !== undefined ? { dockerfile: build.dockerfile } : {}),
      ...(build.dockerfile_inline !== undefined ? { dockerfileInline: build.dockerfile_inline } : {}),
    },
    spec: {
      tags: [imageReference, ...(build.tags ?? []).filter((tag) => tag !== imageReference)],
      buildArgs: args,
      labels: {
        ...(build.labels ?? {}),
        [PROJECT_LABEL]: project.name,
        [SERVICE_LABEL]: serviceName,
        [VERSION_LABEL]: COMPOSE_VERSION,
        [IMAGE_BUILDER_LABEL]: 'classic',
      },
      target: build.target,
      noCache: (build.no_cache ?? false) || (settings.noCache ?? false),
      pull: (build.pull ?? false) || (settings.pullBase ?? false),
    },
  };
}

function refuseUnsupported(serviceName: string, service: ServiceConfig): void {
  const build = service.build;
  if (build === undefined) return;
  const refuse = (what: string): never => {
    throw new BerthError(
      'invalid_project',
      `service "${serviceName}": build.${what} is not supported: berth builds through the engine's classic build API, which cannot do it; build the image with \`docker buildx build\` and refer to it with \`image:\``,
    );
  };
  if (!build.context.startsWith('/')) refuse(`context "${build.context}" (a remote context)`);
  if ((build.platforms?.length ?? 0) > 1) refuse('platforms with more than one platform');
  if (build.privileged === true) refuse('privileged');
  if (Object.keys(build.additional_contexts ?? {}).length > 0) refuse('additional_contexts');
  if (Object.keys(build.ssh ?? {}).length > 0) refuse('ssh');
  if ((build.secrets?.length ?? 0) > 0) refuse('secrets');
}
