/**
 * An in-memory Engine for apply's unit tests: containers move through the
 * engine's lifecycle, health and exits are driven by the test, and every
 * change is published as an engine event (with `since` replay), so the
 * event-driven waits run exactly as against a real engine. A fake only for
 * pure unit tests; the real-engine tests use dockerd.
 *
 * Tests can hold any call until they release it (`hold`), make a call fail
 * (`failOn`), and read the calls made and the largest number in flight.
 */
import { Readable } from 'node:stream';
import { EngineError } from '../../src/engine/index.js';
import type {
  BuildSpec,
  ContainerInfo,
  ContainerSpec,
  ContainerState,
  ContainerSummary,
  Engine,
  EngineEvent,
  HealthStatus,
  ImageInfo,
  Labels,
  LogEntry,
  NetworkInfo,
  NetworkSpec,
  PullProgress,
  VolumeInfo,
  VolumeSpec,
} from '../../src/engine/index.js';

interface FakeContainer {
  id: string;
  name: string;
  spec: ContainerSpec;
  state: ContainerState;
  health: HealthStatus;
  exitCode: number;
  createdAt: string;
  startedAt: string;
  finishedAt: string;
  logs: string[];
  mounts: { type: string; name?: string; source: string; target: string }[];
}

interface Waiter {
  readonly key: string;
  readonly release: Promise<void>;
}

export interface BuildCall {
  readonly spec: Omit<BuildSpec, 'context'>;
  /** Paths of the entries in the context tar. */
  readonly files: readonly string[];
  /** Contents of small regular files in the context, by path. */
  readonly contents: ReadonlyMap<string, string>;
  /** Each entry's tar type flag (`0` file, `2` symlink, `5` directory) and owner. */
  readonly headers: ReadonlyMap<string, { readonly type: string; readonly uid: number; readonly gid: number; readonly linkname: string }>;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

function matches(labels: Labels, filter: Labels | undefined): boolean {
  return Object.entries(filter ?? {}).every(([key, value]) => labels[key] === value);
}

export class FakeEngine implements Engine {
  readonly containerStore = new Map<string, FakeContainer>();
  readonly networkStore = new Map<string, NetworkInfo>();
  readonly volumeStore = new Map<string, VolumeInfo>();
  readonly imageStore = new Map<string, ImageInfo>();
  /** `start shop-web-1`, `create-network shop_default`, … in call order. */
  readonly calls: string[] = [];
  readonly builds: BuildCall[] = [];
  readonly pulls: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** By the call's first word (`pull`, `create`, …): the most in flight at once. */
  readonly maxInFlightByKind = new Map<string, number>();
  private readonly inFlightByKind = new Map<string, number>();
  /** Unix seconds of the fake clock; every event moves it on by one. */
  nowSeconds = 1_700_000_000;
  /** Runs after a container starts (to make it healthy, exit, …). */
  afterStart: ((container: FakeContainer, engine: FakeEngine) => void) | undefined;
  /** Runs when an event stream is opened, before it replays or subscribes (to make something happen in between). */
  onSubscribe: (() => void) | undefined;
  /** Makes a pull or build fail for these references. */
  readonly failingPulls = new Set<string>();
  readonly failingBuilds = new Set<string>();

  private readonly eventLog: EngineEvent[] = [];
  private readonly subscribers = new Set<(event: EngineEvent) => void>();
  private readonly holds = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  private readonly failures = new Map<string, Error>();
  private nextId = 1;

  // ------------------------------------------------------------ test controls

  /** Holds the call `key` (`start shop-db-1`) until the returned function runs. */
  hold(key: string): () => void {
    let resolve!: () => void;
    const promise = new Promise<void>((done) => (resolve = done));
    this.holds.set(key, { promise, resolve });
    return () => {
      this.holds.delete(key);
      resolve();
    };
  }

  /** Makes the call `key` reject with `error`. */
  failOn(key: string, error: Error): void {
    this.failures.set(key, error);
  }

