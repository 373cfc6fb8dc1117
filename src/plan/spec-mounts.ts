/**
 * A service's filesystem as engine mounts: `volumes` (bind, named, anonymous,
 * tmpfs), `tmpfs`, and file-backed secrets and configs as read-only binds at
 * Compose's default places (`/run/secrets/<name>`, `/<name>`).
 */
import { BerthError } from '../errors.js';
import type { MountSpec } from '../engine/index.js';
import { parseByteSize } from '../model/canonical/byte-size.js';
import type { FileReferenceConfig, Project, ServiceConfig, ServiceVolumeConfig } from '../model/index.js';
import { formatPath, type Locate } from '../model/tree.js';
import { compareText } from './labels.js';
import { volumeName } from './names.js';

export interface MountContext {
  readonly project: Project;
  readonly serviceName: string;
  readonly locate: Locate;
  readonly warn: (message: string) => void;
}

const SECRETS_DIR = '/run/secrets/';
const CONFIGS_DIR = '/';

/** Every mount of a container, sorted by target; a volume wins over a secret or config at the same target. */
export function serviceMounts(service: ServiceConfig, context: MountContext): MountSpec[] {
  const byTarget = new Map<string, MountSpec>();
  (service.volumes ?? []).forEach((volume, index) => {
    const mount = volumeMount(volume, ['services', context.serviceName, 'volumes', index], context);
    if (mount) byTarget.set(mount.target, mount);
  });
  (service.tmpfs ?? []).forEach((entry, index) => {
    const mount = tmpfsMount(entry, ['services', context.serviceName, 'tmpfs', index], context);
    if (!byTarget.has(mount.target)) byTarget.set(mount.target, mount);
  });
  for (const mount of fileMounts(service, 'secrets', context)) if (!byTarget.has(mount.target)) byTarget.set(mount.target, mount);
  for (const mount of fileMounts(service, 'configs', context)) if (!byTarget.has(mount.target)) byTarget.set(mount.target, mount);
  return [...byTarget.values()].sort((a, b) => compareText(a.target, b.target));
}

function volumeMount(volume: ServiceVolumeConfig, path: readonly (string | number)[], context: MountContext): MountSpec | undefined {
  const where = formatPath(path);
  const readOnly = volume.read_only === true;
  if (volume.consistency !== undefined) context.warn(`${where}.consistency is not supported and is ignored`);
  switch (volume.type) {
    case 'bind': {
      if (volume.bind?.selinux !== undefined) context.warn(`${where}.bind.selinux is not supported and is ignored`);
      if (volume.bind?.recursive !== undefined) context.warn(`${where}.bind.recursive is not supported and is ignored`);
      return {
        type: 'bind',
        source: volume.source ?? '',
        target: volume.target,
        readOnly,
        // Compose binds through the legacy Binds API, which creates a missing host path, unless told not to.
        bind: { createHostPath: volume.bind?.create_host_path ?? true, ...(volume.bind?.propagation ? { propagation: volume.bind.propagation } : {}) },
      };
    }
    case 'volume': {
      if (volume.volume?.labels !== undefined) context.warn(`${where}.volume.labels is not supported and is ignored`);
      const options = {
        ...(volume.volume?.nocopy === true ? { noCopy: true } : {}),
        ...(volume.volume?.subpath !== undefined ? { subpath: volume.volume.subpath } : {}),
      };
      return {
        type: 'volume',
        source: volume.source === undefined ? '' : volumeName(context.project, volume.source),
        target: volume.target,
        readOnly,
        ...(Object.keys(options).length > 0 ? { volume: options } : {}),
      };
    }
    case 'tmpfs': {
      const options = {
        ...(volume.tmpfs?.size !== undefined ? { sizeBytes: Number(volume.tmpfs.size) } : {}),
        ...(volume.tmpfs?.mode !== undefined ? { mode: tmpfsMode(volume.tmpfs.mode) } : {}),
      };
      return { type: 'tmpfs', source: '', target: volume.target, readOnly, ...(Object.keys(options).length > 0 ? { tmpfs: options } : {}) };
    }
    case 'image':
    case 'npipe':
    case 'cluster':
      context.warn(`${where}: volumes of type ${volume.type} are not supported and are ignored`);
      return undefined;
    default:
      return assertNever(volume.type);
  }
}

