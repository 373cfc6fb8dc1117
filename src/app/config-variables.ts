/**
 * `berth config --variables`: the variables a model refers to, with what each
 * reference says about them, in the three shapes `docker compose config
 * --variables` prints.
 */
import yaml from 'js-yaml';

/** One variable as Compose reports it; `presenceValue` is the `${X:+value}` text. */
export interface VariableUse {
  readonly name: string;
  readonly required: boolean;
  readonly defaultValue: string;
  readonly presenceValue: string;
}

/** `table` is Compose's default for `--variables`; `--format yaml|json` pick the others. */
export type VariablesFormat = 'table' | 'yaml' | 'json';

const NAME_START = /[_a-zA-Z]/;
const NAME_PART = /[_a-zA-Z0-9]/;

/**
 * Every variable referenced in the strings of `model`. When a name is used
 * several times, a required use wins over an optional one, and a use with a
 * default over one without: compose-go keeps whichever use its map walk meets
 * last, which is not deterministic, so berth picks the most informative one.
 */
export function extractVariables(model: unknown): VariableUse[] {
  const found = new Map<string, VariableUse>();
  const record = (use: VariableUse): void => {
    const previous = found.get(use.name);
    if (!previous || rank(use) > rank(previous)) found.set(use.name, use);
  };
  const visit = (value: unknown): void => {
    if (typeof value === 'string') scanTemplate(value, record);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  visit(model);
  return [...found.values()].sort((a, b) => compareBytes(a.name, b.name));
}

function rank(use: VariableUse): number {
  return (use.required ? 2 : 0) + (use.defaultValue !== '' ? 1 : 0);
}

/** Reads `$NAME`, `${NAME}` and `${NAME<op>value}` (nested braces included); `$$` is a literal dollar. */
function scanTemplate(text: string, record: (use: VariableUse) => void): void {
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf('$', index);
    if (dollar < 0) return;
    const next = text[dollar + 1];
    if (next === '$') {
      index = dollar + 2;
    } else if (next === '{') {
      const close = closingBrace(text, dollar + 1);
      if (close < 0) return;
      const body = text.slice(dollar + 2, close);
      const nameLength = leadingName(body);
      if (nameLength > 0) recordBraced(body, nameLength, record);
      index = close + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      const nameLength = leadingName(text.slice(dollar + 1));
      record({ name: text.slice(dollar + 1, dollar + 1 + nameLength), required: false, defaultValue: '', presenceValue: '' });
      index = dollar + 1 + nameLength;
    } else {
      index = dollar + 1;
    }
  }
}

function recordBraced(body: string, nameLength: number, record: (use: VariableUse) => void): void {
  const name = body.slice(0, nameLength);
  const rest = body.slice(nameLength);
  const operator = /^:?[-+?]/.exec(rest)?.[0] ?? '';
  const argument = rest.slice(operator.length);
  const use: VariableUse = {
    name,
    required: operator.endsWith('?'),
    defaultValue: operator.endsWith('-') ? argument : '',
    presenceValue: operator.endsWith('+') ? argument : '',
  };
  record(use);
  // A default or alternate value may itself refer to variables.
  if (use.defaultValue !== '') scanTemplate(use.defaultValue, record);
  if (use.presenceValue !== '') scanTemplate(use.presenceValue, record);
}

function leadingName(text: string): number {
  if (text.length === 0 || !NAME_START.test(text[0]!)) return 0;
  let length = 1;
  while (length < text.length && NAME_PART.test(text[length]!)) length++;
  return length;
}

/** Index of the `}` matching the `{` at `open`, or -1. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    if (text[index] === '{') depth++;
    else if (text[index] === '}' && --depth === 0) return index;
  }
  return -1;
}

export function renderVariables(uses: readonly VariableUse[], format: VariablesFormat): string {
  switch (format) {
    case 'table':
      return renderTable([
        ['NAME', 'REQUIRED', 'DEFAULT VALUE', 'ALTERNATE VALUE'],
        ...uses.map((use) => [use.name, String(use.required), use.defaultValue, use.presenceValue]),
      ]);
    case 'json':
      // Compose marshals compose-go's Variable struct: Go field names, in declaration order, four-space indent.
      // (Compose also prints one extra blank line after the JSON; berth does not.)
      return `${JSON.stringify(Object.fromEntries(uses.map((use) => [use.name, goVariable(use)])), null, 4)}\n`;
    case 'yaml':
      // go-yaml lower-cases untagged struct field names and indents by four.
      return yaml.dump(
        Object.fromEntries(
          uses.map((use) => [use.name, { name: use.name, defaultvalue: use.defaultValue, presencevalue: use.presenceValue, required: use.required }]),
        ),
        { indent: 4, lineWidth: -1, quotingType: '"' },
      );
    default: {
      const unknown: never = format;
      throw new Error(`unknown variables format ${String(unknown)}`);
    }
  }
}

function goVariable(use: VariableUse): Record<string, unknown> {
  return { Name: use.name, DefaultValue: use.defaultValue, PresenceValue: use.presenceValue, Required: use.required };
}

/**
 * Columns laid out as Docker Compose's `text/tabwriter` does (minimum width 20,
 * padding 3, the last column unpadded), so `--variables` output lines up the
 * same way; each padded cell keeps its trailing spaces, as Compose's do.
 */
function renderTable(rows: readonly (readonly string[])[]): string {
  const columns = rows[0]!.length;
  const widths = Array.from({ length: columns - 1 }, (_, column) => Math.max(20, ...rows.map((row) => [...row[column]!].length + 3)));
  return rows
    .map((row) => `${row.map((cell, column) => (column < widths.length ? cell + ' '.repeat(widths[column]! - [...cell].length) : cell)).join('')}\n`)
    .join('');
}

/** Go's `sort.Strings` order: by UTF-8 bytes. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
