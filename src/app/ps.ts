/**
 * `berth ps`: the project's containers — running ones by default, every
 * state (one-offs included) with `-a` or `--status` — as Compose's table,
 * a JSON array, IDs (`-q`) or service names (`--services`).
 */
import { BerthError } from '../errors.js';
import type { ContainerState, ContainerSummary } from '../engine/index.js';
import { compareText, PROJECT_LABEL, SERVICE_LABEL, isOneOff } from '../plan/index.js';
import type { Session } from './session.js';
import { targetName, type ProjectTarget } from './target.js';
import { checkServiceNames } from './selection.js';
import { PS_LAYOUT, renderTable } from './text-table.js';

export type PsView = 'table' | 'json' | 'quiet' | 'services';

export interface PsOptions {
  readonly services: readonly string[];
  /** `-a`. */
  readonly all: boolean;
  /** `--status`, repeatable. */
  readonly status: readonly string[];
  readonly view: PsView;
  /** `--no-trunc`: the whole COMMAND. */
  readonly noTrunc?: boolean | undefined;
}

const STATES: readonly ContainerState[] = ['paused', 'restarting', 'removing', 'running', 'dead', 'created', 'exited'];

export interface PsEntry {
  readonly ID: string;
  readonly Name: string;
  readonly Image: string;
  readonly Command: string;
  readonly Project: string;
  readonly Service: string;
  readonly State: ContainerState;
  readonly Status: string;
  readonly Created: string;
  readonly Health: string;
  readonly ExitCode: number;
  readonly Labels: Readonly<Record<string, string>>;
  readonly Publishers: readonly { readonly URL: string; readonly TargetPort: number; readonly PublishedPort: number; readonly Protocol: string }[];
}

/** The text `ps` prints. */
export async function ps(target: ProjectTarget, session: Session, options: PsOptions): Promise<string> {
  for (const status of options.status) {
    if (!STATES.includes(status as ContainerState)) throw new BerthError('invalid_argument', `--status ${status}: expected one of ${STATES.join(', ')}`);
  }
  if (target.kind === 'model') checkServiceNames(target.loaded.project, options.services);
  const entries = await listEntries(target, session, options);
  switch (options.view) {
    case 'quiet':
      return entries.map((entry) => `${entry.ID}\n`).join('');
    case 'services':
      return [...new Set(entries.map((entry) => entry.Service))].sort(compareText).map((name) => `${name}\n`).join('');
    case 'json':
      return `${JSON.stringify(entries)}\n`;
    case 'table':
      return renderPsTable(entries, session.now(), options.noTrunc === true);
    default: {
      const unknown: never = options.view;
      throw new Error(`unknown ps view ${String(unknown)}`);
    }
  }
}

export async function listEntries(target: ProjectTarget, session: Session, options: Pick<PsOptions, 'services' | 'all' | 'status'>): Promise<PsEntry[]> {
  const projectName = targetName(target);
  const all = options.all || options.status.length > 0;
  const listed = await session.engine.containers.list({ labels: { [PROJECT_LABEL]: projectName }, all });
  const shown = listed
    .filter((container) => all || !isOneOff(container))
    .filter((container) => options.services.length === 0 || options.services.includes(container.labels[SERVICE_LABEL] ?? ''))
    .filter((container) => options.status.length === 0 || options.status.includes(container.state))
    .sort((a, b) => compareText(a.name, b.name));
  return Promise.all(shown.map((container) => entryOf(session, projectName, container)));
}

async function entryOf(session: Session, projectName: string, container: ContainerSummary): Promise<PsEntry> {
  const info = await session.engine.containers.inspect(container.id);
  return {
    ID: container.id,
    Name: container.name,
    Image: container.image,
    Command: container.command ?? '',
    Project: projectName,
    Service: container.labels[SERVICE_LABEL] ?? '',
    State: container.state,
    Status: container.status,
    Created: container.createdAt,
    Health: info === undefined || info.health === 'none' ? '' : info.health,
    ExitCode: info?.exitCode ?? 0,
    Labels: container.labels,
    Publishers: container.ports
      .map((port) => {
        const [target = '0', protocol = 'tcp'] = port.containerPort.split('/');
        return { URL: port.hostIp, TargetPort: Number(target), PublishedPort: port.hostPort, Protocol: protocol };
      })
      .sort((a, b) => a.TargetPort - b.TargetPort || a.PublishedPort - b.PublishedPort || compareText(a.URL, b.URL)),
  };
}

function renderPsTable(entries: readonly PsEntry[], now: Date, noTrunc: boolean): string {
  const rows = entries.map((entry) => [entry.Name, entry.Image, formatCommand(entry.Command, noTrunc), entry.Service, ago(entry.Created, now), entry.Status, formatPorts(entry.Publishers)]);
  return renderTable(['NAME', 'IMAGE', 'COMMAND', 'SERVICE', 'CREATED', 'STATUS', 'PORTS'], rows, PS_LAYOUT);
}

const COMMAND_WIDTH = 20;

/** `"sleep 300"`; longer than 20 characters it is cut to 19 and `…` (the Docker CLI's Ellipsis), unless `--no-trunc`. */
export function formatCommand(command: string, noTrunc = false): string {
  const characters = [...command];
  const shown = noTrunc || characters.length <= COMMAND_WIDTH ? command : `${characters.slice(0, COMMAND_WIDTH - 1).join('')}…`;
  return JSON.stringify(shown);
}

/** `0.0.0.0:8080->80/tcp, 53/udp`, as the Docker CLI prints published ports. */
export function formatPorts(publishers: PsEntry['Publishers']): string {
  return publishers
    .map((port) => (port.PublishedPort > 0 ? `${port.URL === '' ? '0.0.0.0' : port.URL}:${port.PublishedPort}->${port.TargetPort}/${port.Protocol}` : `${port.TargetPort}/${port.Protocol}`))
    .join(', ');
}

/** `5 seconds ago`, `3 minutes ago`, like the Docker CLI. */
export function ago(createdAt: string, now: Date): string {
  const then = Date.parse(createdAt);
  if (Number.isNaN(then)) return '';
  const seconds = Math.max(0, Math.round((now.getTime() - then) / 1000));
  const units: readonly [number, string][] = [
    [86400 * 365, 'year'],
    [86400 * 30, 'month'],
    [86400 * 7, 'week'],
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, unit] of units) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count === 1 ? (unit === 'hour' ? 'About an' : 'A') : count} ${unit}${count === 1 ? '' : 's'} ago`;
  }
  return seconds <= 1 ? 'Less than a second ago' : `${seconds} seconds ago`;
}
