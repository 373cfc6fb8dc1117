/**
 * The OCI runtime's command line (runc, or crun which takes the same
 * verbs), always with berthd's own state root so that two daemons (or a
 * test daemon and the real one) never see each other's containers.
 */
import { execFile } from 'node:child_process';
import { BerthError } from '../../errors.js';

export const RUNC_TIMEOUT_MS = 30_000;

/** `runc state` JSON. */
export interface RuntimeState {
  readonly ociVersion: string;
  readonly id: string;
  readonly pid: number;
  readonly status: 'creating' | 'created' | 'running' | 'paused' | 'stopped';
  readonly bundle: string;
  readonly rootfs: string;
  readonly created: string;
}

export class RuncCommand {
  constructor(
    readonly path: string,
    /** `--root`: the runtime's state directory, one per daemon. */
    readonly root: string,
  ) {}

  /** Runs one verb; rejects with the runtime's own message on failure. */
  run(args: readonly string[], timeoutMs: number = RUNC_TIMEOUT_MS): Promise<string> {
    const argv = ['--root', this.root, ...args];
    return new Promise((resolve, reject) => {
      execFile(this.path, argv, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error === null) {
          resolve(stdout);
          return;
        }
        const detail = cleanMessage(stderr) || error.message;
        reject(new BerthError('engine', `${this.path} ${args.join(' ')} failed: ${detail}`, { cause: error }));
      });
    });
  }

  async state(id: string): Promise<RuntimeState | undefined> {
    try {
      return JSON.parse(await this.run(['state', id])) as RuntimeState;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && /does not exist|not exist|no such file|container not found/i.test(error.message);
}

/** runc logs JSON lines (`--log-format=json`) or plain text; keep the human part. */
export function cleanMessage(stderr: string): string {
  const messages: string[] = [];
  for (const line of stderr.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    try {
      const parsed = JSON.parse(trimmed) as { msg?: unknown; level?: unknown };
      if (typeof parsed.msg === 'string' && parsed.level !== 'debug' && parsed.level !== 'info') messages.push(parsed.msg);
    } catch {
      messages.push(trimmed.replace(/^time="[^"]*" level=\w+ msg="?/, '').replace(/"$/, ''));
    }
  }
  return messages.join('; ');
}
