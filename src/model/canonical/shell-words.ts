/**
 * Splits a string `command`/`entrypoint` into arguments the way compose-go
 * does, with mattn/go-shellwords v1.0.12 (no environment expansion, no
 * command substitution). Its rules, kept as they are for compatibility:
 * - blanks (space, tab, CR, LF) separate words; quotes group; `''`/`""`
 *   produce an empty word;
 * - a backslash escapes the next character anywhere except inside single
 *   quotes (no `\n` → newline translation in this version);
 * - an unquoted `;`, `&`, `|`, `<` or `>` ENDS the command: the rest of the
 *   line is dropped (`echo a && echo b` gives `["echo", "a"]`); a word of
 *   digits right before `>` is dropped too (`2>`);
 * - an unquoted `(` is an error unless it follows `$`; `$(…)` and backticks
 *   are kept literally with their content;
 * - an unterminated quote, backtick, `$(` or trailing backslash is an error.
 */
import { type ParseResult, parsed, rejected } from './parse-result.js';

type WordState = 'none' | 'plain' | 'quoted';

export function splitShellWords(line: string): ParseResult<string[]> {
  const words: string[] = [];
  let word = '';
  let state: WordState = 'none';
  let escaped = false;
  let doubleQuoted = false;
  let singleQuoted = false;
  let backQuoted = false;
  let dollarQuoted = false;

  for (const char of line) {
    if (escaped) {
      word += char;
      escaped = false;
      state = 'plain';
      continue;
    }
    if (char === '\\') {
      if (singleQuoted) word += char;
      else escaped = true;
      continue;
    }
    if (isBlank(char)) {
      if (singleQuoted || doubleQuoted || backQuoted || dollarQuoted) {
        word += char;
      } else if (state !== 'none') {
        words.push(word);
        word = '';
        state = 'none';
      }
      continue;
    }
    switch (char) {
      case '`':
        if (!singleQuoted && !doubleQuoted && !dollarQuoted) backQuoted = !backQuoted;
        break;
      case ')':
        if (!singleQuoted && !doubleQuoted && !backQuoted) dollarQuoted = !dollarQuoted;
        break;
      case '(':
        if (!singleQuoted && !doubleQuoted && !backQuoted) {
          if (!dollarQuoted && word.endsWith('$')) {
            dollarQuoted = true;
            word += char;
            continue;
          }
          return rejected('"(" is only allowed quoted or as "$("');
        }
        break;
      case '"':
        if (!singleQuoted && !dollarQuoted) {
          if (doubleQuoted) state = 'quoted';
          doubleQuoted = !doubleQuoted;
          continue;
        }
        break;
      case "'":
        if (!doubleQuoted && !dollarQuoted) {
          if (singleQuoted) state = 'quoted';
          singleQuoted = !singleQuoted;
          continue;
        }
        break;
      case ';':
      case '&':
      case '|':
      case '<':
      case '>':
        if (!(singleQuoted || doubleQuoted || backQuoted || dollarQuoted)) {
          if (char === '>' && /^[0-9]/.test(word)) state = 'none';
          return finish(words, word, state, false);
        }
        break;
    }
    state = 'plain';
    word += char;
  }
  return finish(words, word, state, escaped || singleQuoted || doubleQuoted || backQuoted || dollarQuoted);
}

function finish(words: string[], word: string, state: WordState, unterminated: boolean): ParseResult<string[]> {
  if (state !== 'none') words.push(word);
  if (unterminated) return rejected('a quote, backtick, "$(" or backslash is not closed');
  return parsed(words);
}

function isBlank(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n';
}
