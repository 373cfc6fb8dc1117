/**
 * The subset of the OCI runtime spec (v1.0.2, what runc 1.1 reads) that
 * berthd writes as `config.json`.
 */
export interface OciSpec {
  ociVersion: string;
  process: OciProcess;
  root: { path: string; readonly: boolean };
  hostname?: string;
  domainname?: string;
  mounts: OciMount[];
  linux: OciLinux;
  annotations?: Record<string, string>;
}

export interface OciProcess {
  terminal: boolean;
  user: OciUser;
  args: string[];
  env: string[];
  cwd: string;
  capabilities?: OciCapabilities;
  rlimits?: OciRlimit[];
  noNewPrivileges?: boolean;
  oomScoreAdj?: number;
}

export interface OciUser {
  uid: number;
  gid: number;
  additionalGids?: number[];
}

export interface OciCapabilities {
  bounding: string[];
  effective: string[];
  permitted: string[];
}

/** `Infinity` stands for RLIM_INFINITY (2^64-1, which a JS number cannot hold; `serializeSpec` writes it). */
export interface OciRlimit {
  type: string;
  soft: number;
  hard: number;
}

export interface OciMount {
  destination: string;
  type: string;
  source: string;
  options: string[];
}

export interface OciNamespace {
  type: 'pid' | 'network' | 'ipc' | 'uts' | 'mount' | 'cgroup' | 'user';
  path?: string;
}

export interface OciDevice {
  path: string;
  type: 'c' | 'b' | 'p';
  major: number;
  minor: number;
  fileMode: number;
  uid: number;
  gid: number;
}

export interface OciDeviceCgroup {
  allow: boolean;
  type?: 'a' | 'c' | 'b';
  major?: number;
  minor?: number;
  access?: string;
}

export interface OciResources {
  devices: OciDeviceCgroup[];
  memory?: { limit?: number; reservation?: number; swap?: number; disableOOMKiller?: boolean; swappiness?: number };
  cpu?: { shares?: number; quota?: number; period?: number; cpus?: string; mems?: string };
  pids?: { limit: number };
}

export interface OciLinux {
  namespaces: OciNamespace[];
  cgroupsPath: string;
  resources: OciResources;
  devices?: OciDevice[];
  sysctl?: Record<string, string>;
  maskedPaths?: string[];
  readonlyPaths?: string[];
}

const INFINITY_MARK = '__berth_rlim_infinity__';

/** `config.json` text: RLIM_INFINITY written as the exact uint64 runc expects. */
export function serializeSpec(spec: OciSpec): string {
  const text = JSON.stringify(spec, (_key, value: unknown) => (value === Number.POSITIVE_INFINITY ? INFINITY_MARK : value), 2);
  return text.replaceAll(`"${INFINITY_MARK}"`, '18446744073709551615');
}
