/**
 * Interpolation of a whole Compose document: every string value (never a
 * mapping key) goes through `substitute`, then compose-go's type-cast table
 * turns strings at typed paths into numbers and booleans.
 */
import { BerthError } from '../../errors.js';
import { formatPath, isDict, type PathLink, toPath } from '../tree.js';
import type { Dict, Locate, ModelPath } from '../tree.js';
import { castScalar } from './cast-scalar.js';
import { InvalidTemplateError, MissingVariableError } from './template-errors.js';
import { substitute } from './template.js';
import type { VariableLookup } from './template.js';
import { PatternTable, type PatternCursor } from '../path-pattern.js';
import { COMPOSE_TYPE_CAST_RULES } from './type-cast-rules.js';
import type { TypeCastRule } from './type-cast-rules.js';

export interface InterpolateTreeOptions {
  readonly lookup: VariableLookup;
  readonly locate: Locate;
  /** Called once per unset variable per string value, with the value's path. */
  readonly onUnset?: ((name: string, path: ModelPath) => void) | undefined;
  /** Non-fatal remarks, e.g. `yes`/`no` read as booleans. */
  readonly onWarning?: ((message: string, path: ModelPath) => void) | undefined;
  /** Defaults to compose-go's table; tests and other documents may bring their own. */
  readonly castRules?: readonly TypeCastRule[] | undefined;
}

/** Returns the interpolated tree; the input is left untouched, and parts without `${}` are shared with it. */
export function interpolateTree(tree: Dict, options: InterpolateTreeOptions): Dict {
  const walker = new TreeInterpolation(options);
  return walker.mapping(tree, undefined);
}

const compiledTables = new WeakMap<readonly TypeCastRule[], PatternTable<TypeCastRule>>();

/** compose-go's paths name sequence items `[]`, and its `*` matches them too. */
function castTable(rules: readonly TypeCastRule[]): PatternTable<TypeCastRule> {
  let table = compiledTables.get(rules);
  if (!table) {
    table = new PatternTable(rules.map((rule) => [rule.pattern, rule] as const), { star: 'any' });
    compiledTables.set(rules, table);
  }
  return table;
}

class TreeInterpolation {
  private readonly table: PatternTable<TypeCastRule>;

  constructor(private readonly options: InterpolateTreeOptions) {
    this.table = castTable(options.castRules ?? COMPOSE_TYPE_CAST_RULES);
  }

  /** A mapping whose values all stay the same is returned as is: trees are immutable, so sharing is safe. */
  mapping(dict: Dict, path: PathLink | undefined, cursor: PatternCursor<TypeCastRule> | undefined = this.table.root): Dict {
    let out: Dict | undefined;
    const keys = Object.keys(dict);
    for (let position = 0; position < keys.length; position++) {
      const key = keys[position]!;
      const value = dict[key];
      const result = this.value(value, { up: path, key }, cursor?.child(key));
      if (result === value && out === undefined) continue;
      if (out === undefined) {
        out = {};
        for (const earlier of keys.slice(0, position)) setOwn(out, earlier, dict[earlier]);
      }
      setOwn(out, key, result);
    }
    return out ?? dict;
  }

  private value(value: unknown, path: PathLink, cursor: PatternCursor<TypeCastRule> | undefined): unknown {
    if (typeof value === 'string') return this.string(value, path, cursor?.value);
    if (Array.isArray(value)) {
      let changed = false;
      const items = value.map((item: unknown, index) => {
        const result = this.value(item, { up: path, key: index }, cursor?.child(index));
        if (result !== item) changed = true;
        return result;
      });
      return changed ? items : value;
    }
    if (isDict(value)) return this.mapping(value, path, cursor);
    return value;
  }

  private string(template: string, link: PathLink, rule: TypeCastRule | undefined): unknown {
    const substituted = template.includes('$') ? this.substitute(template, link) : template;
    if (rule === undefined) return substituted;
    const path = toPath(link);

    const outcome = castScalar(rule.cast, substituted);
    if (!outcome.ok) {
      throw new BerthError(
        'invalid_interpolation',
        `error while interpolating ${formatPath(path)}: failed to cast to expected type: ${outcome.reason}; ` +
          `write a ${describeCast(rule)} there, or make the variable hold one`,
        { location: this.options.locate(path) },
      );
    }
    if (outcome.warning !== undefined) this.options.onWarning?.(outcome.warning, path);
    return outcome.value;
  }

  private substitute(template: string, link: PathLink): string {
    try {
      const result = substitute(template, this.options.lookup);
      for (const name of result.unset) this.options.onUnset?.(name, toPath(link));
      return result.value;
    } catch (error) {
      if (error instanceof MissingVariableError || error instanceof InvalidTemplateError) {
        const path = toPath(link);
        throw error.at({ context: formatPath(path), location: this.options.locate(path) });
      }
      throw error;
    }
  }
}


function describeCast(rule: TypeCastRule): string {
  switch (rule.cast) {
    case 'int':
      return 'whole number';
    case 'float':
    case 'float32':
      return 'number';
    case 'bool':
      return 'boolean (true or false)';
    default:
      return assertNever(rule.cast);
  }
}

// A plain assignment of `__proto__` would replace the prototype instead of adding a key.
function setOwn(target: Dict, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected cast kind ${String(value)}`);
}
