/**
 * Compose's default values, applied to the merged canonical tree before
 * validation and path resolution, as compose-go's `SetDefaultValues` does.
 * Only attributes that are absent get a default; a value written in the file,
 * even `false` or `null`, always wins.
 *
 * The set is exactly compose-go's, plus the two defaults its canonical step
 * writes (`depends_on` entries and `env_file` entries); repeating those here
 * keeps them right when the canonicalizer left a long form as written.
 * Build's `dockerfile: Dockerfile` is not here: compose-go sets it during
 * normalisation (see `normalize.ts`).
 */
import { isDict, type Dict } from '../tree.js';
import { applyPathRules, type PathRule, type PathRuleTable } from './path-rules.js';

const buildContext: PathRule = (build) => withDefaults(build, { context: '.' });

// A secret is mounted under /run/secrets by name; configs get no target here.
const secretTarget: PathRule = (secret) => {
  if (!isDict(secret) || typeof secret['source'] !== 'string') return secret;
  return withDefaults(secret, { target: `/run/secrets/${secret['source']}` });
};

const portProtocolAndMode: PathRule = (port) => withDefaults(port, { protocol: 'tcp', mode: 'ingress' });

// A device request that names neither a count nor devices asks for all of them.
const deviceRequestCount: PathRule = (request) => {
  if (!isDict(request) || 'count' in request || 'device_ids' in request) return request;
  return { ...request, count: 'all' };
};

const bindCreateHostPath: PathRule = (bind) => withDefaults(bind, { create_host_path: true });

const dependencyCondition: PathRule = (dependency) =>
  withDefaults(dependency, { condition: 'service_started', required: true });

const envFileRequired: PathRule = (entry) => withDefaults(entry, { required: true });

export const defaultRules: PathRuleTable = {
  'services.*.build': buildContext,
  'services.*.secrets.*': secretTarget,
  'services.*.ports.*': portProtocolAndMode,
  'services.*.deploy.resources.reservations.devices.*': deviceRequestCount,
  'services.*.gpus.*': deviceRequestCount,
  'services.*.volumes.*.bind': bindCreateHostPath,
  'services.*.depends_on.*': dependencyCondition,
  'services.*.env_file.*': envFileRequired,
};

/** Returns a new tree with Compose's defaults set where attributes are absent. */
export function applyDefaults(model: Dict): Dict {
  return applyPathRules(model, defaultRules);
}

function withDefaults(value: unknown, defaults: Dict): unknown {
  if (!isDict(value)) return value;
  const missing = Object.entries(defaults).filter(([key]) => !(key in value));
  return missing.length === 0 ? value : { ...value, ...Object.fromEntries(missing) };
}
