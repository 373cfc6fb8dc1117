/**
 * Escape sequences inside a double-quoted .env value, as compose-go reads
 * them: the shell's `echo` set (`\a \b \f \n \r \t \v \\ \"`), `\$` for a
 * literal dollar, and XSI octal `\0nnn`. Anything else (`\x07`, `\u12e4`,
 * `\'`) stays as written.
 */

const ESCAPE_SEQUENCE = /\\(?:[abcfnrtv$"\\]|0[0-9]{0,3})/g;

const SINGLE_CHARACTER_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '\\': '\\',
};

export function expandDoubleQuoteEscapes(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, (sequence) => {
    const letter = sequence.slice(1);
    // `$$` is how the interpolation step that follows spells a literal `$`.
    if (letter === '$') return '$$';
    if (letter.startsWith('0')) return octal(sequence, letter.slice(1));
    // `\c` is matched but means nothing, so compose-go keeps it verbatim.
    return SINGLE_CHARACTER_ESCAPES[letter] ?? sequence;
  });
}

/** `\0` followed by exactly three octal digits worth at most 255; otherwise kept verbatim. */
function octal(sequence: string, digits: string): string {
  if (!/^[0-7]{3}$/.test(digits)) return sequence;
  const code = parseInt(digits, 8);
  return code > 0xff ? sequence : String.fromCodePoint(code);
}
