// The engine's own view of what a project has, asked over its HTTP API
// (DOCKER_HOST or the default socket), so the benchmark checks each tool's
// work with neither tool's help.

import { request } from 'node:http';

export const PROJECT_LABEL = 'com.docker.compose.project';

function target() {
  const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  if (host.startsWith('tcp://')) {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  throw new Error(`DOCKER_HOST=${host}: only unix:// and tcp:// are supported here`);
}

export function engineGet(path, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const req = request({ ...target(), path, method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      res.on('end', () => {
        if ((res.statusCode ?? 500) >= 400) reject(new Error(`GET ${path}: ${res.statusCode} ${body}`));
        else resolve(JSON.parse(body));
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

const labelFilter = (label) => encodeURIComponent(JSON.stringify({ label: [label] }));

/** Everything carrying a Compose project label whose value passes `wanted`: containers (any state), networks, volumes. */
export async function projectObjects(wanted) {
  const filter = labelFilter(PROJECT_LABEL);
  const [containers, networks, volumes] = await Promise.all([
    engineGet(`/containers/json?all=1&filters=${filter}`),
    engineGet(`/networks?filters=${filter}`),
    engineGet(`/volumes?filters=${filter}`),
  ]);
  const of = (labels) => wanted(labels?.[PROJECT_LABEL] ?? '');
  return {
    containers: containers.filter((c) => of(c.Labels)).map((c) => ({ id: c.Id, name: (c.Names[0] ?? '').replace(/^\//, ''), state: c.State, project: c.Labels[PROJECT_LABEL] })),
    networks: networks.filter((n) => of(n.Labels)).map((n) => ({ name: n.Name, project: n.Labels[PROJECT_LABEL] })),
    volumes: (volumes.Volumes ?? []).filter((v) => of(v.Labels)).map((v) => ({ name: v.Name, project: v.Labels[PROJECT_LABEL] })),
  };
}

export async function ping() {
  return new Promise((resolve) => {
    const req = request({ ...target(), path: '/_ping', method: 'GET', timeout: 3000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
}
