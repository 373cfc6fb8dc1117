/**
 * The short volume syntax `[SOURCE:]TARGET[:OPTIONS]` as compose-go's
 * format.ParseVolume reads it (the same on every platform):
 * - fields are split on `:`, except a `:` right after a single letter (a
 *   Windows drive, `C:\data`) and any `:` inside `${…}` (text that could not
 *   be interpolated, e.g. `${TIME:-12:30}`);
 * - one field is the target of an anonymous volume; a source that starts with
 *   `.`, `/`, `~`, `\\` or a drive letter makes a bind mount (with
 *   `create_host_path: true`, the legacy behaviour of short binds), anything
 *   else names a volume;
 * - options are a comma list: `ro`, `rw`, `nocopy` (→ `volume.nocopy`),
 *   propagation (`rprivate`, `private`, `rshared`, `shared`, `rslave`,
 *   `slave` → `bind.propagation`), SELinux `z`/`Z` (→ `bind.selinux`); other
 *   options are ignored, as compose-go ignores them;
 * - a spec of one or two characters is an anonymous volume's target.
 * The target is returned as written; the canonicalizer cleans it.
 */
import { type ParseResult, parsed, rejected } from './parse-result.js';

export interface ShortSyntaxVolume {
  type: 'bind' | 'volume';
  source?: string;
  target: string;
  read_only?: true;
  bind?: { propagation?: string; selinux?: string; create_host_path?: true };
  volume?: { nocopy?: true };
}

export const VOLUME_SYNTAX =
  '[SOURCE:]TARGET[:OPTIONS] where SOURCE is a volume name or a path starting with ".", "/" or "~" and OPTIONS a comma list of ro, rw, nocopy, z, Z or a propagation mode, e.g. "./data:/var/lib/data:ro"';

const PROPAGATIONS: ReadonlySet<string> = new Set(['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave']);
const SELINUX_LABELS: ReadonlySet<string> = new Set(['z', 'Z']);

export function parseVolumeSpec(spec: string): ParseResult<ShortSyntaxVolume> {
  if (spec === '') return rejected('it is empty');
  if (new TextEncoder().encode(spec).length <= 2) return parsed({ type: 'volume', target: spec });

  const fields: string[] = [];
  let field = '';
  let substitutionDepth = 0;
  for (let index = 0; index < spec.length; index++) {
    const char = spec[index] ?? '';
    if (char === '$' && spec[index + 1] === '{') {
      substitutionDepth++;
      field += char;
    } else if (char === '}' && substitutionDepth > 0) {
      substitutionDepth--;
      field += char;
    } else if (char === ':' && isDriveLetter(field)) {
      field += char;
    } else if (char === ':' && substitutionDepth === 0) {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  fields.push(field);

  if (fields.some((text) => text === '')) return rejected('a section between colons is empty');
  if (fields.length > 3) return rejected('it has too many colons');

  const [first = '', second, options] = fields;
  const source = second === undefined ? undefined : first;
  const target = second ?? first;
  const volume: ShortSyntaxVolume = { type: 'volume', ...(source === undefined ? {} : { source }), target };
  if (options !== undefined) applyOptions(volume, options);

  if (source !== undefined && isFilePath(source)) {
    volume.type = 'bind';
    volume.bind = { ...volume.bind, create_host_path: true };
  } else {
    volume.volume ??= {};
  }
  return parsed(orderFields(volume));
}

function applyOptions(volume: ShortSyntaxVolume, options: string): void {
  for (const option of options.split(',')) {
    if (option === 'ro') volume.read_only = true;
    else if (option === 'rw') delete volume.read_only;
    else if (option === 'nocopy') volume.volume = { nocopy: true };
    else if (PROPAGATIONS.has(option)) volume.bind = { ...volume.bind, propagation: option };
    else if (SELINUX_LABELS.has(option)) volume.bind = { ...volume.bind, selinux: option };
  }
}

/** Same keys, in compose-go's field order, so printed output reads the same. */
function orderFields(volume: ShortSyntaxVolume): ShortSyntaxVolume {
  const { type, source, target, read_only, bind, volume: volumeOptions } = volume;
  return {
    type,
    ...(source === undefined ? {} : { source }),
    target,
    ...(read_only === undefined ? {} : { read_only }),
    ...(bind === undefined ? {} : { bind }),
    ...(volumeOptions === undefined ? {} : { volume: volumeOptions }),
  };
}

function isDriveLetter(field: string): boolean {
  return [...field].length === 1 && /^\p{L}$/u.test(field);
}

function isFilePath(source: string): boolean {
  if (source === '') return false;
  if (source.startsWith('.') || source.startsWith('/') || source.startsWith('~')) return true;
  if (source.startsWith('\\\\')) return true;
  const [first = '', second] = [...source];
  return second === ':' && /^\p{L}$/u.test(first);
}
