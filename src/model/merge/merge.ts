/**
 * Merges a later compose model over an earlier one by the rules of
 * `merge-rules.ts`: several `-f` files, override files, `extends` and
 * `include` conflicts all go through here. Results have the unique sequences
 * already de-duplicated (what Docker Compose gets from a merge followed by
 * its unicity pass) and share unchanged parts with the inputs (see
 * `copy-tree.ts`).
 */
import { BerthError } from '../../errors.js';
import { formatPath, isDict } from '../tree.js';
import type { Dict, ModelPath } from '../tree.js';
import { buildSequence, contextOf, uniqueAt, record } from './copy-tree.js';
import type { MergeContext, MergeOptions } from './copy-tree.js';
import { ruleFor } from './merge-rules.js';
import type { MergeStrategy } from './merge-rules.js';
import { toNamedEntries, toSequence } from './sequence-forms.js';

export type { MergeOptions } from './copy-tree.js';

/**
 * `override` merges one service over another, as a later file does;
 * `extends` also drops the `extends` key from the result, because the
 * reference it held has been resolved by the merge.
 */
export type ServiceMergeMode = 'override' | 'extends';

export interface ServiceMergeOptions extends MergeOptions {
  readonly mode?: ServiceMergeMode;
  /** The service's name, for error messages and `locate`; `service` when omitted. */
  readonly serviceName?: string;
}

/** The top-level sections whose entries `include` may define twice. */
export type ResourceSection = 'services' | 'networks' | 'volumes' | 'configs' | 'secrets' | 'models';

/** Merges a whole compose model (`services`, `networks`, `name`, `x-*`, …) over another. */
export function mergeModels(base: Dict, override: Dict, options: MergeOptions = {}): Dict {
  return mergeAt(base, override, [], contextOf(options)) as Dict;
}

/** Merges one service definition over another by the same rules as whole models. */
export function mergeServices(base: Dict, override: Dict, options: ServiceMergeOptions = {}): Dict {
  const path = ['services', options.serviceName ?? 'service'];
  const merged = mergeAt(base, override, path, contextOf(options));
  if (!isDict(merged)) throw new Error('merging two service mappings must give a mapping');
  const mode = options.mode ?? 'override';
  switch (mode) {
    case 'override':
      return merged;
    case 'extends':
      delete merged['extends'];
      return merged;
    default:
      return assertNever(mode);
  }
}

/**
 * Merges one top-level resource definition over another, as an `include`
 * conflict does (the included definition first, the including file's last).
 */
export function mergeResource(
  section: ResourceSection,
  name: string,
  base: unknown,
  override: unknown,
  options: MergeOptions = {},
): unknown {
  return mergeAt(base, override, [section, name], contextOf(options));
}

function mergeAt(base: unknown, override: unknown, path: ModelPath, context: MergeContext): unknown {
  const strategy: MergeStrategy = ruleFor(path).merge;
  switch (strategy) {
    case 'byShape':
      return mergeByShape(base, override, path, context);
    case 'replace':
      return uniqueAt(override, path, context);
    case 'mergeByKey':
      return mergeByKey(base, override, path, context);
    case 'appendSequence':
      if (isAbsent(override)) return uniqueAt(base, path, context);
      if (isAbsent(base)) return uniqueAt(override, path, context);
      return appendSequences(base, override, path, context);
    case 'unionByHost':
      return unionByHost(base, override, path, context);
    case 'mergeNamedEntries':
      return mergeNamedEntries(base, override, null, path, context);
    case 'mergeDependsOn':
      return mergeNamedEntries(base, override, { condition: 'service_started', required: true }, path, context);
    case 'mergeBuild':
      return mergeBuild(base, override, path, context);
    case 'mergeLogging':
      return mergeLogging(base, override, path, context);
    case 'mergeBySubnet':
      return mergeBySubnet(base, override, path, context);
    default:
      return assertNever(strategy);
  }
}

function mergeByShape(base: unknown, override: unknown, path: ModelPath, context: MergeContext): unknown {
  if (isAbsent(override)) return uniqueAt(base, path, context);
  if (isDict(base)) {
    if (!isDict(override)) throw shapeMismatch(base, override, path, context);
    return mergeMappings(base, override, path, context, [base, override]);
  }
  if (Array.isArray(base)) {
    if (!Array.isArray(override)) throw shapeMismatch(base, override, path, context);
    return buildSequence([...base, ...override], path, context, [base, override]);
  }
  return uniqueAt(override, path, context);
}

/** Keys of `base` in their order, then the keys only `override` has; shared keys merge by their own rule. */
function mergeMappings(
  base: Dict,
  override: Dict,
  path: ModelPath,
  context: MergeContext,
  sources: readonly unknown[],
): Dict {
  const merged: Dict = {};
  for (const [key, value] of Object.entries(base)) {
    const childPath = [...path, key];
    merged[key] = Object.hasOwn(override, key)
      ? mergeAt(value, override[key], childPath, context)
      : uniqueAt(value, childPath, context);
  }
  for (const [key, value] of Object.entries(override)) {
    if (!Object.hasOwn(base, key)) merged[key] = uniqueAt(value, [...path, key], context);
  }
  return record(context, merged, sources);
}

function mergeByKey(base: unknown, override: unknown, path: ModelPath, context: MergeContext): unknown {
  if (isAbsent(override)) return uniqueAt(base, path, context);
  if (isAbsent(base)) return uniqueAt(override, path, context);
  if (!isDict(base) || !isDict(override)) return appendSequences(base, override, path, context);
  const merged: Dict = {};
  // A later `null` wins here: `FOO:` in an override unsets the value taken from the environment.
  for (const [key, value] of Object.entries(base)) {
    merged[key] = uniqueAt(Object.hasOwn(override, key) ? override[key] : value, [...path, key], context);
  }
  for (const [key, value] of Object.entries(override)) {
    if (!Object.hasOwn(base, key)) merged[key] = uniqueAt(value, [...path, key], context);
  }
  return record(context, merged, [base, override]);
}

