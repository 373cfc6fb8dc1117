/**
 * Restart policies, as Docker applies them when a container's process ends:
 * `no` never; `always` unless a user stopped it; `unless-stopped` the same
 * (the difference, coming back after an engine restart, is in reconcile);
 * `on-failure[:N]` on a non-zero exit, at most N times when N is given.
 */
export interface RestartPolicyBody {
  readonly Name?: string;
  readonly MaximumRetryCount?: number;
}

export function shouldRestart(
  policy: RestartPolicyBody | null | undefined,
  container: { readonly ManuallyStopped: boolean; readonly RestartCount: number },
  exitCode: number,
): boolean {
  if (container.ManuallyStopped) return false;
  const name = policy?.Name ?? 'no';
  switch (name) {
    case '':
    case 'no':
      return false;
    case 'always':
    case 'unless-stopped':
      return true;
    case 'on-failure': {
      if (exitCode === 0) return false;
      const limit = policy?.MaximumRetryCount ?? 0;
      return limit <= 0 || container.RestartCount < limit;
    }
    default:
      return false;
  }
}

/** Docker's back-off: 100 ms, doubling per restart, at most a minute. */
export function restartDelayMs(restartCount: number): number {
  return Math.min(100 * 2 ** Math.min(restartCount, 20), 60_000);
}
