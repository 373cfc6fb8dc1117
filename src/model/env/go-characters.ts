/**
 * The character classes compose-go's dotenv parser relies on, spelled out
 * because JavaScript's `\s` is not Go's: it includes U+FEFF and misses U+0085.
 */

/** The parser's own "space": blanks that are not a line break. */
export function isBlank(char: string): boolean {
  switch (char) {
    case '\t':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case '\u0085':
    case '\u00a0':
      return true;
    default:
      return false;
  }
}

/** Go's `unicode.IsSpace`: blanks, `\n`, and the Unicode White_Space separators. */
export function isUnicodeSpace(char: string): boolean {
  if (char === '\n' || isBlank(char)) return true;
  const code = char.codePointAt(0) ?? 0;
  return (
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

/** Go's `unicode.IsLetter(r) || unicode.IsNumber(r)` for one code point. */
export function isLetterOrNumber(char: string): boolean {
  return LETTER_OR_NUMBER.test(char);
}

export function trimEndUnicodeSpace(text: string): string {
  let end = text.length;
  while (end > 0 && isUnicodeSpace(text[end - 1] ?? '')) end--;
  return text.slice(0, end);
}
