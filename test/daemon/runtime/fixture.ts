/**
 * Fixtures for the runtime tests: the busybox test image's single layer
 * extracted into a temp dir (the lowerdir), container dirs with their /etc
 * files, a spec builder, and checks that nothing was left behind.
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { access, mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { TestContext } from 'node:test';
import { extract as extractFs } from 'tar-fs';
import { repoRoot } from '../../helpers/cli.js';
import { buildSpec, probeHost, Runtime, type DockerCreateHostConfig, type HostInfo, type OciSpec } from '../../../src/daemon/runtime/index.js';

export const BUSYBOX_ARCHIVE = join(repoRoot, '.cache', 'test-images', 'busybox.tar');

let hostInfo: Promise<HostInfo> | undefined;
export function host(): Promise<HostInfo> {
  hostInfo ??= probeHost();
  return hostInfo;
}

/** Why the runtime tests cannot run here, or undefined. */
export async function runtimeSkipReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'the runtime tests need root (runc, overlay mounts, cgroups)';
  const info = await host();
  if (info.runtime === undefined) return 'runc is not installed';
  if (info.conmon === undefined) return 'conmon is not installed';
  try {
    await access(BUSYBOX_ARCHIVE);
  } catch {
    await new Promise<void>((resolve) => execFile(join(repoRoot, 'scripts', 'test-images.sh'), { timeout: 300_000 }, () => resolve()));
    try {
      await access(BUSYBOX_ARCHIVE);
    } catch {
      return `${BUSYBOX_ARCHIVE} is missing and scripts/test-images.sh could not build it`;
    }
  }
  return undefined;
}

export async function skipUnlessRuntime(t: TestContext): Promise<boolean> {
  const reason = await runtimeSkipReason();
  if (reason === undefined) return true;
  console.log(`# skipped: ${reason}`);
  t.skip(reason);
  return false;
}

/** A temp root with the busybox rootfs extracted from the test image's one layer. */
export interface Lab {
  readonly root: string;
  readonly lowerdir: string;
  readonly runRoot: string;
  readonly runtime: Runtime;
  readonly host: HostInfo;
  /** Every container id this lab made, for the leftover checks. */
  readonly ids: string[];
  container(name: string, cmd: readonly string[], hostConfig?: DockerCreateHostConfig, config?: Record<string, unknown>): Promise<TestContainer>;
  close(): Promise<void>;
}

export interface TestContainer {
  readonly id: string;
  readonly dir: string;
  readonly spec: OciSpec;
}

export async function openLab(options: { logSizeMax?: number } = {}): Promise<Lab> {
  const root = await mkdtemp(join(tmpdir(), 'berth-rt-'));
  const lowerdir = join(root, 'image');
  try {
    await extractBusybox(lowerdir);
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  const info = await host();
  const runRoot = join(root, 'run');
  const runtime = new Runtime(info, { runRoot, ...(options.logSizeMax !== undefined ? { logSizeMax: options.logSizeMax } : {}) });
  const ids: string[] = [];
  const passwd = await readFile(join(lowerdir, 'etc', 'passwd'), 'utf8').catch(() => undefined);
  const group = await readFile(join(lowerdir, 'etc', 'group'), 'utf8').catch(() => undefined);
  return {
    root,
    lowerdir,
    runRoot,
    runtime,
    host: info,
    ids,
    async container(name, cmd, hostConfig = {}, config = {}) {
      const id = `berthtest${name}${process.pid}${Math.random().toString(16).slice(2, 8)}`.padEnd(24, '0');
      ids.push(id);
      const dir = join(root, 'containers', id);
      await mkdir(dir, { recursive: true });
      const etcFiles = { hosts: join(dir, 'hosts'), resolvConf: join(dir, 'resolv.conf'), hostname: join(dir, 'hostname') };
      await writeFile(etcFiles.hosts, '127.0.0.1\tlocalhost\n');
      await writeFile(etcFiles.resolvConf, 'nameserver 127.0.0.1\n');
      await writeFile(etcFiles.hostname, `${id.slice(0, 12)}\n`);
      const spec = buildSpec({
        id,
        create: { Config: { Cmd: [...cmd], ...config }, HostConfig: { NetworkMode: 'none', ...hostConfig } },
        image: { Env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin'] },
        rootfsPath: runtime.rootfsPath(dir),
        etcFiles,
        passwd,
        group,
        hostLimits: info.hostLimits,
        initPath: info.initPath,
        hostCapabilities: info.capabilities,
        swapLimitSupported: info.swapLimitSupported,
        cgroupParent: '/berth-test',
        resolveVolume: (volume) => {
          throw new Error(`no volumes in these tests (${volume})`);
        },
      });
      return { id, dir, spec };
    },
    async close() {
      runtime.close();
      for (const id of ids) await runtime.remove(id, join(root, 'containers', id)).catch(() => undefined);
      await rm(root, { recursive: true, force: true });
      for (const cgroupRoot of info.cgroupRoots) await removeIfEmpty(join(cgroupRoot, 'berth-test'));
    },
  };
}

async function removeIfEmpty(path: string): Promise<void> {
  const { rmdir } = await import('node:fs/promises');
  await rmdir(path).catch(() => undefined);
}

let extracted: Promise<Buffer> | undefined;

/** The layer.tar of the test image (one layer), read once per process. */
function layerTar(): Promise<Buffer> {
  extracted ??= (async () => {
    const tar = await import('tar-stream');
    const files = new Map<string, Buffer>();
    const extractor = tar.extract();
    extractor.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        files.set(header.name.replace(/^\.\//, ''), Buffer.concat(chunks));
        next();
      });
      stream.resume();
    });
    await pipeline(createReadStream(BUSYBOX_ARCHIVE), extractor);
    const manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '[]') as { Layers: string[] }[];
    const layers = manifest[0]?.Layers ?? [];
    if (layers.length !== 1) throw new Error(`${BUSYBOX_ARCHIVE}: expected one layer, found ${layers.length}`);
    const layer = files.get(layers[0] ?? '');
    if (layer === undefined) throw new Error(`${BUSYBOX_ARCHIVE}: the layer ${layers[0]} is missing`);
    return layer;
  })();
  return extracted;
}

export async function extractBusybox(target: string): Promise<void> {
  const layer = await layerTar();
  await mkdir(target, { recursive: true });
  const { Readable } = await import('node:stream');
  // The layer's symlinks are absolute (/bin/busybox): valid inside the rootfs, not on the host.
  await pipeline(Readable.from([layer]), extractFs(target, { validateSymlinks: false } as Parameters<typeof extractFs>[1]));
}

/** Mounts, cgroups and conmon processes of these containers that are still there. */
export async function leftovers(lab: Pick<Lab, 'root' | 'ids' | 'host'>): Promise<string[]> {
  const found: string[] = [];
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  for (const line of mountinfo.split('\n')) if (line.includes(lab.root)) found.push(`mount: ${line.split(' ')[4]}`);
  for (const cgroupRoot of lab.host.cgroupRoots) {
    const entries = await readdir(join(cgroupRoot, 'berth-test')).catch(() => [] as string[]);
    for (const id of lab.ids) if (entries.includes(id)) found.push(`cgroup: ${join(cgroupRoot, 'berth-test', id)}`);
  }
  const processes = await new Promise<string>((resolve) => execFile('pgrep', ['-a', 'conmon'], (_error, stdout) => resolve(stdout)));
  for (const line of processes.split('\n')) if (lab.ids.some((id) => line.includes(id))) found.push(`process: ${line}`);
  return found;
}

/** Waits for `check` to return a value other than undefined, at most `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