  addImage(reference: string, options: { id?: string } = {}): ImageInfo {
    const info: ImageInfo = {
      id: options.id ?? `sha256:${reference.replace(/[^a-z0-9]/g, '').padEnd(64, '0').slice(0, 64)}`,
      repoTags: [reference],
      repoDigests: [],
      labels: {},
      createdAt: '2024-01-01T00:00:00Z',
      sizeBytes: 1,
      config: { entrypoint: null, command: ['sh'], env: [], workingDir: '', user: '', exposedPorts: [] },
    };
    this.imageStore.set(reference, info);
    return info;
  }

  /** Puts a container straight into the store, as if an earlier `up` made it. */
  addContainer(spec: ContainerSpec, state: ContainerState = 'running', health: HealthStatus = 'none'): string {
    const id = this.newId();
    const time = this.timestamp();
    this.containerStore.set(id, {
      id,
      name: spec.name,
      spec,
      state,
      health,
      exitCode: 0,
      createdAt: time,
      startedAt: state === 'created' ? ZERO_TIME : time,
      finishedAt: ZERO_TIME,
      logs: [],
      mounts: [],
    });
    return id;
  }

  byName(name: string): FakeContainer {
    for (const container of this.containerStore.values()) if (container.name === name) return container;
    throw new Error(`no container ${name}`);
  }

  setHealth(name: string, health: Exclude<HealthStatus, 'none'>): void {
    const container = this.byName(name);
    container.health = health;
    this.publish({ type: 'container', action: 'health_status', id: container.id, name, labels: container.spec.labels, health, time: this.tick() });
  }

  exit(name: string, exitCode: number): void {
    const container = this.byName(name);
    container.state = 'exited';
    container.exitCode = exitCode;
    container.finishedAt = this.timestamp();
    this.publish({ type: 'container', action: 'die', id: container.id, name, labels: container.spec.labels, exitCode, time: this.tick() });
  }

  appendLogs(name: string, ...lines: string[]): void {
    this.byName(name).logs.push(...lines);
  }

  /** Changes state without an event, as if the engine's event was lost. */
  setQuietly(name: string, change: Partial<Pick<FakeContainer, 'state' | 'health' | 'exitCode'>>): void {
    Object.assign(this.byName(name), change);
  }

  subscriberCount(): number {
    return this.subscribers.size;
  }

  // ------------------------------------------------------------ internals

  private newId(): string {
    return (this.nextId++).toString(16).padStart(64, '0');
  }

  private tick(): number {
    return ++this.nowSeconds;
  }

  private timestamp(): string {
    return new Date(this.tick() * 1000).toISOString();
  }

  private publish(event: EngineEvent): void {
    this.eventLog.push(event);
    for (const subscriber of this.subscribers) subscriber(event);
  }

  /** Every call goes through here: counted, optionally held, optionally failed. */
  private async enter<T>(key: string, body: () => T): Promise<T> {
    this.calls.push(key);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const kind = key.split(' ')[0] ?? key;
    const current = (this.inFlightByKind.get(kind) ?? 0) + 1;
    this.inFlightByKind.set(kind, current);
    this.maxInFlightByKind.set(kind, Math.max(this.maxInFlightByKind.get(kind) ?? 0, current));
    try {
      await new Promise((resolve) => setImmediate(resolve));
      const held = this.holds.get(key);
      if (held) await held.promise;
      const failure = this.failures.get(key);
      if (failure) throw failure;
      return body();
    } finally {
      this.inFlight--;
      this.inFlightByKind.set(kind, (this.inFlightByKind.get(kind) ?? 1) - 1);
    }
  }

  private container(idOrName: string): FakeContainer {
    const found = this.containerStore.get(idOrName) ?? [...this.containerStore.values()].find((c) => c.name === idOrName);
    if (!found) throw new EngineError('not_found', `No such container: ${idOrName}`);
    return found;
  }

  private containerEvent(container: FakeContainer, action: 'create' | 'start' | 'stop' | 'destroy' | 'rename'): void {
    this.publish({ type: 'container', action, id: container.id, name: container.name, labels: container.spec.labels, time: this.tick() });
  }

