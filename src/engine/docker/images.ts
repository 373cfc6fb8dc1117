/**
 * Images on a Docker Engine. Pull, push, build and load answer with a
 * stream of JSON progress messages; the call is only over when that stream
 * ends, and a failure arrives as an `error` message inside it (with HTTP
 * 200), so every one of them is read to its end through the modem's
 * progress follower.
 */
import type { BuildSpec, ImageApi, ImageInfo, PullProgress, RegistryAuth } from '../engine.js';
import { EngineError } from '../errors.js';
import type { DockerClient } from './client.js';
import { kindForMessage } from './errors.js';
import { type DockerImageInspect, fromImageInspect, labelFilters } from './from-docker.js';
import { LineSplitter } from './streams.js';

/** `repo[:tag]` or `repo@digest` → what `POST /images/create` wants. */
export function splitReference(reference: string): { repository: string; tag: string } {
  if (reference.includes('@')) return { repository: reference, tag: '' };
  const lastSlash = reference.lastIndexOf('/');
  const colon = reference.indexOf(':', lastSlash + 1);
  if (colon === -1) return { repository: reference, tag: 'latest' };
  return { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) };
}

function progressOf(message: Record<string, unknown>): PullProgress | undefined {
  if (typeof message['status'] !== 'string') return undefined;
  const detail = (message['progressDetail'] ?? {}) as { current?: unknown; total?: unknown };
  return {
    ...(typeof message['id'] === 'string' ? { id: message['id'] } : {}),
    status: message['status'],
    ...(typeof detail.current === 'number' ? { currentBytes: detail.current } : {}),
    ...(typeof detail.total === 'number' ? { totalBytes: detail.total } : {}),
  };
}

