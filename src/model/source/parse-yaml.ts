/**
 * Reads one compose file's text into plain values, recording where every
 * value was written. YAML anchors and `<<` merge keys are expanded here, with
 * a budget so that an alias bomb fails fast in bounded memory. The `!reset`
 * and `!override` tags are collected as paths for the merge step.
 */
import {
  visit,
  type Alias,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node as YamlNode,
  type Pair,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import { BerthError, type SourceLocation } from '../../errors.js';
import { formatPath, type Dict, type ModelPath } from '../tree.js';
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

/** The path to a node, built only when something needs it (a tag, an error). */
interface PathLink {
  readonly up: PathLink | undefined;
  readonly key: string | number;
}

function toPath(link: PathLink | undefined): ModelPath {
  const path: (string | number)[] = [];
  for (let at = link; at; at = at.up) path.push(at.key);
  return path.reverse();
}

export function parseComposeYaml(text: string, file: string, index: LocationIndex): ParsedDocument[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    lineCounter,
    merge: true,
    uniqueKeys: true,
    prettyErrors: false,
    strict: false,
  });
  const list = Array.isArray(documents) ? documents : [documents];
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const parsed: ParsedDocument[] = [];
  for (const document of list) {
    const problem = document.errors[0];
    if (problem) {
      throw new BerthError('invalid_yaml', describeYamlError(problem.code, problem.message, text, problem.pos[0]), {
        location: at(problem.pos[0]),
      });
    }
    if (document.contents === null) continue;
    parsed.push(new DocumentReader(document, file, index, at).read());
  }
  if (parsed.length === 0) {
    parsed.push({ file, value: {}, resets: [], overrides: [] });
  }
  return parsed;
}

