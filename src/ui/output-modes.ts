/**
 * How berth decides what its output looks like: `--ansi` (with
 * `COMPOSE_ANSI` and `NO_COLOR`) for colours, `--progress` (with
 * `COMPOSE_PROGRESS`) for progress on stderr. Parsed once, at the edge;
 * everything below works with the literal unions.
 */
import { BerthError } from '../errors.js';

export type AnsiMode = 'never' | 'always' | 'auto';
export type ProgressMode = 'auto' | 'tty' | 'plain' | 'json' | 'quiet';
/** What `auto` turns into once the terminal is known. */
export type ResolvedProgressMode = Exclude<ProgressMode, 'auto'>;

export const ANSI_MODES: readonly AnsiMode[] = ['never', 'always', 'auto'];
export const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'tty', 'plain', 'json', 'quiet'];

export function parseAnsiMode(text: string, source = '--ansi'): AnsiMode {
  const mode = ANSI_MODES.find((candidate) => candidate === text);
  if (mode === undefined) {
    throw new BerthError('invalid_argument', `${source} must be one of ${ANSI_MODES.join(', ')}, not "${text}"`);
  }
  return mode;
}

export function parseProgressMode(text: string, source = '--progress'): ProgressMode {
  // Compose takes an empty value as auto and `none` as quiet.
  if (text === '') return 'auto';
  if (text === 'none') return 'quiet';
  const mode = PROGRESS_MODES.find((candidate) => candidate === text);
  if (mode === undefined) {
    throw new BerthError('invalid_argument', `${source} must be one of ${PROGRESS_MODES.join(', ')}, not "${text}"`);
  }
  return mode;
}

export interface TerminalFacts {
  /** The stream the output goes to is a terminal. */
  readonly isTerminal: boolean;
  /** `NO_COLOR` is set to a non-empty value (https://no-color.org). */
  readonly noColor: boolean;
}

/** Whether to colour output written to a stream: `always` and `never` decide alone; `auto` colours terminals unless NO_COLOR says not to. */
export function colorEnabled(ansi: AnsiMode, facts: TerminalFacts): boolean {
  if (facts.noColor) return false;
  switch (ansi) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'auto':
      return facts.isTerminal;
    default: {
      const unknown: never = ansi;
      throw new Error(`unknown ansi mode ${String(unknown)}`);
    }
  }
}

/**
 * The progress renderer to use. Progress goes to stderr, so `auto` probes
 * stderr (a redirected stdout, as in `berth up | tee log`, keeps the live
 * view). Contradictions with `--ansi` are errors, as in Compose.
 */
export function resolveProgressMode(progress: ProgressMode, ansi: AnsiMode, stderrIsTerminal: boolean): ResolvedProgressMode {
  switch (progress) {
    case 'auto':
      return ansi !== 'never' && stderrIsTerminal ? 'tty' : 'plain';
    case 'tty':
      if (ansi === 'never') throw new BerthError('invalid_argument', 'cannot use --progress tty while ANSI output is disabled (--ansi never); choose --progress plain or drop --ansi never');
      return 'tty';
    case 'plain':
      if (ansi === 'always') throw new BerthError('invalid_argument', 'cannot use --progress plain while ANSI output is forced (--ansi always); choose --progress tty or drop --ansi always');
      return 'plain';
    case 'json':
    case 'quiet':
      return progress;
    default: {
      const unknown: never = progress;
      throw new Error(`unknown progress mode ${String(unknown)}`);
    }
  }
}
