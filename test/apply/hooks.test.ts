/**
 * Hooks and injected files as the engine receives them: the exec spec of a
 * hook (user, directory, environment, privileged), the failure message of a
 * failing one, and the archive of the files written before a start.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extract } from 'tar-stream';
import type { Engine, ExecSpec } from '../../src/engine/index.js';
import { filesArchive } from '../../src/apply/container-files.js';
import { runHooks } from '../../src/apply/index.js';
import { BerthError } from '../../src/errors.js';

function execEngine(outcome: { exitCode: number; stdout?: string; stderr?: string }): { engine: Engine; specs: ExecSpec[] } {
  const specs: ExecSpec[] = [];
  const containers = {
    exec: async (_id: string, spec: ExecSpec) => {
      specs.push(spec);
      async function* output() {
        if (outcome.stdout !== undefined) yield { stream: 'stdout' as const, data: Buffer.from(outcome.stdout) };
        if (outcome.stderr !== undefined) yield { stream: 'stderr' as const, data: Buffer.from(outcome.stderr) };
      }
      return { streams: { output: output(), close: () => {} }, exitCode: Promise.resolve(outcome.exitCode) };
    },
  };
  return { engine: { containers } as unknown as Engine, specs };
}

const TARGET = { containerId: 'c1', containerName: 'shop-web-1', service: 'web', phase: 'post_start' as const };

describe('hooks', () => {
  test('each hook is exec\'d with its user, working directory, environment and privileges, in order', async () => {
    const { engine, specs } = execEngine({ exitCode: 0 });
    await runHooks(engine, TARGET, [
      { command: ['sh', '-c', 'one'], env: ['A=1'], user: 'root', workingDir: '/tmp', privileged: true },
      { command: ['two'], env: [] },
    ]);
    assert.deepEqual(specs, [
      { command: ['sh', '-c', 'one'], env: ['A=1'], user: 'root', workingDir: '/tmp', privileged: true },
      { command: ['two'], env: [] },
    ]);
  });

  test('a hook exiting non-zero fails with its status and the tail of stderr (stdout when stderr is empty)', async () => {
    const noisy = execEngine({ exitCode: 3, stdout: 'progress\n', stderr: `${'x\n'.repeat(20)}the real error\n` });
    await assert.rejects(runHooks(noisy.engine, TARGET, [{ command: ['migrate'], env: [] }, { command: ['never'], env: [] }]), (error: unknown) => {
      assert.ok(error instanceof BerthError);
      assert.equal(error.message, `post_start hook "migrate" of service web exited with status 3 in container shop-web-1: ${'x\n'.repeat(9)}the real error`);
      return true;
    });
    assert.equal(noisy.specs.length, 1, 'the hooks after a failing one do not run');
    const quiet = execEngine({ exitCode: 1, stdout: 'only stdout\n' });
    await assert.rejects(runHooks(quiet.engine, TARGET, [{ command: ['x'], env: [] }]), /exited with status 1 in container shop-web-1: only stdout$/);
  });
});

describe('files written before a start', () => {
  test('one archive, paths relative to /, with each file\'s mode and owner', async () => {
    const archive = filesArchive([
      { kind: 'secret', name: 'key', path: '/run/secrets/key', content: 'k3y', mode: 0o444 },
      { kind: 'config', name: 'motd', path: '/etc/motd', content: 'hello\n', mode: 0o640, uid: 101, gid: 102 },
    ]);
    const entries: { name: string; mode: number | undefined; uid: number | undefined; gid: number | undefined; content: string }[] = [];
    const reader = extract();
    const done = new Promise<void>((resolve, reject) => {
      reader.on('entry', (header, stream, next) => {
        let content = '';
        stream.on('data', (chunk: Buffer) => (content += chunk.toString('utf8')));
        stream.on('end', () => {
          entries.push({ name: header.name, mode: header.mode, uid: header.uid, gid: header.gid, content });
          next();
        });
      });
      reader.on('finish', resolve);
      reader.on('error', reject);
    });
    archive.pipe(reader);
    await done;
    assert.deepEqual(entries, [
      { name: 'run/secrets/key', mode: 0o444, uid: 0, gid: 0, content: 'k3y' },
      { name: 'etc/motd', mode: 0o640, uid: 101, gid: 102, content: 'hello\n' },
    ]);
  });
});
