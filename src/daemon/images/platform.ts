/**
 * Platform strings (`linux/amd64`, `linux/arm64/v8`, `linux/arm/v7`) and the
 * choice of one manifest from an index, as Docker's platform matcher does:
 * os and architecture must match, a requested variant must match, and
 * `arm64` without a variant is `v8`.
 */
import { ImageError } from './errors.js';
import type { Descriptor, Platform } from './oci-types.js';

const NODE_ARCHITECTURES: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

/** The platform of the machine berthd runs on. */
export function hostPlatform(nodeArch: string = process.arch): Platform {
  const architecture = NODE_ARCHITECTURES[nodeArch] ?? nodeArch;
  return architecture === 'arm64' ? { os: 'linux', architecture, variant: 'v8' } : { os: 'linux', architecture };
}

export function parsePlatform(text: string): Platform {
  const parts = text.toLowerCase().split('/');
  const [os, architecture, variant] = parts;
  if (parts.length < 2 || parts.length > 3 || !os || !architecture || (parts.length === 3 && !variant)) {
    throw new ImageError('invalid', `invalid platform "${text}": expected os/architecture[/variant], e.g. linux/amd64`);
  }
  const normalised = architecture === 'x86_64' || architecture === 'x86-64' ? 'amd64' : architecture === 'aarch64' ? 'arm64' : architecture;
  return variant === undefined ? { os, architecture: normalised } : { os, architecture: normalised, variant };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter((part) => part !== undefined && part !== '').join('/');
}

function variantOf(platform: Platform): string | undefined {
  if (platform.variant !== undefined && platform.variant !== '') return platform.variant;
  return platform.architecture === 'arm64' ? 'v8' : undefined;
}

export function platformMatches(wanted: Platform, offered: Platform): boolean {
  if (wanted.os !== offered.os || wanted.architecture !== offered.architecture) return false;
  const wantedVariant = variantOf(wanted);
  return wantedVariant === undefined || wantedVariant === variantOf(offered);
}

/** The first manifest of an index for the wanted platform; entries without a platform never match. */
export function selectManifest(manifests: readonly Descriptor[], wanted: Platform, where: string): Descriptor {
  const found = manifests.find((entry) => entry.platform !== undefined && platformMatches(wanted, entry.platform));
  if (found === undefined) {
    throw new ImageError('not_found', `no matching manifest for ${formatPlatform(wanted)} in the manifest list entries of ${where}`);
  }
  return found;
}
