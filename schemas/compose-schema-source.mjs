// berth's JSON Schema for one Compose file, after interpolation and type
// casting. Written as code so that the shapes Compose repeats everywhere
// (string-or-list, list-or-dict, durations, byte sizes, name-keyed maps) are
// spelled once. `scripts/compile-schema.mjs` turns this into
// `schemas/compose.schema.json` and an ahead-of-time compiled validator.
//
// Conventions, relied on by the error messages in src/model/validate/:
// - `title` on a name-keyed map is the noun for its keys ("service", "network").
// - `description` on a leaf or a leaf definition says what the value should
//   look like; it is quoted when a value does not match.
// - Alternatives use `anyOf` with branches of distinct JSON types, so a value
//   never matches two branches and the failing branch is easy to tell.

const NAME_PATTERN = '^[a-zA-Z0-9._-]+$';
const EXTENSION_PATTERN = '^x-';

// Strings still holding `$` can only come from a file loaded without
// interpolation (`config --no-interpolate`); they cannot be checked yet.
const UNRESOLVED = '.*\\$.*';

// ---------------------------------------------------------------- helpers

const ref = (name) => ({ $ref: `#/definitions/${name}` });
const string = { type: 'string' };
const boolean = { type: 'boolean' };
const number = { type: 'number' };
const integer = { type: 'integer' };

/** A boolean, or a string that interpolation did not (or could not) cast. */
const booleanish = { type: ['boolean', 'string'] };
/** A number, or a string such as an unresolved `${VAR}`. */
const numberish = { type: ['number', 'string'] };
/** An integer, or a string such as an unresolved `${VAR}`. */
const integerish = { type: ['integer', 'string'] };

const oneOfValues = (...values) => ({ type: 'string', enum: values });
const listOf = (items, { unique = false } = {}) =>
  unique ? { type: 'array', items, uniqueItems: true } : { type: 'array', items };
const stringList = (options) => listOf(string, options);
const anyOf = (...branches) => ({ anyOf: branches });
const nullable = (schema) => anyOf(schema, { type: 'null' });

/** An integer within bounds, or a string (to be cast later). */
const boundedInteger = (minimum, maximum) => {
  const bounded = { type: 'integer', minimum };
  if (maximum !== undefined) bounded.maximum = maximum;
  return anyOf(string, bounded);
};

/**
 * A mapping with a closed set of attributes. Most Compose mappings also accept
 * `x-*` extension keys; a few (following the official schema) do not.
 */
function attributes(properties, { required, extensions = true, nullable: canBeNull = false } = {}) {
  const schema = { type: canBeNull ? ['object', 'null'] : 'object', properties };
  if (required) schema.required = required;
  schema.additionalProperties = false;
  if (extensions) schema.patternProperties = { [EXTENSION_PATTERN]: {} };
  return schema;
}

/** A mapping keyed by resource or service names. */
function namedMap(noun, value, { closed = true } = {}) {
  const schema = { type: 'object', title: noun, patternProperties: { [NAME_PATTERN]: value } };
  if (closed) schema.additionalProperties = false;
  return schema;
}

/** A mapping with free-form keys (driver options, sysctls, …). */
const freeMap = (value) => ({ type: 'object', patternProperties: { '^.+$': value } });

/** A string checked against a pattern, unless it is still uninterpolated. */
const formatted = (pattern, description) => ({
  type: 'string',
  pattern: `^(?:${pattern}|${UNRESOLVED})$`,
  description,
});

/** A request for GPUs or other devices (`gpus`, `deploy.resources.reservations.devices`). */
const deviceRequest = (options) =>
  attributes(
    {
      capabilities: ref('list_of_strings'),
      count: integerish,
      device_ids: ref('list_of_strings'),
      driver: string,
      options: ref('list_or_dict'),
    },
    options,
  );

// ---------------------------------------------------------------- shared shapes

