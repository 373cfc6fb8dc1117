/**
 * Reads one compose file's text into plain values, recording where every
 * value was written. js-yaml parses (it is several times faster than the
 * alternatives on cold start, which is most of a CLI run); its node events
 * give the positions. Anchors and `<<` merge keys are expanded here into
 * independent copies, with a budget so that an alias bomb fails fast in
 * bounded memory. `!reset` and `!override` are collected as paths for the
 * merge step. Scalars follow YAML 1.2's core schema, as Compose's Go YAML
 * library does, including its `0755` octal form that file modes rely on.
 */
import yaml from 'js-yaml';
import { BerthError, type SourceLocation } from '../../errors.js';
import { formatPath, type Dict, type ModelPath, type PathLink, toPath } from '../tree.js';
import type { LocationIndex } from './locations.js';

export interface ParsedDocument {
  readonly file: string;
  readonly value: Dict;
  /** Paths tagged `!reset`: dropped from what earlier files set, and from this one. */
  readonly resets: readonly ModelPath[];
  /** Paths tagged `!override`: replace what earlier files set instead of merging. */
  readonly overrides: readonly ModelPath[];
}

/** Alias expansion may add at most this many nodes beyond the file's own. */
const ALIAS_EXPANSION_BUDGET = 250_000;

/** A value written with `!reset` or `!override`. */
class TaggedValue {
  constructor(
    readonly tag: 'reset' | 'override',
    readonly value: unknown,
  ) {}
}

const GO_INTEGER = /^[-+]?(?:0|[1-9][0-9_]*|0[0-7_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)$/;

/** Integers as Go's YAML library reads them: decimal, `0755` and `0o755` octal, hex, binary. */
const goInteger = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && GO_INTEGER.test(data) && /\d/.test(data.replace(/^[-+]?0[box]/, '')),
  construct: (data: string) => {
    const text = data.replace(/_/g, '');
    const sign = text.startsWith('-') ? -1 : 1;
    const digits = text.replace(/^[-+]/, '');
    if (/^0[0-7]+$/.test(digits)) return sign * Number.parseInt(digits.slice(1), 8);
    if (digits.startsWith('0o')) return sign * Number.parseInt(digits.slice(2), 8);
    if (digits.startsWith('0x')) return sign * Number.parseInt(digits.slice(2), 16);
    if (digits.startsWith('0b')) return sign * Number.parseInt(digits.slice(2), 2);
    return sign * Number(digits);
  },
  predicate: (value: unknown) => Number.isInteger(value),
});

const tagged = (tag: 'reset' | 'override'): yaml.Type[] =>
  (['scalar', 'sequence', 'mapping'] as const).map(
    (kind) => new yaml.Type(`!${tag}`, { kind, construct: (data: unknown) => new TaggedValue(tag, data) }),
  );

/** js-yaml exports its built-in types at run time; its type declarations leave them out. */
const builtin = (yaml as unknown as { types: Record<'null' | 'bool' | 'float' | 'merge', yaml.Type> }).types;

const COMPOSE_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [builtin.null, builtin.bool, goInteger, builtin.float, builtin.merge],
  explicit: [...tagged('reset'), ...tagged('override')],
});

/** Where js-yaml built each mapping and sequence, and where each of its entries starts. */
interface Shape {
  readonly start: number;
  readonly entries: Map<string | number, number>;
}