  private summary(container: FakeContainer): ContainerSummary {
    return {
      id: container.id,
      name: container.name,
      image: container.spec.image,
      imageId: this.imageStore.get(container.spec.image)?.id ?? '',
      labels: container.spec.labels,
      state: container.state,
      status: container.state,
      createdAt: container.createdAt,
      ports: [],
      networks: {},
    };
  }

  private containerInfo(container: FakeContainer): ContainerInfo {
    const hasHealthcheck = container.spec.healthcheck !== undefined && container.spec.healthcheck.test[0] !== 'NONE';
    return {
      ...this.summary(container),
      health: container.health,
      healthLog: [],
      exitCode: container.exitCode,
      oomKilled: false,
      pid: container.state === 'running' ? 42 : 0,
      startedAt: container.startedAt,
      finishedAt: container.finishedAt,
      restartCount: 0,
      mounts: container.mounts,
      spec: {
        env: container.spec.env,
        tty: container.spec.tty,
        restartPolicy: container.spec.host.restartPolicy,
        hasHealthcheck,
      },
    };
  }

  // ------------------------------------------------------------ Engine

  async info() {
    return { engine: 'docker' as const, version: 'fake', apiVersion: '1.47', os: 'linux', architecture: 'x86_64', cgroupVersion: '2' as const };
  }

  async close(): Promise<void> {}

  readonly images: Engine['images'] = {
    inspect: (reference) => this.enter(`inspect-image ${reference}`, () => this.imageStore.get(reference)),
    pull: (reference, options) =>
      this.enter(`pull ${reference}`, () => {
        this.pulls.push(reference);
        if (this.failingPulls.has(reference)) throw new EngineError('not_found', `pull access denied for ${reference}, repository does not exist`);
        const progress: PullProgress = { status: 'Pull complete', id: 'layer' };
        options?.onProgress?.(progress);
        this.addImage(reference);
      }),
    build: async (spec, options) => {
      const { files, contents, headers } = await readTar(spec.context);
      const { context: _context, ...rest } = spec;
      return this.enter(`build ${spec.tags.join(',')}`, () => {
        this.builds.push({ spec: rest, files, contents, headers });
        options?.onProgress?.('Step 1/1 : FROM scratch');
        const tag = spec.tags[0] ?? 'untagged';
        if (this.failingBuilds.has(tag)) throw new EngineError('invalid', `build of ${tag} failed: The command '/bin/sh -c false' returned a non-zero code: 1`);
        const image = this.addImage(tag);
        for (const other of spec.tags.slice(1)) this.imageStore.set(other, image);
        return image.id;
      });
    },
    push: (reference) => this.enter(`push ${reference}`, () => undefined),
    remove: (reference) =>
      this.enter(`remove-image ${reference}`, () => {
        if (!this.imageStore.delete(reference)) throw new EngineError('not_found', `No such image: ${reference}`);
      }),
    list: (filter) => this.enter('list-images', () => [...this.imageStore.values()].filter((image) => matches(image.labels, filter?.labels))),
    load: () => this.enter('load', () => []),
    tag: (source, target) =>
      this.enter(`tag ${source} ${target}`, () => {
        const image = this.imageStore.get(source);
        if (!image) throw new EngineError('not_found', `No such image: ${source}`);
        this.imageStore.set(target, image);
      }),
  };

