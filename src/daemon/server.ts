/**
 * The HTTP server on berthd's unix socket. The socket is made with a
 * restrictive umask and then chmod 0600: only root talks to the engine.
 *
 * Hijacked requests (`Upgrade: tcp`, used by attach and exec with input)
 * arrive with their body still in the raw connection: the first
 * Content-Length bytes are the request body, everything after is the
 * client's input stream.
 */
import { chmod, mkdir, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import type { Duplex } from 'node:stream';
import type { Router } from './http/router.js';

export async function listen(router: Router, socketPath: string): Promise<Server> {
  await mkdir(dirname(socketPath), { recursive: true, mode: 0o700 });
  // A socket file left by a daemon that was killed would make listen fail.
  await rm(socketPath, { force: true });
  const server = createServer({ keepAlive: true }, (request, response) => void router.handle(request, response));
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    void splitBody(request, socket, head).then(({ body, rest }) => {
      const withBody = Object.assign(Readable.from(body.length > 0 ? [body] : []), {
        headers: request.headers,
        method: request.method,
        url: request.url,
      }) as unknown as IncomingMessage;
      const response = new ServerResponse(request);
      response.assignSocket(socket as Socket);
      return router.handle(withBody, response, { socket, head: rest });
    });
  });
  // Streams (logs -f, events, wait) stay open for as long as the client wants.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(previous);
  }
  await chmod(socketPath, 0o600);
  return server;
}

async function splitBody(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<{ body: Buffer; rest: Buffer }> {
  const length = Number(request.headers['content-length'] ?? 0);
  let buffered = head;
  while (buffered.length < length) {
    const chunk = await new Promise<Buffer | undefined>((resolve) => {
      const onData = (data: Buffer): void => {
        cleanup();
        resolve(data);
      };
      const onEnd = (): void => {
        cleanup();
        resolve(undefined);
      };
      const cleanup = (): void => {
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('close', onEnd);
      };
      socket.on('data', onData);
      socket.once('end', onEnd);
      socket.once('close', onEnd);
    });
    if (chunk === undefined) break;
    buffered = Buffer.concat([buffered, chunk]);
  }
  socket.pause();
  return { body: buffered.subarray(0, length), rest: buffered.subarray(length) };
}
