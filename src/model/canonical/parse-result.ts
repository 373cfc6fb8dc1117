/**
 * What the syntax parsers of this folder return: a value, or the reason the
 * text is not valid. The canonicalizer turns a failure into a located
 * BerthError; parsers themselves know nothing of files or paths.
 */
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export function parsed<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function rejected<T>(reason: string): ParseResult<T> {
  return { ok: false, reason };
}
