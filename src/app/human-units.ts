/**
 * Sizes and durations the way Docker's tools print them (the rules of
 * docker/go-units): `1.99MB` in powers of 1000, `About an hour`.
 */

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'] as const;

/** `HumanSizeWithPrecision(size, 3)`: three significant digits, units of 1000. */
export function humanSize(sizeBytes: number, precision = 3): string {
  let size = sizeBytes;
  let unit = 0;
  while (size >= 1000 && unit < DECIMAL_UNITS.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${Number(size.toPrecision(precision))}${DECIMAL_UNITS[unit]}`;
}

/** `HumanDuration`: `Less than a second`, `5 seconds`, `About a minute`, `3 hours`, `2 weeks`… */
export function humanDuration(durationMs: number): string {
  const seconds = Math.floor(durationMs / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(durationMs / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(durationMs / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(durationMs / 3_600_000 / 24 / 365)} years`;
}