export function parseComposeYaml(text: string, file: string, index: LocationIndex): ParsedDocument[] {
  const lines = new LineIndex(text);
  const at = (offset: number): SourceLocation => lines.locate(file, skipBlanks(text, offset));
  const shapes = new WeakMap<object, Shape>();
  const values: unknown[] = [];
  const stack: { start: number; children: { start: number; value: unknown }[] }[] = [];
  try {
    yaml.loadAll(text, (document) => values.push(document), {
      filename: file,
      schema: COMPOSE_SCHEMA,
      listener(event, state) {
        if (event === 'open') {
          stack.push({ start: state.position, children: [] });
          return;
        }
        const frame = stack.pop();
        if (!frame) return;
        const value: unknown = state.result;
        stack.at(-1)?.children.push({ start: frame.start, value });
        if (typeof value !== 'object' || value === null || shapes.has(value) || value instanceof TaggedValue) return;
        const entries = new Map<string | number, number>();
        if (state.kind === 'mapping') {
          for (let position = 0; position + 1 < frame.children.length; position += 2) {
            const key = frame.children[position]!;
            const entry = frame.children[position + 1]!;
            // A block collection is best pointed at by its key; a scalar by its value.
            const pointAtKey = typeof entry.value === 'object' && entry.value !== null;
            entries.set(String(key.value), pointAtKey ? key.start : entry.start);
          }
        } else if (state.kind === 'sequence') {
          frame.children.forEach((child, position) => entries.set(position, child.start));
        }
        shapes.set(value, { start: frame.start, entries });
      },
    });
  } catch (error) {
    // The node being built when js-yaml gave up: its last finished child.
    const current = stack.at(-1)?.children.at(-1)?.start;
    throw yamlError(error, text, file, lines, current);
  }
  const parsed: ParsedDocument[] = [];
  for (const value of values) {
    if (value === null || value === undefined) continue;
    parsed.push(new DocumentReader(file, index, at, shapes).read(value));
  }
  if (parsed.length === 0) parsed.push({ file, value: {}, resets: [], overrides: [] });
  return parsed;
}

