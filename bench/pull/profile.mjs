// Where a pull's time goes: progress events with timestamps (node --import tsx bench/pull/profile.mjs).
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack as tarPack } from 'tar-stream';
import { ImageStore } from '../../src/daemon/images/index.js';
import { pushImage, startRegistryServer, sha256 } from '../../test/helpers/registry-server.js';

async function tarOf(files) {
  const pack = tarPack();
  const chunks = [];
  const done = new Promise((resolve) => pack.on('end', resolve));
  pack.on('data', (c) => chunks.push(c));
  for (const [name, content] of files) await new Promise((r, j) => pack.entry({ name, mode: 0o644 }, content, (e) => (e ? j(e) : r())));
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}
const l1 = await tarOf([['bin/busybox', await readFile('/bin/busybox')]]);
const l2 = await tarOf([['data/random.bin', randomBytes(32 * 1024 * 1024)]]);
const l3 = await tarOf(Array.from({ length: 2000 }, (_, i) => [`data/files/f${i}.txt`, randomBytes(1024).toString('hex')]));
const layers = [l1, l2, l3];
const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: layers.map((l) => sha256(l)) } }));
const registry = await startRegistryServer({ mode: 'open' });
const work = await mkdtemp(join(tmpdir(), 'berth-profile-'));
try {
  await pushImage(registry, 'p/x', 'v1', { config, layers: layers.map((l) => gzipSync(l, { level: 1 })) });
  for (let round = 0; round < 3; round++) {
    const store = await ImageStore.open({ root: join(work, String(round)) });
    const start = performance.now();
    const events = [];
    await store.pull(`${registry.host}/p/x:v1`, { onProgress: (p) => { if (p.status !== 'Downloading') events.push(`${Math.round(performance.now() - start)} ${p.status} ${p.id ?? ''}`); } });
    console.log(`round ${round}: ${Math.round(performance.now() - start)} ms\n  ${events.join('\n  ')}`);
  }
} finally {
  await registry.stop();
  await rm(work, { recursive: true, force: true });
}
