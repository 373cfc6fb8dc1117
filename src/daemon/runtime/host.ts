/**
 * One probe of the host before berthd starts containers: which OCI
 * runtime and conmon to run, the cgroup layout, the hard rlimits and the
 * capabilities berthd may hand out, and the static init for `init: true`.
 */
import { execFile } from 'node:child_process';
import { access, constants, readFile, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError } from '../../errors.js';
import { ALL_CAPABILITIES } from './spec-capabilities.js';
import type { HostLimits } from './spec-resources.js';

export type CgroupLayout = 'v1' | 'hybrid' | 'v2';

export interface Binary {
  readonly path: string;
  readonly version: string;
}

export interface HostInfo {
  /** The OCI runtime berthd runs (runc, or crun on a pure cgroup v2 host without runc). */
  readonly runtime: (Binary & { readonly name: 'runc' | 'crun' }) | undefined;
  readonly conmon: Binary | undefined;
  readonly cgroupLayout: CgroupLayout;
  /** Every directory a container's cgroup may appear under (v1 controllers and the unified hierarchy). */
  readonly cgroupRoots: readonly string[];
  readonly swapLimitSupported: boolean;
  readonly hostLimits: HostLimits;
  readonly capabilities: readonly string[];
  readonly initPath: string | undefined;
}

const SEARCH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
const CGROUP2_MAGIC = 0x63677270;
const CGROUP_ROOT = '/sys/fs/cgroup';
const INIT_CANDIDATES = ['/usr/bin/docker-init', '/usr/libexec/docker/docker-init', '/usr/bin/catatonit', '/usr/libexec/podman/catatonit'];

/** Docker ulimit names ↔ the rows of /proc/self/limits. */
const LIMIT_ROWS: Readonly<Record<string, string>> = {
  'Max cpu time': 'cpu', 'Max file size': 'fsize', 'Max data size': 'data', 'Max stack size': 'stack',
  'Max core file size': 'core', 'Max resident set': 'rss', 'Max processes': 'nproc', 'Max open files': 'nofile',
  'Max locked memory': 'memlock', 'Max address space': 'as', 'Max file locks': 'locks', 'Max pending signals': 'sigpending',
  'Max msgqueue size': 'msgqueue', 'Max nice priority': 'nice', 'Max realtime priority': 'rtprio', 'Max realtime timeout': 'rttime',
};

export async function probeHost(environmentPath: string | undefined = process.env['PATH']): Promise<HostInfo> {
  const dirs = [...(environmentPath ?? '').split(':').filter((dir) => dir.startsWith('/')), ...SEARCH_DIRS];
  const [runcPath, crunPath, conmonPath, layout, limitsText, statusText] = await Promise.all([
    findBinary('runc', dirs),
    findBinary('crun', dirs),
    findBinary('conmon', dirs),
    cgroupLayout(),
    readFile('/proc/self/limits', 'utf8'),
    readFile('/proc/self/status', 'utf8'),
  ]);
  let runtime: HostInfo['runtime'];
  if (runcPath !== undefined) runtime = { name: 'runc', path: runcPath, version: await versionOf(runcPath) };
  // crun 1.8 refuses hybrid hosts ("cgroups in hybrid mode not supported"), so it is only a fallback on pure v2.
  else if (crunPath !== undefined && layout === 'v2') runtime = { name: 'crun', path: crunPath, version: await versionOf(crunPath) };
  const conmon = conmonPath === undefined ? undefined : { path: conmonPath, version: await versionOf(conmonPath) };
  return {
    runtime,
    conmon,
    cgroupLayout: layout,
    cgroupRoots: await cgroupRoots(layout),
    // cgroup v2 always accounts swap; v1 only when the kernel was booted with swapaccount=1.
    swapLimitSupported: layout === 'v2' || (await exists(join(CGROUP_ROOT, 'memory', 'memory.memsw.limit_in_bytes'))),
    hostLimits: parseLimits(limitsText),
    capabilities: parseBoundingSet(statusText),
    initPath: await firstExisting(INIT_CANDIDATES),
  };
}

/** Fails before the first mutation, with what to install. */
export function assertRunnable(host: HostInfo): { runtime: NonNullable<HostInfo['runtime']>; conmon: Binary } {
  if (host.runtime === undefined) {
    throw new BerthError('engine', 'no usable OCI runtime: install runc (Debian: apt-get install runc); crun only works on pure cgroup v2 hosts');
  }
  if (host.conmon === undefined) throw new BerthError('engine', 'conmon is not installed: install it (Debian: apt-get install conmon)');
  return { runtime: host.runtime, conmon: host.conmon };
}

export function parseLimits(text: string): Record<string, { soft: number; hard: number }> {
  const limits: Record<string, { soft: number; hard: number }> = {};
  for (const line of text.split('\n').slice(1)) {
    const match = /^(Max [a-z ]+?)\s{2,}(\S+)\s+(\S+)/.exec(line);
    if (match === null) continue;
    const [, row = '', soft = '', hard = ''] = match;
    const name = LIMIT_ROWS[row];
    if (name === undefined) continue;
    limits[name] = { soft: limitValue(soft), hard: limitValue(hard) };
  }
  return limits;
}

export function parseBoundingSet(statusText: string): string[] {
  const match = /^CapBnd:\s*([0-9a-f]+)$/m.exec(statusText);
  if (match === null) return [...ALL_CAPABILITIES];
  const mask = BigInt(`0x${match[1] ?? '0'}`);
  return ALL_CAPABILITIES.filter((_name, bit) => (mask >> BigInt(bit)) & 1n);
}

function limitValue(text: string): number {
  return text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text);
}

async function cgroupLayout(): Promise<CgroupLayout> {
  const root = await statfs(CGROUP_ROOT).catch(() => undefined);
  if (root?.type === CGROUP2_MAGIC) return 'v2';
  const unified = await statfs(join(CGROUP_ROOT, 'unified')).catch(() => undefined);
  return unified?.type === CGROUP2_MAGIC ? 'hybrid' : 'v1';
}

async function cgroupRoots(layout: CgroupLayout): Promise<string[]> {
  if (layout === 'v2') return [CGROUP_ROOT];
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  const roots = new Set<string>();
  for (const line of mountinfo.split('\n')) {
    const [before = '', after = ''] = line.split(' - ');
    const mountPoint = before.split(' ')[4];
    const fsType = after.split(' ')[0];
    if (mountPoint === undefined || !mountPoint.startsWith(`${CGROUP_ROOT}/`)) continue;
    if (fsType === 'cgroup' || fsType === 'cgroup2') roots.add(mountPoint);
  }
  return [...roots].sort();
}

async function findBinary(name: string, dirs: readonly string[]): Promise<string | undefined> {
  return firstExisting(dirs.map((dir) => join(dir, name)), constants.X_OK);
}

async function firstExisting(paths: readonly string[], mode: number = constants.R_OK): Promise<string | undefined> {
  for (const path of paths) if (await exists(path, mode)) return path;
  return undefined;
}

async function exists(path: string, mode: number = constants.F_OK): Promise<boolean> {
  return access(path, mode).then(
    () => true,
    () => false,
  );
}

function versionOf(path: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(path, ['--version'], { timeout: 5000 }, (error, stdout) => {
      const match = /version\s+(\S+)/.exec(stdout);
      resolve(error === null && match !== null ? (match[1] ?? 'unknown') : 'unknown');
    });
  });
}