function streamError(message: Record<string, unknown>): string | undefined {
  const detail = message['errorDetail'] as { message?: unknown } | undefined;
  if (typeof detail?.message === 'string') return detail.message;
  return typeof message['error'] === 'string' ? message['error'] : undefined;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

export function dockerImages(client: DockerClient): ImageApi {
  /** Reads a progress stream to its end; rejects on the first `error` message. */
  async function follow(
    operation: string,
    stream: NodeJS.ReadableStream,
    signal: AbortSignal | undefined,
    onMessage: (message: Record<string, unknown>) => void,
    defaultKind: 'not_found' | 'invalid' | 'unavailable',
  ): Promise<void> {
    let failure: string | undefined;
    try {
      await client.followProgress(stream, (message) => {
        const error = streamError(message);
        if (error !== undefined) failure ??= error;
        else onMessage(message);
      });
    } catch (error) {
      throwIfAborted(signal);
      throw new EngineError('unavailable', `${operation}: the Docker Engine's answer broke off (${(error as Error).message})`, { cause: error });
    }
    // An aborted request ends its stream quietly; the caller must not mistake that for success.
    throwIfAborted(signal);
    if (failure !== undefined) throw new EngineError(kindForMessage(failure) ?? defaultKind, `${operation}: ${failure}`);
  }

  async function inspect(reference: string, signal?: AbortSignal): Promise<ImageInfo | undefined> {
    const image = await client.jsonOrUndefined<DockerImageInspect>(`inspecting image ${reference}`, {
      method: 'GET',
      path: `/images/${reference}/json`,
      signal,
    });
    return image === undefined ? undefined : fromImageInspect(image);
  }

  return {
    inspect,

    async pull(reference, options = {}) {
      const operation = `pulling image ${reference}`;
      const { repository, tag } = splitReference(reference);
      const stream = await client.stream(operation, {
        method: 'POST',
        path: '/images/create',
        query: { fromImage: repository, tag: tag === '' ? undefined : tag },
        auth: options.auth ?? {},
        signal: options.signal,
      });
      await follow(operation, stream, options.signal, (message) => {
        const progress = progressOf(message);
        if (progress !== undefined) options.onProgress?.(progress);
      }, 'unavailable');
    },

    async build(spec: BuildSpec, options = {}) {
      const operation = `building image ${spec.tags[0] ?? '(untagged)'}`;
      const stream = await client.stream(operation, {
        method: 'POST',
        path: '/build',
        query: {
          // An array becomes one `t=` parameter per tag.
          t: spec.tags.length > 0 ? [...spec.tags] : undefined,
          dockerfile: spec.dockerfile,
          buildargs: { ...spec.buildArgs },
          labels: { ...spec.labels },
          target: spec.target,
          nocache: spec.noCache,
          pull: spec.pull,
          rm: true,
          forcerm: true,
        },
        file: spec.context,
        contentType: 'application/x-tar',
        signal: options.signal,
      });
      let imageId: string | undefined;
      const lines = new LineSplitter();
      await follow(operation, stream, options.signal, (message) => {
        const aux = message['aux'] as { ID?: unknown } | undefined;
        if (typeof aux?.ID === 'string') imageId = aux.ID;
        if (typeof message['stream'] === 'string') {
          for (const line of lines.push(Buffer.from(message['stream']))) {
            const built = /^Successfully built ([0-9a-f]+)$/.exec(line.trim());
            if (built?.[1] !== undefined) imageId ??= built[1];
            options.onProgress?.(line);
          }
        }
      }, 'invalid');
      const rest = lines.flush();
      if (rest !== undefined) options.onProgress?.(rest);
      if (imageId === undefined) throw new EngineError('invalid', `${operation}: the Docker Engine finished the build without naming the image it built`);
      if (!imageId.startsWith('sha256:')) imageId = (await inspect(imageId))?.id ?? imageId;
      return imageId;
    },

    async push(reference, options = {}) {
      const operation = `pushing image ${reference}`;
      const { repository, tag } = splitReference(reference);
      const stream = await client.stream(operation, {
        method: 'POST',
        path: `/images/${repository}/push`,
        query: { tag: tag === '' ? undefined : tag },
        auth: options.auth ?? ({} satisfies RegistryAuth),
        signal: options.signal,
      });
      await follow(operation, stream, options.signal, (message) => {
        const progress = progressOf(message);
        if (progress !== undefined) options.onProgress?.(progress);
      }, 'unavailable');
    },

    async remove(reference, options = {}) {
      await client.json(`removing image ${reference}`, {
        method: 'DELETE',
        path: `/images/${reference}`,
        query: { force: options.force ?? false },
      });
    },

    async list(filter = {}) {
      const summaries = await client.json<{ Id: string }[]>('listing images', {
        method: 'GET',
        path: '/images/json',
        query: { filters: labelFilters(filter.labels) },
      });
      // The list lacks each image's config; inspect gives the full picture. An image removed meanwhile is skipped.
      const images = await Promise.all(summaries.map((summary) => inspect(summary.Id)));
      return images.filter((image): image is ImageInfo => image !== undefined);
    },

    async load(archive, signal) {
      const operation = 'loading an image archive';
      const stream = await client.stream(operation, {
        method: 'POST',
        path: '/images/load',
        query: { quiet: true },
        file: archive,
        contentType: 'application/x-tar',
        signal,
      });
      const references: string[] = [];
      await follow(operation, stream, signal, (message) => {
        const text = typeof message['stream'] === 'string' ? message['stream'] : '';
        for (const line of text.split('\n')) {
          const match = /^Loaded image(?: ID)?: (\S+)/.exec(line.trim());
          if (match?.[1] !== undefined) references.push(match[1]);
        }
      }, 'invalid');
      return references;
    },

    async tag(source, target) {
      const { repository, tag } = splitReference(target);
      await client.json(`tagging image ${source} as ${target}`, {
        method: 'POST',
        path: `/images/${source}/tag`,
        query: { repo: repository, tag: tag === '' ? undefined : tag },
      });
    },
  };
}

