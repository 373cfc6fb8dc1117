// A minimal Docker Engine API client over a unix socket: one request, its
// status and its body, nothing else in between, so what the benchmark times
// is the engine's answer and not a client library's start-up or parsing.

import { createReadStream } from 'node:fs';
import { Agent, request } from 'node:http';

/**
 * One keep-alive agent per socket: a new connection per request would add
 * a connect to every timed call, which neither the docker CLI nor dockerode
 * pays within one command.
 */
const agents = new Map();
function agentFor(socketPath) {
  let agent = agents.get(socketPath);
  if (agent === undefined) {
    agent = new Agent({ keepAlive: true, maxSockets: 4 });
    agents.set(socketPath, agent);
  }
  return agent;
}

/** Closes the kept-alive connections, so the process can exit. */
export function closeClients() {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

/**
 * `method path` on the engine at `socketPath`; `body` is sent as JSON, or
 * streamed when it is `{ file }`. Resolves `{ status, body }` (body parsed
 * when it is JSON); rejects on a transport error or after `timeoutMs`.
 */
export async function call(socketPath, method, path, body, timeoutMs = 60_000) {
  try {
    return await callOnce(socketPath, method, path, body, timeoutMs);
  } catch (error) {
    // A kept-alive connection the engine closed while this process was blocked (spawnSync of a tool):
    // the request never reached it, and a GET may be sent again.
    if (method !== 'GET' || error.reusedSocket !== true || !['ECONNRESET', 'EPIPE'].includes(error.cause?.code)) throw error;
    return callOnce(socketPath, method, path, body, timeoutMs);
  }
}

function callOnce(socketPath, method, path, body, timeoutMs) {
  return new Promise((resolve, reject) => {
    const headers = {};
    let payload;
    if (body !== undefined && body.file === undefined) {
      payload = Buffer.from(JSON.stringify(body));
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    } else if (body?.file !== undefined) headers['content-type'] = 'application/x-tar';
    const req = request({ socketPath, method, path, headers, agent: agentFor(socketPath), timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed = text;
        if ((res.headers['content-type'] ?? '').includes('json') && text !== '') {
          try {
            parsed = JSON.parse(text);
          } catch {
            // A streamed answer (load, pull) is several JSON documents: keep the text.
          }
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} on ${socketPath}: no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => reject(Object.assign(new Error(`${method} ${path} on ${socketPath}: ${error.message}`, { cause: error }), { reusedSocket: req.reusedSocket })));
    if (body?.file !== undefined) createReadStream(body.file).on('error', (error) => req.destroy(error)).pipe(req);
    else req.end(payload);
  });
}

/** Like `call`, but a status of 400 or more is an error naming the call and the engine's message. */
export async function expectOk(socketPath, method, path, body, timeoutMs) {
  const answer = await call(socketPath, method, path, body, timeoutMs);
  if (answer.status >= 400) {
    const message = typeof answer.body === 'object' && answer.body !== null ? answer.body.message : answer.body;
    throw new Error(`${method} ${path} on ${socketPath}: ${answer.status} ${message}`);
  }
  return answer.body;
}
