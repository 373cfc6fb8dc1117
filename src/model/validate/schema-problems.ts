/**
 * Turns Ajv's raw errors into the problems a person would name.
 *
 * Ajv reports every failed alternative of an `anyOf`: a wrong port entry gives
 * "must be number", "must be string" and "unknown attribute" at once. The
 * schema's alternatives always have distinct JSON types, so once a value has
 * the type of one alternative (an error was found inside it, or about its
 * keys), the type mismatches of the other alternatives are noise. What is left
 * are independent problems, returned in the order they appear in the file.
 */
import type { ErrorObject } from 'ajv';
import type { Dict, ModelPath } from '../tree.js';

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null';

/** One thing wrong with the document, at `path`. */
export type SchemaProblem =
  | {
      readonly kind: 'unknown-attribute';
      readonly path: ModelPath;
      readonly key: string;
      readonly allowed: readonly string[];
      readonly extensions: boolean;
    }
  | {
      readonly kind: 'invalid-name';
      readonly path: ModelPath;
      readonly key: string;
      /** What the keys of this mapping name ("service"), when the schema says. */
      readonly noun: string | undefined;
      readonly pattern: string | undefined;
    }
  | {
      readonly kind: 'missing-attribute';
      readonly path: ModelPath;
      readonly attribute: string;
      readonly allowedValues: readonly unknown[] | undefined;
    }
  | {
      readonly kind: 'wrong-type';
      readonly path: ModelPath;
      readonly expected: readonly JsonType[];
      readonly description: string | undefined;
    }
  | { readonly kind: 'value-not-allowed'; readonly path: ModelPath; readonly allowed: readonly unknown[] }
  | {
      readonly kind: 'bad-format';
      readonly path: ModelPath;
      readonly pattern: string;
      readonly description: string | undefined;
    }
  | {
      readonly kind: 'out-of-range';
      readonly path: ModelPath;
      readonly bound: 'minimum' | 'maximum';
      readonly limit: number;
    }
  | {
      readonly kind: 'duplicate-item';
      readonly path: ModelPath;
      readonly firstIndex: number;
      readonly secondIndex: number;
    }
  | { readonly kind: 'other'; readonly path: ModelPath; readonly message: string };

/** The independent problems behind a failed validation, in document order. */
export function collectProblems(errors: readonly ErrorObject[], model: Dict): SchemaProblem[] {
  const located = errors.map((error) => ({ error, path: toModelPath(error.instancePath, model) }));

  const alternativesAt = new Set(
    located.filter(({ error }) => isAlternatives(error.keyword)).map(({ path }) => pathKey(path)),
  );
  // `enum` is checked even when the type is already wrong ("a list is not one
  // of: all"); the type mismatch is the real problem there.
  const typeFailures = new Set(
    located.filter(({ error }) => error.keyword === 'type').map(({ error, path }) => typeFailureKey(error, path)),
  );
  const remaining = located.filter(
    ({ error, path }) =>
      !isAlternatives(error.keyword) && !(error.keyword !== 'type' && typeFailures.has(typeFailureKey(error, path))),
  );

  // At a value with alternatives, the value has "chosen" an alternative when
  // some error lies deeper or is about something other than its type.
  const chosen = new Set<string>();
  for (const { error, path } of remaining) {
    for (const alternativesPath of alternativesAt) {
      const key = pathKey(path);
      const deeper = key.startsWith(`${alternativesPath}/`);
      if (deeper || (key === alternativesPath && error.keyword !== 'type')) chosen.add(alternativesPath);
    }
  }
  const relevant = remaining.filter(
    ({ error, path }) => !(error.keyword === 'type' && chosen.has(pathKey(path))),
  );

  const problems: SchemaProblem[] = [];
  const typeProblemAt = new Map<string, { expected: JsonType[]; description: string | undefined }>();
  const seen = new Set<string>();
  for (const { error, path } of relevant) {
    if (error.keyword === 'type') {
      const key = pathKey(path);
      let entry = typeProblemAt.get(key);
      if (!entry) {
        entry = { expected: [], description: undefined };
        typeProblemAt.set(key, entry);
        problems.push({ kind: 'wrong-type', path, expected: entry.expected, description: undefined });
      }
      for (const type of expectedTypes(error)) if (!entry.expected.includes(type)) entry.expected.push(type);
      entry.description ??= descriptionOf(error);
      continue;
    }
    const problem = toProblem(error, path);
    const identity = JSON.stringify(problem);
    if (seen.has(identity)) continue;
    seen.add(identity);
    problems.push(problem);
  }

  const withDescriptions = problems.map((problem) =>
    problem.kind === 'wrong-type'
      ? { ...problem, description: typeProblemAt.get(pathKey(problem.path))?.description }
      : problem,
  );
  const order = (problem: SchemaProblem) => documentOrder(model, problemAnchor(problem));
  return withDescriptions
    .map((problem, index) => ({ problem, index, order: order(problem) }))
    .sort((left, right) => compareOrder(left.order, right.order) || left.index - right.index)
    .map(({ problem }) => problem);
}

