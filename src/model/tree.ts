/**
 * The loader works on plain YAML-shaped values (mappings, sequences and
 * scalars) until the very end, when the canonical model is frozen into a
 * `Project`. These helpers name that shape and the path to a value in it.
 */
import type { SourceLocation } from '../errors.js';

/** A mapping as it comes out of YAML: string keys, YAML-shaped values. */
export type Dict = { [key: string]: unknown };

/** The keys and indexes leading from a document's root to one value. */
export type ModelPath = readonly (string | number)[];

/** Finds where the value at a path was written, when it is known. */
export type Locate = (path: ModelPath) => SourceLocation | undefined;

export const locateNowhere: Locate = () => undefined;

export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `services.web.ports[0]`, the way errors show a path to users. */
export function formatPath(path: ModelPath): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? part : `.${part}`;
  }
  return text;
}

/** A path kept as links to its parent, so walks that rarely need the whole path do not allocate one per value. */
export interface PathLink {
  readonly up: PathLink | undefined;
  readonly key: string | number;
}

/** The ModelPath a PathLink stands for (made only when something needs it: a rule, a warning, an error). */
export function toPath(link: PathLink | undefined): ModelPath {
  const path: (string | number)[] = [];
  for (let step = link; step; step = step.up) path.push(step.key);
  return path.reverse();
}
