/**
 * `post_start` and `pre_stop` hooks: each command is exec'd in the service's
 * container and must exit 0. Its output is kept only as a bounded tail, for
 * the error message (stderr preferred, as it usually says what went wrong).
 */
import { BerthError } from '../errors.js';
import type { Engine } from '../engine/index.js';
import type { ContainerHook } from '../plan/plan.js';

const TAIL_LINES = 10;
const TAIL_BYTES = 2048;

export interface HookTarget {
  readonly containerId: string;
  readonly containerName: string;
  readonly service: string;
  /** `post_start` or `pre_stop`, for messages. */
  readonly phase: 'post_start' | 'pre_stop';
}

/** Runs the hooks one after the other; rejects at the first that fails. */
export async function runHooks(engine: Engine, target: HookTarget, hooks: readonly ContainerHook[], signal?: AbortSignal): Promise<void> {
  for (const hook of hooks) await runHook(engine, target, hook, signal);
}

export async function runHook(engine: Engine, target: HookTarget, hook: ContainerHook, signal?: AbortSignal): Promise<void> {
  const handle = await engine.containers.exec(
    target.containerId,
    {
      command: hook.command,
      env: hook.env,
      ...(hook.user !== undefined ? { user: hook.user } : {}),
      ...(hook.workingDir !== undefined ? { workingDir: hook.workingDir } : {}),
      ...(hook.privileged === true ? { privileged: true } : {}),
    },
    signal,
  );
  const stdout = new OutputTail();
  const stderr = new OutputTail();
  try {
    for await (const chunk of handle.streams.output) (chunk.stream === 'stderr' ? stderr : stdout).write(chunk.data);
  } finally {
    handle.streams.close();
  }
  const exitCode = await handle.exitCode;
  if (exitCode === 0) return;
  const output = stderr.text() || stdout.text();
  const command = hook.command.join(' ');
  throw new BerthError(
    'container_exit',
    `${target.phase} hook "${command}" of service ${target.service} exited with status ${exitCode} in container ${target.containerName}${output === '' ? '' : `: ${output}`}`,
  );
}

/** The last lines written, at most TAIL_LINES lines and TAIL_BYTES bytes. */
class OutputTail {
  #text = '';

  write(data: Buffer): void {
    this.#text = (this.#text + data.toString('utf8')).slice(-TAIL_BYTES * 2);
  }

  text(): string {
    const lines = this.#text.replace(/\r\n/g, '\n').split('\n').map((line) => line.replace(/^.*\r/, ''));
    const trimmed = lines.join('\n').trim();
    return trimmed.split('\n').slice(-TAIL_LINES).join('\n').slice(-TAIL_BYTES);
  }
}
