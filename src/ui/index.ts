/**
 * berth's terminal output: progress on stderr (tty, plain, json, quiet) and
 * Compose-style container output with prefixes and colours.
 */
export { ANSI_MODES, PROGRESS_MODES, colorEnabled, parseAnsiMode, parseProgressMode, resolveProgressMode, type AnsiMode, type ProgressMode, type ResolvedProgressMode, type TerminalFacts } from './output-modes.js';
export { LogPrinter, formatTimestamp, type LogLine, type LogPrinterOptions, type TextSink } from './log-printer.js';
export { createProgressView, type ProgressView, type ProgressViewOptions } from './progress-view.js';
export { formatRow, rowId, rowOf, type ProgressAction, type ProgressEvent, type ProgressResource, type ProgressRow, type ProgressRowKey, type ProgressState } from './progress-event.js';
export { jsonOf } from './json-progress.js';
export { stripAnsi } from './colors.js';