  readonly networks: Engine['networks'] = {
    list: (filter) => this.enter('list-networks', () => [...this.networkStore.values()].filter((network) => matches(network.labels, filter?.labels))),
    inspect: (nameOrId) => this.enter(`inspect-network ${nameOrId}`, () => this.networkStore.get(nameOrId)),
    create: (spec: NetworkSpec) =>
      this.enter(`create-network ${spec.name}`, () => {
        if (this.networkStore.has(spec.name)) throw new EngineError('conflict', `network with name ${spec.name} already exists`);
        const id = this.newId();
        this.networkStore.set(spec.name, { id, name: spec.name, driver: spec.driver, labels: spec.labels, internal: spec.internal, subnets: [], containers: [] });
        return id;
      }),
    remove: (nameOrId) =>
      this.enter(`remove-network ${nameOrId}`, () => {
        if (!this.networkStore.delete(nameOrId)) throw new EngineError('not_found', `network ${nameOrId} not found`);
      }),
    connect: (network, container) => this.enter(`connect ${network} ${container}`, () => undefined),
    disconnect: (network, container) => this.enter(`disconnect ${network} ${container}`, () => undefined),
  };

  readonly volumes: Engine['volumes'] = {
    list: (filter) => this.enter('list-volumes', () => [...this.volumeStore.values()].filter((volume) => matches(volume.labels, filter?.labels))),
    inspect: (name) => this.enter(`inspect-volume ${name}`, () => this.volumeStore.get(name)),
    create: (spec: VolumeSpec) =>
      this.enter(`create-volume ${spec.name}`, () => {
        const info: VolumeInfo = { name: spec.name, driver: spec.driver, labels: spec.labels, mountpoint: `/var/lib/fake/${spec.name}` };
        this.volumeStore.set(spec.name, info);
        return info;
      }),
    remove: (name) =>
      this.enter(`remove-volume ${name}`, () => {
        if (!this.volumeStore.delete(name)) throw new EngineError('not_found', `no such volume: ${name}`);
      }),
  };

  readonly containers: Engine['containers'] = {
    list: (filter) =>
      this.enter('list-containers', () =>
        [...this.containerStore.values()]
          .filter((container) => (filter?.all ?? false) || container.state === 'running')
          .filter((container) => matches(container.spec.labels, filter?.labels))
          .map((container) => this.summary(container)),
      ),
    inspect: (nameOrId) =>
      this.enter(`inspect ${nameOrId}`, () => {
        const found = this.containerStore.get(nameOrId) ?? [...this.containerStore.values()].find((c) => c.name === nameOrId);
        return found ? this.containerInfo(found) : undefined;
      }),
    create: (spec) =>
      this.enter(`create ${spec.name}`, () => {
        if ([...this.containerStore.values()].some((c) => c.name === spec.name)) throw new EngineError('conflict', `The container name "/${spec.name}" is already in use`);
        const id = this.addContainer(spec, 'created');
        const container = this.container(id);
        container.mounts = spec.host.mounts
          .filter((mount) => mount.type !== 'tmpfs')
          .map((mount) =>
            mount.type === 'volume'
              ? { type: 'volume', name: mount.source === '' ? this.newId() : mount.source, source: '', target: mount.target }
              : { type: mount.type, source: mount.source, target: mount.target },
          );
        this.containerEvent(container, 'create');
        return id;
      }),
    start: (id) =>
      this.enter(`start ${this.nameOf(id)}`, () => {
        const container = this.container(id);
        container.state = 'running';
        container.startedAt = this.timestamp();
        const hasHealthcheck = container.spec.healthcheck !== undefined && container.spec.healthcheck.test[0] !== 'NONE';
        container.health = hasHealthcheck ? 'starting' : 'none';
        this.containerEvent(container, 'start');
        this.afterStart?.(container, this);
      }),
    stop: (id) =>
      this.enter(`stop ${this.nameOf(id)}`, () => {
        const container = this.container(id);
        if (container.state !== 'running') return;
        container.state = 'exited';
        container.exitCode = 143;
        container.finishedAt = this.timestamp();
        this.publish({ type: 'container', action: 'die', id: container.id, name: container.name, labels: container.spec.labels, exitCode: 143, time: this.tick() });
        this.containerEvent(container, 'stop');
      }),
    kill: (id) => this.enter(`kill ${this.nameOf(id)}`, () => undefined),
    restart: (id) => this.enter(`restart ${this.nameOf(id)}`, () => undefined),
    remove: (id, options) =>
      this.enter(`remove ${this.nameOf(id)}`, () => {
        const container = this.container(id);
        if (container.state === 'running' && !options?.force) throw new EngineError('conflict', `cannot remove running container ${container.name}`);
        this.containerStore.delete(container.id);
        this.containerEvent(container, 'destroy');
      }),
    rename: (id, name) =>
      this.enter(`rename ${this.nameOf(id)} ${name}`, () => {
        const container = this.container(id);
        if ([...this.containerStore.values()].some((c) => c.name === name)) throw new EngineError('conflict', `name ${name} is already in use`);
        container.name = name;
        this.containerEvent(container, 'rename');
      }),
    pause: (id) => this.enter(`pause ${this.nameOf(id)}`, () => undefined),
    unpause: (id) => this.enter(`unpause ${this.nameOf(id)}`, () => undefined),
    wait: (id) => this.enter(`wait ${this.nameOf(id)}`, () => this.container(id).exitCode),
    logs: (id, options) => this.logLines(id, options?.tail),
    attach: () => Promise.reject(new EngineError('unsupported', 'the fake engine cannot attach')),
    exec: () => Promise.reject(new EngineError('unsupported', 'the fake engine cannot exec')),
    top: () => Promise.reject(new EngineError('unsupported', 'the fake engine has no top')),
    stats: () => Promise.reject(new EngineError('unsupported', 'the fake engine has no stats')),
    copyTo: () => Promise.reject(new EngineError('unsupported', 'the fake engine cannot copy')),
    copyFrom: () => Promise.reject(new EngineError('unsupported', 'the fake engine cannot copy')),
  };

