/**
 * Docker ContainerCreate body + image config → OCI runtime spec
 * (`config.json`), pure: the host facts (hard rlimits, capabilities, swap
 * accounting), the image's passwd/group files, volume and device lookups
 * come in as arguments.
 *
 * Not in the spec on purpose: StopSignal/StopTimeout (the daemon core
 * stops containers), Tty (`process.terminal` stays false: conmon keeps
 * stdio as pipes and logs; only TERM=xterm is set), and no seccomp or
 * AppArmor profile is applied.
 */
import { posix } from 'node:path';
import { BerthError } from '../../errors.js';
import type { DockerCreateBody } from './docker-create.js';
import type { OciLinux, OciNamespace, OciSpec } from './oci-spec.js';
import { resolveCapabilities } from './spec-capabilities.js';
import { buildMounts, MASKED_PATHS, READONLY_PATHS, type EtcFiles } from './spec-mounts.js';
import { checkOptions, unsupported } from './spec-options.js';
import { argsOf, envOf, workingDirOf, type ImageConfig } from './spec-process.js';
import { buildDevices, buildResources, buildRlimits, checkSysctls, type HostDevice, type HostLimits } from './spec-resources.js';
import { resolveUser } from './spec-user.js';

export const INIT_PATH_IN_CONTAINER = '/sbin/docker-init';
export const DEFAULT_CGROUP_PARENT = '/berth';

export interface SpecInput {
  /** The container ID (64 hex); the default hostname is its first 12 characters. */
  readonly id: string;
  readonly create: DockerCreateBody;
  readonly image: ImageConfig;
  /** The merged overlay the container sees as `/`. */
  readonly rootfsPath: string;
  readonly etcFiles: EtcFiles;
  /** The image's /etc/passwd and /etc/group contents, when it has them. */
  readonly passwd?: string | undefined;
  readonly group?: string | undefined;
  /** The host's rlimits by Docker ulimit name (`nofile`, `nproc`, …); `Infinity` = unlimited. */
  readonly hostLimits: HostLimits;
  /** The static init bind-mounted for `Init: true` (default /usr/bin/docker-init). */
  readonly initPath?: string | undefined;
  /** The netns for `container:<id>` and for networks the caller set up (bridge). */
  readonly networkNamespacePath?: string | undefined;
  /** For `IpcMode`/`PidMode` `container:<id>`: that container's namespaces. */
  readonly ipcNamespacePath?: string | undefined;
  readonly pidNamespacePath?: string | undefined;
  /** A named volume (or, with name '', an anonymous one at `target`) → its host directory. */
  readonly resolveVolume: (name: string, target: string) => string;
  /** A host device path → its node facts (for HostConfig.Devices). */
  readonly resolveDevice?: ((path: string) => HostDevice) | undefined;
  /** The host's grantable capabilities (berthd's bounding set); all when absent. */
  readonly hostCapabilities?: readonly string[] | undefined;
  /** False when the host has no swap accounting; default true. */
  readonly swapLimitSupported?: boolean | undefined;
  /** Default `/berth`; HostConfig.CgroupParent wins. */
  readonly cgroupParent?: string | undefined;
}

export function buildSpec(input: SpecInput): OciSpec {
  const { create } = input;
  checkOptions(create);
  const config = create.Config;
  const host = create.HostConfig ?? {};
  const privileged = host.Privileged === true;
  const hostname = config.Hostname || input.id.slice(0, 12);
  const security = parseSecurityOpt(host.SecurityOpt ?? []);

  const user = resolveUser(config.User || input.image.User || '', input.passwd, input.group, host.GroupAdd ?? []);
  let args = argsOf(config, input.image);
  if (host.Init === true) args = [INIT_PATH_IN_CONTAINER, '--', ...args];
  const capabilities = resolveCapabilities({ capAdd: host.CapAdd, capDrop: host.CapDrop, privileged, hostCapabilities: input.hostCapabilities });

  const { devices, rules } = buildDevices(host, input.resolveDevice);
  const linux: OciLinux = {
    namespaces: namespacesOf(input),
    cgroupsPath: posix.join(cgroupParentOf(host.CgroupParent, input.cgroupParent), input.id),
    resources: buildResources({ host, swapLimitSupported: input.swapLimitSupported ?? true, devices, deviceRules: rules }),
  };
  if (devices.length > 0) linux.devices = devices;
  const sysctl = checkSysctls(host);
  if (sysctl !== undefined) linux.sysctl = sysctl;
  if (!privileged && !security.unconfinedSystemPaths) {
    linux.maskedPaths = Array.isArray(host['MaskedPaths']) ? [...(host['MaskedPaths'] as string[])] : [...MASKED_PATHS];
    linux.readonlyPaths = Array.isArray(host['ReadonlyPaths']) ? [...(host['ReadonlyPaths'] as string[])] : [...READONLY_PATHS];
  }

  const spec: OciSpec = {
    ociVersion: '1.0.2-dev',
    process: {
      terminal: false,
      user: { uid: user.uid, gid: user.gid, ...(user.additionalGids.length > 0 ? { additionalGids: [...user.additionalGids] } : {}) },
      args,
      env: envOf(config, input.image, hostname),
      cwd: workingDirOf(config, input.image),
      capabilities: { bounding: capabilities, effective: [...capabilities], permitted: [...capabilities] },
      rlimits: buildRlimits(host.Ulimits, input.hostLimits),
      noNewPrivileges: security.noNewPrivileges,
    },
    root: { path: input.rootfsPath, readonly: host.ReadonlyRootfs === true },
    hostname,
    mounts: buildMounts({ create, imageVolumes: input.image.Volumes, etcFiles: input.etcFiles, initPath: input.initPath, resolveVolume: input.resolveVolume }),
    linux,
  };
  if (config.Domainname) spec.domainname = config.Domainname;
  if (host.OomScoreAdj !== undefined && host.OomScoreAdj !== 0) spec.process.oomScoreAdj = host.OomScoreAdj;
  const annotations = host['Annotations'];
  if (annotations !== null && typeof annotations === 'object' && Object.keys(annotations).length > 0) {
    spec.annotations = { ...(annotations as Record<string, string>) };
  }
  return spec;
}

