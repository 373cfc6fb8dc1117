/**
 * Docker's stream formats. Without a TTY, stdout and stderr travel in one
 * connection as frames: 1 byte stream (1 stdout, 2 stderr), 3 zero bytes,
 * a 4-byte big-endian length, then the payload. With a TTY the bytes are raw.
 */
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export type StreamName = 'stdout' | 'stderr';

export function frame(stream: StreamName, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = stream === 'stdout' ? 1 : 2;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

export const MULTIPLEXED = 'application/vnd.docker.multiplexed-stream';
export const RAW = 'application/vnd.docker.raw-stream';

/** Takes over a hijacked connection: answers 101 and returns the socket to write the stream to. */
export function upgradeSocket(socket: Duplex, head: Buffer, contentType: string): Duplex {
  // http no longer listens on a hijacked socket: a client gone (EPIPE, ECONNRESET) would crash berthd. 'close' follows and ends the request.
  socket.on('error', () => undefined);
  socket.write(`HTTP/1.1 101 UPGRADED\r\nContent-Type: ${contentType}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`);
  if (head.length > 0) socket.unshift(head);
  return socket;
}

/** A streaming answer on a plain (not hijacked) connection. */
export function startStream(response: ServerResponse, contentType: string): ServerResponse {
  response.writeHead(200, { 'Content-Type': contentType });
  response.flushHeaders();
  return response;
}

/** Writes and waits for the buffer to drain, so a slow reader slows the producer down. */
export async function writeAll(target: NodeJS.WritableStream, chunk: Buffer | string): Promise<void> {
  if (!target.write(chunk)) {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        target.off('drain', done);
        target.off('close', done);
        resolve();
      };
      target.once('drain', done);
      target.once('close', done);
    });
  }
}