  readonly events: Engine['events'] = {
    stream: (options) => this.eventStream(options),
  };

  private nameOf(id: string): string {
    return this.containerStore.get(id)?.name ?? id;
  }

  private async *logLines(id: string, tail: number | 'all' | undefined): AsyncIterable<LogEntry> {
    const lines = this.container(id).logs;
    const selected = tail === undefined || tail === 'all' ? lines : lines.slice(-tail);
    for (const text of selected) yield { stream: 'stdout', text };
  }

  private async *eventStream(options: { labels?: Labels; since?: number; signal: AbortSignal }): AsyncIterable<EngineEvent> {
    this.onSubscribe?.();
    const queue: EngineEvent[] = [];
    let wake: (() => void) | undefined;
    const push = (event: EngineEvent): void => {
      if (!matches(event.labels, options.labels)) return;
      queue.push(event);
      wake?.();
    };
    if (options.since !== undefined) for (const event of this.eventLog) if (event.time >= options.since) push(event);
    this.subscribers.add(push);
    const onAbort = (): void => wake?.();
    options.signal.addEventListener('abort', onAbort);
    try {
      while (!options.signal.aborted) {
        const event = queue.shift();
        if (event) {
          yield event;
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      this.subscribers.delete(push);
      options.signal.removeEventListener('abort', onAbort);
    }
  }
}

/** Reads a tar stream's entry names and the text of its small files. */
async function readTar(stream: NodeJS.ReadableStream): Promise<{ files: string[]; contents: Map<string, string>; headers: BuildCall['headers'] }> {
  const headers = new Map<string, { type: string; uid: number; gid: number; linkname: string }>();
  const chunks: Buffer[] = [];
  for await (const chunk of Readable.from(stream as AsyncIterable<Buffer>)) chunks.push(Buffer.from(chunk as Buffer));
  const archive = Buffer.concat(chunks);
  const files: string[] = [];
  const contents = new Map<string, string>();
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number): string => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const body = archive.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      const path = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      longName = path?.[1];
      continue;
    }
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    files.push(name);
    headers.set(name, { type, uid: Number.parseInt(field(108, 8).trim() || '0', 8), gid: Number.parseInt(field(116, 8).trim() || '0', 8), linkname: field(157, 100) });
    if ((type === '0' || type === '') && size < 4096) contents.set(name, body.toString('utf8'));
  }
  return { files: files.sort(), contents, headers };
}