function yamlError(error: unknown, text: string, file: string, lines: LineIndex, current: number | undefined): unknown {
  if (!(error instanceof yaml.YAMLException)) return error;
  const mark = error.mark as { position?: number; line?: number; column?: number } | undefined;
  const location: SourceLocation | undefined =
    mark?.line === undefined ? undefined : { file, line: mark.line + 1, column: (mark.column ?? 0) + 1 };
  if (error.reason.startsWith('duplicated mapping key')) {
    const offset = mark?.position ?? 0;
    const key = /^\s*["']?([^"':\n]*)/.exec(text.slice(offset))?.[1]?.trim() ?? '';
    const keyLocation = lines.locate(file, skipBlanks(text, offset));
    return new BerthError('invalid_yaml', `duplicate key "${key}" in the same mapping; keep only one of them`, { location: keyLocation });
  }
  const alias = /^unidentified alias "(.*)"$/.exec(error.reason);
  if (alias) {
    return new BerthError('invalid_yaml', `unknown anchor *${alias[1]}; define it with &${alias[1]} before using it`, { location, cause: error });
  }
  if (error.reason.startsWith('cannot merge mappings')) {
    return new BerthError('invalid_yaml', 'a "<<" merge key takes a mapping or a list of mappings', {
      location: current === undefined ? location : lines.locate(file, skipBlanks(text, current)),
      cause: error,
    });
  }
  return new BerthError('invalid_yaml', `invalid YAML: ${error.reason}; fix the YAML syntax`, { location, cause: error });
}

/** The first character of a node: js-yaml reports where it started looking. */
function skipBlanks(text: string, offset: number): number {
  let position = offset;
  while (position < text.length && (text[position] === ' ' || text[position] === '\t')) position++;
  return position;
}

class LineIndex {
  readonly #starts: number[] = [0];

  constructor(text: string) {
    for (let position = text.indexOf('\n'); position >= 0; position = text.indexOf('\n', position + 1)) {
      this.#starts.push(position + 1);
    }
  }

  locate(file: string, offset: number): SourceLocation {
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.#starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { file, line: low + 1, column: offset - this.#starts[low]! + 1 };
  }
}


/**
 * Turns js-yaml's result into a tree the loader can own: js-yaml shares the
 * object of an anchor with every alias of it (and `<<` shares the merged
 * values), so each container met a second time is replaced by a copy of its
 * own; everything else is used as parsed, with no copy. Positions and tags
 * are recorded on the way.
 */
class DocumentReader {
  readonly #resets: ModelPath[] = [];
  readonly #overrides: ModelPath[] = [];
  readonly #seen = new Set<object>();
  /** Containers being copied: one inside itself is a recursive alias. */
  readonly #open = new Set<object>();
  #copied = 0;

  constructor(
    private readonly file: string,
    private readonly index: LocationIndex,
    private readonly at: (offset: number) => SourceLocation,
    private readonly shapes: WeakMap<object, Shape>,
  ) {}

  read(root: unknown): ParsedDocument {
    const value = this.own(root, undefined);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const shape = typeof root === 'object' && root !== null ? this.shapes.get(root) : undefined;
      throw new BerthError('invalid_yaml', 'the top level of a compose file must be a mapping (services:, networks:, …)', {
        location: this.at(shape?.start ?? 0),
      });
    }
    return { file: this.file, value: value as Dict, resets: this.#resets, overrides: this.#overrides };
  }

  /** Takes `value` over in place when it is met for the first time, else copies it. */
  private own(value: unknown, path: PathLink | undefined): unknown {
    if (value instanceof TaggedValue) {
      (value.tag === 'reset' ? this.#resets : this.#overrides).push(toPath(path));
      return this.own(value.value, path);
    }
    if (typeof value !== 'object' || value === null) return value;
    if (this.#seen.has(value)) return this.copy(value, path);
    this.#seen.add(value);
    this.record(value, value);
    if (Array.isArray(value)) {
      for (let position = 0; position < value.length; position++) {
        const item: unknown = value[position];
        const owned = this.own(item, { up: path, key: position });
        if (owned !== item) value[position] = owned;
      }
    } else {
      const mapping = value as Dict;
      for (const key of Object.keys(mapping)) {
        const item = mapping[key];
        const owned = this.own(item, { up: path, key });
        if (owned !== item) setEntry(mapping, key, owned);
      }
    }
    return value;
  }

  /** A fresh copy of a shared container, counted against the alias budget. */
  private copy(value: unknown, path: PathLink | undefined): unknown {
    if (value instanceof TaggedValue) {
      (value.tag === 'reset' ? this.#resets : this.#overrides).push(toPath(path));
      return this.copy(value.value, path);
    }
    if (typeof value !== 'object' || value === null) return value;
    if (++this.#copied > ALIAS_EXPANSION_BUDGET) {
      throw new BerthError(
        'invalid_yaml',
        `aliases expand to more than ${ALIAS_EXPANSION_BUDGET} nodes at ${formatPath(toPath(path)) || 'the document root'}; this looks like an alias bomb ("billion laughs"), so the file is refused`,
        { location: this.locate(value) },
      );
    }
    if (this.#open.has(value)) {
      throw new BerthError('invalid_yaml', `an alias at ${formatPath(toPath(path))} refers to a node that contains it; remove the recursion`, {
        location: this.locate(value),
      });
    }
    this.#open.add(value);
    let copy: unknown[] | Dict;
    if (Array.isArray(value)) {
      copy = value.map((item: unknown, position) => this.copy(item, { up: path, key: position }));
    } else {
      copy = {};
      for (const key of Object.keys(value)) setEntry(copy, key, this.copy((value as Dict)[key], { up: path, key }));
    }
    this.#open.delete(value);
    this.record(copy, value);
    return copy;
  }

  /** Gives `container` the positions js-yaml reported for `parsed`. */
  private record(container: object, parsed: object): void {
    const shape = this.shapes.get(parsed);
    if (!shape) {
      // `parsed` is itself a copy (made for an earlier alias): it carries its original's positions.
      this.index.copy(container, parsed);
      return;
    }
    const entries = new Map<string | number, SourceLocation>();
    for (const [key, offset] of shape.entries) entries.set(key, this.at(offset));
    this.index.record(container, this.at(shape.start), entries);
  }

  private locate(value: object): SourceLocation | undefined {
    const shape = this.shapes.get(value);
    return shape ? this.at(shape.start) : this.index.of(value);
  }
}

function setEntry(target: Dict, key: string, value: unknown): void {
  // A key named __proto__ must stay data, never become the prototype.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