const definitions = {
  list_of_strings: stringList({ unique: true }),

  string_or_list: anyOf(string, ref('list_of_strings')),

  list_or_dict: anyOf(
    {
      type: 'object',
      patternProperties: { '.+': { type: ['string', 'number', 'boolean', 'null'] } },
      additionalProperties: false,
    },
    stringList({ unique: true }),
  ),

  command: anyOf({ type: 'null' }, string, stringList()),

  // Go durations as Compose parses them, plus days and weeks.
  duration: formatted(
    '[-+]?(?:0|(?:[0-9]*(?:\\.[0-9]*)?(?:ns|us|µs|μs|ms|s|m|h|d|w))+)',
    'a duration such as 30s, 1m30s or 2h',
  ),

  // A plain byte count or a size with a unit, such as 512m or 1.5GB.
  byte_string: formatted(
    '[-+]?[0-9]+|[0-9]+(?:\\.[0-9]+)* ?[kKmMgGtTpP]?[iI]?[bB]?',
    'a size in bytes such as 1024, 512m or 1.5GB',
  ),
  byte_value: anyOf(number, ref('byte_string')),

  extra_hosts: anyOf(
    { type: 'object', patternProperties: { '.+': anyOf(string, stringList()) }, additionalProperties: false },
    stringList({ unique: true }),
  ),

  env_file: anyOf(
    string,
    listOf(
      anyOf(
        string,
        attributes(
          { path: string, format: string, required: { ...booleanish, default: true } },
          { required: ['path'], extensions: false },
        ),
      ),
    ),
  ),

  label_file: anyOf(string, stringList()),

  ulimits: {
    type: 'object',
    patternProperties: {
      '^[a-z]+$': anyOf(
        integerish,
        attributes({ hard: integerish, soft: integerish }, { required: ['soft', 'hard'] }),
      ),
    },
  },

  blkio_limit: attributes({ path: string, rate: anyOf({ type: 'integer' }, ref('byte_string')) }, { extensions: false }),
  blkio_weight: attributes({ path: string, weight: integerish }, { extensions: false }),

  service_config_or_secret: listOf(
    anyOf(string, attributes({ source: string, target: string, uid: string, gid: string, mode: numberish })),
  ),

  // `external: true`, or the legacy `external: {name: …}`.
  external: {
    type: ['boolean', 'string', 'object'],
    properties: { name: { ...string, deprecated: true } },
    additionalProperties: false,
    patternProperties: { [EXTENSION_PATTERN]: {} },
  },

  // ------------------------------------------------------------ services

  service: attributes({
    annotations: ref('list_or_dict'),
    attach: booleanish,
    blkio_config: attributes(
      {
        device_read_bps: listOf(ref('blkio_limit')),
        device_read_iops: listOf(ref('blkio_limit')),
        device_write_bps: listOf(ref('blkio_limit')),
        device_write_iops: listOf(ref('blkio_limit')),
        weight: integerish,
        weight_device: listOf(ref('blkio_weight')),
      },
      { extensions: false },
    ),
    build: anyOf(string, ref('build')),
    cap_add: stringList({ unique: true }),
    cap_drop: stringList({ unique: true }),
    cgroup: oneOfValues('host', 'private'),
    cgroup_parent: string,
    command: ref('command'),
    configs: ref('service_config_or_secret'),
    container_name: { type: 'string', pattern: '[a-zA-Z0-9][a-zA-Z0-9_.-]+' },
    cpu_count: boundedInteger(0),
    cpu_percent: boundedInteger(0, 100),
    cpu_shares: numberish,
    cpu_quota: numberish,
    cpu_period: numberish,
    cpu_rt_period: numberish,
    cpu_rt_runtime: numberish,
    cpus: numberish,
    cpuset: string,
    credential_spec: attributes({ config: string, file: string, registry: string }),
    depends_on: anyOf(
      ref('list_of_strings'),
      namedMap(
        'service',
        attributes(
          {
            restart: booleanish,
            required: { ...boolean, default: true },
            condition: oneOfValues('service_started', 'service_healthy', 'service_completed_successfully'),
          },
          { required: ['condition'] },
        ),
      ),
    ),
    deploy: ref('deployment'),
    develop: ref('development'),
    device_cgroup_rules: ref('list_of_strings'),
    devices: listOf(
      anyOf(string, attributes({ source: string, target: string, permissions: string }, { required: ['source'] })),
    ),
    dns: ref('string_or_list'),
    dns_opt: stringList({ unique: true }),
    dns_search: ref('string_or_list'),
    domainname: string,
    entrypoint: ref('command'),
    env_file: ref('env_file'),
    environment: ref('list_or_dict'),
    expose: listOf({ type: ['string', 'number'] }, { unique: true }),
    extends: anyOf(string, attributes({ service: string, file: string }, { required: ['service'], extensions: false })),
    external_links: stringList({ unique: true }),
    extra_hosts: ref('extra_hosts'),
    gpus: ref('gpus'),
    group_add: listOf({ type: ['string', 'number'] }, { unique: true }),
    healthcheck: ref('healthcheck'),
    hostname: string,
    image: string,
    init: booleanish,
    ipc: string,
    isolation: string,
    label_file: ref('label_file'),
    labels: ref('list_or_dict'),
    links: stringList({ unique: true }),
    logging: attributes({ driver: string, options: freeMap({ type: ['string', 'number', 'null'] }) }),
    mac_address: string,
    mem_limit: ref('byte_value'),
    mem_reservation: anyOf(integer, ref('byte_string')),
    mem_swappiness: integerish,
    memswap_limit: ref('byte_value'),
    models: anyOf(
      ref('list_of_strings'),
      namedMap('model', nullable(attributes({ endpoint_var: string, model_var: string })), { closed: false }),
    ),
    network_mode: string,
    networks: anyOf(ref('list_of_strings'), namedMap('network', nullable(ref('service_network')))),
    oom_kill_disable: booleanish,
    oom_score_adj: boundedInteger(-1000, 1000),
    pid: { type: ['string', 'null'] },
    pids_limit: numberish,
    platform: string,
    ports: listOf(anyOf(number, string, ref('port')), { unique: true }),
    post_start: listOf(ref('service_hook')),
    pre_start: listOf(ref('pre_start_hook')),
    pre_stop: listOf(ref('service_hook')),
    privileged: booleanish,
    profiles: ref('list_of_strings'),
    provider: attributes(
      {
        type: string,
        options: freeMap(anyOf({ type: ['string', 'number', 'boolean'] }, listOf({ type: ['string', 'number', 'boolean'] }))),
      },
      { required: ['type'] },
    ),
    pull_policy: {
      type: 'string',
      pattern: 'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+',
      description: 'always, never, build, missing, refresh, daily, weekly or every_<duration>',
    },
    pull_refresh_after: string,
    read_only: booleanish,
    restart: string,
    runtime: string,
    scale: integerish,
    secrets: ref('service_config_or_secret'),
    security_opt: stringList({ unique: true }),
    shm_size: ref('byte_value'),
    stdin_open: booleanish,
    stop_grace_period: ref('duration'),
    stop_signal: string,
    storage_opt: { type: 'object' },
    sysctls: ref('list_or_dict'),
    tmpfs: ref('string_or_list'),
    tty: booleanish,
    ulimits: ref('ulimits'),
    use_api_socket: boolean,
    user: string,
    userns_mode: string,
    uts: string,
    volumes: listOf(anyOf(string, ref('service_volume')), { unique: true }),
    volumes_from: stringList({ unique: true }),
    working_dir: string,
  }),

  build: attributes({
    additional_contexts: ref('list_or_dict'),
    args: ref('list_or_dict'),
    cache_from: stringList(),
    cache_to: stringList(),
    context: string,
    dockerfile: string,
    dockerfile_inline: string,
    entitlements: stringList(),
    extra_hosts: ref('extra_hosts'),
    isolation: string,
    labels: ref('list_or_dict'),
    network: string,
    no_cache: booleanish,
    no_cache_filter: ref('string_or_list'),
    platforms: stringList(),
    privileged: booleanish,
    provenance: { type: ['string', 'boolean'] },
    pull: booleanish,
    sbom: { type: ['string', 'boolean'] },
    secrets: ref('service_config_or_secret'),
    shm_size: anyOf({ type: 'integer' }, ref('byte_string')),
    ssh: ref('list_or_dict'),
    tags: stringList(),
    target: string,
    ulimits: ref('ulimits'),
  }),

  port: attributes({
    name: string,
    mode: string,
    host_ip: string,
    target: integerish,
    published: integerish,
    protocol: string,
    app_protocol: string,
  }),

  service_network: attributes({
    aliases: ref('list_of_strings'),
    interface_name: string,
    ipv4_address: string,
    ipv6_address: string,
    link_local_ips: ref('list_of_strings'),
    mac_address: string,
    driver_opts: freeMap({ type: ['string', 'number'] }),
    priority: number,
    gw_priority: number,
  }),

  service_volume: attributes(
    {
      type: oneOfValues('bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image'),
      source: string,
      target: string,
      read_only: booleanish,
      consistency: string,
      bind: attributes({
        propagation: string,
        create_host_path: booleanish,
        recursive: oneOfValues('enabled', 'disabled', 'writable', 'readonly'),
        selinux: oneOfValues('z', 'Z'),
      }),
      volume: attributes({ labels: ref('list_or_dict'), nocopy: booleanish, subpath: string }),
      tmpfs: attributes({ size: anyOf({ type: 'integer', minimum: 0 }, ref('byte_string')), mode: numberish }),
      image: attributes({ subpath: string }),
    },
    { required: ['type'] },
  ),

  healthcheck: attributes({
    disable: booleanish,
    interval: ref('duration'),
    retries: numberish,
    test: anyOf(string, stringList()),
    timeout: ref('duration'),
    start_period: ref('duration'),
    start_interval: ref('duration'),
  }),

  service_hook: attributes(
    {
      command: ref('command'),
      user: string,
      privileged: booleanish,
      working_dir: string,
      environment: ref('list_or_dict'),
    },
    { required: ['command'] },
  ),

  // Runs in its own container, so it may name an image and needs no command.
  pre_start_hook: attributes({
    command: ref('command'),
    image: string,
    user: string,
    privileged: booleanish,
    working_dir: string,
    environment: ref('list_or_dict'),
    per_replica: booleanish,
  }),

  gpus: anyOf(oneOfValues('all'), listOf(deviceRequest())),

  // ------------------------------------------------------------ develop

  development: attributes(
    {
      watch: listOf(
        attributes(
          {
            ignore: ref('string_or_list'),
            include: ref('string_or_list'),
            path: string,
            action: oneOfValues('rebuild', 'sync', 'restart', 'sync+restart', 'sync+exec'),
            target: string,
            exec: ref('service_hook'),
            initial_sync: boolean,
          },
          { required: ['path', 'action'] },
        ),
      ),
    },
    { nullable: true },
  ),

  // ------------------------------------------------------------ deploy

  deployment: attributes(
    {
      mode: string,
      endpoint_mode: string,
      replicas: integerish,
      labels: ref('list_or_dict'),
      rollback_config: ref('update_config'),
      update_config: ref('update_config'),
      resources: attributes({
        limits: attributes({ cpus: numberish, memory: ref('byte_string'), pids: integerish }),
        reservations: attributes({
          cpus: numberish,
          memory: ref('byte_string'),
          generic_resources: ref('generic_resources'),
          devices: listOf(deviceRequest({ required: ['capabilities'] })),
        }),
      }),
      restart_policy: attributes({
        condition: string,
        delay: ref('duration'),
        max_attempts: integerish,
        window: ref('duration'),
      }),
      placement: attributes({
        constraints: stringList(),
        preferences: listOf(attributes({ spread: string })),
        max_replicas_per_node: integerish,
      }),
    },
    { nullable: true },
  ),

  update_config: attributes({
    parallelism: integerish,
    delay: ref('duration'),
    failure_action: string,
    monitor: ref('duration'),
    max_failure_ratio: numberish,
    order: oneOfValues('start-first', 'stop-first'),
  }),

  generic_resources: listOf(
    attributes({ discrete_resource_spec: attributes({ kind: string, value: numberish }) }),
  ),

  // ------------------------------------------------------------ top-level resources

  include: anyOf(
    string,
    attributes(
      { path: ref('string_or_list'), env_file: ref('string_or_list'), project_directory: string },
      { extensions: false },
    ),
  ),

  network: attributes(
    {
      name: string,
      driver: string,
      driver_opts: freeMap({ type: ['string', 'number'] }),
      ipam: attributes({
        driver: string,
        config: listOf(
          attributes({
            subnet: string,
            ip_range: string,
            gateway: string,
            aux_addresses: { type: 'object', additionalProperties: false, patternProperties: { '^.+$': string } },
          }),
        ),
        options: { type: 'object', additionalProperties: false, patternProperties: { '^.+$': string } },
      }),
      external: ref('external'),
      internal: booleanish,
      enable_ipv4: booleanish,
      enable_ipv6: booleanish,
      attachable: booleanish,
      labels: ref('list_or_dict'),
    },
    { nullable: true },
  ),

  volume: attributes(
    {
      name: string,
      driver: string,
      driver_opts: freeMap({ type: ['string', 'number'] }),
      external: ref('external'),
      labels: ref('list_or_dict'),
    },
    { nullable: true },
  ),

  secret: attributes({
    name: string,
    environment: string,
    file: string,
    external: ref('external'),
    labels: ref('list_or_dict'),
    driver: string,
    driver_opts: freeMap({ type: ['string', 'number'] }),
    template_driver: string,
  }),

  config: attributes({
    name: string,
    content: string,
    environment: string,
    file: string,
    external: ref('external'),
    labels: ref('list_or_dict'),
    template_driver: string,
  }),

  model: attributes(
    { name: string, model: string, context_size: integer, runtime_flags: stringList() },
    { required: ['model'] },
  ),
};

/** The whole schema, a fresh object on every call. */
export function buildComposeSchema() {
  return structuredClone({
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Compose file, as berth validates it',
    type: 'object',
    properties: {
      version: { ...string, deprecated: true },
      name: string,
      include: listOf(ref('include')),
      services: namedMap('service', ref('service')),
      networks: namedMap('network', ref('network')),
      volumes: namedMap('volume', ref('volume')),
      secrets: namedMap('secret', ref('secret')),
      configs: namedMap('config', ref('config')),
      models: namedMap('model', ref('model')),
    },
    patternProperties: { [EXTENSION_PATTERN]: {} },
    additionalProperties: false,
    definitions,
  });
}
