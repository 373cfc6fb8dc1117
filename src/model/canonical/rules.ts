/**
 * Compose's short syntax → long syntax, as one table keyed by path pattern,
 * in the order of the specification's chapters. A path matches at most one
 * pattern. What each rule does is documented where it is defined.
 */
import { PatternTable } from '../path-pattern.js';
import { includeEntry, resource } from './resource-rules.js';
import type { Rule } from './rule.js';
import {
  build,
  dependsOn,
  device,
  envFile,
  extendsService,
  fileMount,
  gpus,
  portEntry,
  ports,
  sshKeys,
  ulimit,
  volumeMount,
} from './service-rules.js';
import {
  byteSize,
  decimalNumber,
  dnsList,
  duration,
  healthcheckTest,
  hostsList,
  mappingWithEquals,
  multiOptions,
  namesAsMapping,
  scalarAsString,
  shellCommand,
  strictKeyValueMapping,
  stringMapping,
  stringOrList,
  stringOrNumberList,
} from './value-rules.js';
import type { ModelPath } from '../tree.js';

const HOOKS = ['pre_start', 'post_start', 'pre_stop'] as const;
const RESOURCE_KINDS = ['networks', 'volumes', 'secrets', 'configs'] as const;

export const CANONICAL_RULES: readonly (readonly [pattern: string, rule: Rule])[] = [
  // 05-services: process
  ['services.*.command', shellCommand],
  ['services.*.entrypoint', shellCommand],
  ['services.*.stop_grace_period', duration],
  ['services.*.healthcheck.test', healthcheckTest],
  ['services.*.healthcheck.interval', duration],
  ['services.*.healthcheck.timeout', duration],
  ['services.*.healthcheck.start_period', duration],
  ['services.*.healthcheck.start_interval', duration],
  ...HOOKS.flatMap((hook) => [
    [`services.*.${hook}.[].command`, shellCommand] as const,
    [`services.*.${hook}.[].environment`, mappingWithEquals] as const,
  ]),

  // 05-services: environment and metadata
  ['services.*.environment', mappingWithEquals],
  ['services.*.env_file', envFile],
  ['services.*.labels', stringMapping],
  ['services.*.label_file', stringOrList],
  ['services.*.annotations', stringMapping],
  ['services.*.extends', extendsService],

  // 05-services: networking
  ['services.*.networks', namesAsMapping],
  ['services.*.networks.*.driver_opts', stringMapping],
  ['services.*.ports', ports],
  ['services.*.ports.[]', portEntry],
  ['services.*.expose', stringOrNumberList],
  ['services.*.dns', dnsList],
  ['services.*.dns_search', stringOrList],
  ['services.*.extra_hosts', hostsList],

  // 05-services: storage
  ['services.*.volumes.[]', volumeMount],
  ['services.*.volumes.[].tmpfs.size', byteSize],
  ['services.*.volumes.[].volume.labels', stringMapping],
  ['services.*.tmpfs', stringOrList],
  ['services.*.shm_size', byteSize],
  ['services.*.secrets.[]', fileMount],
  ['services.*.configs.[]', fileMount],

  // 05-services: lifecycle, resources, security
  ['services.*.depends_on', dependsOn],
  ['services.*.mem_limit', byteSize],
  ['services.*.mem_reservation', byteSize],
  ['services.*.memswap_limit', byteSize],
  ['services.*.mem_swappiness', byteSize],
  ['services.*.blkio_config.device_read_bps.[].rate', byteSize],
  ['services.*.blkio_config.device_write_bps.[].rate', byteSize],
  ['services.*.blkio_config.device_read_iops.[].rate', byteSize],
  ['services.*.blkio_config.device_write_iops.[].rate', byteSize],
  ['services.*.ulimits.*', ulimit],
  ['services.*.sysctls', stringMapping],
  ['services.*.group_add', stringOrNumberList],
  ['services.*.devices.[]', device],
  ['services.*.gpus', gpus],
  ['services.*.gpus.[].options', stringMapping],
  ['services.*.logging.options', stringMapping],
  ['services.*.models', namesAsMapping],
  ['services.*.provider.options', multiOptions],

  // build.md
  ['services.*.build', build],
  ['services.*.build.args', mappingWithEquals],
  ['services.*.build.labels', stringMapping],
  ['services.*.build.additional_contexts', strictKeyValueMapping],
  ['services.*.build.extra_hosts', hostsList],
  ['services.*.build.ulimits.*', ulimit],
  ['services.*.build.ssh', sshKeys],
  ['services.*.build.secrets.[]', fileMount],
  ['services.*.build.shm_size', byteSize],
  ['services.*.build.provenance', scalarAsString],
  ['services.*.build.sbom', scalarAsString],
  ['services.*.build.cache_from', stringOrList],
  ['services.*.build.cache_to', stringOrList],
  ['services.*.build.no_cache_filter', stringOrList],
  ['services.*.build.tags', stringOrList],
  ['services.*.build.platforms', stringOrList],

  // deploy.md
  ['services.*.deploy.labels', stringMapping],
  ['services.*.deploy.resources.*.cpus', decimalNumber],
  ['services.*.deploy.resources.*.memory', byteSize],
  ['services.*.deploy.resources.*.devices.[].options', stringMapping],
  ['services.*.deploy.restart_policy.delay', duration],
  ['services.*.deploy.restart_policy.window', duration],
  ['services.*.deploy.update_config.delay', duration],
  ['services.*.deploy.update_config.monitor', duration],
  ['services.*.deploy.rollback_config.delay', duration],
  ['services.*.deploy.rollback_config.monitor', duration],

  // develop.md
  ['services.*.develop.watch.[].ignore', stringOrList],
  ['services.*.develop.watch.[].include', stringOrList],
  ['services.*.develop.watch.[].exec.command', shellCommand],
  ['services.*.develop.watch.[].exec.environment', mappingWithEquals],

  // 06-networks … 09-secrets: top-level resources
  ...RESOURCE_KINDS.flatMap((kind) => [
    [`${kind}.*`, resource] as const,
    [`${kind}.*.labels`, stringMapping] as const,
    [`${kind}.*.driver_opts`, stringMapping] as const,
  ]),
  ['networks.*.ipam.options', stringMapping],
  ['networks.*.ipam.config.[].aux_addresses', stringMapping],

  // 14-include
  ['include.[]', includeEntry],
];

export const RULE_TABLE = new PatternTable<Rule>(CANONICAL_RULES);

export function findRule(path: ModelPath): Rule | undefined {
  return RULE_TABLE.match(path);
}
