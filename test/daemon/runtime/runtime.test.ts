import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/cli.js';
import { collect, eventually, leftovers, openLab, runtimeSkipReason, type Lab, type TestContainer } from './fixture.js';

const skipReason = await runtimeSkipReason();
if (skipReason !== undefined) console.log(`# skipped: ${skipReason}`);

describe('Runtime with runc and conmon', { skip: skipReason }, () => {
  let lab: Lab;
  before(async () => {
    lab = await openLab();
  });
  after(async () => {
    await lab.close();
    assert.deepEqual(await leftovers(lab), [], 'no mount, cgroup or conmon left behind');
  });

  async function run(container: TestContainer): Promise<number> {
    const { pid } = await lab.runtime.create(container.id, container.dir, container.spec, { lowerdir: lab.lowerdir });
    return pid;
  }
  async function finish(container: TestContainer): Promise<void> {
    await lab.runtime.remove(container.id, container.dir, { removeDir: true });
    assert.equal(await lab.runtime.isMounted(container.dir), false);
    for (const root of lab.host.cgroupRoots) {
      await assert.rejects(stat(join(root, 'berth-test', container.id)), { code: 'ENOENT' }, `cgroup in ${root} removed`);
    }
  }
  async function text(container: TestContainer, options = {}): Promise<string> {
    return (await collect(lab.runtime.readLogs(container.dir, options))).map((line) => line.line.toString()).join('');
  }

  test('exit code and both streams in the log', async () => {
    const container = await lab.container('exit', ['sh', '-c', 'echo out; echo err >&2; exit 7']);
    assert.ok((await run(container)) > 0);
    const exit = await lab.runtime.watchExit(container.dir, AbortSignal.timeout(15_000));
    assert.equal(exit.exitCode, 7);
    assert.equal(exit.oomKilled, false);
    assert.match(exit.finishedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    assert.deepEqual(await lab.runtime.readExit(container.dir), exit);
    const lines = await collect(lab.runtime.readLogs(container.dir));
    assert.deepEqual(lines.map((line) => [line.stream, line.line.toString()]).sort(), [['stderr', 'err\n'], ['stdout', 'out\n']]);
    await finish(container);
  });

  test('a container outlives the Node process that started it', async () => {
    const container = await lab.container('survive', ['sleep', '300']);
    const specFile = join(lab.root, `${container.id}.json`);
    await writeFile(specFile, JSON.stringify({ ...container, lowerdir: lab.lowerdir, runRoot: lab.runRoot }));
    const script = [
      `import { readFileSync } from 'node:fs';`,
      `import { probeHost, Runtime } from ${JSON.stringify(join(repoRoot, 'src/daemon/runtime/index.ts'))};`,
      `const input = JSON.parse(readFileSync(process.argv[1], 'utf8'));`,
      `const runtime = new Runtime(await probeHost(), { runRoot: input.runRoot });`,
      `const { pid } = await runtime.create(input.id, input.dir, input.spec, { lowerdir: input.lowerdir });`,
      `runtime.close();`,
      `console.log(JSON.stringify({ pid }));`,
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, specFile], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    assert.equal(code, 0, 'the starter exited normally');
    const { pid } = JSON.parse(output) as { pid: number };
    const state = await lab.runtime.state(container.id);
    assert.equal(state?.status, 'running');
    assert.equal(state?.pid, pid);
    const parent = Number(/^PPid:\s*(\d+)/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1]);
    assert.match(await readFile(`/proc/${parent}/comm`, 'utf8'), /conmon/, 'conmon is the parent now');
    await lab.runtime.kill(container.id, 'KILL');
    assert.equal((await lab.runtime.watchExit(container.dir, AbortSignal.timeout(15_000))).exitCode, 137);
    await finish(container);
  });

  test('network host (no netns: /sys still mounts), read-only rootfs, init, privileged', async () => {
    const container = await lab.container('hostnet', ['sh', '-c', 'ls /sys/class/net | grep -q lo && ! touch /x 2>/dev/null && echo $$ && grep -c . /proc/self/status >/dev/null'], { NetworkMode: 'host', ReadonlyRootfs: true, Init: true });
    await run(container);
    assert.equal((await lab.runtime.watchExit(container.dir, AbortSignal.timeout(15_000))).exitCode, 0);
    assert.notEqual((await text(container)).trim(), '1', 'the init is pid 1, not the shell');
    await finish(container);
    const privileged = await lab.container('priv', ['sh', '-c', 'grep CapEff /proc/self/status'], { Privileged: true });
    await run(privileged);
    assert.equal((await lab.runtime.watchExit(privileged.dir, AbortSignal.timeout(15_000))).exitCode, 0);
    const hostBounding = /CapBnd:\s+([0-9a-f]+)/.exec(await readFile('/proc/self/status', 'utf8'))?.[1];
    assert.equal(await text(privileged), `CapEff:\t${hostBounding}\n`, 'privileged = every capability berthd has');
    await finish(privileged);
  });

  test('SIGTERM reaches a trap: exit 143', async () => {
    const container = await lab.container('term', ['sh', '-c', 'trap "exit 143" TERM; echo ready; while true; do sleep 0.05; done']);
    await run(container);
    await eventually(async () => ((await text(container)).includes('ready') ? true : undefined), 10_000, 'the trap to be set');
    await lab.runtime.kill(container.id, 'TERM');
    assert.equal((await lab.runtime.watchExit(container.dir, AbortSignal.timeout(15_000))).exitCode, 143);
    await finish(container);
  });

  test('the OOM killer under a 16m limit is reported', async () => {
    const container = await lab.container('oom', ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=64M', 'count=1'], { Memory: 16 * 1024 * 1024 });
    await run(container);
    const exit = await lab.runtime.watchExit(container.dir, AbortSignal.timeout(15_000));
    assert.equal(exit.exitCode, 137);
    assert.equal(exit.oomKilled, true);
    await finish(container);
  });

  test('rlimits are clamped to the host hard limit; users resolve in the image', async () => {
    const hard = lab.host.hostLimits['nofile']?.hard ?? 0;
    const container = await lab.container('limits', ['sh', '-c', 'ulimit -n; ulimit -Hn; id -u; id -g; echo $HOME'], { Ulimits: [{ Name: 'nofile', Soft: 1048576, Hard: 1048576 }] }, { User: 'nobody' });
    await run(container);
    assert.equal((await lab.runtime.watchExit(container.dir, AbortSignal.timeout(15_000))).exitCode, 0);
    assert.equal(await text(container), `${hard}\n${hard}\n65534\n65534\n/nonexistent\n`);
    await finish(container);
  });

  test('exec: exit code, output, user, TTY, health-check capture with timeout; pause, ps, stats', async () => {
    const container = await lab.container('exec', ['sleep', '300'], { Memory: 64 * 1024 * 1024 }, { Env: ['FROM_CONTAINER=1'] });
    await run(container);

    const plain = await lab.runtime.exec(container.id, { args: ['sh', '-c', 'echo "out $FROM_CONTAINER $EXTRA"; echo err >&2; [ -t 0 ] || echo notty; exit 3'], env: ['EXTRA=2'] });
    let stdout = '';
    let stderr = '';
    plain.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    plain.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    assert.equal(await plain.exited, 3);
    assert.equal(stdout, 'out 1 2\nnotty\n');
    assert.equal(stderr, 'err\n');

    const user = await lab.runtime.execCapture(container.id, { args: ['id', '-u'], user: 'nobody' }, 10_000);
    assert.deepEqual(user, { exitCode: 0, output: '65534\n', timedOut: false });

    const tty = await lab.runtime.exec(container.id, { args: ['sh', '-c', '[ -t 0 ] && [ -t 1 ] && echo tty; exit 5'], tty: true });
    let ttyOutput = '';
    tty.child.stdout?.on('data', (chunk: Buffer) => (ttyOutput += chunk.toString()));
    assert.equal(await tty.exited, 5);
    assert.equal(ttyOutput.replaceAll('\r', ''), 'tty\n');

    const started = Date.now();
    const slow = await lab.runtime.execCapture(container.id, { args: ['sh', '-c', 'echo begun; sleep 30'] }, 500);
    assert.equal(slow.timedOut, true);
    assert.equal(slow.output, 'begun\n');
    assert.ok(Date.now() - started < 5000, 'the timed-out process was killed');
    const big = await lab.runtime.execCapture(container.id, { args: ['sh', '-c', 'i=0; while [ $i -lt 2000 ]; do echo 0123456789; i=$((i+1)); done'] }, 10_000);
    assert.equal(big.output.length, 4096);

    const pids = await lab.runtime.ps(container.id);
    const states = await Promise.all(pids.map(async (pid) => (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).split(') ')[1]?.slice(0, 1)));
    assert.deepEqual(states.filter((state) => state !== 'Z'), ['S'], `one live process (sleep), the killed health check's tree is gone: ${states.join(' ')}`);
    const stats = await lab.runtime.stats(container.id);
    assert.equal(stats.memory.limitBytes, 64 * 1024 * 1024);
    assert.ok(stats.memory.usageBytes > 0);
    assert.ok(stats.pids.current >= 1);
    await lab.runtime.pause(container.id);
    assert.equal((await lab.runtime.state(container.id))?.status, 'paused');
    await lab.runtime.resume(container.id);
    assert.equal((await lab.runtime.state(container.id))?.status, 'running');
    await finish(container);
    assert.equal(await lab.runtime.state(container.id), undefined);
  });

  test('logs: tail, since/until, follow until the container stops', async () => {
    const container = await lab.container('logs', ['sh', '-c', 'for i in 1 2 3 4 5; do echo line$i; done; printf "part"; sleep 0.3; echo ial; sleep 0.5; echo late; echo late-err >&2']);
    await run(container);
    const followed: string[] = [];
    const stopped = lab.runtime.watchExit(container.dir, AbortSignal.timeout(15_000));
    for await (const line of lab.runtime.readLogs(container.dir, { follow: true, stopped })) followed.push(line.line.toString());
    assert.deepEqual(followed, ['line1\n', 'line2\n', 'line3\n', 'line4\n', 'line5\n', 'partial\n', 'late\n', 'late-err\n']);
    assert.equal(await text(container, { tail: 2 }), 'late\nlate-err\n');
    assert.equal(await text(container, { tail: 0 }), '');
    assert.equal(await text(container, { tail: 100 }), followed.join(''));
    const all = await collect(lab.runtime.readLogs(container.dir));
    const late = all.find((line) => line.line.toString() === 'late\n');
    assert.ok(late !== undefined);
    const lateSeconds = Date.parse(late.time) / 1000;
    assert.equal(await text(container, { since: lateSeconds - 0.1 }), 'late\nlate-err\n');
    assert.equal(await text(container, { until: lateSeconds - 0.1 }), 'line1\nline2\nline3\nline4\nline5\npartial\n');
    await finish(container);
  });

  test('follow ends on abort', async () => {
    const container = await lab.container('abort', ['sh', '-c', 'echo one; sleep 300']);
    await run(container);
    const controller = new AbortController();
    const lines: string[] = [];
    for await (const line of lab.runtime.readLogs(container.dir, { follow: true, signal: controller.signal })) {
      lines.push(line.line.toString());
      controller.abort();
    }
    assert.deepEqual(lines, ['one\n']);
    await finish(container);
  });
});

describe('log rotation with a tiny --log-size-max', { skip: skipReason }, () => {
  test('the previous generation is kept and read first; follow crosses rotations', async () => {
    const lab = await openLab({ logSizeMax: 4096 });
    try {
      const container = await lab.container('rotate', ['sh', '-c', 'i=1; while [ $i -le 300 ]; do echo "line $i padding-padding-padding"; i=$((i+1)); usleep 2000; done']);
      await lab.runtime.create(container.id, container.dir, container.spec, { lowerdir: lab.lowerdir });
      const stopped = lab.runtime.watchExit(container.dir, AbortSignal.timeout(30_000));
      const followed: string[] = [];
      for await (const line of lab.runtime.readLogs(container.dir, { follow: true, stopped })) followed.push(line.line.toString());
      assert.equal(followed.length, 300, 'a follower sees every line across rotations');
      assert.deepEqual(followed.map((line) => Number(line.split(' ')[1])), Array.from({ length: 300 }, (_, index) => index + 1));

      const files = await readdir(container.dir);
      assert.ok(files.includes('ctr.log.1'), `a previous generation exists (${files.join(' ')})`);
      const numbers = (await collect(lab.runtime.readLogs(container.dir))).map((line) => Number(line.line.toString().split(' ')[1]));
      assert.equal(numbers.at(-1), 300);
      assert.deepEqual(numbers, numbers.map((_, index) => (numbers[0] ?? 0) + index), 'two generations, contiguous');
      const liveSize = (await stat(join(container.dir, 'ctr.log'))).size;
      assert.ok(liveSize <= 4096);
      assert.ok(numbers.length * 40 > liveSize, 'more than the live file is readable');
      const tail = (await collect(lab.runtime.readLogs(container.dir, { tail: numbers.length - 2 }))).map((line) => Number(line.line.toString().split(' ')[1]));
      assert.deepEqual(tail, numbers.slice(2), 'tail reaches into the previous generation');
      await lab.runtime.remove(container.id, container.dir);
    } finally {
      await lab.close();
    }
    assert.deepEqual(await leftovers(lab), []);
  });
});

describe('create + start time', { skip: skipReason }, () => {
  test('median of 20 (conmon + runc create + runc start, overlay mount included)', async () => {
    const lab = await openLab();
    try {
      const durations: number[] = [];
      for (let index = 0; index < 20; index += 1) {
        const container = await lab.container(`bench${index}`, ['sleep', '300']);
        const started = process.hrtime.bigint();
        await lab.runtime.create(container.id, container.dir, container.spec, { lowerdir: lab.lowerdir });
        durations.push(Number(process.hrtime.bigint() - started) / 1e6);
        await lab.runtime.remove(container.id, container.dir);
      }
      durations.sort((left, right) => left - right);
      const median = ((durations[9] ?? 0) + (durations[10] ?? 0)) / 2;
      console.log(`# create+start median ${median.toFixed(1)} ms, p90 ${durations[17]?.toFixed(1)} ms, min ${durations[0]?.toFixed(1)} ms, max ${durations[19]?.toFixed(1)} ms`);
      assert.ok(median < 2000, `create+start took ${median} ms`);
    } finally {
      await lab.close();
    }
    assert.deepEqual(await leftovers(lab), []);
  });
});
