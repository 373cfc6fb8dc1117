#!/usr/bin/env node
// Pull of a 3-layer image from a local registry: berthd's image store against dockerd.
//
//   node --import tsx bench/pull/run.mjs [--runs 5] [--check]
//
// The image is built FROM scratch by dockerd (3 COPY layers: the busybox binary, 32 MB of
// random bytes, 2000 small files), pushed to a fresh `docker-registry serve` on 127.0.0.1, and
// then pulled, alternating the tools, `--runs` times each:
//   - berthd: ImageStore.pull into an empty store (download, verify, unpack the rootfs);
//   - dockerd: `docker rmi` first, then the Engine API's POST /images/create (the pull itself),
//     and also the `docker pull` CLI (the API call plus the client's start-up).
// Both end with an image ready to run: layers downloaded, verified and unpacked.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageStore } from '../../src/daemon/images/index.js';
import { startRegistryServer } from '../../test/helpers/registry-server.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 5) || 5;
const check = args.includes('--check');

function run(command, argv, options = {}) {
  return new Promise((resolve, reject) =>
    execFile(command, argv, { timeout: 300_000, maxBuffer: 16 * 1024 * 1024, ...options }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command} ${argv.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
    ),
  );
}

function engineApi(method, path) {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: '/var/run/docker.sock', method, path, timeout: 300_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 && !body.includes('"error"') ? resolve(body) : reject(new Error(`${method} ${path}: ${res.statusCode} ${body.slice(-300)}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const work = await mkdtemp(join(tmpdir(), 'berth-bench-pull-'));
const registry = await startRegistryServer({ mode: 'open' });
const tag = `${registry.host}/berth-bench/pull:three-layers`;
try {
  // A build context whose three layers exist nowhere else on the host (a fresh marker each time).
  const context = join(work, 'context');
  await mkdir(join(context, 'l1', 'bin'), { recursive: true });
  await copyFile('/bin/busybox', join(context, 'l1', 'bin', 'busybox'));
  await writeFile(join(context, 'l1', 'marker'), randomBytes(16).toString('hex'));
  await mkdir(join(context, 'l2'), { recursive: true });
  await writeFile(join(context, 'l2', 'random.bin'), randomBytes(32 * 1024 * 1024));
  await mkdir(join(context, 'l3', 'files'), { recursive: true });
  for (let index = 0; index < 2000; index++) await writeFile(join(context, 'l3', 'files', `f${index}.txt`), `${randomBytes(1024).toString('hex')}\n`);
  await writeFile(join(context, 'Dockerfile'), 'FROM scratch\nCOPY l1/ /\nCOPY l2/ /data/\nCOPY l3/ /data/\nCMD ["/bin/busybox", "sh"]\n');
  await run('docker', ['build', '-q', '-t', tag, context], { env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  await run('docker', ['push', tag]);
  await run('docker', ['rmi', '-f', tag]);

  const berth = [];
  const dockerApi = [];
  const dockerCli = [];
  const [repository, reference] = [tag.slice(0, tag.lastIndexOf(':')), tag.slice(tag.lastIndexOf(':') + 1)];
  for (let round = 0; round < runs; round++) {
    const root = join(work, `store-${round}`);
    const store = await ImageStore.open({ root, dockerConfigDir: join(work, 'no-config') });
    let started = performance.now();
    await store.pull(tag);
    berth.push(performance.now() - started);
    await store.close();
    await rm(root, { recursive: true, force: true });

    started = performance.now();
    await engineApi('POST', `/images/create?fromImage=${encodeURIComponent(repository)}&tag=${reference}`);
    dockerApi.push(performance.now() - started);
    await run('docker', ['rmi', '-f', tag]);

    started = performance.now();
    await run('docker', ['pull', '-q', tag]);
    dockerCli.push(performance.now() - started);
    await run('docker', ['rmi', '-f', tag]);
  }
  const result = {
    image: '3 layers: busybox (~2 MB), 32 MB random, 2000 files of 2 KB',
    runs,
    berthdMs: Math.round(median(berth)),
    dockerdApiMs: Math.round(median(dockerApi)),
    dockerPullCliMs: Math.round(median(dockerCli)),
    ratioBerthdToDockerdApi: Number((median(berth) / median(dockerApi)).toFixed(2)),
    samples: { berthd: berth.map(Math.round), dockerdApi: dockerApi.map(Math.round), dockerPullCli: dockerCli.map(Math.round) },
  };
  console.log(JSON.stringify(result, null, 2));
  if (check && result.ratioBerthdToDockerdApi > 1) process.exitCode = 1;
} finally {
  await run('docker', ['rmi', '-f', tag]).catch(() => undefined);
  await registry.stop();
  await rm(work, { recursive: true, force: true });
}
