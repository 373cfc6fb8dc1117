/**
 * `berth ls`: the Compose projects on the engine, from their containers'
 * labels alone (no compose file needed): name, a count of containers per
 * state, and the config files they were made from.
 */
import { BerthError } from '../errors.js';
import type { ContainerSummary } from '../engine/index.js';
import { compareText, CONFIG_FILES_LABEL, CONFIG_HASH_LABEL, PROJECT_LABEL } from '../plan/index.js';
import type { Session } from './session.js';
import { LISTING_LAYOUT, renderTable } from './text-table.js';

export type LsView = 'table' | 'json' | 'quiet';

export interface LsOptions {
  /** `-a`: projects whose containers are all stopped too. */
  readonly all: boolean;
  /** `--filter name=…`, repeatable: a project matches when its name equals, or matches as a regular expression, any of them. */
  readonly filters: readonly string[];
  readonly view: LsView;
}

/** One project, with Compose's JSON keys. */
export interface ProjectEntry {
  readonly Name: string;
  readonly Status: string;
  readonly ConfigFiles: string;
}

export async function ls(session: Session, options: LsOptions): Promise<string> {
  const names = parseNameFilters(options.filters);
  // Every container, filtered here: "has this label" is not part of the engine interface's label filter.
  const containers = await session.engine.containers.list({ all: options.all });
  const projects = projectEntries(containers).filter((project) => names.length === 0 || names.some((name) => matchesName(name, project.Name)));
  return renderProjects(projects, options.view);
}

export function parseNameFilters(filters: readonly string[]): string[] {
  return filters.map((filter) => {
    const [key = '', ...rest] = filter.split('=');
    if (key !== 'name' || rest.length === 0) throw new BerthError('invalid_argument', `invalid filter '${filter}': ls accepts only name=VALUE (a project name or a regular expression)`);
    return rest.join('=');
  });
}

function matchesName(filter: string, name: string): boolean {
  if (filter === name) return true;
  try {
    return new RegExp(filter).test(name);
  } catch {
    return false;
  }
}

/** Containers Compose (or berth) made for a service, grouped into projects sorted by name. */
export function projectEntries(containers: readonly ContainerSummary[]): ProjectEntry[] {
  const byProject = new Map<string, ContainerSummary[]>();
  for (const container of [...containers].sort((a, b) => compareText(a.name, b.name))) {
    const project = container.labels[PROJECT_LABEL];
    if (project === undefined || container.labels[CONFIG_HASH_LABEL] === undefined) continue;
    byProject.set(project, [...(byProject.get(project) ?? []), container]);
  }
  return [...byProject.keys()].sort(compareText).map((name) => {
    const members = byProject.get(name) ?? [];
    return { Name: name, Status: combinedStatus(members.map((container) => container.state)), ConfigFiles: combinedConfigFiles(members) };
  });
}

/** `exited(1), running(2)`: states sorted by name. */
export function combinedStatus(states: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const state of states) counts.set(state, (counts.get(state) ?? 0) + 1);
  return [...counts.keys()].sort(compareText).map((state) => `${state}(${counts.get(state) ?? 0})`).join(', ');
}

/** Every config file any container names, once each; `N/A` when a container lacks the label (made by something else than Compose). */
function combinedConfigFiles(containers: readonly ContainerSummary[]): string {
  const files: string[] = [];
  for (const container of containers) {
    const label = container.labels[CONFIG_FILES_LABEL];
    if (label === undefined) return 'N/A';
    for (const file of label.split(',')) if (!files.includes(file)) files.push(file);
  }
  return files.join(',');
}

export function renderProjects(projects: readonly ProjectEntry[], view: LsView): string {
  switch (view) {
    case 'quiet':
      return projects.map((project) => `${project.Name}\n`).join('');
    case 'json':
      return `${JSON.stringify(projects)}\n`;
    case 'table':
      return renderTable(['NAME', 'STATUS', 'CONFIG FILES'], projects.map((project) => [project.Name, project.Status, project.ConfigFiles]), LISTING_LAYOUT);
    default: {
      const unknown: never = view;
      throw new Error(`unknown ls view ${String(unknown)}`);
    }
  }
}