function namespacesOf(input: SpecInput): OciNamespace[] {
  const host = input.create.HostConfig ?? {};
  const namespaces: OciNamespace[] = [{ type: 'mount' }];

  const networkMode = host.NetworkMode ?? '';
  if (networkMode === 'none') namespaces.push({ type: 'network' });
  else if (networkMode !== 'host') {
    if (input.networkNamespacePath === undefined) {
      throw unsupported(`HostConfig.NetworkMode "${networkMode || 'default'}"`, 'this container needs a network namespace the caller did not provide; use network_mode host or none');
    }
    namespaces.push({ type: 'network', path: input.networkNamespacePath });
  }

  const joinable = (mode: string, option: string, type: 'pid' | 'ipc', path: string | undefined, ownModes: readonly string[]): void => {
    if (mode === 'host') return;
    if (ownModes.includes(mode)) {
      namespaces.push({ type });
      return;
    }
    if (mode.startsWith('container:') && path !== undefined) {
      namespaces.push({ type, path });
      return;
    }
    throw unsupported(`HostConfig.${option} "${mode}"`, mode.startsWith('container:') ? 'the other container\'s namespace was not provided' : `use host or ${ownModes.filter((own) => own !== '').join(', ')}`);
  };
  joinable(host.PidMode ?? '', 'PidMode', 'pid', input.pidNamespacePath, ['', 'private']);
  joinable(host.IpcMode ?? '', 'IpcMode', 'ipc', input.ipcNamespacePath, ['', 'private', 'shareable', 'none']);

  const utsMode = host.UTSMode ?? '';
  if (utsMode === '') namespaces.push({ type: 'uts' });
  else if (utsMode !== 'host') throw unsupported(`HostConfig.UTSMode "${utsMode}"`, 'use host or leave it empty');

  const cgroupnsMode = host.CgroupnsMode ?? '';
  if (cgroupnsMode === 'private') namespaces.push({ type: 'cgroup' });
  else if (cgroupnsMode !== '' && cgroupnsMode !== 'host') throw unsupported(`HostConfig.CgroupnsMode "${cgroupnsMode}"`, 'use host or private');

  const usernsMode = host.UsernsMode ?? '';
  if (usernsMode !== '' && usernsMode !== 'host') throw unsupported(`HostConfig.UsernsMode "${usernsMode}"`, 'berthd does not remap users');
  return namespaces;
}

function cgroupParentOf(fromHostConfig: unknown, fromInput: string | undefined): string {
  const parent = typeof fromHostConfig === 'string' && fromHostConfig !== '' ? fromHostConfig : (fromInput ?? DEFAULT_CGROUP_PARENT);
  if (parent.endsWith('.slice')) throw unsupported(`HostConfig.CgroupParent "${parent}"`, 'berthd uses cgroupfs paths, not systemd slices');
  const clean = posix.normalize(`/${parent}`);
  if (clean.split('/').includes('..')) throw new BerthError('invalid_argument', `HostConfig.CgroupParent "${parent}" must not contain ..`);
  return clean;
}

interface SecurityOptions {
  noNewPrivileges: boolean;
  unconfinedSystemPaths: boolean;
}

/** `no-new-privileges[:true|false]`, `systempaths=unconfined`; seccomp/apparmor/label only as "unconfined"/"disable", since berthd applies none. */
function parseSecurityOpt(options: readonly string[]): SecurityOptions {
  const result: SecurityOptions = { noNewPrivileges: false, unconfinedSystemPaths: false };
  for (const option of options) {
    const [key = '', value = ''] = option.includes('=') ? splitOnce(option, '=') : splitOnce(option, ':');
    if (key === 'no-new-privileges') {
      if (value !== '' && value !== 'true' && value !== 'false') throw unsupported(`HostConfig.SecurityOpt "${option}"`, 'no-new-privileges takes true or false');
      result.noNewPrivileges = value !== 'false';
    } else if (key === 'systempaths' && value === 'unconfined') result.unconfinedSystemPaths = true;
    else if ((key === 'seccomp' || key === 'apparmor') && value === 'unconfined') continue;
    else if (key === 'label' && value === 'disable') continue;
    else throw unsupported(`HostConfig.SecurityOpt "${option}"`, 'berthd applies no seccomp, AppArmor or SELinux profile');
  }
  return result;
}

function splitOnce(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, ''] : [text.slice(0, index), text.slice(index + 1)];
}