function describeYamlError(code: string, message: string, text: string, offset: number): string {
  if (code === 'DUPLICATE_KEY') {
    const key = /^\s*["']?([^"':\n]*)/.exec(text.slice(offset))?.[1]?.trim() ?? '';
    return `duplicate key "${key}" in the same mapping; keep only one of them`;
  }
  const firstLine = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
  return `invalid YAML: ${firstLine}; fix the YAML syntax`;
}

class DocumentReader {
  readonly #resets: ModelPath[] = [];
  readonly #overrides: ModelPath[] = [];
  #aliasNodes = 0;

  constructor(
    private readonly document: Document.Parsed,
    private readonly file: string,
    private readonly index: LocationIndex,
    private readonly at: (offset: number) => SourceLocation,
  ) {}

  /** Anchor name → its definitions in document order: one walk, instead of one per alias. */
  #anchors: Map<string, YamlNode[]> | undefined;

  private resolveAlias(alias: Alias): YamlNode | undefined {
    if (!this.#anchors) {
      const anchors = new Map<string, YamlNode[]>();
      visit(this.document, {
        Node: (_key, node) => {
          if (isAlias(node) || !node.anchor) return;
          const list = anchors.get(node.anchor) ?? [];
          list.push(node);
          anchors.set(node.anchor, list);
        },
      });
      this.#anchors = anchors;
    }
    // An alias refers to the latest definition of its anchor before it.
    const at = alias.range?.[0] ?? Number.POSITIVE_INFINITY;
    let found: YamlNode | undefined;
    for (const node of this.#anchors.get(alias.source) ?? []) {
      if ((node.range?.[0] ?? 0) < at) found = node;
    }
    return found;
  }

  read(): ParsedDocument {
    const root = this.document.contents as YamlNode;
    const value = this.convert(root, undefined, false);
    if (value === null || value === undefined) return { file: this.file, value: {}, resets: [], overrides: [] };
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new BerthError('invalid_yaml', 'the top level of a compose file must be a mapping (services:, networks:, …)', {
        location: this.locationOf(root),
      });
    }
    return { file: this.file, value: value as Dict, resets: this.#resets, overrides: this.#overrides };
  }

  private locationOf(node: YamlNode | null | undefined): SourceLocation {
    return this.at(node?.range?.[0] ?? 0);
  }

  private convert(node: YamlNode | null | undefined, path: PathLink | undefined, viaAlias: boolean): unknown {
    if (node === null || node === undefined) return null;
    if (viaAlias && ++this.#aliasNodes > ALIAS_EXPANSION_BUDGET) {
      throw new BerthError(
        'invalid_yaml',
        `aliases expand to more than ${ALIAS_EXPANSION_BUDGET} nodes at ${formatPath(toPath(path)) || 'the document root'}; this looks like an alias bomb ("billion laughs"), so the file is refused`,
        { location: this.locationOf(node) },
      );
    }
    if (isAlias(node)) {
      const target = this.resolveAlias(node);
      if (!target) {
        throw new BerthError('invalid_yaml', `unknown anchor *${node.source}; define it with &${node.source} before using it`, {
          location: this.locationOf(node),
        });
      }
      return this.convert(target, path, true);
    }
    const tag = node.tag;
    if (tag === '!reset') {
      this.#resets.push(toPath(path));
    } else if (tag === '!override') {
      this.#overrides.push(toPath(path));
    }
    if (isMap(node)) return this.convertMap(node, path, viaAlias);
    if (isSeq(node)) {
      const items: unknown[] = [];
      const entries = new Map<string | number, SourceLocation>();
      node.items.forEach((item, position) => {
        items.push(this.convert(item as YamlNode, { up: path, key: position }, viaAlias));
        entries.set(position, this.locationOf(item as YamlNode));
      });
      this.index.record(items, this.locationOf(node), entries);
      return items;
    }
    if (isScalar(node)) return scalarValue(node);
    return null;
  }

  private convertMap(node: YAMLMap, path: PathLink | undefined, viaAlias: boolean): Dict {
    const result: Dict = {};
    const entries = new Map<string | number, SourceLocation>();
    const merged: Dict[] = [];
    for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
      const keyNode = pair.key;
      if (isScalar(keyNode) && typeof keyNode.value === 'symbol') {
        merged.push(...this.mergeSources(pair.value, path, viaAlias));
        continue;
      }
      const key = this.keyText(keyNode, path);
      const value = this.convert(pair.value, { up: path, key }, viaAlias);
      setEntry(result, key, value);
      // A block mapping or sequence is best pointed at by its key; a scalar by its value.
      entries.set(key, this.locationOf(isMap(pair.value) || isSeq(pair.value) || pair.value === null ? keyNode : pair.value));
    }
    // Keys written in the mapping win over merged ones; earlier merge sources win over later ones.
    for (const source of merged) {
      for (const [key, value] of Object.entries(source)) {
        if (Object.hasOwn(result, key)) continue;
        setEntry(result, key, value);
        const location = this.index.entry(source, key);
        if (location) entries.set(key, location);
      }
    }
    this.index.record(result, this.locationOf(node), entries);
    return result;
  }

  private mergeSources(value: YamlNode | null, path: PathLink | undefined, viaAlias: boolean): Dict[] {
    const sources = isSeq(value) ? (value.items as YamlNode[]) : [value];
    return sources.map((source) => {
      const converted = this.convert(source, path, viaAlias);
      if (typeof converted !== 'object' || converted === null || Array.isArray(converted)) {
        throw new BerthError('invalid_yaml', 'a "<<" merge key takes a mapping or a list of mappings', {
          location: this.locationOf(source),
        });
      }
      return converted as Dict;
    });
  }

  private keyText(keyNode: YamlNode | null, path: PathLink | undefined): string {
    if (isScalar(keyNode)) {
      const key = keyNode.value;
      if (typeof key === 'string') return key;
      if (typeof key === 'number' || typeof key === 'boolean') return String(keyNode.source ?? key);
    }
    throw new BerthError('invalid_yaml', `mapping keys must be plain strings (under ${formatPath(toPath(path)) || 'the document root'})`, {
      location: this.locationOf(keyNode),
    });
  }
}

function setEntry(target: Dict, key: string, value: unknown): void {
  // A key named __proto__ must stay data, never become the prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const OCTAL_LITERAL = /^[-+]?0[0-7]+$/;

/** Plain scalars follow YAML 1.2's core schema, plus Go's `0755` octal form that compose files rely on for modes. */
function scalarValue(node: Scalar): unknown {
  const value = node.value;
  if (node.type === 'PLAIN' && typeof value === 'number' && typeof node.source === 'string' && OCTAL_LITERAL.test(node.source)) {
    return Number.parseInt(node.source, 8);
  }
  if (typeof value === 'bigint') return Number(value);
  return value ?? null;
}
