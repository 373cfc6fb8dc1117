/**
 * Rules for the service attributes whose short syntax has a structure of its
 * own: ports, volumes, devices, dependencies, build, file mounts, ulimits…
 */
import { posix } from 'node:path';
import { FILE_MODE_SYNTAX, canonicalFileMode } from './file-mode.js';
import { goScalarString, isScalar } from './go-format.js';
import { scalarText } from './key-value.js';
import { PORT_SYNTAX, parsePortSpec } from './parse-port.js';
import { VOLUME_SYNTAX, parseVolumeSpec } from './parse-volume.js';
import type { Rule } from './rule.js';
import { type Dict, isDict } from '../tree.js';

/** `ports`: short entries expand into one or more long entries each. */
export const ports: Rule = (value, context) => {
  if (!Array.isArray(value)) return value;
  return value.flatMap((entry: unknown, index) => {
    if (isDict(entry)) return [entry];
    const spec = typeof entry === 'number' && Number.isInteger(entry) ? String(entry) : entry;
    if (typeof spec !== 'string') {
      return context.fail({ at: [index], what: 'port', value: entry, reason: 'it is not a string', expected: PORT_SYNTAX });
    }
    const result = parsePortSpec(spec);
    if (!result.ok) {
      return context.fail({ at: [index], what: 'port', value: entry, reason: result.reason, expected: PORT_SYNTAX });
    }
    return result.value.map((port) => ({ ...port }));
  });
};

/** A long-form port: `published` is a string, `target` a number. */
export const portEntry: Rule = (value) => {
  if (!isDict(value)) return value;
  const port: Dict = { ...value };
  if (typeof port['published'] === 'number') port['published'] = goScalarString(port['published']);
  if (typeof port['target'] === 'string' && /^\d+$/.test(port['target'])) port['target'] = Number(port['target']);
  return port;
};

/** `volumes[]`: a short spec becomes a mount; its target is cleaned (`/data/` → `/data`). */
export const volumeMount: Rule = (value, context) => {
  if (typeof value !== 'string') return value;
  const result = parseVolumeSpec(value);
  if (!result.ok) return context.fail({ what: 'volume', value, reason: result.reason, expected: VOLUME_SYNTAX });
  const mount: Dict = { ...result.value };
  mount['target'] = cleanPath(result.value.target);
  return mount;
};

/** Go's path.Clean: posix normalization without a trailing slash. */
function cleanPath(target: string): string {
  if (target === '') return target;
  const normalized = posix.normalize(target);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

const DEVICE_SYNTAX = 'HOST_PATH[:CONTAINER_PATH[:PERMISSIONS]], e.g. "/dev/ttyUSB0:/dev/ttyUSB0:rwm", or the long syntax';

/** `devices[]`: `src[:dst[:permissions]]`; the target defaults to the source, permissions to `rwm`. */
export const device: Rule = (value, context) => {
  if (typeof value !== 'string') return value;
  const fields = value.split(':');
  if (fields.length > 3) {
    return context.fail({ what: 'device', value, reason: 'it has too many colons', expected: DEVICE_SYNTAX });
  }
  const [source = '', target = '', permissions = 'rwm'] = fields;
  return { source, target: target === '' ? source : target, permissions };
};

/**
 * `depends_on`: a list of names means "started, required"; in the mapping
 * form compose-go fills in `condition` and `required` at this same stage.
 */
export const dependsOn: Rule = (value, context) => {
  if (Array.isArray(value)) {
    const dependencies: Dict = {};
    value.forEach((name, index) => {
      dependencies[scalarText(name, context, index)] = { condition: 'service_started', required: true };
    });
    return dependencies;
  }
  if (!isDict(value)) return value;
  const dependencies: Dict = {};
  for (const [name, dependency] of Object.entries(value)) {
    if (!isDict(dependency)) {
      return context.fail({
        at: [name],
        what: 'dependency',
        value: dependency,
        reason: 'it is not a mapping',
        expected: 'a mapping with condition (service_started, service_healthy or service_completed_successfully), required and restart',
      });
    }
    dependencies[name] = { condition: 'service_started', required: true, ...dependency };
  }
  return dependencies;
};

/** `build: ./dir` is `build: {context: ./dir}`. */
export const build: Rule = (value) => (typeof value === 'string' ? { context: value } : value);

/** `extends: base` is `extends: {service: base}`. */
export const extendsService: Rule = (value) => (typeof value === 'string' ? { service: value } : value);

/** `env_file`: each entry becomes `{path, required}`; `required` defaults to true here, as in compose-go. */
export const envFile: Rule = (value) => {
  const entries = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(entries)) return entries;
  return entries.map((entry: unknown) => {
    if (typeof entry === 'string') return { path: entry, required: true };
    if (isDict(entry)) return { ...entry, required: entry['required'] ?? true };
    return entry;
  });
};

/** `gpus: all` asks for every GPU. */
export const gpus: Rule = (value) => (typeof value === 'string' ? [{ count: 'all' }] : value);

/**
 * Service `secrets`/`configs` entries and `build.secrets`: a name is
 * `{source: name}`; `mode` prints as octal text, `uid`/`gid` as strings.
 */
export const fileMount: Rule = (value, context) => {
  if (typeof value === 'string') return { source: value };
  if (!isDict(value)) return value;
  const mount: Dict = { ...value };
  for (const key of ['uid', 'gid'] as const) {
    const id = mount[key];
    if (typeof id === 'number') mount[key] = goScalarString(id);
  }
  const mode = mount['mode'];
  if (mode !== undefined && mode !== null) {
    const result = canonicalFileMode(mode);
    if (!result.ok) {
      return context.fail({ at: ['mode'], what: 'file mode', value: mode, reason: result.reason, expected: FILE_MODE_SYNTAX });
    }
    mount['mode'] = result.value;
  }
  return mount;
};

/**
 * `ulimits.<name>`: a single number (both limits) stays a number, as
 * compose-go keeps and prints it; numeric strings become numbers.
 */
export const ulimit: Rule = (value, context) => {
  const limit = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof limit === 'number') {
    if (!Number.isInteger(limit)) {
      return context.fail({ what: 'ulimit', value, reason: 'it is not a whole number', expected: 'a number or {soft, hard}' });
    }
    return limit;
  }
  return limit;
};

/**
 * `build.ssh`: the list form `ID[=PATH]` becomes a mapping of ID → path,
 * where only `default` may come without a path (null).
 */
export const sshKeys: Rule = (value, context) => {
  const entries = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(entries)) return entries;
  const keys: Dict = {};
  entries.forEach((entry: unknown, index) => {
    const text = isScalar(entry) ? goScalarString(entry) : '';
    const equals = text.indexOf('=');
    const id = equals === -1 ? text : text.slice(0, equals);
    if (equals === -1 && id !== 'default') {
      context.fail({
        at: [index],
        what: 'ssh key',
        value: entry,
        reason: 'only "default" may be given without a path',
        expected: 'default or ID=PATH',
      });
    }
    keys[id] = equals === -1 ? null : text.slice(equals + 1);
  });
  return keys;
};
