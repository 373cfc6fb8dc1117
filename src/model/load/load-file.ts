/**
 * One compose file on its way into the project, in Compose's order:
 * parse → interpolate → schema → canonical form → include → extends, then
 * `!reset`/`!override` against what earlier files set, then merge.
 */
import { BerthError } from '../../errors.js';
import { canonicalize } from '../canonical/index.js';
import { interpolateTree } from '../interpolate/index.js';
import { mergeModels } from '../merge/index.js';
import { parseComposeYaml, type ParsedDocument } from '../source/parse-yaml.js';
import type { Dict, ModelPath } from '../tree.js';
import { validateSchema } from '../validate/schema.js';
import { STDIN } from './config-files.js';
import type { FileScope, LoadContext } from './context.js';
import { applyExtends } from './extends.js';
import { applyIncludes } from './include.js';
import { relocate } from './relocate.js';
import { withoutPaths } from './reset.js';

/** A document after parsing and interpolation: what `extends` reads from other files. */
export interface ReadDocument {
  readonly file: string;
  readonly value: Dict;
  readonly resets: readonly ModelPath[];
  readonly overrides: readonly ModelPath[];
}

export async function readComposeText(file: string, context: LoadContext): Promise<string> {
  if (file === STDIN) return context.host.readStdin();
  const text = await context.host.readFile(file);
  if (text === undefined) {
    throw new BerthError('file_not_found', `compose file ${file} not found; check the -f path or COMPOSE_FILE`);
  }
  return text;
}

/** Parses and interpolates every document of a file, once per file and environment. */
export function readFile(file: string, text: string, scope: FileScope, context: LoadContext): Promise<ReadDocument[]> {
  const key = `${file}\u0000${scope.baseDir}`;
  let read = context.prepared.get(key);
  if (!read) {
    read = Promise.resolve().then(() => readDocuments(file === STDIN ? 'stdin' : file, text, scope, context));
    context.prepared.set(key, read);
  }
  return read;
}

/** Each file is parsed once per load, whatever reads it (name, documents, extends). */
export function parseCached(file: string, text: string, context: LoadContext): readonly ParsedDocument[] {
  let parsed = context.parsed.get(file);
  if (!parsed) {
    parsed = parseComposeYaml(text, file, context.index);
    context.parsed.set(file, parsed);
  }
  return parsed;
}

function readDocuments(file: string, text: string, scope: FileScope, context: LoadContext): ReadDocument[] {
  const { index } = context;
  return parseCached(file, text, context).map((document) => {
    let value = withoutPaths(document.value, document.resets);
    relocate(index, document.value, value);
    if (context.interpolate) {
      // Interpolation keeps the shape, so the uninterpolated tree locates paths in the result.
      const written = value;
      value = interpolateTree(written, {
        lookup: (name) => scope.environment[name],
        locate: index.locator(written),
        onUnset: (name) => {
          if (context.unsetWarned.has(name)) return;
          context.unsetWarned.add(name);
          context.warn(`The "${name}" variable is not set. Defaulting to a blank string.`);
        },
        onWarning: (message, path) => context.warn(describeAt(index.locate(written, path), message)),
      });
      context.written.set(value, written);
    }
    return { file, value, resets: document.resets, overrides: document.overrides };
  });
}

/** Schema validation then canonical forms, for a whole document or one part of it. */
export function prepareValue(value: Dict, file: string, context: LoadContext): Dict {
  const { index } = context;
  const written = context.written.get(value) ?? value;
  validateSchema(value, { locate: index.locator(written), file });
  let checked = value;
  if (Object.hasOwn(value, 'version')) {
    context.warn(`${file}: the attribute "version" is obsolete, it will be ignored; remove it to avoid confusion`);
    const { version: _obsolete, ...rest } = value;
    checked = rest;
  }
  const canonical = canonicalize(checked, {
    locate: index.locator(written),
    keepInvalidValues: !context.interpolate,
    onWarning: (message, path) => context.warn(describeAt(index.locate(written, path), message)),
  });
  relocate(index, written, canonical);
  return canonical;
}

function describeAt(location: { file: string; line: number; column: number } | undefined, message: string): string {
  return location ? `${location.file}:${location.line}:${location.column}: ${message}` : message;
}

/**
 * Loads files in order and merges each over the ones before: the raw, merged,
 * canonical model of one project (no defaults, paths still relative).
 */
export async function loadModel(files: readonly { path: string; text: string }[], scope: FileScope, context: LoadContext): Promise<Dict> {
  let model: Dict = {};
  for (const { path, text } of files) {
    for (const document of await readFile(path, text, scope, context)) {
      const replaced = [...document.resets, ...document.overrides];
      let value = prepareValue(document.value, document.file, context);
      value = await applyIncludes(value, document.file, replaced, scope, context);
      // What this document resets or overrides no longer takes part in the merge.
      const before = model;
      model = withoutPaths(model, replaced);
      relocate(context.index, before, model);
      value = await applyExtends(value, document, scope, context);
      // The merge also de-duplicates what must be unique (ports, mounts, …), as Compose's unicity pass does.
      model = mergeModels(model, value, { onContainerCreated: (created, sources) => context.index.inherit(created, sources) });
    }
  }
  return model;
}
