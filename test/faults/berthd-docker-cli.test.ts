/**
 * Obligation (issue 4): Docker's own client drives berthd. With
 * `DOCKER_HOST=unix://<berthd's socket>`, `docker run -d`, `ps`, `logs`,
 * `exec`, `inspect`, `stop` and `rm -f` work and say what berthd's state is;
 * and `docker stop` of a container that traps SIGTERM ends it at once with
 * exit code 0.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TEST_IMAGE } from '../helpers/docker.js';
import { berthdFixtureSkipReason, useBerthdFixture, processAlive, type BerthdFixture } from './berthd-fixture.js';

interface DockerResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly elapsedMs: number;
}

const dockerBinary = await new Promise<string | undefined>((resolve) => execFile('sh', ['-c', 'command -v docker'], (error, stdout) => resolve(error === null ? stdout.trim() : undefined)));
const skip = (await berthdFixtureSkipReason()) ?? (dockerBinary === undefined ? 'the docker client is not installed (apt-get install docker.io)' : undefined);
if (skip !== undefined) console.log(`# skipped: docker CLI against berthd: ${skip}`);

describe('the docker CLI against berthd', { skip }, () => {
  let fixture: BerthdFixture;
  useBerthdFixture((opened) => (fixture = opened));

  const docker = (args: readonly string[]): Promise<DockerResult> =>
    new Promise((resolve) => {
      const started = performance.now();
      execFile(
        dockerBinary ?? 'docker',
        args,
        // A config dir of the test's own: no user's contexts, credentials or DOCKER_HOST leak in.
        { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', DOCKER_HOST: fixture.daemon.host, DOCKER_CONFIG: join(fixture.controlDirectory, '.docker') }, timeout: 30_000 },
        (error, stdout, stderr) => {
          const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
          resolve({ exitCode, stdout, stderr, elapsedMs: performance.now() - started });
        },
      );
    });
  const ok = async (args: readonly string[]): Promise<DockerResult> => {
    const result = await docker(args);
    assert.equal(result.exitCode, 0, `docker ${args.join(' ')} failed (exit ${result.exitCode}):\n${result.stderr}${result.stdout}`);
    return result;
  };

  test('run -d, ps, logs, exec, inspect and rm -f', { timeout: 60_000 }, async () => {
    const run = await ok(['run', '-d', '--name', 'cli-app', '--network', 'none', '--label', 'purpose=cli', TEST_IMAGE, 'sh', '-c', 'echo to-stdout; echo to-stderr >&2; exec sleep 300']);
    const id = run.stdout.trim();
    assert.match(id, /^[0-9a-f]{64}$/, `docker run -d prints the container ID, got ${JSON.stringify(run.stdout)}`);

    const ps = await ok(['ps', '--no-trunc', '--format', '{{.ID}} {{.Names}} {{.Image}} {{.Label "purpose"}}']);
    assert.ok(ps.stdout.split('\n').includes(`${id} cli-app ${TEST_IMAGE} cli`), `docker ps lists the container:\n${ps.stdout}`);

    const logs = await ok(['logs', 'cli-app']);
    assert.equal(logs.stdout, 'to-stdout\n', 'docker logs: stdout');
    assert.equal(logs.stderr, 'to-stderr\n', 'docker logs: stderr, on its own stream');

    const exec = await docker(['exec', 'cli-app', 'sh', '-c', 'echo $((6 * 7)); echo oops >&2; exit 3']);
    assert.equal(exec.exitCode, 3, `docker exec passes the exit code on:\n${exec.stderr}`);
    assert.equal(exec.stdout, '42\n', 'docker exec: stdout');
    assert.equal(exec.stderr, 'oops\n', 'docker exec: stderr');

    const inspect = await ok(['inspect', 'cli-app']);
    const [details] = JSON.parse(inspect.stdout) as { Id: string; Name: string; State: { Running: boolean; Pid: number; Status: string }; Config: { Labels: Record<string, string> } }[];
    assert.equal(details?.Id, id);
    assert.equal(details?.Name, '/cli-app');
    assert.equal(details?.State.Status, 'running');
    assert.ok(processAlive(details?.State.Pid ?? 0), `docker inspect names a live process (${details?.State.Pid})`);
    assert.equal(details?.Config.Labels['purpose'], 'cli');

    await ok(['rm', '-f', 'cli-app']);
    const gone = await docker(['inspect', 'cli-app']);
    assert.equal(gone.exitCode, 1, 'docker inspect of a removed container fails');
    assert.match(gone.stderr, /No such (container|object)/i);
    assert.equal((await ok(['ps', '-a', '-q'])).stdout, '', 'docker ps -a after rm -f');
  });

  test('docker stop of a container that traps SIGTERM: exit code 0, at once', { timeout: 60_000 }, async () => {
    await ok(['run', '-d', '--name', 'cli-trap', '--network', 'none', TEST_IMAGE, 'sh', '-c', "trap 'exit 0' TERM; while true; do usleep 20000; done"]);
    const stop = await ok(['stop', 'cli-trap']);
    assert.equal(stop.stdout.trim(), 'cli-trap');
    // The grace period is 10 s: well under it means the TERM did the work.
    assert.ok(stop.elapsedMs < 3_000, `docker stop took ${Math.round(stop.elapsedMs)} ms`);
    const state = await ok(['inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', 'cli-trap']);
    assert.equal(state.stdout.trim(), 'exited 0');
    await ok(['rm', 'cli-trap']);
  });
});
