/**
 * What the contract suite's tests share: one engine per run, unique names,
 * the `berth.test` label on everything they create (so `cleanUp` finds all
 * of it), a container spec with sane defaults, and patient waiting.
 */
import type { ContainerSpec, Engine, Labels } from '../../src/engine/index.js';
import { TEST_IMAGE, TEST_LABEL } from '../helpers/docker.js';

export type SpecOverrides = Omit<Partial<ContainerSpec>, 'host'> & { readonly host?: Partial<ContainerSpec['host']> };

export interface Contract {
  /** The engine under test (made in `before`). */
  readonly engine: Engine;
  /** `{ 'berth.test': <this run> }`: put it on every object a test creates. */
  readonly labels: Labels;
  /** A name no other test of any run uses: `berth-ct-<run>-<kind>-<n>`. */
  name(kind: string): string;
  /** A container spec on the test image: labelled, no networks beyond the default, restart "no". */
  spec(overrides?: SpecOverrides): ContainerSpec;
  /** Image references a test tagged, removed at the end. */
  readonly taggedImages: string[];
  /** What the engine under test can do; a test that needs more skips, saying why. */
  readonly capabilities: Capabilities;
}

export interface Capabilities {
  /** Bridge networks, network create/connect, published ports. */
  readonly bridgeNetworks: boolean;
  /** Feeding a container's stdin through attach. */
  readonly attachStdin: boolean;
  /** Pushing images (without it, the registry test pushes with the Docker Engine and pulls with this one). */
  readonly push: boolean;
  /** The network mode containers get by default (`bridge` on Docker). */
  readonly networkMode: string;
}

export const FULL_CAPABILITIES: Capabilities = { bridgeNetworks: true, attachStdin: true, push: true, networkMode: 'bridge' };

export function makeContract(engine: () => Engine, capabilities: Capabilities = FULL_CAPABILITIES): Contract & { readonly runId: string } {
  const runId = `${process.pid.toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
  const labels = { [TEST_LABEL]: runId };
  let counter = 0;
  const contract = {
    runId,
    get engine() {
      return engine();
    },
    labels,
    capabilities,
    name: (kind: string) => `berth-ct-${runId}-${kind}-${++counter}`,
    spec(overrides: SpecOverrides = {}): ContainerSpec {
      const { host, ...rest } = overrides;
      return {
        name: contract.name('c'),
        image: TEST_IMAGE,
        labels,
        entrypoint: null,
        command: ['sleep', '300'],
        env: [],
        tty: false,
        openStdin: false,
        exposedPorts: [],
        networks: {},
        ...rest,
        host: { mounts: [], portBindings: [], restartPolicy: { name: 'no' }, networkMode: capabilities.networkMode, ...host },
      };
    },
    taggedImages: [] as string[],
  };
  return contract;
}

/** Removes everything carrying this run's label, and the tags it made. Never throws. */
export async function cleanUp(engine: Engine, labels: Labels, taggedImages: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, action: () => Promise<unknown>): Promise<void> => {
    try {
      await action();
    } catch (error) {
      if ((error as { kind?: string }).kind !== 'not_found') problems.push(`${what}: ${(error as Error).message}`);
    }
  };
  for (const container of await engine.containers.list({ labels, all: true }).catch(() => [])) {
    await attempt(`container ${container.name}`, () => engine.containers.remove(container.id, { force: true, volumes: true }));
  }
  for (const network of await engine.networks.list({ labels }).catch(() => [])) {
    await attempt(`network ${network.name}`, () => engine.networks.remove(network.id));
  }
  for (const volume of await engine.volumes.list({ labels }).catch(() => [])) {
    await attempt(`volume ${volume.name}`, () => engine.volumes.remove(volume.name, { force: true }));
  }
  for (const reference of taggedImages) await attempt(`image ${reference}`, () => engine.images.remove(reference));
  return problems;
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let delayMs = 20;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 250);
  }
}

/** Reads an async iterable to its end (or until `stop` says so), with a time limit. */
export async function collect<T>(source: AsyncIterable<T>, options: { timeoutMs?: number; stop?: (items: readonly T[]) => boolean } = {}): Promise<T[]> {
  const items: T[] = [];
  const iterator = source[Symbol.asyncIterator]();
  const timeoutMs = options.timeoutMs ?? 15_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`collecting timed out after ${timeoutMs} ms; got ${JSON.stringify(items)}`)), timeoutMs);
  });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next.done) return items;
      items.push(next.value);
      if (options.stop?.(items)) {
        await iterator.return?.();
        return items;
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a byte stream into one Buffer. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** Asserts that `action` rejects with an engine error of `kind`. */
export async function rejectsWithKind(action: () => Promise<unknown>, kind: string): Promise<void> {
  try {
    await action();
  } catch (error) {
    const actual = (error as { kind?: unknown }).kind;
    if (actual !== kind) throw new Error(`expected an engine error of kind ${kind}, got ${String(actual)}: ${(error as Error).message}`, { cause: error });
    return;
  }
  throw new Error(`expected an engine error of kind ${kind}, but the call succeeded`);
}
