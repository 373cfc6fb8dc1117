/**
 * `berth exec SERVICE COMMAND…`: run a command in a running service
 * container; the exit code is the command's.
 */
import { BerthError } from '../errors.js';
import type { LoadedProject } from '../model/index.js';
import { compareText, containerNumberOf, isOneOff, PROJECT_LABEL, SERVICE_LABEL } from '../plan/index.js';
import { pipeProcess, type ProcessIo } from './process-io.js';
import { checkServiceNames } from './selection.js';
import type { Session } from './session.js';

export interface ExecOptions {
  readonly service: string;
  readonly command: readonly string[];
  /** `-T`: no TTY even on a terminal. */
  readonly noTty: boolean;
  /** `-e KEY=VALUE`. */
  readonly env: readonly string[];
  readonly user?: string | undefined;
  readonly workingDir?: string | undefined;
  /** `-d`: start the command and return. */
  readonly detach: boolean;
  /** `--index`: which replica (default 1). */
  readonly index?: number | undefined;
  readonly privileged: boolean;
}

export async function exec(loaded: LoadedProject, session: Session, options: ExecOptions, io: ProcessIo): Promise<number> {
  const { project } = loaded;
  checkServiceNames(project, [options.service]);
  if (options.command.length === 0) throw new BerthError('invalid_argument', 'exec needs a command to run, e.g. `berth exec web sh`');
  const containers = (await session.engine.containers.list({ labels: { [PROJECT_LABEL]: project.name, [SERVICE_LABEL]: options.service } }))
    .filter((container) => !isOneOff(container) && container.state === 'running')
    .sort((a, b) => (containerNumberOf(a.labels) ?? 0) - (containerNumberOf(b.labels) ?? 0) || compareText(a.name, b.name));
  const wanted = options.index;
  const container = wanted === undefined ? containers[0] : containers.find((candidate) => containerNumberOf(candidate.labels) === wanted);
  if (container === undefined) {
    throw new BerthError(
      'invalid_argument',
      wanted === undefined
        ? `service "${options.service}" is not running; start it with \`berth up -d ${options.service}\``
        : `service "${options.service}" has no running container with index ${wanted}`,
    );
  }
  const tty = !options.noTty && !options.detach && io.stdinIsTerminal;
  const interactive = !options.detach && io.stdin !== undefined;
  const handle = await session.engine.containers.exec(
    container.id,
    {
      command: options.command,
      env: options.env.length > 0 ? options.env : undefined,
      user: options.user,
      workingDir: options.workingDir,
      tty,
      stdin: interactive,
      privileged: options.privileged,
    },
    session.signal,
  );
  if (options.detach) {
    handle.streams.close();
    return 0;
  }
  await pipeProcess(handle.streams, io);
  return handle.exitCode;
}
