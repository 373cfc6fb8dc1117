/**
 * Containers: their records, their lifecycle and their supervision.
 *
 * Every change of a container is serialized per container and written to
 * its document before the host is changed (metadata first), so a crash at
 * any point leaves a record the next start reconciles: a container whose
 * conmon still runs is adopted, one that ended meanwhile gets its exit code
 * from conmon's exit file, a half-removed one is removed.
 */
import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventBus } from '../events/bus.js';
import { ApiError } from '../http/respond.js';
import { DocumentStore } from '../state/documents.js';
import type { VolumeService } from '../volumes/service.js';
import { etcFiles } from './etc-files.js';
import { HealthMonitor } from './health.js';
import { type MountRequest, resolveMounts, toRuntimeMounts } from './mounts.js';
import type { ExitInfo, ImagePort, RuntimePort } from './ports.js';
import { type ContainerRecord, type DockerConfig, type DockerHostConfig, initialState, ZERO_TIME } from './record.js';
import { restartDelayMs, shouldRestart } from './restart.js';

const NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export interface CreateBody extends DockerConfig {
  HostConfig?: DockerHostConfig;
  NetworkingConfig?: unknown;
}

interface Waiter {
  readonly condition: 'next-exit' | 'removed';
  readonly resolve: (status: { StatusCode: number; Error: { Message: string } | null }) => void;
}

export class ContainerService {
  private readonly records = new Map<string, ContainerRecord>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly watchers = new Map<string, AbortController>();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly restartTimers = new Map<string, NodeJS.Timeout>();
  private readonly health: HealthMonitor;
  private closed = false;

  private constructor(
    private readonly root: string,
    private readonly documents: DocumentStore<ContainerRecord>,
    private readonly images: ImagePort,
    private readonly runtime: RuntimePort,
    private readonly volumes: VolumeService,
    private readonly events: EventBus,
  ) {
    this.health = new HealthMonitor(runtime, {
      onResult: (id, result) => this.recordHealth(id, result),
    });
  }

  static async open(root: string, images: ImagePort, runtime: RuntimePort, volumes: VolumeService, events: EventBus): Promise<ContainerService> {
    const documents = await DocumentStore.open<ContainerRecord>(join(root, 'state', 'containers'));
    const service = new ContainerService(root, documents, images, runtime, volumes, events);
    const records = await documents.all((key, error) => console.error(`berthd: container ${key}: unreadable metadata, ignored: ${error.message}`));
    for (const record of records.values()) service.records.set(record.Id, record);
    await service.reconcile();
    return service;
  }

  // ------------------------------------------------------------ lookups

  /** By full ID, by name (with or without `/`), or by a unique ID prefix. */
  find(reference: string): ContainerRecord | undefined {
    const direct = this.records.get(reference);
    if (direct !== undefined) return direct;
    const name = reference.startsWith('/') ? reference : `/${reference}`;
    for (const record of this.records.values()) if (record.Name === name) return record;
    if (/^[0-9a-f]{3,63}$/.test(reference)) {
      const matches = [...this.records.values()].filter((record) => record.Id.startsWith(reference));
      if (matches.length > 1) throw ApiError.of('invalid', `multiple containers match the ID prefix ${reference}`);
      return matches[0];
    }
    return undefined;
  }

  get(reference: string): ContainerRecord {
    const record = this.find(reference);
    if (record === undefined) throw ApiError.of('not_found', `No such container: ${reference}`);
    return record;
  }

  list(): ContainerRecord[] {
    return [...this.records.values()].sort((a, b) => b.Created.localeCompare(a.Created) || a.Id.localeCompare(b.Id));
  }

  /** The image reference a container was created from, as the user wrote it. */
  imageReference(record: ContainerRecord): string {
    return record.Config.Image ?? record.Image;
  }

  usesImage(imageId: string): string | undefined {
    for (const record of this.records.values()) if (record.Image === imageId) return record.Id;
    return undefined;
  }

  usesVolume(name: string): string | undefined {
    for (const record of this.records.values()) if (record.Mounts.some((mount) => mount.Type === 'volume' && mount.Name === name)) return record.Id;
    return undefined;
  }

  // ------------------------------------------------------------ lifecycle

