/**
 * `berth top`: the processes of the project's running containers, one
 * table: SERVICE, # (the container number), then the engine's `ps`
 * columns, CMD last.
 */
import { CONTAINER_NUMBER_LABEL, SERVICE_LABEL } from '../plan/index.js';
import { findContainers } from './project-containers.js';
import type { Session } from './session.js';
import type { ProjectTarget } from './target.js';
import { renderTable, TOP_LAYOUT } from './text-table.js';

export interface ContainerProcesses {
  readonly service: string;
  /** The container number, empty for a container without one. */
  readonly replica: string;
  readonly titles: readonly string[];
  readonly processes: readonly (readonly string[])[];
}

export async function top(target: ProjectTarget, session: Session, options: { services: readonly string[] }): Promise<string> {
  const containers = await findContainers(session.engine, target, { services: options.services, oneOff: 'include', stopped: false });
  const listed = await Promise.all(
    containers.map(async (container): Promise<ContainerProcesses> => {
      const processes = await session.engine.containers.top(container.id);
      return { service: container.labels[SERVICE_LABEL] ?? container.name, replica: container.labels[CONTAINER_NUMBER_LABEL] ?? '', ...processes };
    }),
  );
  return renderTop(listed);
}

/** Columns in the order first seen across containers (engines may differ), CMD moved to the end; a cell a container lacks is `-`. */
export function renderTop(containers: readonly ContainerProcesses[]): string {
  const header = ['SERVICE', '#'];
  const rows: Map<string, string>[] = [];
  for (const container of containers) {
    for (const process of container.processes) {
      const row = new Map<string, string>([
        ['SERVICE', container.service],
        ['#', container.replica],
      ]);
      container.titles.forEach((title, column) => {
        if (!header.includes(title)) header.push(title);
        row.set(title, process[column] ?? '');
      });
      rows.push(row);
    }
  }
  if (rows.length === 0) return '';
  const command = header.indexOf('CMD');
  if (command >= 0) header.push(...header.splice(command, 1));
  return renderTable(header, rows.map((row) => header.map((title) => row.get(title) ?? '-')), TOP_LAYOUT);
}
