/**
 * berthd's container runtime layer: Docker create bodies → OCI specs,
 * runc under conmon on an overlay rootfs, exec, logs, exits and stats.
 */
export { buildSpec, DEFAULT_CGROUP_PARENT, INIT_PATH_IN_CONTAINER, type SpecInput } from './spec.js';
export type { DockerCreateBody, DockerCreateConfig, DockerCreateHostConfig, DockerCreateMount, DockerUlimit, DockerDeviceMapping } from './docker-create.js';
export { serializeSpec, type OciSpec, type OciMount, type OciProcess } from './oci-spec.js';
export type { ImageConfig } from './spec-process.js';
export { commandOf, DEFAULT_PATH } from './spec-process.js';
export type { EtcFiles } from './spec-mounts.js';
export type { HostDevice, HostLimits } from './spec-resources.js';
export { probeHost, assertRunnable, type HostInfo, type CgroupLayout } from './host.js';
export { Runtime, type RuntimeOptions, type CreateOptions, type ContainerStats } from './runtime.js';
export type { RuntimeState } from './runc.js';
export type { ExecOptions, ExecProcess, CapturedExec } from './exec.js';
export type { ExitInfo } from './exit.js';
export type { ReadLogsOptions } from './logs.js';
export type { LogLine, LogStream } from './log-format.js';
export { statDevice } from './devices.js';
