/**
 * The `.env` format as compose-go reads it (`dotenv/parser.go`), quirks
 * included, because a project's `.env` must mean the same thing under berth
 * as under `docker compose`:
 *
 * - `KEY=value`, `KEY: value`, an optional leading `export`, blanks around the
 *   separator; names are letters, digits and `_ . - [ ]`.
 * - Unquoted values end at the line break or at ` #`, trailing blanks dropped.
 * - `'…'` is literal except `\'`; `"…"` knows `\n \t \\ \" \$ \0nnn …`; both
 *   may span lines, and text after the closing quote starts a new statement.
 * - Unquoted and double-quoted values are interpolated: a variable is looked
 *   up in `lookup` first, then among the keys read so far.
 * - A bare `KEY` on its own line takes its value from `lookup`, and is left
 *   out when `lookup` has none.
 * - A last line without a line break and without `=` or `:` is read, like
 *   compose-go does, as the value of the empty key.
 */
import { BerthError } from '../../errors.js';
import type { SourceLocation } from '../../errors.js';
import { InvalidTemplateError, MissingVariableError, substitute } from '../interpolate/index.js';
import type { VariableLookup } from '../interpolate/index.js';
import { expandDoubleQuoteEscapes } from './double-quote-escapes.js';
import { isBlank, isLetterOrNumber, isUnicodeSpace, trimEndUnicodeSpace } from './go-characters.js';

export interface DotenvOptions {
  /** Named in error locations. */
  readonly file: string;
  /** Variables from outside the file (the process environment, earlier files). */
  readonly lookup: VariableLookup;
  /** Called for each variable a value reads without a default while it is unset. */
  readonly onUnset?: ((name: string, location: SourceLocation) => void) | undefined;
}

/** Reads a `.env` file; the map keeps the order in which keys first appear. */
export function parseDotenv(text: string, options: DotenvOptions): Map<string, string> {
  const values = new Map<string, string>();
  parseDotenvInto(text, values, options);
  return values;
}

/**
 * Like `parseDotenv`, but adds to (and overrides keys in) `values`; what is
 * already there counts as "read so far" for interpolation.
 */
export function parseDotenvInto(text: string, values: Map<string, string>, options: DotenvOptions): void {
  // Some editors, mostly on Windows, start files with a byte order mark.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  new DotenvParser(body, values, options).parse();
}

interface KeyToken {
  readonly name: string;
  readonly start: number;
  /** Where the value (or, when inherited, the next statement) begins. */
  readonly next: number;
  readonly inherited: boolean;
}

interface ValueToken {
  readonly value: string;
  readonly next: number;
}

const EXPORT_PREFIX = /export[\t\n\f\r ]+/y;
const KEY_PUNCTUATION = new Set(['_', '.', '-', '[', ']']);

class DotenvParser {
  constructor(
    private readonly text: string,
    private readonly values: Map<string, string>,
    private readonly options: DotenvOptions,
  ) {}

  parse(): void {
    let position = this.statementStart(0);
    while (position !== -1) {
      const key = this.readKey(position);
      if (key.name.includes(' ')) {
        throw this.error(
          key.start,
          `key cannot contain a space: ${JSON.stringify(key.name)}; write one KEY=value per line and quote values that contain spaces`,
        );
      }
      if (key.inherited) {
        const inherited = this.options.lookup(key.name);
        if (inherited !== undefined) this.values.set(key.name, inherited);
        position = this.statementStart(key.next);
        continue;
      }
      const value = this.readValue(key.next, key.name);
      this.values.set(key.name, value.value);
      position = this.statementStart(value.next);
    }
  }

  /** Skips blank lines, indentation and `#` comments; -1 at the end of the text. */
  private statementStart(from: number): number {
    let position = from;
    for (;;) {
      while (position < this.text.length && isUnicodeSpace(this.text[position] ?? '')) position++;
      if (position >= this.text.length) return -1;
      if (this.text[position] !== '#') return position;
      const lineBreak = this.text.indexOf('\n', position);
      if (lineBreak === -1) return -1;
      position = lineBreak;
    }
  }

