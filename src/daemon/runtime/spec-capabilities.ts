/**
 * Capabilities as Docker computes them (moby's TweakCapabilities): the
 * default set, minus CapDrop, plus CapAdd; `ALL` in CapAdd means every
 * capability but the dropped ones, `ALL` in CapDrop means only CapAdd;
 * Privileged means every capability. Names are matched case-insensitively,
 * with or without the `CAP_` prefix.
 */
import { BerthError } from '../../errors.js';

/** Linux capabilities by number (0…40, kernel 5.9+). */
export const ALL_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN',
  'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ',
  'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** Docker's default set for unprivileged containers. */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

export interface CapabilityInput {
  readonly capAdd?: readonly string[] | null | undefined;
  readonly capDrop?: readonly string[] | null | undefined;
  readonly privileged?: boolean | undefined;
  /**
   * The capabilities the host lets berthd hand out (its bounding set).
   * `ALL` and Privileged are cut to it; naming one that is missing is an
   * error, because runc would fail with EPERM.
   */
  readonly hostCapabilities?: readonly string[] | undefined;
}

export function resolveCapabilities(input: CapabilityInput): string[] {
  const available = input.hostCapabilities === undefined ? ALL_CAPABILITIES : ALL_CAPABILITIES.filter((cap) => input.hostCapabilities?.includes(cap));
  if (input.privileged === true) return [...available];
  const adds = normalize(input.capAdd ?? [], 'CapAdd');
  const drops = normalize(input.capDrop ?? [], 'CapDrop');
  let capabilities: string[];
  if (adds.includes('ALL')) {
    capabilities = available.filter((cap) => !drops.includes(cap));
  } else if (drops.includes('ALL')) {
    capabilities = [...adds];
  } else {
    capabilities = [...DEFAULT_CAPABILITIES.filter((cap) => !drops.includes(cap)), ...adds];
  }
  const unique = [...new Set(capabilities)];
  for (const cap of adds) {
    if (cap !== 'ALL' && !available.includes(cap)) {
      throw new BerthError('invalid_argument', `CapAdd ${cap}: this host cannot grant it (missing from berthd's bounding set); drop it from cap_add`);
    }
  }
  return unique.filter((cap) => cap === 'ALL' || available.includes(cap)).filter((cap) => cap !== 'ALL');
}

function normalize(names: readonly string[], option: string): string[] {
  return names.map((raw) => {
    const upper = raw.trim().toUpperCase();
    if (upper === 'ALL') return 'ALL';
    const name = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
    if (!ALL_CAPABILITIES.includes(name)) throw new BerthError('invalid_argument', `${option}: unknown capability "${raw}"`);
    return name;
  });
}