/** `/run:size=64m,mode=1777`: Docker's tmpfs options; the ones the engine interface cannot carry are warned about. */
function tmpfsMount(entry: string, path: readonly (string | number)[], context: MountContext): MountSpec {
  const colon = entry.indexOf(':');
  const target = colon === -1 ? entry : entry.slice(0, colon);
  const optionText = colon === -1 ? '' : entry.slice(colon + 1);
  let sizeBytes: number | undefined;
  let mode: number | undefined;
  let readOnly = false;
  for (const option of optionText.split(',').filter((text) => text !== '')) {
    const [key = '', value] = option.split('=', 2);
    if (key === 'size' && value !== undefined) {
      const size = parseByteSize(value);
      if (!size.ok) throw invalid(`${formatPath(path)}: tmpfs size "${value}" is not valid: ${size.reason}; write a size such as 64m`, path, context);
      sizeBytes = Number(size.value);
    } else if (key === 'mode' && value !== undefined && /^[0-7]+$/.test(value)) {
      mode = Number.parseInt(value, 8);
    } else if (key === 'ro') {
      readOnly = true;
    } else if (key !== 'rw') {
      context.warn(`${formatPath(path)}: tmpfs option ${option} is not supported and is ignored`);
    }
  }
  const options = { ...(sizeBytes !== undefined ? { sizeBytes } : {}), ...(mode !== undefined ? { mode } : {}) };
  return { type: 'tmpfs', source: '', target, readOnly, ...(Object.keys(options).length > 0 ? { tmpfs: options } : {}) };
}

/** Secrets and configs read from files become read-only binds; other sources cannot be mounted yet. */
function fileMounts(service: ServiceConfig, kind: 'secrets' | 'configs', context: MountContext): MountSpec[] {
  const references: readonly FileReferenceConfig[] = service[kind] ?? [];
  const declared = context.project[kind] ?? {};
  const mounts: MountSpec[] = [];
  references.forEach((reference, index) => {
    const path = ['services', context.serviceName, kind, index];
    const where = formatPath(path);
    const definition = declared[reference.source];
    if (definition === undefined) return; // the loader already refused undefined references
    if (definition.external === true) {
      throw invalid(`${where}: ${kind === 'secrets' ? 'secret' : 'config'} "${reference.source}" is external, which only Swarm supports; declare it with file: instead`, path, context);
    }
    // From environment or content: written into the container before start (service-lifecycle.ts), not mounted.
    if (definition.file === undefined) return;
    if (reference.uid !== undefined || reference.gid !== undefined || reference.mode !== undefined) {
      context.warn(`${where}: uid, gid and mode are not supported for a ${kind === 'secrets' ? 'secret' : 'config'} from a file and are ignored (the bind-mounted file keeps its own owner and mode)`);
    }
    const target = fileReferenceTarget(kind, reference);
    mounts.push({ type: 'bind', source: definition.file, target, readOnly: true, bind: { createHostPath: false } });
  });
  return mounts;
}

/** Where a secret or config appears in the container: its target, relative ones under `/run/secrets/` (secrets) or `/` (configs). */
export function fileReferenceTarget(kind: 'secrets' | 'configs', reference: FileReferenceConfig): string {
  const baseDir = kind === 'secrets' ? SECRETS_DIR : CONFIGS_DIR;
  if (reference.target === undefined) return baseDir + reference.source;
  return reference.target.startsWith('/') ? reference.target : baseDir + reference.target;
}

function invalid(message: string, path: readonly (string | number)[], context: MountContext): BerthError {
  return new BerthError('invalid_project', message, { location: context.locate(path) });
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}

/** A long-syntax `tmpfs.mode` is the YAML number itself (`0o1777` is 1023); text (`"1777"`, short syntax) is octal digits. */
function tmpfsMode(mode: string | number): number {
  return typeof mode === 'number' ? mode : Number.parseInt(mode, 8);
}
