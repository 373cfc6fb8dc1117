/**
 * JSON progress: one object per line (NDJSON). The shape is a contract for
 * tools; every line has `type`, and every line about a resource also has
 * Compose's `id`, `status` (`Working`, `Done`, `Warning`, `Error`) and
 * `text`, plus berth's `resource` and `name`. Keys absent from an event are
 * left out, never null.
 */
import type { TextSink } from './log-printer.js';
import { rowId, rowOf, type ProgressEvent, type ProgressState } from './progress-event.js';
import type { ProgressView } from './progress-view.js';

const STATUS: Readonly<Record<ProgressState, string>> = { working: 'Working', done: 'Done', warning: 'Warning', error: 'Error' };

export class JsonProgress implements ProgressView {
  constructor(private readonly stream: TextSink) {}

  event(event: ProgressEvent): void {
    this.stream.write(`${JSON.stringify(jsonOf(event))}\n`);
  }

  async close(): Promise<void> {}
}

export function jsonOf(event: ProgressEvent): Record<string, unknown> {
  if (event.type === 'warning') return { type: 'warning', status: 'Warning', text: event.message };
  if (event.type === 'phase') {
    return { type: 'phase', title: event.title, rows: event.rows.map((row) => ({ id: rowId(row), resource: row.resource, name: row.name })) };
  }
  const row = rowOf(event);
  const json: Record<string, unknown> = { type: event.type };
  if (row !== undefined) {
    json['id'] = row.id;
    json['status'] = STATUS[row.state];
    json['text'] = row.text;
    if (row.details !== undefined) json['details'] = row.details;
  }
  json['resource'] = event.resource;
  json['name'] = event.name;
  if ('action' in event) json['action'] = event.action;
  if ('step' in event) json['step'] = event.step;
  if ('elapsedMs' in event) json['elapsedMs'] = Math.round(event.elapsedMs);
  if (event.type === 'status') {
    if (event.currentBytes !== undefined) json['current'] = event.currentBytes;
    if (event.totalBytes !== undefined) json['total'] = event.totalBytes;
  }
  return json;
}
