/**
 * A container's logs as lines. Docker sends chunks that need not end at a
 * line break; each stream keeps its partial last line until the next chunk
 * (or the end). With timestamps, every line starts with the engine's
 * RFC 3339 time and a space.
 */
import type { IncomingMessage } from 'node:http';
import type { LogEntry, LogOptions } from '../engine.js';
import { EngineError } from '../errors.js';
import type { DockerClient } from './client.js';
import { toEngineError } from './errors.js';
import { FrameDecoder, LineSplitter, type StreamName } from './streams.js';

/** Docker takes `since`/`until` as Unix seconds (`1700000000.123456789`); RFC 3339 is converted. */
export function toUnixTimestamp(text: string, option: string): string {
  if (/^\d+(\.\d+)?$/.test(text)) return text;
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i.exec(text);
  const wholeMs = match === null ? Number.NaN : Date.parse(`${match[1]}${match[3]}`);
  if (match === null || Number.isNaN(wholeMs)) {
    throw new EngineError('invalid', `logs: ${option} "${text}" is neither Unix seconds nor an RFC 3339 time; write e.g. 1700000000 or 2024-01-02T15:04:05Z`);
  }
  const seconds = Math.floor(wholeMs / 1000);
  return match[2] === undefined ? String(seconds) : `${seconds}.${match[2].padEnd(9, '0')}`;
}

export function splitTimestamp(line: string): { timestamp?: string; text: string } {
  const space = line.indexOf(' ');
  if (space > 0 && /^\d{4}-\d\d-\d\dT/.test(line)) return { timestamp: line.slice(0, space), text: line.slice(space + 1) };
  return { text: line };
}

async function openLogs(client: DockerClient, id: string, options: LogOptions): Promise<{ response: IncomingMessage; tty: boolean }> {
  const operation = `reading the logs of container ${id}`;
  const since = options.since === undefined ? undefined : toUnixTimestamp(options.since, 'since');
  const until = options.until === undefined ? undefined : toUnixTimestamp(options.until, 'until');
  const container = await client.json<{ Config?: { Tty?: boolean } }>(operation, {
    method: 'GET',
    path: `/containers/${encodeURIComponent(id)}/json`,
    signal: options.signal,
  });
  const response = await client.stream(operation, {
    method: 'GET',
    path: `/containers/${encodeURIComponent(id)}/logs`,
    query: {
      stdout: true,
      stderr: true,
      follow: options.follow ?? false,
      timestamps: options.timestamps ?? false,
      since,
      until,
      tail: options.tail === undefined ? undefined : String(options.tail),
    },
    signal: options.signal,
  });
  return { response, tty: container.Config?.Tty ?? false };
}

export async function* dockerLogs(client: DockerClient, id: string, options: LogOptions): AsyncGenerator<LogEntry> {
  const signal = options.signal;
  // Aborting is how a caller stops following: the iteration just ends, whenever the abort comes.
  if (signal?.aborted) return;
  let opened: { response: IncomingMessage; tty: boolean };
  try {
    opened = await openLogs(client, id, options);
  } catch (error) {
    if (signal?.aborted) return;
    throw error;
  }
  const { response, tty } = opened;
  const timestamps = options.timestamps ?? false;
  const splitters: Record<StreamName, LineSplitter> = { stdout: new LineSplitter(), stderr: new LineSplitter() };
  const decoder = new FrameDecoder();
  const entry = (stream: StreamName, line: string): LogEntry => {
    if (!timestamps) return { stream, text: line };
    const { timestamp, text } = splitTimestamp(line);
    return timestamp === undefined ? { stream, text } : { stream, timestamp, text };
  };
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      const frames = tty ? [{ stream: 'stdout' as const, data: chunk }] : decoder.push(chunk);
      for (const frame of frames) {
        for (const line of splitters[frame.stream].push(frame.data)) yield entry(frame.stream, line);
      }
    }
  } catch (error) {
    if (signal?.aborted) return;
    throw toEngineError(error, `reading the logs of container ${id}`, client.host);
  } finally {
    response.destroy();
  }
  if (signal?.aborted) return;
  for (const stream of ['stdout', 'stderr'] as const) {
    const rest = splitters[stream].flush();
    if (rest !== undefined) yield entry(stream, rest);
  }
}