  async create(nameParameter: string | null, body: CreateBody): Promise<{ Id: string; Warnings: string[] }> {
    const name = nameParameter === null || nameParameter === '' ? `/berth_${randomBytes(5).toString('hex')}` : `/${nameParameter.replace(/^\//, '')}`;
    if (!NAME.test(name)) throw ApiError.of('invalid', `Invalid container name (${nameParameter}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    const existing = this.find(name);
    if (existing !== undefined) {
      throw ApiError.of('conflict', `Conflict. The container name "${name}" is already in use by container "${existing.Id}". You have to remove (or rename) that container to be able to reuse that name.`);
    }
    if (typeof body.Image !== 'string' || body.Image === '') throw ApiError.of('invalid', 'Config.Image is required: name the image to create the container from');
    const image = this.images.inspect(body.Image);
    if (image === undefined) throw ApiError.of('not_found', `No such image: ${body.Image}`);
    const host: DockerHostConfig = { ...(body.HostConfig ?? {}) };
    const networkMode = checkNetworkMode(host.NetworkMode, (reference) => this.find(reference));
    host.NetworkMode = networkMode;
    const config = mergeImageConfig(body, image.config.config ?? {});
    const id = randomBytes(32).toString('hex');
    const mounts = resolveMounts(host, config, (reference) => this.get(reference));
    const args = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
    if (args.length === 0) throw ApiError.of('invalid', `no command specified: image ${body.Image} has no CMD or ENTRYPOINT, and none was given`);

    // Volumes first: a container must never point at a volume that does not exist.
    const volumeMounts: MountRequest[] = [];
    for (const mount of mounts) {
      if (mount.kind !== 'volume') continue;
      const volume = await this.volumes.create({ Name: mount.name ?? '', Labels: mount.labels ?? {}, anonymous: mount.name === undefined });
      volumeMounts.push({ ...mount, name: volume.Name, source: volume.Mountpoint });
    }
    const resolved: MountRequest[] = mounts.map((mount) => (mount.kind === 'volume' ? (volumeMounts.shift() ?? mount) : mount));
    for (const mount of resolved) {
      if (mount.kind !== 'bind') continue;
      if (mount.createSource === true) await mkdir(mount.source, { recursive: true });
      else if (!(await exists(mount.source))) throw ApiError.of('invalid', `invalid mount config for type "bind": bind source path does not exist: ${mount.source}`);
    }

    const record: ContainerRecord = {
      Id: id,
      Name: name,
      Created: new Date().toISOString(),
      Image: image.id,
      Path: args[0] ?? '',
      Args: args.slice(1),
      Config: config,
      HostConfig: host,
      NetworkingConfig: body.NetworkingConfig,
      ResolvedMounts: resolved,
      Mounts: resolved.map((mount) => ({
        Type: mount.kind,
        ...(mount.name === undefined ? {} : { Name: mount.name, Driver: 'local' }),
        Source: mount.source,
        Destination: mount.target,
        Mode: mount.mode,
        RW: !mount.readOnly,
        Propagation: mount.propagation,
      })),
      State: initialState(),
      RestartCount: 0,
      ManuallyStopped: false,
      Directory: join(this.root, 'containers', id),
    };
    await this.documents.put(id, record);
    this.records.set(id, record);
    await mkdir(record.Directory, { recursive: true, mode: 0o700 });
    this.emit(record, 'create');
    return { Id: id, Warnings: [] };
  }

  start(reference: string): Promise<'started' | 'already'> {
    const record = this.get(reference);
    return this.locked(record.Id, async () => {
      if (record.State.Running) return 'already';
      await this.startNow(record);
      return 'started';
    });
  }

  stop(reference: string, options: { timeoutSeconds?: number | undefined; signal?: string | undefined }): Promise<'stopped' | 'already'> {
    const record = this.get(reference);
    this.cancelRestart(record);
    return this.locked(record.Id, async () => {
      if (record.State.Status === 'restarting') {
        record.ManuallyStopped = true;
        this.setState(record, { Status: 'exited', Restarting: false });
        await this.save(record);
        return 'stopped';
      }
      if (!record.State.Running) return 'already';
      record.ManuallyStopped = true;
      await this.save(record);
      await this.stopNow(record, options.signal ?? record.Config.StopSignal ?? 'SIGTERM', options.timeoutSeconds ?? record.Config.StopTimeout ?? 10);
      this.emit(record, 'stop');
      return 'stopped';
    });
  }

  async kill(reference: string, signal: string): Promise<void> {
    const record = this.get(reference);
    if (!record.State.Running) throw ApiError.of('conflict', `Cannot kill container: ${reference}: Container ${record.Id} is not running`);
    if (signal === 'SIGKILL' || signal === 'KILL' || signal === '9') {
      record.ManuallyStopped = true;
      await this.save(record);
    }
    await this.runtime.kill(record.Id, signal);
    this.emit(record, 'kill', { signal: signalNumber(signal) });
  }

  restart(reference: string, timeoutSeconds: number | undefined): Promise<void> {
    const record = this.get(reference);
    this.cancelRestart(record);
    return this.locked(record.Id, async () => {
      if (record.State.Running) await this.stopNow(record, record.Config.StopSignal ?? 'SIGTERM', timeoutSeconds ?? record.Config.StopTimeout ?? 10);
      await this.startNow(record);
      this.emit(record, 'restart');
    });
  }

  async remove(reference: string, options: { force: boolean; volumes: boolean }): Promise<void> {
    const record = this.get(reference);
    if (record.State.Running && !options.force) {
      throw ApiError.of(
        'conflict',
        `You cannot remove a running container ${record.Id}. Stop the container before attempting removal or force remove`,
      );
    }
    this.cancelRestart(record);
    await this.locked(record.Id, async () => {
      record.ManuallyStopped = true;
      if (record.State.Running) await this.stopNow(record, 'SIGKILL', 0);
      this.setState(record, { Status: 'removing' });
      await this.save(record);
      await this.runtime.release(record.Id, record.Directory);
      await rm(record.Directory, { recursive: true, force: true });
      await this.documents.delete(record.Id);
      this.records.delete(record.Id);
      if (options.volumes) {
        for (const mount of record.Mounts) {
          if (mount.Type !== 'volume' || mount.Name === undefined || this.volumes.get(mount.Name)?.Anonymous !== true) continue;
          if (this.usesVolume(mount.Name) === undefined) await this.volumes.remove(mount.Name, undefined).catch(() => undefined);
        }
      }
      this.emit(record, 'destroy');
      for (const waiter of this.waiters.get(record.Id) ?? []) waiter.resolve({ StatusCode: record.State.ExitCode, Error: null });
      this.waiters.delete(record.Id);
    });
  }

  async rename(reference: string, newName: string): Promise<void> {
    const record = this.get(reference);
    const name = `/${newName.replace(/^\//, '')}`;
    if (!NAME.test(name)) throw ApiError.of('invalid', `Invalid container name (${newName}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    const other = this.find(name);
    if (other !== undefined && other.Id !== record.Id) {
      throw ApiError.of('conflict', `Conflict. The container name "${name}" is already in use by container "${other.Id}". You have to remove (or rename) that container to be able to reuse that name.`);
    }
    const oldName = record.Name;
    record.Name = name;
    await this.save(record);
    this.emit(record, 'rename', { oldName });
  }

  async pause(reference: string): Promise<void> {
    const record = this.get(reference);
    await this.locked(record.Id, async () => {
      if (!record.State.Running) throw ApiError.of('conflict', `Container ${record.Id} is not running`);
      if (record.State.Paused) throw ApiError.of('conflict', `Container ${record.Id} is already paused`);
      await this.runtime.pause(record.Id);
      this.setState(record, { Status: 'paused', Paused: true });
      await this.save(record);
      this.emit(record, 'pause');
    });
  }

  async unpause(reference: string): Promise<void> {
    const record = this.get(reference);
    await this.locked(record.Id, async () => {
      if (!record.State.Paused) throw ApiError.of('conflict', `Container ${record.Id} is not paused`);
      await this.runtime.resume(record.Id);
      this.setState(record, { Status: 'running', Paused: false });
      await this.save(record);
      this.emit(record, 'unpause');
    });
  }

  /** Docker's wait: `not-running` answers at once for a stopped container; `next-exit` and `removed` wait. */
  wait(reference: string, condition: string, signal: AbortSignal): Promise<{ StatusCode: number; Error: { Message: string } | null }> {
    const record = this.get(reference);
    if (condition !== 'not-running' && condition !== 'next-exit' && condition !== 'removed' && condition !== '') {
      throw ApiError.of('invalid', `invalid condition "${condition}": use not-running, next-exit or removed`);
    }
    if ((condition === 'not-running' || condition === '') && !record.State.Running && record.State.Status !== 'restarting') {
      return Promise.resolve({ StatusCode: record.State.ExitCode, Error: null });
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { condition: condition === 'removed' ? 'removed' : 'next-exit', resolve };
      const list = this.waiters.get(record.Id) ?? [];
      list.push(waiter);
      this.waiters.set(record.Id, list);
      signal.addEventListener('abort', () => {
        const current = this.waiters.get(record.Id) ?? [];
        this.waiters.set(record.Id, current.filter((entry) => entry !== waiter));
        reject(Object.assign(new Error('the client went away'), { kind: 'cancelled' }));
      }, { once: true });
    });
  }

  /** Resolves when the container's current run ends (for log followers). */
  stopped(reference: string, signal: AbortSignal): Promise<unknown> {
    const record = this.get(reference);
    if (!record.State.Running) return Promise.resolve();
    return this.wait(record.Id, 'next-exit', signal).catch(() => undefined);
  }

  /** The root filesystem of a container for `cp`, mounted when the container is not running. */
  async rootfs(reference: string): Promise<{ record: ContainerRecord; path: string }> {
    const record = this.get(reference);
    const mounted = await this.runtime.mountedRootfs(record.Directory);
    if (mounted !== undefined) return { record, path: mounted };
    return { record, path: await this.runtime.mountRootfs(record.Directory, await this.images.rootfs(record.Image)) };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.health.close();
    for (const controller of this.watchers.values()) controller.abort();
    for (const timer of this.restartTimers.values()) clearTimeout(timer);
    await Promise.allSettled([...this.locks.values()]);
  }

  // ------------------------------------------------------------ internals

  private async startNow(record: ContainerRecord): Promise<void> {
    const imageConfig = this.images.inspect(record.Image)?.config.config ?? {};
    const [lowerdir, hostResolvConf] = await Promise.all([this.images.rootfs(record.Image), readFile('/etc/resolv.conf', 'utf8').catch(() => '')]);
    for (const mount of record.Mounts) {
      if (mount.Type === 'volume' && mount.Name !== undefined && this.volumes.get(mount.Name)?.Populated !== true) {
        await this.volumes.populate(mount.Name, join(lowerdir, mount.Destination));
      }
    }
    const files = etcFiles(record, hostResolvConf);
    await mkdir(record.Directory, { recursive: true, mode: 0o700 });
    // Independent files, written at once: one after the other they cost a thread-pool round trip each on the way to a start.
    await Promise.all([
      writeFile(join(record.Directory, 'hosts'), files.hosts),
      writeFile(join(record.Directory, 'resolv.conf'), files.resolvConf),
      writeFile(join(record.Directory, 'hostname'), files.hostname),
      // A previous run's exit file would be read as this run's exit.
      rm(join(record.Directory, 'exit'), { force: true }),
      rm(join(record.Directory, 'oom'), { force: true }),
      // What a last run left in the runtime (its runc state, mount, cgroups); none of it is in these files.
      this.runtime.release(record.Id, record.Directory),
    ]);
    let pid: number;
    try {
      ({ pid } = await this.runtime.start({
        id: record.Id,
        directory: record.Directory,
        // Mounts are resolved already (image VOLUME lines included): the runtime must not make its own.
        create: { ...record.Config, Volumes: null, HostConfig: { ...record.HostConfig, Binds: null, Tmpfs: null, VolumesFrom: null, Mounts: toRuntimeMounts(record.ResolvedMounts ?? []) } },
        image: { ...imageConfig, Volumes: null },
        lowerdir,
        etcFiles: { hosts: join(record.Directory, 'hosts'), resolvConf: join(record.Directory, 'resolv.conf'), hostname: join(record.Directory, 'hostname') },
        resolveVolume: (name) => {
          const volume = this.volumes.get(name);
          if (volume === undefined) throw ApiError.of('not_found', `volume ${name} does not exist`);
          return volume.Mountpoint;
        },
      }));
    } catch (error) {
      await this.runtime.release(record.Id, record.Directory).catch(() => undefined);
      // A bug in berthd is not the user's bad input: it goes out as a 500 with its stack in the log.
      if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      this.setState(record, { Error: message, ExitCode: /not found|no such file/i.test(message) ? 127 : 126 });
      await this.save(record);
      throw ApiError.of('invalid', `cannot start container ${record.Name.slice(1)}: ${message}`, error);
    }
    const healthcheck = effectiveHealthcheck(record);
    this.setState(record, {
      Status: 'running',
      Running: true,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: pid,
      ExitCode: 0,
      Error: '',
      StartedAt: new Date().toISOString(),
      FinishedAt: ZERO_TIME,
      Health: healthcheck === undefined ? undefined : { Status: 'starting', FailingStreak: 0, Log: [] },
    });
    // A user's earlier stop must not keep the restart policy off this new run (Docker clears it on every start).
    record.ManuallyStopped = false;
    await this.save(record);
    this.emit(record, 'start');
    this.supervise(record);
  }

  /** Follows a running container until it exits (and afterwards, through the restart policy). */
  private supervise(record: ContainerRecord): void {
    this.watchers.get(record.Id)?.abort();
    const controller = new AbortController();
    this.watchers.set(record.Id, controller);
    const healthcheck = effectiveHealthcheck(record);
    if (healthcheck !== undefined) this.health.watch(record.Id, healthcheck, record.Config.User);
    this.runtime.watchExit(record.Directory, controller.signal).then(
      (exit) => {
        void this.locked(record.Id, async () => {
          // A restart (stop and start under one lock) handled this run's exit and watches the new run: this exit is stale.
          if (this.watchers.get(record.Id) !== controller) return;
          this.watchers.delete(record.Id);
          await this.exited(record, exit);
        }).catch((error: unknown) => console.error(`berthd: container ${record.Id}: ${(error as Error).message}`));
      },
      (error: unknown) => {
        if (!controller.signal.aborted) console.error(`berthd: lost track of container ${record.Id}: ${(error as Error).message}`);
      },
    );
  }

  private async exited(record: ContainerRecord, exit: ExitInfo): Promise<void> {
    if (!this.records.has(record.Id) || !record.State.Running) return;
    this.health.unwatch(record.Id);
    await this.runtime.release(record.Id, record.Directory).catch((error: unknown) => console.error(`berthd: releasing ${record.Id}: ${(error as Error).message}`));
    const restart = !this.closed && shouldRestart(record.HostConfig.RestartPolicy, record, exit.exitCode);
    this.setState(record, {
      Status: restart ? 'restarting' : 'exited',
      Running: false,
      Paused: false,
      Restarting: restart,
      OOMKilled: exit.oomKilled,
      Pid: 0,
      ExitCode: exit.exitCode,
      FinishedAt: exit.finishedAt,
    });
    await this.save(record);
    if (exit.oomKilled) this.emit(record, 'oom');
    this.emit(record, 'die', { exitCode: String(exit.exitCode) });
    const waiters = this.waiters.get(record.Id) ?? [];
    this.waiters.set(record.Id, waiters.filter((waiter) => waiter.condition === 'removed'));
    for (const waiter of waiters) if (waiter.condition === 'next-exit') waiter.resolve({ StatusCode: exit.exitCode, Error: null });
    if (restart) this.scheduleRestart(record);
    else if (record.HostConfig.AutoRemove === true) void this.remove(record.Id, { force: true, volumes: true }).catch(() => undefined);
  }

  private scheduleRestart(record: ContainerRecord): void {
    const delay = restartDelayMs(record.RestartCount);
    const timer = setTimeout(() => {
      this.restartTimers.delete(record.Id);
      void this.locked(record.Id, async () => {
        if (this.closed || !this.records.has(record.Id) || record.State.Status !== 'restarting') return;
        record.RestartCount++;
        try {
          await this.startNow(record);
        } catch (error) {
          this.setState(record, { Status: 'exited', Restarting: false });
          await this.save(record);
          console.error(`berthd: restarting ${record.Name.slice(1)} failed: ${(error as Error).message}`);
        }
      });
    }, delay);
    this.restartTimers.set(record.Id, timer);
  }

  private cancelRestart(record: ContainerRecord): void {
    const timer = this.restartTimers.get(record.Id);
    if (timer !== undefined) clearTimeout(timer);
    this.restartTimers.delete(record.Id);
  }

  private async stopNow(record: ContainerRecord, signal: string, timeoutSeconds: number): Promise<void> {
    // The exit is handled under this container's lock, which the caller holds: watch for it directly.
    const controller = new AbortController();
    const exit = this.runtime.watchExit(record.Directory, controller.signal);
    try {
      if (timeoutSeconds > 0 && signal !== 'SIGKILL' && signal !== 'KILL') {
        await this.runtime.kill(record.Id, signal).catch(() => undefined);
        this.emit(record, 'kill', { signal: signalNumber(signal) });
        const ended = await Promise.race([exit.then(() => true), delay(timeoutSeconds * 1000).then(() => false)]);
        if (ended) {
          await this.exited(record, await exit);
          return;
        }
      }
      await this.runtime.kill(record.Id, 'SIGKILL').catch(() => undefined);
      this.emit(record, 'kill', { signal: '9' });
      const ended = await Promise.race([exit.then(() => true), delay(30_000).then(() => false)]);
      if (!ended) throw ApiError.of('internal', `container ${record.Name.slice(1)} did not exit 30 s after SIGKILL`);
      await this.exited(record, await exit);
    } finally {
      controller.abort();
    }
  }

  private recordHealth(id: string, result: { status: 'healthy' | 'unhealthy' | 'starting'; entry: { Start: string; End: string; ExitCode: number; Output: string }; failingStreak: number }): void {
    const record = this.records.get(id);
    if (record === undefined || !record.State.Running || record.State.Health === undefined) return;
    const previous = record.State.Health.Status;
    record.State.Health = { Status: result.status, FailingStreak: result.failingStreak, Log: [...record.State.Health.Log, result.entry].slice(-5) };
    void this.save(record).catch(() => undefined);
    if (previous !== result.status) this.emit(record, `health_status: ${result.status}`);
  }

  private async reconcile(): Promise<void> {
    const comingBack: ContainerRecord[] = [];
    for (const record of this.records.values()) {
      if (record.State.Status === 'removing') {
        await this.runtime.release(record.Id, record.Directory).catch(() => undefined);
        await rm(record.Directory, { recursive: true, force: true });
        await this.documents.delete(record.Id);
        this.records.delete(record.Id);
        continue;
      }
      if (record.State.Status === 'restarting') {
        this.scheduleRestart(record);
        continue;
      }
      if (!record.State.Running) {
        // Killed between mounting its root (the runtime's first step) and recording the start: nothing may run or stay mounted behind a stopped record.
        if ((await this.runtime.mountedRootfs(record.Directory).catch(() => undefined)) !== undefined) {
          await this.runtime.release(record.Id, record.Directory).catch((error: unknown) => console.error(`berthd: releasing half-started ${record.Id}: ${(error as Error).message}`));
        }
        if (startsWithEngine(record)) comingBack.push(record);
        continue;
      }
      const state = await this.runtime.state(record.Id).catch(() => undefined);
      if (state === 'running' || state === 'paused') {
        // Adopted: conmon kept it running while berthd was away.
        this.runtime.adopt(record.Id, record.Directory);
        this.supervise(record);
        continue;
      }
      const exit = (await this.runtime.readExit(record.Directory)) ?? { exitCode: 255, oomKilled: false, finishedAt: new Date().toISOString() };
      await this.exited(record, exit);
    }
    for (const record of comingBack) {
      void this.locked(record.Id, async () => {
        if (this.closed || !this.records.has(record.Id) || record.State.Running || record.State.Status === 'restarting') return;
        await this.startNow(record);
      }).catch((error: unknown) => console.error(`berthd: starting ${record.Name.slice(1)} (restart policy always) failed: ${(error as Error).message}`));
    }
  }

  private setState(record: ContainerRecord, change: Partial<ContainerRecord['State']>): void {
    record.State = { ...record.State, ...change };
  }

  private save(record: ContainerRecord): Promise<void> {
    return this.documents.put(record.Id, record);
  }

  private emit(record: ContainerRecord, action: string, extra: Record<string, string> = {}): void {
    this.events.emit('container', action, record.Id, {
      ...(record.Config.Labels ?? {}),
      image: this.imageReference(record),
      name: record.Name.slice(1),
      ...extra,
    });
  }

  private locked<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.locks.set(id, settled);
    void settled.then(() => {
      if (this.locks.get(id) === settled) this.locks.delete(id);
    });
    return next;
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds).unref());
}

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, USR1: 10, USR2: 12, TERM: 15, STOP: 19, CONT: 18 };

function signalNumber(signal: string): string {
  if (/^\d+$/.test(signal)) return signal;
  return String(SIGNALS[signal.replace(/^SIG/, '')] ?? signal);
}

function checkNetworkMode(mode: string | undefined, find: (reference: string) => ContainerRecord | undefined): string {
  const value = mode === undefined || mode === '' || mode === 'default' ? 'bridge' : mode;
  if (value === 'host' || value === 'none') return value;
  if (value.startsWith('container:')) {
    const other = find(value.slice('container:'.length));
    if (other === undefined) throw ApiError.of('not_found', `No such container: ${value.slice('container:'.length)} (network_mode ${value})`);
    throw ApiError.of('unsupported', `network_mode ${value}: berthd does not share network namespaces between containers yet; use host or none`);
  }
  throw ApiError.of(
    'unsupported',
    `network "${value}": berthd runs containers with network_mode host or none for now (bridge networks come with the next engine release); set network_mode: host or none, or use a Docker Engine (DOCKER_HOST)`,
  );
}

/** Docker fills a container's config from its image: env by key, the command pair, workdir, user, labels, ports. */
export function mergeImageConfig(body: DockerConfig, image: import('./ports.js').ImageConfigPort): DockerConfig {
  const env = new Map<string, string>();
  for (const entry of [...(image.Env ?? []), ...(body.Env ?? [])]) {
    const at = entry.indexOf('=');
    env.set(at < 0 ? entry : entry.slice(0, at), entry);
  }
  if (![...env.keys()].includes('PATH')) env.set('PATH', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  const entrypointGiven = body.Entrypoint !== undefined && body.Entrypoint !== null;
  const entrypoint = entrypointGiven ? body.Entrypoint : (image.Entrypoint ?? null);
  // An entrypoint given on create drops the image's CMD, as in Docker.
  const cmd = body.Cmd !== undefined && body.Cmd !== null && body.Cmd.length > 0 ? body.Cmd : entrypointGiven ? null : (image.Cmd ?? null);
  const config: DockerConfig = {
    ...body,
    Env: [...env.values()],
    Entrypoint: entrypoint !== null && entrypoint !== undefined && entrypoint.length > 0 ? entrypoint : null,
    Cmd: cmd,
    WorkingDir: body.WorkingDir !== undefined && body.WorkingDir !== '' ? body.WorkingDir : (image.WorkingDir ?? ''),
    User: body.User !== undefined && body.User !== '' ? body.User : (image.User ?? ''),
    Labels: { ...(image.Labels ?? {}), ...(body.Labels ?? {}) },
    ExposedPorts: { ...(image.ExposedPorts ?? {}), ...(body.ExposedPorts ?? {}) },
    Volumes: { ...(image.Volumes ?? {}), ...(body.Volumes ?? {}) },
  };
  delete (config as Record<string, unknown>)['HostConfig'];
  delete (config as Record<string, unknown>)['NetworkingConfig'];
  if ((config.StopSignal === undefined || config.StopSignal === '') && image.StopSignal !== undefined && image.StopSignal !== '') config.StopSignal = image.StopSignal;
  if (config.Healthcheck === undefined || config.Healthcheck === null) {
    if (image.Healthcheck !== undefined && image.Healthcheck !== null) config.Healthcheck = image.Healthcheck;
  } else if ((config.Healthcheck.Test ?? []).length === 0 && image.Healthcheck?.Test !== undefined) {
    // A healthcheck with timings but no test keeps the image's test.
    config.Healthcheck = { ...image.Healthcheck, ...config.Healthcheck, Test: image.Healthcheck.Test ?? null };
  }
  return config;
}

/**
 * Docker starts `always` containers with the engine, even those a user
 * stopped (what sets `always` apart from `unless-stopped`), when they ran before.
 */
function startsWithEngine(record: ContainerRecord): boolean {
  return record.HostConfig.RestartPolicy?.Name === 'always' && record.State.Status === 'exited' && record.State.StartedAt !== ZERO_TIME;
}

function effectiveHealthcheck(record: ContainerRecord): import('./record.js').DockerHealthcheck | undefined {
  const healthcheck = record.Config.Healthcheck;
  const test = healthcheck?.Test ?? [];
  if (healthcheck === undefined || healthcheck === null || test.length === 0 || test[0] === 'NONE') return undefined;
  return healthcheck;
}
