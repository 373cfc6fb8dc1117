/**
 * `berth wait [SERVICE…]`: blocks until the services' running containers
 * (one-offs included) have stopped, printing Compose's line for each, and
 * resolves the exit code of the last one. `--down-project` takes the whole
 * project down as soon as the first of them stops, and resolves its code
 * (what the flag's help promises; Compose's code waits for all of them
 * before it brings the project down).
 */
import { BerthError } from '../errors.js';
import { down } from './down.js';
import { findContainers } from './project-containers.js';
import type { Session, TextSink } from './session.js';
import { targetName, type ProjectTarget } from './target.js';

export interface WaitOptions {
  readonly services: readonly string[];
  /** `--down-project`. */
  readonly downProject: boolean;
}

export async function wait(target: ProjectTarget, session: Session, options: WaitOptions, io: { readonly stdout: TextSink }): Promise<number> {
  const containers = await findContainers(session.engine, target, { services: options.services, oneOff: 'include', stopped: false });
  if (containers.length === 0) {
    const which = options.services.length > 0 ? ` of service ${options.services.join(', ')}` : '';
    throw new BerthError('invalid_argument', `no containers for project "${targetName(target)}"${which} are running; start them with \`berth up -d\``);
  }
  const waiting = new AbortController();
  const onInterrupt = (): void => waiting.abort();
  session.signal?.addEventListener('abort', onInterrupt, { once: true });
  let exitCode = 0;
  try {
    const exits = containers.map(async (container) => {
      const code = await session.engine.containers.wait(container.id, { condition: 'not-running', signal: waiting.signal });
      io.stdout.write(`container "${container.id}" exited with status code ${code}\n`);
      exitCode = code;
    });
    const interrupted = new Promise<never>((_, reject) => {
      const cancelled = (): void => reject(new BerthError('cancelled', 'wait was interrupted; the containers keep running'));
      if (waiting.signal.aborted) cancelled();
      waiting.signal.addEventListener('abort', cancelled, { once: true });
    });
    interrupted.catch(() => {});
    if (options.downProject) {
      await Promise.race([Promise.any(exits), interrupted]);
    } else {
      await Promise.race([Promise.all(exits), interrupted]);
    }
  } finally {
    waiting.abort();
    session.signal?.removeEventListener('abort', onInterrupt);
  }
  if (options.downProject) await down(target, session, { services: [], volumes: false, removeOrphans: true });
  return exitCode;
}
