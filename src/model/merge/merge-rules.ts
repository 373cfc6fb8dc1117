/**
 * How a later compose file merges over an earlier one, attribute by
 * attribute, as one table keyed by path pattern. The rules are Docker
 * Compose's (compose-go `override/merge.go` and `override/uncity.go`); the
 * Compose Specification's "Merge and override" chapter states the same
 * intent in prose.
 *
 * A pattern is a dotted path where `*` stands for any mapping key (a service,
 * network or ulimit name). Paths below sequence items never match a pattern:
 * sequences are merged and de-duplicated as a whole, never item by item.
 *
 * Every path without a row here merges by shape (`byShape`): mappings key by
 * key, sequences by appending, scalars by replacing, and a `null` in the
 * later file keeps the earlier value.
 */
import { PatternTable, type PatternCursor } from '../path-pattern.js';
import type { ModelPath } from '../tree.js';

export type MergeStrategy =
  /** Mappings merge key by key (recursively), sequences append, scalars are replaced; a later `null` keeps the earlier value. */
  | 'byShape'
  /** The later value wins outright, `null` included (so `command: null` goes back to the image default). */
  | 'replace'
  /** Flat `KEY: value` maps: keys are merged, the later value wins, `null` included; sequence forms append. */
  | 'mergeByKey'
  /** A sequence (a lone string counts as one item) appended to the earlier one. */
  | 'appendSequence'
  /** `host: [addresses]`: per host, the earlier addresses and then the later ones not already listed. */
  | 'unionByHost'
  /** Named entries (`networks`, `models`); the list form means entries without settings. */
  | 'mergeNamedEntries'
  /** Like `mergeNamedEntries`, but a listed name means `{condition: service_started, required: true}`. */
  | 'mergeDependsOn'
  /** `build: path` means `{context: path}`; then the two mappings merge key by key. */
  | 'mergeBuild'
  /** Options merge only when both files name the same driver (or one names none); otherwise the later block wins. */
  | 'mergeLogging'
  /** IPAM pools merge by `subnet`; pools with a new subnet are appended. */
  | 'mergeBySubnet';

/** What makes two items of a sequence "the same" item (see `unicity.ts`). */
export type UnicityKey =
  /** The text before the first `=` (`FOO=bar` → `FOO`), or the whole string. */
  | 'keyValue'
  /** A mount's `target`. */
  | 'mountTarget'
  /** A device's `target` (short form `source:target[:permissions]`). */
  | 'deviceTarget'
  /** `host_ip:published:target/protocol`, `host_ip` defaulting to 0.0.0.0 and `protocol` to tcp. */
  | 'port'
  /** The exposed port as text (`80` and `"80"` are the same). */
  | 'expose'
  /** An env file's `path`. */
  | 'envFilePath'
  /** A config's `target`, else `/<source>`. */
  | 'configTarget'
  /** A secret's `target`, else `/run/secrets/<source>`. */
  | 'secretTarget';

export interface MergeRule {
  readonly pattern: string;
  readonly merge: MergeStrategy;
  /** When set, a merged sequence keeps one item per key: the last one's value at the first one's place. */
  readonly unique?: UnicityKey;
}

