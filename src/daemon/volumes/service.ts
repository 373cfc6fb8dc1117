/**
 * Named volumes: a directory `<root>/volumes/<name>/_data` and a metadata
 * document. Metadata is written first and the directory second, so a crash
 * between them leaves a volume whose directory `create` makes again; removal
 * goes the other way round.
 */
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { ApiError } from '../http/respond.js';
import { DocumentStore } from '../state/documents.js';
import type { EventBus } from '../events/bus.js';

export interface VolumeRecord {
  readonly Name: string;
  readonly Driver: 'local';
  readonly Mountpoint: string;
  readonly CreatedAt: string;
  readonly Labels: Readonly<Record<string, string>>;
  readonly Options: Readonly<Record<string, string>>;
  readonly Scope: 'local';
  /** Whether the image's content was already copied in (only the first container that mounts it does that). */
  readonly Populated?: boolean;
  /** Volumes Docker makes for `VOLUME` lines and anonymous mounts; removed with `rm -v`. */
  readonly Anonymous?: boolean;
}

const run = promisify(execFile);
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export class VolumeService {
  private constructor(
    private readonly directory: string,
    private readonly documents: DocumentStore<VolumeRecord>,
    private readonly records: Map<string, VolumeRecord>,
    private readonly events: EventBus,
    private readonly now: () => Date,
  ) {}

  static async open(root: string, events: EventBus, now: () => Date = () => new Date()): Promise<VolumeService> {
    const documents = await DocumentStore.open<VolumeRecord>(join(root, 'state', 'volumes'));
    const records = await documents.all((key, error) => console.error(`berthd: volume ${key}: unreadable metadata, ignored: ${error.message}`));
    const directory = join(root, 'volumes');
    await mkdir(directory, { recursive: true, mode: 0o700 });
    for (const record of records.values()) await mkdir(record.Mountpoint, { recursive: true });
    return new VolumeService(directory, documents, records, events, now);
  }

  get(name: string): VolumeRecord | undefined {
    return this.records.get(name);
  }

  list(): VolumeRecord[] {
    return [...this.records.values()].sort((a, b) => a.Name.localeCompare(b.Name));
  }

  /** Creates a volume, or returns the existing one of that name (Docker does the same). */
  async create(request: { Name?: string; Driver?: string; Labels?: Record<string, string> | null; DriverOpts?: Record<string, string> | null; anonymous?: boolean }): Promise<VolumeRecord> {
    const name = request.Name === undefined || request.Name === '' ? randomBytes(32).toString('hex') : request.Name;
    if (!NAME.test(name)) throw ApiError.of('invalid', `volume name "${name}" is not valid: use letters, digits, "_", "." and "-", starting with a letter or digit`);
    if (request.Driver !== undefined && request.Driver !== '' && request.Driver !== 'local') {
      throw ApiError.of('unsupported', `volume ${name}: berthd has only the "local" volume driver, not "${request.Driver}"`);
    }
    const options = request.DriverOpts ?? {};
    if (Object.keys(options).length > 0) {
      throw ApiError.of('unsupported', `volume ${name}: berthd's local driver takes no driver options yet (got ${Object.keys(options).sort().join(', ')})`);
    }
    const existing = this.records.get(name);
    if (existing !== undefined) return existing;
    const record: VolumeRecord = {
      Name: name,
      Driver: 'local',
      Mountpoint: join(this.directory, name, '_data'),
      CreatedAt: this.now().toISOString(),
      Labels: { ...(request.Labels ?? {}) },
      Options: {},
      Scope: 'local',
      ...(request.anonymous === true ? { Anonymous: true } : {}),
    };
    await this.documents.put(name, record);
    await mkdir(record.Mountpoint, { recursive: true, mode: 0o755 });
    this.records.set(name, record);
    this.events.emit('volume', 'create', name, { driver: 'local', ...record.Labels });
    return record;
  }

  async remove(name: string, inUseBy: string | undefined): Promise<void> {
    const record = this.records.get(name);
    if (record === undefined) throw ApiError.of('not_found', `get ${name}: no such volume`);
    if (inUseBy !== undefined) throw ApiError.of('conflict', `remove ${name}: volume is in use - [${inUseBy}]`);
    await rm(join(this.directory, name), { recursive: true, force: true });
    await this.documents.delete(name);
    this.records.delete(name);
    this.events.emit('volume', 'destroy', name, { driver: 'local', ...record.Labels });
  }

  /**
   * Docker's copy-up: the first time a volume is mounted over a directory the
   * image has content in, that content is copied into the (empty) volume.
   */
  async populate(name: string, imageDirectory: string): Promise<void> {
    const record = this.records.get(name);
    if (record === undefined || record.Populated === true) return;
    const existing = await readdir(record.Mountpoint).catch(() => []);
    const source = await stat(imageDirectory).catch(() => undefined);
    if (existing.length === 0 && source?.isDirectory() === true) {
      // cp -a keeps owners and modes, which a database image's data directory depends on.
      await run('cp', ['-a', '--', `${imageDirectory}/.`, record.Mountpoint], { timeout: 120_000 });
    }
    const populated = { ...record, Populated: true };
    await this.documents.put(name, populated);
    this.records.set(name, populated);
  }
}
