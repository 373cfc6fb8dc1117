/**
 * Input through attach on berthd: a client that attaches with stdin before
 * starting the container (the Docker CLI's `run -i`, berth's `run`) feeds
 * the process, and closing its side is EOF for the container (StdinOnce).
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { createNativeEngine } from '../../src/engine/native/index.js';
import { berthdSkipReason, startTestBerthd, type TestBerthd } from '../helpers/berthd.js';
import { berth, fixture } from '../helpers/cli.js';
import { TEST_IMAGE, TEST_IMAGE_ARCHIVE } from '../helpers/docker.js';
import { collect, makeContract } from '../engine/fixtures.js';
import { conmonStdinArgs, stdinModeOf } from '../../src/daemon/runtime/attach-stdin.js';

const run = promisify(execFile);

async function skipReason(): Promise<string | undefined> {
  const berthd = await berthdSkipReason();
  if (berthd !== undefined) return berthd;
  const socat = await run('sh', ['-c', 'command -v socat']).then(() => true, () => false);
  return socat ? undefined : 'socat is not installed (apt-get install socat)';
}

const skip = await skipReason();
if (skip !== undefined) console.log(`# attach with stdin (berthd) skipped: ${skip}`);

/** Runs a command with `input` piped to it; resolves with what it printed and its exit code. */
function runWithInput(command: string, args: readonly string[], input: Buffer | string, options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number }): Promise<{ exitCode: number | null; stdout: Buffer; stderr: string; elapsedMs: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], timeout: options.timeoutMs });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ exitCode, stdout: Buffer.concat(stdout), stderr, elapsedMs: performance.now() - started }));
  });
}

/** socat processes berthd started for containers under `root` (they must end with their attach). */
async function socatsUnder(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const command = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (!command.includes('UNIX-CONNECT:attach')) continue;
    const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => '');
    if (cwd.startsWith(root)) found.push(`socat left: pid ${entry} in ${cwd}`);
  }
  return found;
}

describe('stdin modes: Docker\'s OpenStdin/StdinOnce as conmon flags', () => {
  test('a closed stdin has no pipe; an open one is closed by a leaving client only with StdinOnce', () => {
    const cases = [
      { create: {}, args: [] },
      { create: { StdinOnce: true }, args: [] },
      { create: { OpenStdin: true }, args: ['--stdin', '--leave-stdin-open'] },
      { create: { OpenStdin: true, StdinOnce: true }, args: ['--stdin'] },
    ];
    for (const { create, args } of cases) assert.deepEqual(conmonStdinArgs(stdinModeOf(create)), args, JSON.stringify(create));
  });
});

describe('attach with stdin on berthd', { skip }, () => {
  let daemon: TestBerthd | undefined;

  before(async () => {
    daemon = await startTestBerthd();
    const engine = await createNativeEngine({ socket: daemon.socket });
    await engine.images.load(createReadStream(TEST_IMAGE_ARCHIVE));
  });

  after(async () => {
    if (daemon === undefined) return;
    const problems = await daemon.stop().catch((error: unknown) => [`stopping berthd: ${(error as Error).message}`]);
    // After stop: a socat outlives its attach by a moment (it lingers 0.5 s after its input ends), never its container.
    const leftSocats = await socatsUnder(daemon.root);
    assert.deepEqual([...problems, ...leftSocats], [], `berthd left things behind; its output:\n${daemon.output()}`);
  });

  test('docker run -i --rm --network none … cat echoes its piped input and exits 0 (its stdin ends with the input)', async (t) => {
    const docker = await run('sh', ['-c', 'command -v docker']).then(() => true, () => false);
    if (!docker) {
      console.log('# skipped: the docker CLI is not installed');
      t.skip('the docker CLI is not installed');
      return;
    }
    assert.ok(daemon);
    // Big enough that conmon's copies of the output to the attach socket would stall the container if nobody read them.
    const input = Array.from({ length: 20_000 }, (_, index) => `line ${index} of the piped input\n`).join('');
    const result = await runWithInput('docker', ['run', '-i', '--rm', '--network', 'none', TEST_IMAGE, 'cat'], input, {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: daemon.root, DOCKER_HOST: daemon.host },
      timeoutMs: 60_000,
    });
    assert.equal(result.exitCode, 0, `docker run -i failed: ${result.stderr}`);
    assert.equal(result.stdout.length, Buffer.byteLength(input), 'every byte comes back');
    assert.ok(result.stdout.toString() === input, 'the output is the input, in order');
    console.log(`# docker run -i … cat of ${Buffer.byteLength(input)} bytes: ${Math.round(result.elapsedMs)} ms`);
    const engine = await createNativeEngine({ socket: daemon.socket });
    assert.deepEqual(await engine.containers.list({ all: true, labels: {} }), [], '--rm removed the container');
  });

  test('a running container with an open stdin but no StdinOnce takes input from one attach after another: a client leaving does not close it', async (t) => {
    assert.ok(daemon);
    const engine = await createNativeEngine({ socket: daemon.socket });
    const contract = makeContract(() => engine);
    const id = await engine.containers.create(contract.spec({ openStdin: true, command: ['sh', '-c', 'while read line; do echo "got:$line"; done; echo stdin-closed'], host: { networkMode: 'none' } }));
    t.after(() => engine.containers.remove(id, { force: true }).catch(() => undefined));
    await engine.containers.start(id);
    for (const word of ['first', 'second']) {
      const streams = await engine.containers.attach(id, { stdin: true });
      assert.ok(streams.stdin, 'stdin was requested');
      streams.stdin.end(`${word}\n`);
      const frames = await collect(streams.output, { stop: (items) => Buffer.concat(items.map((frame) => frame.data)).toString().includes('\n') });
      assert.equal(Buffer.concat(frames.map((frame) => frame.data)).toString(), `got:${word}\n`);
      streams.close();
    }
    assert.equal((await engine.containers.inspect(id))?.state, 'running', 'stdin is still open: the loop still reads');
  });

  test('echo hi | berth run --rm svc cat (no -T) prints hi', async () => {
    assert.ok(daemon);
    const compose = ['services:', '  svc:', `    image: ${TEST_IMAGE}`, '    network_mode: none', ''].join('\n');
    await using project = await fixture({ 'compose.yaml': compose }, 'attach-stdin');
    const result = await berth(['-p', 'attach-stdin', '--progress', 'quiet', 'run', '--rm', 'svc', 'cat'], {
      cwd: project.dir,
      env: { BERTH_SOCKET: daemon.socket },
      stdin: 'hi\n',
      timeoutMs: 60_000,
    });
    assert.equal(result.exitCode, 0, `berth run failed:\n${result.stderr}`);
    assert.equal(result.stdout, 'hi\n');
    const engine = await createNativeEngine({ socket: daemon.socket });
    assert.deepEqual(await engine.containers.list({ all: true, labels: { 'com.docker.compose.project': 'attach-stdin' } }), [], '--rm removed the container');
  });
});
