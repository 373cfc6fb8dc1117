/**
 * The image routes: pull (`POST /images/create`) with Docker's JSON
 * progress stream, inspect, list, tag, remove, load and save.
 */
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { ImageRecord, ImageStore, RegistryCredentials } from '../images/index.js';
import type { ContainerService } from '../containers/service.js';
import type { EventBus } from '../events/bus.js';
import type { Router } from '../http/router.js';
import { ApiError, filters, flag, labelsMatch, sendJson, statusOf } from '../http/respond.js';
import { startStream, writeAll } from '../http/streams.js';

export function imageRoutes(router: Router, images: ImageStore, containers: ContainerService, events: EventBus): void {
  const get = (name: string): ImageRecord => {
    const image = images.inspect(name);
    if (image === undefined) throw ApiError.of('not_found', `No such image: ${name}`);
    return image;
  };

  router.add('POST', '/images/create', async ({ request, query, response, signal }) => {
    const from = query.get('fromImage');
    if (from === null || from === '') {
      throw ApiError.of('unsupported', 'berthd pulls images (fromImage); importing a root filesystem (fromSrc) is not supported');
    }
    const tag = query.get('tag');
    const reference = tag === null || tag === '' ? from : tag.startsWith('sha256:') ? `${from}@${tag}` : `${from}:${tag}`;
    let started = false;
    const write = async (message: unknown): Promise<void> => {
      if (!started) {
        startStream(response, 'application/json');
        started = true;
      }
      await writeAll(response, `${JSON.stringify(message)}\n`);
    };
    let pending = Promise.resolve();
    try {
      const image = await images.pull(reference, {
        ...(query.get('platform') ? { platform: query.get('platform') as string } : {}),
        ...credentialsFrom(request),
        onProgress: (progress) => {
          pending = pending.then(() => write(progress));
        },
        signal,
      });
      await pending;
      events.emit('image', 'pull', reference, { name: reference });
      if (!started) await write({ status: `Status: Image is up to date for ${image.repoTags[0] ?? reference}` });
      response.end();
    } catch (error) {
      await pending.catch(() => undefined);
      if (!started) throw error;
      const message = (error as Error).message;
      await write({ errorDetail: { message, code: statusOf(error) }, error: message }).catch(() => undefined);
      response.end();
    }
  });

  router.add('GET', '/images/json', ({ query, response }) => {
    const wanted = filters(query);
    const references = wanted.get('reference');
    const list = images
      .list()
      .filter((image) => labelsMatch(image.config.config?.Labels ?? {}, wanted.get('label')))
      .filter((image) => references === undefined || image.repoTags.some((tag) => references.some((reference) => matchesReference(tag, reference))))
      .filter((image) => !/^(1|true)$/i.test(wanted.get('dangling')?.[0] ?? '') || image.repoTags.length === 0)
      .map((image) => ({
        Id: image.id,
        ParentId: '',
        RepoTags: image.repoTags,
        RepoDigests: image.repoDigests,
        Created: Math.floor(Date.parse(image.created || '1970-01-01T00:00:00Z') / 1000),
        Size: image.size,
        SharedSize: -1,
        VirtualSize: image.size,
        Labels: image.config.config?.Labels ?? {},
        Containers: -1,
      }));
    sendJson(response, 200, list);
  });

  router.add('GET', '/images/get', ({ query, response }) => saveTo(response, images, query.getAll('names')));
  router.add('POST', '/images/load', async ({ request, response }) => {
    startStream(response, 'application/json');
    try {
      const loaded = await images.load(request);
      for (const name of loaded) {
        events.emit('image', 'load', name, { name });
        await writeAll(response, `${JSON.stringify({ stream: `Loaded image: ${name}\n` })}\n`);
      }
    } catch (error) {
      const message = (error as Error).message;
      await writeAll(response, `${JSON.stringify({ errorDetail: { message }, error: message })}\n`);
    }
    response.end();
  });

  router.add('GET', '/images/{name*}/json', ({ params, response }) => sendJson(response, 200, toInspect(get(params['name'] ?? ''))));
  router.add('GET', '/images/{name*}/get', ({ params, response }) => saveTo(response, images, [params['name'] ?? '']));

  router.add('POST', '/images/{name*}/tag', async ({ params, query, response }) => {
    const source = get(params['name'] ?? '');
    const repo = query.get('repo');
    if (repo === null || repo === '') throw ApiError.of('invalid', 'tag needs the target repository in the "repo" parameter');
    const tag = query.get('tag');
    const target = tag === null || tag === '' ? repo : `${repo}:${tag}`;
    await images.tag(params['name'] ?? '', target);
    events.emit('image', 'tag', source.id, { name: target });
    sendJson(response, 201, {});
  });

  router.add('DELETE', '/images/{name*}', async ({ params, query, response }) => {
    const name = params['name'] ?? '';
    get(name);
    const result = await images.remove(name, { force: flag(query, 'force'), inUse: (id) => containers.usesImage(id) !== undefined });
    for (const entry of result) {
      if ('Untagged' in entry) events.emit('image', 'untag', name, { name: entry.Untagged });
      else events.emit('image', 'delete', entry.Deleted, { name });
    }
    sendJson(response, 200, result);
  });
}

async function saveTo(response: import('node:http').ServerResponse, images: ImageStore, names: string[]): Promise<void> {
  if (names.length === 0 || names.some((name) => name === '')) throw ApiError.of('invalid', 'name the images to save');
  for (const name of names) if (images.inspect(name) === undefined) throw ApiError.of('not_found', `No such image: ${name}`);
  response.writeHead(200, { 'Content-Type': 'application/x-tar' });
  await pipeline(images.save(names), response);
}

function matchesReference(tag: string, pattern: string): boolean {
  const withTag = pattern.includes(':') ? pattern : `${pattern}:*`;
  const expression = new RegExp(`^${withTag.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  return expression.test(tag);
}

/** Docker's X-Registry-Auth header: base64url JSON with username/password or tokens. */
function credentialsFrom(request: IncomingMessage): { credentials?: RegistryCredentials } {
  const header = request.headers['x-registry-auth'];
  if (typeof header !== 'string' || header === '') return {};
  try {
    const parsed = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
    const credentials: Record<string, string> = {};
    for (const key of ['username', 'password', 'identitytoken', 'registrytoken'] as const) {
      const value = parsed[key];
      if (typeof value === 'string' && value !== '') credentials[key] = value;
    }
    return Object.keys(credentials).length === 0 ? {} : { credentials };
  } catch {
    throw ApiError.of('invalid', 'the X-Registry-Auth header is not base64url-encoded JSON');
  }
}

function toInspect(image: ImageRecord): Record<string, unknown> {
  const config = image.config;
  return {
    Id: image.id,
    RepoTags: image.repoTags,
    RepoDigests: image.repoDigests,
    Parent: '',
    Comment: '',
    Created: image.created,
    DockerVersion: '',
    Author: '',
    Config: config.config ?? {},
    Architecture: config.architecture ?? '',
    ...(config.variant === undefined ? {} : { Variant: config.variant }),
    Os: config.os ?? '',
    Size: image.size,
    VirtualSize: image.size,
    GraphDriver: { Name: 'overlay2', Data: null },
    RootFS: { Type: 'layers', Layers: config.rootfs?.diff_ids ?? [] },
    Metadata: { LastTagTime: '0001-01-01T00:00:00Z' },
  };
}
