import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ExecHandle } from '../../src/engine/index.js';
import { type Contract, collect } from './fixtures.js';

const RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

async function outputText(handle: ExecHandle): Promise<{ stdout: string; stderr: string }> {
  const frames = await collect(handle.streams.output);
  return {
    stdout: Buffer.concat(frames.filter((frame) => frame.stream === 'stdout').map((frame) => frame.data)).toString(),
    stderr: Buffer.concat(frames.filter((frame) => frame.stream === 'stderr').map((frame) => frame.data)).toString(),
  };
}

export function streamContract(contract: Contract): void {
  describe('logs, attach and exec', () => {
    test('logs: lines by stream, with the engine’s timestamps, a partial last line kept whole', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec({ command: ['sh', '-c', 'echo one; echo two >&2; echo three; printf "no newline"'] }));
      await engine.containers.start(id);
      await engine.containers.wait(id);
      const entries = await collect(engine.containers.logs(id, { timestamps: true }));
      // stdout and stderr are ordered within each stream, not against each other.
      const lines = (stream: string) => entries.filter((entry) => entry.stream === stream).map((entry) => entry.text);
      assert.deepEqual(lines('stdout'), ['one', 'three', 'no newline']);
      assert.deepEqual(lines('stderr'), ['two']);
      for (const entry of entries) assert.match(entry.timestamp ?? '', RFC3339_NANO);
      const plain = await collect(engine.containers.logs(id));
      assert.ok(plain.every((entry) => entry.timestamp === undefined));
      assert.deepEqual(
        plain.filter((entry) => entry.stream === 'stdout').map((entry) => entry.text),
        ['one', 'three', 'no newline'],
      );
      await engine.containers.remove(id);
    });

    test('logs: tail and since narrow the output', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec({ command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo line-$i; done'] }));
      await engine.containers.start(id);
      await engine.containers.wait(id);
      const tail = await collect(engine.containers.logs(id, { tail: 2 }));
      assert.deepEqual(tail.map((entry) => entry.text), ['line-4', 'line-5']);
      const all = await collect(engine.containers.logs(id, { tail: 'all', timestamps: true }));
      assert.equal(all.length, 5);
      const fourth = all[3]?.timestamp;
      assert.ok(fourth);
      const since = await collect(engine.containers.logs(id, { since: fourth }));
      assert.deepEqual(since.map((entry) => entry.text), ['line-4', 'line-5']);
      const future = await collect(engine.containers.logs(id, { since: String(Math.floor(Date.now() / 1000) + 3600) }));
      assert.deepEqual(future, []);
      await engine.containers.remove(id);
    });

    test('logs: follow streams new lines and ends when the container exits', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(
        contract.spec({ command: ['sh', '-c', 'echo first; sleep 0.3; echo second; sleep 0.3; echo third'] }),
      );
      await engine.containers.start(id);
      const entries = await collect(engine.containers.logs(id, { follow: true }), { timeoutMs: 20_000 });
      assert.deepEqual(entries.map((entry) => entry.text), ['first', 'second', 'third']);
      await engine.containers.remove(id);
    });

    test('logs: aborting a follow ends the iteration', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec({ command: ['sh', '-c', 'echo started; exec sleep 300'] }));
      await engine.containers.start(id);
      const controller = new AbortController();
      const seen = await collect(engine.containers.logs(id, { follow: true, signal: controller.signal }), {
        stop: (items) => {
          if (items.some((entry) => entry.text === 'started')) controller.abort();
          return false;
        },
      });
      assert.deepEqual(seen.map((entry) => entry.text), ['started']);
      await engine.containers.remove(id, { force: true });
    });

    test('attach before start sees the first line', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec({ command: ['sh', '-c', 'echo very-first; echo to-stderr >&2'] }));
      const streams = await engine.containers.attach(id);
      await engine.containers.start(id);
      const frames = await collect(streams.output);
      const stdout = Buffer.concat(frames.filter((frame) => frame.stream === 'stdout').map((frame) => frame.data)).toString();
      const stderr = Buffer.concat(frames.filter((frame) => frame.stream === 'stderr').map((frame) => frame.data)).toString();
      assert.equal(stdout, 'very-first\n');
      assert.equal(stderr, 'to-stderr\n');
      streams.close();
      await engine.containers.remove(id, { force: true });
    });

    test('attach with stdin feeds the process', { skip: contract.capabilities.attachStdin ? false : 'this engine cannot feed stdin through attach yet' }, async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec({ openStdin: true, command: ['sh', '-c', 'read line; echo "got:$line"'] }));
      const streams = await engine.containers.attach(id, { stdin: true });
      await engine.containers.start(id);
      assert.ok(streams.stdin, 'stdin was requested');
      streams.stdin.write('hello\n');
      const frames = await collect(streams.output, { stop: (items) => Buffer.concat(items.map((frame) => frame.data)).toString().includes('\n') });
      assert.equal(Buffer.concat(frames.map((frame) => frame.data)).toString(), 'got:hello\n');
      streams.close();
      assert.equal(await engine.containers.wait(id), 0);
      await engine.containers.remove(id, { force: true });
    });

    test('exec without a TTY: separate streams and the exit code', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec());
      await engine.containers.start(id);
      const cases = [
        { command: ['sh', '-c', 'echo out; echo err >&2; exit 7'], exitCode: 7, stdout: 'out\n', stderr: 'err\n' },
        { command: ['true'], exitCode: 0, stdout: '', stderr: '' },
        { command: ['sh', '-c', 'echo "$GREETING from $(pwd) as $(id -u)"'], env: ['GREETING=hi'], workingDir: '/tmp', user: '65534', exitCode: 0, stdout: 'hi from /tmp as 65534\n', stderr: '' },
      ];
      for (const expected of cases) {
        const handle = await engine.containers.exec(id, {
          command: expected.command,
          ...(expected.env ? { env: expected.env } : {}),
          ...(expected.workingDir ? { workingDir: expected.workingDir } : {}),
          ...(expected.user ? { user: expected.user } : {}),
        });
        const output = await outputText(handle);
        assert.deepEqual({ ...output, exitCode: await handle.exitCode }, { stdout: expected.stdout, stderr: expected.stderr, exitCode: expected.exitCode }, expected.command.join(' '));
      }
      await engine.containers.remove(id, { force: true });
    });

    test('exec with a TTY: one stream, the exit code, and a terminal to resize', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec());
      await engine.containers.start(id);
      const handle = await engine.containers.exec(id, { command: ['sh', '-c', 'echo err >&2; [ -t 1 ] && echo is-a-tty; exit 5'], tty: true });
      assert.ok(handle.streams.resize, 'a TTY can be resized');
      const frames = await collect(handle.streams.output);
      assert.ok(frames.every((frame) => frame.stream === 'stdout'));
      const text = Buffer.concat(frames.map((frame) => frame.data)).toString();
      assert.match(text, /err\r?\n/);
      assert.match(text, /is-a-tty/);
      assert.equal(await handle.exitCode, 5);
      await engine.containers.remove(id, { force: true });
    });

    test('exec with stdin: what is written comes back', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec());
      await engine.containers.start(id);
      const handle = await engine.containers.exec(id, { command: ['cat'], stdin: true });
      assert.ok(handle.streams.stdin);
      handle.streams.stdin.end('round trip\n');
      const output = await outputText(handle);
      assert.equal(output.stdout, 'round trip\n');
      assert.equal(await handle.exitCode, 0);
      await engine.containers.remove(id, { force: true });
    });

    test('the exit code resolves even when nobody reads the output', async () => {
      const engine = contract.engine;
      const id = await engine.containers.create(contract.spec());
      await engine.containers.start(id);
      const handle = await engine.containers.exec(id, { command: ['sh', '-c', 'echo ignored; exit 3'] });
      assert.equal(await handle.exitCode, 3);
      await engine.containers.remove(id, { force: true });
    });
  });
}
