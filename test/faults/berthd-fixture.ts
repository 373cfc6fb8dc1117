/**
 * What berthd's fault and supervision tests share: a berthd of their own
 * (temp state, the test image loaded), an engine client on its socket that
 * is made again after every restart of berthd, a control directory
 * bind-mounted at `/ctl` so a test steers its containers with files (no
 * timing guesses: a container loops until a file appears), and a teardown
 * that fails on anything berthd left on the host.
 */
import assert from 'node:assert/strict';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { after, before } from 'node:test';
import { join } from 'node:path';
import type { ContainerInfo, ContainerSpec, Engine, LogEntry } from '../../src/engine/index.js';
import { createNativeEngine } from '../../src/engine/native/index.js';
import { collect, eventually } from '../engine/fixtures.js';
import { berthdSkipReason, startTestBerthd, type TestBerthd } from '../helpers/berthd.js';
import { TEST_IMAGE, TEST_IMAGE_ARCHIVE } from '../helpers/docker.js';

export { collect, eventually };

export type SpecOverrides = Omit<Partial<ContainerSpec>, 'host'> & { readonly host?: Partial<ContainerSpec['host']> };

export interface BerthdFixture {
  readonly daemon: TestBerthd;
  /** A client of the current berthd (a new one after `restart`). */
  readonly engine: Engine;
  /** Host side of `/ctl` in every container made with `spec`. */
  readonly controlDirectory: string;
  /** A container on the test image: network none, restart no, `/ctl` mounted, running `script` under `sh -c`. */
  spec(name: string, script: string, overrides?: SpecOverrides): ContainerSpec;
  /** Creates and starts; resolves the ID. */
  run(name: string, script: string, overrides?: SpecOverrides): Promise<string>;
  inspect(name: string): Promise<ContainerInfo>;
  /** Makes `/ctl/<name>` exist in the containers. */
  signalFile(name: string): Promise<void>;
  /** SIGKILLs berthd (containers keep running under conmon). */
  kill(): Promise<void>;
  /** Starts berthd again on the same state and reconnects. */
  restart(): Promise<void>;
  /** Removes every container, stops berthd; resolves what was left on the host (expect `[]`). */
  close(): Promise<string[]>;
}

/** Why these tests cannot run here (printed by the caller), or undefined. */
export const berthdFixtureSkipReason = berthdSkipReason;

/**
 * For a `describe` block: opens the fixture before its tests (handing it to `opened`) and
 * closes it after them, asserting that berthd left nothing behind.
 */
export function useBerthdFixture(opened: (fixture: BerthdFixture) => void): void {
  let fixture: BerthdFixture | undefined;
  before(async () => {
    fixture = await openBerthdFixture();
    opened(fixture);
  });
  after(async () => {
    if (fixture === undefined) return;
    const problems = await fixture.close();
    assert.deepEqual(problems, [], `berthd left things behind; its output:\n${fixture.daemon.output()}`);
  });
}

export async function openBerthdFixture(): Promise<BerthdFixture> {
  const daemon = await startTestBerthd();
  const controlDirectory = await mkdtemp(join(tmpdir(), 'berthd-ctl-'));
  let engine = await createNativeEngine({ socket: daemon.socket });
  try {
    await engine.images.load(createReadStream(TEST_IMAGE_ARCHIVE));
  } catch (error) {
    await engine.close();
    await daemon.stop();
    await rm(controlDirectory, { recursive: true, force: true });
    throw error;
  }

  const spec = (name: string, script: string, overrides: SpecOverrides = {}): ContainerSpec => {
    const { host, ...rest } = overrides;
    return {
      name,
      image: TEST_IMAGE,
      labels: {},
      entrypoint: null,
      command: ['sh', '-c', script],
      env: [],
      tty: false,
      openStdin: false,
      exposedPorts: [],
      networks: {},
      ...rest,
      host: {
        mounts: [{ type: 'bind', source: controlDirectory, target: '/ctl', readOnly: false }],
        portBindings: [],
        restartPolicy: { name: 'no' },
        networkMode: 'none',
        ...host,
      },
    };
  };

  const fixture: BerthdFixture = {
    daemon,
    get engine() {
      return engine;
    },
    controlDirectory,
    spec,
    async run(name, script, overrides) {
      const id = await engine.containers.create(spec(name, script, overrides));
      await engine.containers.start(id);
      return id;
    },
    async inspect(name) {
      const info = await engine.containers.inspect(name);
      if (info === undefined) throw new Error(`container ${name} does not exist on berthd`);
      return info;
    },
    signalFile: (name) => writeFile(join(controlDirectory, name), ''),
    async kill() {
      // berthd first: requests in flight must meet a dead berthd, not a client that gave up.
      await daemon.kill();
      await engine.close().catch(() => undefined);
    },
    async restart() {
      await daemon.restart();
      engine = await createNativeEngine({ socket: daemon.socket });
    },
    async close() {
      await engine.close().catch(() => undefined);
      const problems = await daemon.stop();
      await rm(controlDirectory, { recursive: true, force: true });
      return problems;
    },
  };
  return fixture;
}

/** The text of a container's log lines (stdout and stderr), oldest first. */
export async function logLines(engine: Engine, name: string, options: { timestamps?: boolean } = {}): Promise<LogEntry[]> {
  return collect(engine.containers.logs(name, { timestamps: options.timestamps ?? false }), { timeoutMs: 15_000 });
}

/**
 * Asserts the lines are `0, 1, …, n` followed by `end`: every number once,
 * in order, none missing. Returns n.
 */
export function numberedThroughEnd(lines: readonly string[], what: string): number {
  const last = lines.at(-1);
  if (last !== 'end') throw new Error(`${what}: the last log line is ${JSON.stringify(last)}, not "end" (${lines.length} lines)`);
  const numbers = lines.slice(0, -1);
  for (const [index, line] of numbers.entries()) {
    if (line !== String(index)) throw new Error(`${what}: log line ${index} is ${JSON.stringify(line)}, expected "${index}" (around: ${JSON.stringify(numbers.slice(Math.max(0, index - 3), index + 3))})`);
  }
  return numbers.length - 1;
}

/** Whether a host process is alive (not gone, not a zombie). */
export function processAlive(pid: number): boolean {
  if (pid <= 0 || !existsSync(`/proc/${pid}`)) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return true;
}

/**
 * `sh` loop printing 0, 1, 2, … every 5 ms until `/ctl/<name>.stop` exists,
 * then `end`; the last number is also kept in `/ctl/<name>.at`, so a test can
 * see the container progress while berthd is down.
 */
export function countUntil(name: string): string {
  return `i=0; while [ ! -e /ctl/${name}.stop ]; do echo $i; echo $i > /ctl/${name}.at; i=$((i+1)); usleep 5000; done; echo end`;
}

/** The last number a `countUntil` container wrote (-1 before the first). */
export async function countedSoFar(controlDirectory: string, name: string): Promise<number> {
  const text = await readFile(join(controlDirectory, `${name}.at`), 'utf8').catch(() => '');
  const value = Number.parseInt(text.trim(), 10);
  return Number.isInteger(value) ? value : -1;
}
