/**
 * A project as text, the way `docker compose config` prints it: Compose's
 * field names, long forms, and every mapping sorted by key so that the same
 * project always renders to the same bytes.
 */
import yaml from 'js-yaml';
import type { Project } from './project.js';

export type RenderFormat = 'yaml' | 'json';

/** Fields of `Project` that describe how it was loaded rather than what it is. */
const NOT_RENDERED = new Set(['workingDir']);

export interface RenderOptions {
  /**
   * Write a literal `$` as `$$`, so that loading the output again gives the
   * same values (the round trip). Off for an uninterpolated project, whose
   * `${VAR}` must stay as written.
   */
  readonly escapeDollars?: boolean;
}

export function renderProject(project: Project, format: RenderFormat, options: RenderOptions = {}): string {
  const shown = Object.fromEntries(Object.entries(project).filter(([key]) => !NOT_RENDERED.has(key)));
  const model = sortKeys(options.escapeDollars === false ? shown : escapeDollars(shown));
  switch (format) {
    case 'yaml':
      return yaml.dump(model, { lineWidth: -1, noRefs: true, quotingType: '"', noCompatMode: true });
    case 'json':
      return `${JSON.stringify(model, null, 2)}\n`;
    default: {
      const unknown: never = format;
      throw new Error(`unknown format ${String(unknown)}`);
    }
  }
}

/** Mappings with their keys in code-point order; sequences keep their order. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== undefined) sorted[key] = sortKeys(child);
  }
  return sorted;
}

/** Every `$` in string values becomes `$$`; mapping keys are never interpolated, so they stay. */
function escapeDollars(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('$', '$$$$');
  if (Array.isArray(value)) return value.map(escapeDollars);
  if (typeof value !== 'object' || value === null) return value;
  const escaped: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) escaped[key] = escapeDollars(child);
  return escaped;
}