/** The path of the value a problem is best pointed at in the file. */
export function problemAnchor(problem: SchemaProblem): ModelPath {
  switch (problem.kind) {
    case 'unknown-attribute':
    case 'invalid-name':
      return [...problem.path, problem.key];
    case 'duplicate-item':
      return [...problem.path, problem.secondIndex];
    case 'missing-attribute':
    case 'wrong-type':
    case 'value-not-allowed':
    case 'bad-format':
    case 'out-of-range':
    case 'other':
      return problem.path;
    default:
      return assertNever(problem);
  }
}

function toProblem(error: ErrorObject, path: ModelPath): SchemaProblem {
  const params = error.params as Record<string, unknown>;
  const parent = error.parentSchema as Record<string, unknown> | undefined;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const properties = isRecord(parent?.['properties']) ? Object.keys(parent['properties']) : [];
      const patterns = isRecord(parent?.['patternProperties']) ? Object.keys(parent['patternProperties']) : [];
      const namePattern = patterns.find((pattern) => pattern !== '^x-');
      if (properties.length === 0 && namePattern !== undefined) {
        const noun = typeof parent?.['title'] === 'string' ? parent['title'] : undefined;
        return { kind: 'invalid-name', path, key, noun, pattern: namePattern };
      }
      return {
        kind: 'unknown-attribute',
        path,
        key,
        allowed: [...properties].sort(),
        extensions: patterns.includes('^x-'),
      };
    }
    case 'required': {
      const attribute = String(params['missingProperty']);
      const properties = parent?.['properties'];
      const attributeSchema = isRecord(properties) ? properties[attribute] : undefined;
      const allowedValues = isRecord(attributeSchema) && Array.isArray(attributeSchema['enum'])
        ? (attributeSchema['enum'] as unknown[])
        : undefined;
      return { kind: 'missing-attribute', path, attribute, allowedValues };
    }
    case 'enum':
      return { kind: 'value-not-allowed', path, allowed: (params['allowedValues'] as unknown[] | undefined) ?? [] };
    case 'pattern':
      return { kind: 'bad-format', path, pattern: String(params['pattern']), description: descriptionOf(error) };
    case 'minimum':
    case 'maximum':
      return { kind: 'out-of-range', path, bound: error.keyword, limit: Number(params['limit']) };
    case 'uniqueItems': {
      const [firstIndex, secondIndex] = [Number(params['i']), Number(params['j'])].sort((a, b) => a - b);
      return { kind: 'duplicate-item', path, firstIndex: firstIndex ?? 0, secondIndex: secondIndex ?? 0 };
    }
    default:
      return { kind: 'other', path, message: error.message ?? `fails the schema's '${error.keyword}' rule` };
  }
}

function expectedTypes(error: ErrorObject): JsonType[] {
  const wanted = (error.params as { type?: unknown }).type;
  const list = Array.isArray(wanted) ? wanted : typeof wanted === 'string' ? wanted.split(',') : [];
  return list.filter(isJsonType);
}

function descriptionOf(error: ErrorObject): string | undefined {
  const description = (error.parentSchema as Record<string, unknown> | undefined)?.['description'];
  return typeof description === 'string' ? description : undefined;
}

/** Ajv's instance path (a JSON pointer) as a model path, with list indexes as numbers. */
export function toModelPath(instancePath: string, model: Dict): ModelPath {
  if (instancePath === '') return [];
  const path: (string | number)[] = [];
  let node: unknown = model;
  for (const raw of instancePath.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(segment);
      path.push(index);
      node = node[index];
    } else {
      path.push(segment);
      node = isRecord(node) ? node[segment] : undefined;
    }
  }
  return path;
}

/** Positions of each step in its parent, which is document order for parsed YAML. */
function documentOrder(model: Dict, path: ModelPath): number[] {
  const order: number[] = [];
  let node: unknown = model;
  for (const segment of path) {
    if (typeof segment === 'number') {
      order.push(segment);
      node = Array.isArray(node) ? node[segment] : undefined;
    } else if (isRecord(node)) {
      const index = Object.keys(node).indexOf(segment);
      order.push(index === -1 ? Number.MAX_SAFE_INTEGER : index);
      node = node[segment];
    } else {
      order.push(Number.MAX_SAFE_INTEGER);
      node = undefined;
    }
  }
  return order;
}

function compareOrder(left: readonly number[], right: readonly number[]): number {
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

// Errors from one schema node share its `parentSchema` object (Ajv's verbose mode).
const schemaIds = new WeakMap<object, number>();
let nextSchemaId = 1;
function typeFailureKey(error: ErrorObject, path: ModelPath): string {
  const node = error.parentSchema;
  let id = 0;
  if (typeof node === 'object' && node !== null) {
    id = schemaIds.get(node) ?? nextSchemaId++;
    schemaIds.set(node, id);
  }
  return `${id}:${pathKey(path)}`;
}

function pathKey(path: ModelPath): string {
  return path.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function isAlternatives(keyword: string): boolean {
  return keyword === 'anyOf' || keyword === 'oneOf';
}

function isJsonType(value: unknown): value is JsonType {
  return (
    value === 'string' ||
    value === 'number' ||
    value === 'integer' ||
    value === 'boolean' ||
    value === 'array' ||
    value === 'object' ||
    value === 'null'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assertNever(value: never): never {
  throw new Error(`unexpected schema problem ${JSON.stringify(value)}`);
}
