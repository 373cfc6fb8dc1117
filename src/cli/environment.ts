/**
 * What the CLI gets from the process (main.ts reads it; tests may fake it):
 * argv aside, the environment, streams, terminal facts, signals, clock.
 */

export interface CliStdin extends NodeJS.ReadableStream {
  readonly isTTY?: boolean | undefined;
  setRawMode?(mode: boolean): unknown;
}

export interface CliOutputStream extends NodeJS.WritableStream {
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
  readonly rows?: number | undefined;
}

export interface Interrupts {
  /** Aborts at the first Ctrl-C or SIGTERM. */
  readonly signal: AbortSignal;
  /** Aborts at the second. */
  readonly forceSignal: AbortSignal;
}

export interface CliEnvironment {
  readonly environment: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdout: CliOutputStream;
  readonly stderr: CliOutputStream;
  readonly stdin?: CliStdin | undefined;
  readonly interrupts?: Interrupts | undefined;
  /** For the lock: this process, its user, the temporary directory. */
  readonly pid?: number | undefined;
  readonly uid?: number | undefined;
  readonly tmpDir?: string | undefined;
  readonly now?: (() => Date) | undefined;
  readonly randomHex?: ((bytes: number) => string) | undefined;
}
