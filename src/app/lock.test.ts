import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireProjectLock, lockDirectory, type LockHost } from './lock.js';
import { nodeLockHost } from './node-lock-host.js';

/** An in-memory file system and process table; `sleep` runs a hook so tests can change the world while a waiter waits. */
function memoryHost(pid: number, files: Map<string, string>, alive: Set<number>, onSleep: () => void = () => {}): LockHost {
  return {
    pid,
    mkdir: async () => {},
    createExclusive: async (path, text) => {
      if (files.has(path)) return false;
      files.set(path, text);
      return true;
    },
    read: async (path) => files.get(path),
    remove: async (path) => {
      files.delete(path);
    },
    isAlive: (other) => alive.has(other),
    sleep: async (_ms, signal) => {
      if (signal?.aborted) throw new Error('aborted');
      onSleep();
    },
  };
}

describe('acquireProjectLock', () => {
  test('takes a free lock, writes its pid, and removes the file on release', async () => {
    const files = new Map<string, string>();
    const lock = await acquireProjectLock('shop', { directory: '/locks', host: memoryHost(10, files, new Set([10])) });
    assert.equal(files.get('/locks/shop.lock'), '10\n');
    await lock.release();
    assert.equal(files.size, 0);
  });

  test('waits for a live holder, says so once, and takes the lock when it is released', async () => {
    const files = new Map([['/locks/shop.lock', '20\n']]);
    const messages: string[] = [];
    let polls = 0;
    const host = memoryHost(10, files, new Set([10, 20]), () => {
      if (++polls === 3) files.delete('/locks/shop.lock');
    });
    const lock = await acquireProjectLock('shop', { directory: '/locks', host, onWait: (message) => messages.push(message) });
    assert.deepEqual(messages, ['waiting for another berth (pid 20) working on project shop']);
    assert.equal(polls, 3);
    assert.equal(files.get('/locks/shop.lock'), '10\n');
    await lock.release();
  });

  test('breaks a lock whose holder is gone, without waiting', async () => {
    const files = new Map([['/locks/shop.lock', '99\n']]);
    const messages: string[] = [];
    const lock = await acquireProjectLock('shop', { directory: '/locks', host: memoryHost(10, files, new Set([10]), () => assert.fail('must not wait')), onWait: (m) => messages.push(m) });
    assert.deepEqual(messages, []);
    assert.equal(files.get('/locks/shop.lock'), '10\n');
    assert.equal(files.has('/locks/shop.lock.break'), false);
    await lock.release();
  });

  test('different projects never block each other', async () => {
    const files = new Map([['/locks/shop.lock', '20\n']]);
    const lock = await acquireProjectLock('blog', { directory: '/locks', host: memoryHost(10, files, new Set([10, 20]), () => assert.fail('must not wait')) });
    assert.equal(files.get('/locks/blog.lock'), '10\n');
    await lock.release();
    assert.equal(files.get('/locks/shop.lock'), '20\n');
  });

  test('release leaves a lock that is no longer its own', async () => {
    const files = new Map<string, string>();
    const lock = await acquireProjectLock('shop', { directory: '/locks', host: memoryHost(10, files, new Set([10])) });
    files.set('/locks/shop.lock', '30\n');
    await lock.release();
    assert.equal(files.get('/locks/shop.lock'), '30\n');
  });

  test('an aborted wait is a cancellation', async () => {
    const files = new Map([['/locks/shop.lock', '20\n']]);
    const controller = new AbortController();
    const host = memoryHost(10, files, new Set([10, 20]), () => controller.abort());
    await assert.rejects(acquireProjectLock('shop', { directory: '/locks', host, signal: controller.signal }), (error: Error & { code?: string }) => error.code === 'cancelled');
  });
});

describe('lockDirectory', () => {
  test('root uses /run/berth/locks', () => assert.equal(lockDirectory({ uid: 0, xdgRuntimeDir: '/run/user/0', tmpDir: '/tmp' }), '/run/berth/locks'));
  test('a user uses XDG_RUNTIME_DIR', () => assert.equal(lockDirectory({ uid: 1000, xdgRuntimeDir: '/run/user/1000', tmpDir: '/tmp' }), '/run/user/1000/berth/locks'));
  test('without XDG_RUNTIME_DIR, a per-user temporary directory', () => assert.equal(lockDirectory({ uid: 1000, xdgRuntimeDir: undefined, tmpDir: '/tmp' }), '/tmp/berth-1000/locks'));
});

describe('acquireProjectLock on the real file system', () => {
  test('a second process waits until the first releases, then holds the lock', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'berth-lock-'));
    try {
      const first = await acquireProjectLock('shop', { directory, host: nodeLockHost });
      const script = [
        `import { acquireProjectLock } from ${JSON.stringify(new URL('./lock.ts', import.meta.url).href)};`,
        `import { nodeLockHost } from ${JSON.stringify(new URL('./node-lock-host.ts', import.meta.url).href)};`,
        `const lock = await acquireProjectLock('shop', { directory: ${JSON.stringify(directory)}, host: nodeLockHost, pollMs: 20, onWait: (m) => console.log(m) });`,
        `console.log('acquired');`,
        `await lock.release();`,
      ].join('\n');
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let output = '';
      const waiting = new Promise<void>((resolve) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
          if (output.includes('waiting for another berth')) resolve();
        });
      });
      const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
      await waiting;
      assert.equal(await readFile(join(directory, 'shop.lock'), 'utf8'), `${process.pid}\n`);
      await first.release();
      assert.equal(await exited, 0);
      assert.equal(output, `waiting for another berth (pid ${process.pid}) working on project shop\nacquired\n`);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  test('a lock left by a dead process is taken over', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'berth-lock-'));
    try {
      const dead = spawn(process.execPath, ['-e', '0']);
      const deadPid = dead.pid!;
      await new Promise((resolve) => dead.on('close', resolve));
      await writeFile(join(directory, 'shop.lock'), `${deadPid}\n`);
      const lock = await acquireProjectLock('shop', { directory, host: nodeLockHost, onWait: () => assert.fail('must not wait for a dead holder') });
      assert.equal(await readFile(join(directory, 'shop.lock'), 'utf8'), `${process.pid}\n`);
      await lock.release();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