  private readKey(from: number): KeyToken {
    let start = from;
    EXPORT_PREFIX.lastIndex = from;
    if (EXPORT_PREFIX.test(this.text)) {
      // Only blanks are skipped: `export` followed by a line break leaves an empty, inherited key.
      start = from + 'export'.length;
      while (start < this.text.length && isBlank(this.text[start] ?? '')) start++;
    }

    let position = start;
    while (position < this.text.length) {
      const char = String.fromCodePoint(this.text.codePointAt(position) ?? 0);
      if (char === '=' || char === ':' || char === '\n') {
        let next = position + 1;
        while (next < this.text.length && isBlank(this.text[next] ?? '')) next++;
        const name = trimEndUnicodeSpace(this.text.slice(start, position));
        return { name, start, next, inherited: char === '\n' };
      }
      if (!isBlank(char) && !KEY_PUNCTUATION.has(char) && !isLetterOrNumber(char)) {
        throw this.error(
          position,
          `unexpected character ${JSON.stringify(char)} in variable name ${JSON.stringify(this.lineFrom(start))}; ` +
            'names may contain letters, digits, "_", ".", "-", "[" and "]", followed by "=" and the value',
        );
      }
      position += char.length;
    }
    return { name: '', start, next: start, inherited: false };
  }

  private readValue(from: number, key: string): ValueToken {
    const quote = this.text[from];
    if (quote !== '"' && quote !== "'") return this.readUnquoted(from, key);

    let chars = '';
    let escaping = false;
    for (let position = from + 1; position < this.text.length; position++) {
      const char = this.text[position] ?? '';
      if (char !== quote) {
        if (!escaping && char === '\\') {
          escaping = true;
          continue;
        }
        if (escaping) {
          escaping = false;
          chars += '\\';
        }
        chars += char;
        continue;
      }
      if (escaping) {
        // An escaped quote of the kind that opened the value loses its backslash.
        escaping = false;
        chars += char;
        continue;
      }
      const value = quote === '"' ? this.interpolate(expandDoubleQuoteEscapes(chars), key, from) : chars;
      return { value, next: position + 1 };
    }
    throw this.error(
      from,
      `unterminated quoted value ${this.lineFrom(from)}; add the closing ${quote} (a backslash before it escapes it)`,
    );
  }

  private readUnquoted(from: number, key: string): ValueToken {
    const lineBreak = this.text.indexOf('\n', from);
    const lineEnd = lineBreak === -1 ? this.text.length : lineBreak;
    let raw = this.text.slice(from, lineEnd);
    const comment = raw.indexOf(' #');
    if (comment !== -1) raw = raw.slice(0, comment);
    const value = this.interpolate(trimEndUnicodeSpace(raw), key, from);
    return { value, next: lineBreak === -1 ? this.text.length : lineBreak + 1 };
  }

  private interpolate(template: string, key: string, at: number): string {
    const lookup = this.options.lookup;
    const resolve = (name: string): string | undefined => lookup(name) ?? this.values.get(name);
    try {
      const result = substitute(template, resolve);
      if (this.options.onUnset) {
        for (const name of result.unset) this.options.onUnset(name, this.locate(at));
      }
      return result.value;
    } catch (error) {
      if (error instanceof MissingVariableError || error instanceof InvalidTemplateError) {
        throw error.at({ context: `the value of ${key}`, location: this.locate(at) });
      }
      throw error;
    }
  }

  private lineFrom(position: number): string {
    const lineBreak = this.text.indexOf('\n', position);
    return this.text.slice(position, lineBreak === -1 ? undefined : lineBreak);
  }

  private locate(position: number): SourceLocation {
    let line = 1;
    let lineStart = 0;
    for (let index = this.text.indexOf('\n'); index !== -1 && index < position; index = this.text.indexOf('\n', index + 1)) {
      line++;
      lineStart = index + 1;
    }
    return { file: this.options.file, line, column: position - lineStart + 1 };
  }

  private error(position: number, message: string): BerthError {
    return new BerthError('invalid_env_file', message, { location: this.locate(position) });
  }
}