export const mergeRules: readonly MergeRule[] = [
  // Shell commands are replaced, never appended (spec: "Shell commands").
  { pattern: 'services.*.command', merge: 'replace' },
  { pattern: 'services.*.entrypoint', merge: 'replace' },
  { pattern: 'services.*.healthcheck.test', merge: 'replace' },
  // One ulimit is one value, soft and hard together.
  { pattern: 'services.*.ulimits.*', merge: 'replace' },

  // KEY=value maps.
  { pattern: 'services.*.environment', merge: 'mergeByKey', unique: 'keyValue' },
  { pattern: 'services.*.labels', merge: 'mergeByKey', unique: 'keyValue' },
  { pattern: 'services.*.annotations', merge: 'mergeByKey', unique: 'keyValue' },
  { pattern: 'services.*.sysctls', merge: 'mergeByKey', unique: 'keyValue' },
  { pattern: 'services.*.deploy.labels', merge: 'mergeByKey', unique: 'keyValue' },
  { pattern: 'services.*.build.args', merge: 'mergeByKey', unique: 'keyValue' },
  { pattern: 'services.*.build.additional_contexts', merge: 'mergeByKey', unique: 'keyValue' },
  { pattern: 'services.*.build.labels', merge: 'mergeByKey', unique: 'keyValue' },
  { pattern: 'networks.*.labels', merge: 'mergeByKey', unique: 'keyValue' },
  // compose-go does not de-duplicate volume labels written as a list.
  { pattern: 'volumes.*.labels', merge: 'mergeByKey' },

  // Host → addresses.
  { pattern: 'services.*.extra_hosts', merge: 'unionByHost' },
  { pattern: 'services.*.build.extra_hosts', merge: 'unionByHost' },

  // Sequences that may be written as a single string.
  { pattern: 'services.*.dns', merge: 'appendSequence', unique: 'keyValue' },
  { pattern: 'services.*.dns_opt', merge: 'appendSequence', unique: 'keyValue' },
  { pattern: 'services.*.dns_search', merge: 'appendSequence', unique: 'keyValue' },
  { pattern: 'services.*.tmpfs', merge: 'appendSequence', unique: 'keyValue' },
  { pattern: 'services.*.env_file', merge: 'appendSequence', unique: 'envFilePath' },
  // compose-go keeps repeated label files.
  { pattern: 'services.*.label_file', merge: 'appendSequence' },

  // Sequences of unique resources (spec: "Unique resources").
  { pattern: 'services.*.ports', merge: 'byShape', unique: 'port' },
  { pattern: 'services.*.volumes', merge: 'byShape', unique: 'mountTarget' },
  { pattern: 'services.*.devices', merge: 'byShape', unique: 'deviceTarget' },
  { pattern: 'services.*.configs', merge: 'byShape', unique: 'configTarget' },
  { pattern: 'services.*.secrets', merge: 'byShape', unique: 'secretTarget' },
  { pattern: 'services.*.expose', merge: 'byShape', unique: 'expose' },
  { pattern: 'services.*.cap_add', merge: 'byShape', unique: 'keyValue' },
  { pattern: 'services.*.cap_drop', merge: 'byShape', unique: 'keyValue' },
  { pattern: 'services.*.links', merge: 'byShape', unique: 'keyValue' },
  { pattern: 'services.*.profiles', merge: 'byShape', unique: 'keyValue' },
  { pattern: 'services.*.build.tags', merge: 'byShape', unique: 'keyValue' },
  // compose-go's table names `build.platform` (a typo that never matches); berth de-duplicates `platforms` as intended.
  { pattern: 'services.*.build.platforms', merge: 'byShape', unique: 'keyValue' },
  { pattern: 'services.*.networks.*.aliases', merge: 'byShape', unique: 'keyValue' },
  { pattern: 'services.*.networks.*.link_local_ips', merge: 'byShape', unique: 'keyValue' },

  // Named entries merged entry by entry.
  { pattern: 'services.*.networks', merge: 'mergeNamedEntries' },
  { pattern: 'services.*.models', merge: 'mergeNamedEntries' },
  { pattern: 'services.*.depends_on', merge: 'mergeDependsOn' },

  { pattern: 'services.*.build', merge: 'mergeBuild' },
  { pattern: 'services.*.logging', merge: 'mergeLogging' },
  { pattern: 'networks.*.ipam.config', merge: 'mergeBySubnet' },
];

const defaultRule: MergeRule = { pattern: '', merge: 'byShape' };

const ruleTable = new PatternTable<MergeRule>(mergeRules.map((rule) => [rule.pattern, rule] as const));

export function ruleFor(path: ModelPath): MergeRule {
  return ruleTable.match(path) ?? defaultRule;
}

/** Where a walk at `path` stands in the rule table, to step further without starting over. */
export function ruleCursor(path: ModelPath): PatternCursor<MergeRule> | undefined {
  let cursor: PatternCursor<MergeRule> | undefined = ruleTable.root;
  for (const step of path) cursor = cursor?.child(step);
  return cursor;
}

/** Whether some rule applies strictly below `path`, so that walking into it can matter. */
export function hasRulesBelow(path: ModelPath): boolean {
  return ruleTable.hasBelow(path);
}
