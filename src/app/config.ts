/**
 * `berth config`: load the project and show it, or one facet of it.
 */
import { loadProjectDetails, renderProject, serviceConfigHash, type LoadProjectOptions, type RenderFormat } from '../model/index.js';
import { BerthError } from '../errors.js';

/** What `config` prints: the whole project, or a single facet. Flags map to exactly one. */
export type ConfigView =
  | { readonly kind: 'project'; readonly format: RenderFormat }
  | { readonly kind: 'services' }
  | { readonly kind: 'volumes' }
  | { readonly kind: 'networks' }
  | { readonly kind: 'images' }
  | { readonly kind: 'profiles' }
  | { readonly kind: 'hash'; readonly services: readonly string[] | '*' }
  | { readonly kind: 'environment' }
  | { readonly kind: 'variables'; readonly format: RenderFormat }
  | { readonly kind: 'quiet' };

/** Returns the text `config` writes on stdout (empty for `-q`). Throws a BerthError on any problem, having written nothing. */
export async function showConfig(view: ConfigView, load: LoadProjectOptions): Promise<string> {
  const loaded = await loadProjectDetails(view.kind === 'variables' ? { ...load, interpolate: false } : load);
  const { project } = loaded;
  const lines = (values: readonly string[]): string => values.map((value) => `${value}\n`).join('');
  switch (view.kind) {
    case 'project':
      return renderProject(project, view.format);
    case 'quiet':
      return '';
    case 'services':
      return lines(Object.keys(project.services).sort());
    case 'volumes':
      return lines(Object.keys(project.volumes ?? {}).sort());
    case 'networks':
      return lines(Object.keys(project.networks ?? {}).sort());
    case 'images':
      return lines(
        Object.entries(project.services)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([name, service]) => service.image ?? `${project.name}-${name}`),
      );
    case 'profiles': {
      const all = new Set<string>();
      for (const service of [...Object.values(project.services), ...Object.values(loaded.disabledServices)]) {
        const profiles = (service as { profiles?: readonly string[] }).profiles;
        for (const profile of profiles ?? []) all.add(profile);
      }
      return lines([...all].sort());
    }
    case 'hash': {
      const names = view.services === '*' ? Object.keys(project.services).sort() : view.services;
      return lines(
        names.map((name) => {
          const service = project.services[name];
          if (!service) throw new BerthError('invalid_argument', `no such service: ${name}; the project defines ${Object.keys(project.services).sort().join(', ')}`);
          return `${name} ${serviceConfigHash(service)}`;
        }),
      );
    }
    case 'environment':
      return lines(
        Object.entries(loaded.environment)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, value]) => `${key}=${value}`),
      );
    case 'variables':
      return showVariables(loaded.project, view.format);
    default: {
      const unknown: never = view;
      throw new Error(`unknown config view ${JSON.stringify(unknown)}`);
    }
  }
}

interface VariableUse {
  readonly name: string;
  readonly required: boolean;
  readonly defaultValue: string;
  readonly alternateValue: string;
}

const VARIABLE = /\$(?:\{([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|([_a-zA-Z][_a-zA-Z0-9]*))/g;

/** The variables a project uses (read from its uninterpolated form), as `docker compose config --variables` lists them. */
function showVariables(project: object, format: RenderFormat): string {
  const found = new Map<string, VariableUse>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const match of value.replaceAll('$$', '').matchAll(VARIABLE)) {
        const name = match[1] ?? match[4] ?? '';
        const operator = match[2] ?? '';
        const argument = match[3] ?? '';
        const use: VariableUse = {
          name,
          required: operator.endsWith('?'),
          defaultValue: operator.endsWith('-') ? argument : '',
          alternateValue: operator.endsWith('+') ? argument : '',
        };
        const previous = found.get(name);
        if (!previous || (!previous.required && use.required) || (previous.defaultValue === '' && use.defaultValue !== '')) found.set(name, use);
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const child of Object.values(value)) visit(child);
    }
  };
  visit(project);
  const uses = [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (format === 'json') {
    return `${JSON.stringify(Object.fromEntries(uses.map((use) => [use.name, use])), null, 2)}\n`;
  }
  const rows = [['NAME', 'REQUIRED', 'DEFAULT VALUE', 'ALTERNATE VALUE'], ...uses.map((use) => [use.name, use.required ? 'true' : 'false', use.defaultValue, use.alternateValue])];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `${row.map((cell, column) => cell.padEnd(widths[column]!)).join('   ').trimEnd()}\n`).join('');
}