function appendSequences(base: unknown, override: unknown, path: ModelPath, context: MergeContext): unknown[] {
  return buildSequence([...toSequence(base), ...toSequence(override)], path, context, [base, override]);
}

function unionByHost(base: unknown, override: unknown, path: ModelPath, context: MergeContext): unknown {
  if (isAbsent(override)) return uniqueAt(base, path, context);
  if (isAbsent(base)) return uniqueAt(override, path, context);
  if (isDict(base) && isDict(override)) {
    const merged: Dict = {};
    for (const [host, addresses] of Object.entries(base)) {
      merged[host] = Object.hasOwn(override, host)
        ? unionAddresses(addresses, override[host], [...path, host], context)
        : uniqueAt(addresses, [...path, host], context);
    }
    for (const [host, addresses] of Object.entries(override)) {
      if (!Object.hasOwn(base, host)) merged[host] = uniqueAt(addresses, [...path, host], context);
    }
    return record(context, merged, [base, override]);
  }
  const earlier = toSequence(base);
  const later = toSequence(override).filter((entry) => !earlier.includes(entry));
  return buildSequence([...earlier, ...later], path, context, [base, override]);
}

function unionAddresses(base: unknown, override: unknown, path: ModelPath, context: MergeContext): unknown {
  if (isAbsent(override)) return uniqueAt(base, path, context);
  if (isAbsent(base)) return uniqueAt(override, path, context);
  const earlier = Array.isArray(base) ? base : [base];
  const later = (Array.isArray(override) ? override : [override]).filter((address) => !earlier.includes(address));
  return buildSequence([...earlier, ...later], path, context, [base, override]);
}

function mergeNamedEntries(
  base: unknown,
  override: unknown,
  listedEntry: Dict | null,
  path: ModelPath,
  context: MergeContext,
): unknown {
  if (isAbsent(override)) return uniqueAt(base, path, context);
  const earlier = isAbsent(base) ? {} : toNamedEntries(base, listedEntry);
  const later = toNamedEntries(override, listedEntry);
  if (earlier === undefined || later === undefined) throw shapeMismatch(base, override, path, context);
  return mergeMappings(earlier, later, path, context, [base, override]);
}

function mergeBuild(base: unknown, override: unknown, path: ModelPath, context: MergeContext): unknown {
  const asBuild = (value: unknown): unknown => (typeof value === 'string' ? { context: value } : value);
  const earlier = asBuild(base);
  const later = asBuild(override);
  if (isAbsent(later)) return uniqueAt(earlier, path, context);
  if (isAbsent(earlier)) return uniqueAt(later, path, context);
  if (!isDict(earlier) || !isDict(later)) throw shapeMismatch(base, override, path, context);
  return mergeMappings(earlier, later, path, context, [base, override]);
}

function mergeLogging(base: unknown, override: unknown, path: ModelPath, context: MergeContext): unknown {
  if (!isDict(base) || !isDict(override)) return mergeByShape(base, override, path, context);
  const sameDriver =
    !Object.hasOwn(base, 'driver') || !Object.hasOwn(override, 'driver') || base['driver'] === override['driver'];
  if (sameDriver) return mergeMappings(base, override, path, context, [base, override]);
  // Options of one driver mean nothing to another: the later block replaces the earlier one.
  return uniqueAt(override, path, context);
}

/**
 * IPAM pools are identified by `subnet`: pools sharing a subnet merge (in
 * file order), the others are kept, later new subnets appended.
 */
function mergeBySubnet(base: unknown, override: unknown, path: ModelPath, context: MergeContext): unknown {
  if (isAbsent(override)) return uniqueAt(base, path, context);
  if (isAbsent(base)) return uniqueAt(override, path, context);
  if (!Array.isArray(base) || !Array.isArray(override)) throw shapeMismatch(base, override, path, context);
  const pools: unknown[] = [];
  const positions = new Map<unknown, number>();
  for (const pool of [...base, ...override]) {
    const subnet = isDict(pool) ? pool['subnet'] : undefined;
    const position = subnet === undefined ? undefined : positions.get(subnet);
    if (position === undefined) {
      if (subnet !== undefined) positions.set(subnet, pools.length);
      pools.push(pool);
      continue;
    }
    const earlier = pools[position];
    // Only mappings have a subnet, so both sides are mappings here.
    const merged = mergeMappings(earlier as Dict, pool as Dict, [...path, position], context, [earlier, pool]);
    pools[position] = merged;
  }
  return record(context, pools, [base, override]);
}

function isAbsent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

function shapeMismatch(base: unknown, override: unknown, path: ModelPath, context: MergeContext): BerthError {
  return new BerthError(
    'invalid_project',
    `cannot merge ${formatPath(path)}: an earlier file gives it as ${describeShape(base)} but a later one as ` +
      `${describeShape(override)}; write it in the same form in both files, or tag the later value with ` +
      `!override to replace the earlier one`,
    { location: context.locate(path) },
  );
}

function describeShape(value: unknown): string {
  if (Array.isArray(value)) return 'a sequence';
  if (isDict(value)) return 'a mapping';
  return `the scalar ${JSON.stringify(value)}`;
}

function assertNever(value: never): never {
  throw new Error(`unhandled merge case ${String(value)}`);
}
