/**
 * The use cases behind berth's commands, as functions of explicit inputs
 * (the loaded project or its name, a Session with the engine and the output
 * sinks, the options). The CLI and the programmatic API call these.
 */
export { showConfig, type ConfigView } from './config.js';
export type { AppEvent, LogSink, Session, TextSink } from './session.js';
export { connectEngine, type EngineChoice } from './engine.js';
export { engineStatus, loadIntoEngine, runEngineForeground, stopEngine, type EngineStatus } from './engine-daemon.js';
export { acquireProjectLock, lockDirectory, type LockHost, type ProjectLock } from './lock.js';
export { nodeLockHost } from './node-lock-host.js';
export { loadForCommand, loadTarget, targetName, type ProjectTarget } from './target.js';
export { up, waitForReady, type UpIo } from './up.js';
export { parseScale, UP_DEFAULTS, validateUpOptions, type PullPolicyOption, type UpOptions } from './up-options.js';
export { down, type DownOptions } from './down.js';
export { ps, listEntries, type PsEntry, type PsOptions, type PsView } from './ps.js';
export { logs, type LogsOptions } from './logs.js';
export { restart, start, stop, type RestartOptions, type StartOptions, type StopOptions } from './start-stop.js';
export { exec, type ExecOptions } from './exec.js';
export { run, type RunOptions } from './run.js';
export type { ProcessIo } from './process-io.js';
export { shortName } from './selection.js';
export { exitCodeOf, startStack, type ExecResult, type Stack, type StackLogLine, type StackUpOptions } from './stack.js';
export { kill, pause, unpause, type KillOptions } from './container-actions.js';
export { rm, type RmIo, type RmOptions } from './rm.js';
export { top } from './top.js';
export { port, type PortOptions } from './port.js';
export { images, type ImagesView } from './list-images.js';
export { ls, type LsOptions, type LsView } from './list-projects.js';
export { wait, type WaitOptions } from './wait.js';
export { events, type EventsOptions } from './project-events.js';
export { cp, type CopyHost, type CopyIo, type CopyOptions } from './copy.js';
export { nodeCopyHost } from './node-copy-host.js';
export { pull, type PullOptions } from './pull.js';
export { push, type PushOptions } from './push.js';
export { build, type BuildOptions } from './build.js';
