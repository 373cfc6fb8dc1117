/**
 * Image references, parsed and normalised as Docker does (the grammar of
 * distribution's `reference` package): `busybox` is
 * `docker.io/library/busybox:latest`, a first component with a dot, a colon
 * or `localhost` (or an upper-case letter) is a registry host, tags are at
 * most 128 word characters, digests are `algorithm:hex`.
 */
import { ImageError } from './errors.js';

export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
const MAX_NAME_LENGTH = 255;

export interface ImageReference {
  /** Registry host with optional port: `docker.io`, `localhost:5000`, `[::1]:5000`. */
  readonly domain: string;
  /** Repository path inside the registry: `library/busybox`, `a/b`. */
  readonly path: string;
  readonly tag: string | undefined;
  /** `sha256:<hex>` when the reference pins a digest. */
  readonly digest: string | undefined;
}

const alphaNumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphaNumeric}(?:${separator}${alphaNumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainAndPort = `(?:${domainName}|${ipv6})(?::[0-9]+)?`;
const tagPattern = '[\\w][\\w.-]{0,127}';
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const referencePattern = new RegExp(`^((?:${domainAndPort}/)?${remoteName})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`);
const anchoredIdentifier = /^[a-f0-9]{64}$/;
const tagOnly = new RegExp(`^${tagPattern}$`);

function invalid(input: string, why: string): ImageError {
  return new ImageError('invalid', `invalid reference format: ${why} ("${input}")`);
}

/** Checks `sha256:<64 lowercase hex>` (the only algorithm registries use). */
export function validateDigest(digest: string, input = digest): string {
  const colon = digest.indexOf(':');
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  if (colon < 0) throw invalid(input, 'a digest is algorithm:hex');
  if (algorithm !== 'sha256') throw invalid(input, `unsupported digest algorithm "${algorithm}"`);
  if (!/^[a-f0-9]{64}$/.test(hex)) throw invalid(input, 'a sha256 digest is 64 lower-case hex digits');
  return digest;
}

/** Splits a name the way Docker does into registry host and repository path. */
function splitDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  let domain: string;
  let remainder: string;
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (slash < 0 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(slash + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_PREFIX + remainder;
  return { domain, remainder };
}

/** Parses a reference as `docker pull` takes it; no tag is added (see `withDefaultTag`). */
export function parseReference(input: string): ImageReference {
  if (input === '') throw invalid(input, 'repository name must have at least one component');
  if (anchoredIdentifier.test(input)) {
    throw new ImageError('invalid', `invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`);
  }
  const { domain, remainder } = splitDomain(input);
  const nameEnd = remainder.search(/[:@]/);
  const remoteNamePart = nameEnd < 0 ? remainder : remainder.slice(0, nameEnd);
  if (remoteNamePart.toLowerCase() !== remoteNamePart) throw invalid(input, 'repository name must be lowercase');
  const match = referencePattern.exec(`${domain}/${remainder}`);
  if (match === null) throw invalid(input, 'not a valid image reference');
  const name = match[1] ?? '';
  if (name.length > MAX_NAME_LENGTH) throw invalid(input, `repository name must not be more than ${MAX_NAME_LENGTH} characters`);
  const digest = match[3];
  if (digest !== undefined) validateDigest(digest, input);
  return { domain, path: name.slice(domain.length + 1), tag: match[2], digest };
}

/** A reference without tag or digest gets `latest`, as `docker pull` and `docker run` do. */
export function withDefaultTag(reference: ImageReference): ImageReference {
  return reference.tag === undefined && reference.digest === undefined ? { ...reference, tag: 'latest' } : reference;
}

export function parseTag(tag: string): string {
  if (!tagOnly.test(tag)) throw new ImageError('invalid', `invalid tag "${tag}": up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'`);
  return tag;
}

/** `docker.io/library/busybox`. */
export function repositoryName(reference: ImageReference): string {
  return `${reference.domain}/${reference.path}`;
}

/** `docker.io/library/busybox:latest`, `localhost:5000/x@sha256:…`. */
export function referenceString(reference: ImageReference): string {
  const tag = reference.tag === undefined ? '' : `:${reference.tag}`;
  const digest = reference.digest === undefined ? '' : `@${reference.digest}`;
  return `${repositoryName(reference)}${tag}${digest}`;
}

/** The repository as `docker images` shows it: `busybox`, `user/app`, `localhost:5000/x`. */
export function familiarRepository(reference: ImageReference): string {
  if (reference.domain !== DEFAULT_DOMAIN) return repositoryName(reference);
  const path = reference.path;
  if (path.startsWith(OFFICIAL_PREFIX) && !path.slice(OFFICIAL_PREFIX.length).includes('/')) return path.slice(OFFICIAL_PREFIX.length);
  return path;
}

/** What `docker images` shows: `busybox:latest`, `localhost:5000/x:tag`, `busybox@sha256:…`. */
export function familiarName(reference: ImageReference | string): string {
  const parsed = typeof reference === 'string' ? parseReference(reference) : reference;
  const tag = parsed.tag === undefined ? '' : `:${parsed.tag}`;
  const digest = parsed.digest === undefined ? '' : `@${parsed.digest}`;
  return `${familiarRepository(parsed)}${tag}${digest}`;
}
