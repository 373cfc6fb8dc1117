/**
 * `env_file: {format: raw}`: the `docker run --env-file` reading, which the
 * docker compose CLI registers as a format (compose-go only has the hook).
 * Values are taken verbatim: no quotes, no comments after values, no `$`.
 */
import { BerthError } from '../../errors.js';
import type { DotenvOptions } from './dotenv.js';
import { isUnicodeSpace } from './go-characters.js';

export function parseRawEnv(text: string, options: DotenvOptions): Map<string, string> {
  const values = new Map<string, string>();
  const lines = text.split('\n');
  // A final line break does not start another line.
  if (lines.at(-1) === '') lines.pop();

  lines.forEach((rawLine, index) => {
    let line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (index === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
    let indent = 0;
    while (indent < line.length && isUnicodeSpace(line[indent] ?? '')) indent++;
    line = line.slice(indent);
    if (line === '' || line.startsWith('#')) return;

    const location = { file: options.file, line: index + 1, column: indent + 1 };
    const separator = line.indexOf('=');
    const key = separator === -1 ? line : line.slice(0, separator);
    if (key === '') {
      throw new BerthError('invalid_env_file', `no variable name on line '${line}'; write KEY=value`, { location });
    }
    if (/[ \t]/.test(key)) {
      throw new BerthError(
        'invalid_env_file',
        `variable '${key}' contains whitespaces; raw env files take KEY=value with nothing around "="`,
        { location },
      );
    }
    if (separator !== -1) {
      values.set(key, line.slice(separator + 1));
      return;
    }
    const inherited = options.lookup(key);
    if (inherited !== undefined) values.set(key, inherited);
  });
  return values;
}
