/**
 * A throwaway local image registry (Debian's `docker-registry`, the CNCF
 * distribution registry) for push and pull tests, on a free 127.0.0.1 port
 * (engines trust 127.0.0.0/8 without TLS). No test pulls from the internet.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath, freePort } from '../helpers/net.js';

export interface TestRegistry {
  /** `127.0.0.1:PORT`, to put in front of image names. */
  readonly address: string;
  stop(): Promise<void>;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/v2/', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** Starts a registry, or says why there is none. */
export async function startTestRegistry(): Promise<TestRegistry | string> {
  const binary = findOnPath('docker-registry');
  if (binary === undefined) return 'no local registry: docker-registry is not installed (apt-get install docker-registry)';
  const directory = await mkdtemp(join(tmpdir(), 'berth-registry-'));
  const port = await freePort();
  const config = join(directory, 'config.yml');
  await writeFile(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(directory, 'data')}`,
      'http:',
      `  addr: 127.0.0.1:${port}`,
      '  secret: berth-test',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(binary, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(directory, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await answers(port)) return { address: `127.0.0.1:${port}`, stop };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  return `the local registry did not start: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
}
