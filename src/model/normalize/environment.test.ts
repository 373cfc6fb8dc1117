import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BerthError } from '../../errors.js';
import { locateNowhere } from '../tree.js';
import {
  resolveServiceEnvironment,
  type EnvFileReadContext,
  type ServiceEnvironmentSource,
} from './environment.js';

/**
 * A stand-in for the caller's dotenv parser: `KEY=VALUE` lines, `${VAR}`
 * resolved the way Compose resolves it (lookup, then keys set earlier in the
 * same file, then earlier values), a bare `KEY` line taken from lookup.
 */
function fakeFiles(files: Record<string, string>) {
  const reads: { path: string; format: string | undefined }[] = [];
  const contents = (path: string, context: EnvFileReadContext): Map<string, string> | undefined => {
    reads.push({ path, format: context.format });
    const text = files[path];
    if (text === undefined) return undefined;
    const values = new Map<string, string>();
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const at = line.indexOf('=');
      if (at < 0) {
        const inherited = context.lookup(line);
        if (inherited !== undefined) values.set(line, inherited);
        continue;
      }
      const raw = line.slice(at + 1);
      const value =
        context.format === 'raw'
          ? raw
          : raw.replace(/\$\{(\w+)\}/g, (_, name: string) => context.lookup(name) ?? values.get(name) ?? context.earlier.get(name) ?? '');
      values.set(line.slice(0, at), value);
    }
    return values;
  };
  return { contents, reads };
}

const baseEnv = [
  'FOO=foo_from_base.env',
  'INTERPOLATED_FOO=${FOO}',
  'BAR=bar_from_base.env',
  'INTERPOLATED_BAR=${BAR}',
  'ZOT=zot_from_base.env',
  'INTERPOLATED_ZOT=${ZOT}',
].join('\n');

const overrideEnv = [
  'FOO=foo_from_override.env',
  'INTERPOLATED_FOO=${FOO}',
  'BAR=bar_from_override.env',
  'INTERPOLATED_BAR=${BAR}',
].join('\n');

const interpolationEnvironment: Record<string, string> = { FOO: 'FOO_from_os.env', QIX: 'QIX_from_os.env' };

function resolve(service: ServiceEnvironmentSource, files: Record<string, string>, environment = interpolationEnvironment) {
  const fake = fakeFiles(files);
  const result = resolveServiceEnvironment(service, {
    envFileContents: fake.contents,
    lookup: (name) => environment[name],
    locate: locateNowhere,
    servicePath: ['services', 'app'],
  });
  return { result, reads: fake.reads };
}

describe('resolveServiceEnvironment', () => {
  const cases: {
    name: string;
    service: ServiceEnvironmentSource;
    files?: Record<string, string>;
    expected: Record<string, string>;
  }[] = [
    {
      name: 'environment wins over env_file; bare keys come from the interpolation environment; interpolation order',
      service: {
        environment: { FOO: 'foo_from_environment', BAR: 'bar_from_environment', QIX: null },
        env_file: [{ path: '/p/base.env', required: true }],
      },
      expected: {
        FOO: 'foo_from_environment',
        BAR: 'bar_from_environment',
        QIX: 'QIX_from_os.env',
        ZOT: 'zot_from_base.env',
        // the interpolation environment comes first when a file interpolates
        INTERPOLATED_FOO: 'FOO_from_os.env',
        // then the service's own environment
        INTERPOLATED_BAR: 'bar_from_environment',
        // then what the file itself set
        INTERPOLATED_ZOT: 'zot_from_base.env',
      },
    },
    {
      name: 'a later env file overrides an earlier one',
      service: {
        environment: { FOO: 'foo_from_environment' },
        env_file: [
          { path: '/p/base.env', required: true },
          { path: '/p/override.env', required: true },
        ],
      },
      expected: {
        FOO: 'foo_from_environment',
        BAR: 'bar_from_override.env',
        ZOT: 'zot_from_base.env',
        INTERPOLATED_FOO: 'FOO_from_os.env',
        INTERPOLATED_BAR: 'bar_from_override.env',
        INTERPOLATED_ZOT: 'zot_from_base.env',
      },
    },
    {
      name: 'a bare key the interpolation environment does not set is dropped',
      service: { environment: { SET: 'yes', UNSET: null, EMPTY: '' } },
      expected: { SET: 'yes', EMPTY: '' },
    },
    {
      name: 'an unset bare key also removes the value an env file gave it',
      service: { environment: { ZOT: null }, env_file: [{ path: '/p/base.env' }] },
      expected: {
        FOO: 'foo_from_base.env',
        BAR: 'bar_from_base.env',
        INTERPOLATED_FOO: 'FOO_from_os.env',
        INTERPOLATED_BAR: 'bar_from_base.env',
        INTERPOLATED_ZOT: 'zot_from_base.env',
      },
    },
    {
      name: 'a missing optional env file is skipped',
      service: {
        environment: { A: '1' },
        env_file: [
          { path: '/p/missing.env', required: false },
          { path: '/p/other.env', required: 'false' },
        ],
      },
      files: { '/p/other.env': 'B=2' },
      expected: { A: '1', B: '2' },
    },
    {
      name: 'numbers and booleans become text',
      service: { environment: { PORT: 8080, DEBUG: true, RATIO: 2.5 } },
      expected: { PORT: '8080', DEBUG: 'true', RATIO: '2.5' },
    },
    {
      name: 'a bare line in an env file inherits from the interpolation environment or is skipped',
      service: { env_file: [{ path: '/p/bare.env' }] },
      files: { '/p/bare.env': 'QIX\nNOPE\nX=1' },
      expected: { QIX: 'QIX_from_os.env', X: '1' },
    },
    {
      name: 'no environment and no env_file gives an empty environment',
      service: {},
      expected: {},
    },
  ];

  for (const { name, service, files, expected } of cases) {
    test(name, () => {
      const { result } = resolve(service, files ?? { '/p/base.env': baseEnv, '/p/override.env': overrideEnv });
      assert.deepEqual(result, expected);
    });
  }

  test('passes each entry’s format through to the reader, in order', () => {
    const { result, reads } = resolve(
      {
        env_file: [
          { path: '/p/a.env', format: 'raw' },
          { path: '/p/b.env' },
        ],
      },
      { '/p/a.env': 'A=${FOO}', '/p/b.env': 'B=${FOO}' },
    );
    assert.deepEqual(reads, [
      { path: '/p/a.env', format: 'raw' },
      { path: '/p/b.env', format: undefined },
    ]);
    assert.deepEqual(result, { A: '${FOO}', B: 'FOO_from_os.env' });
  });

  test('a missing required env file is a file_not_found error naming the service and path', () => {
    const location = { file: '/p/compose.yaml', line: 7, column: 9 };
    const asked: unknown[] = [];
    assert.throws(
      () =>
        resolveServiceEnvironment(
          { env_file: [{ path: '/p/present.env' }, { path: '/p/absent.env', required: true }] },
          {
            envFileContents: (path) => (path === '/p/present.env' ? new Map([['A', '1']]) : undefined),
            lookup: () => undefined,
            locate: (path) => {
              asked.push(path);
              return location;
            },
            servicePath: ['services', 'web'],
          },
        ),
      (error: unknown) =>
        error instanceof BerthError &&
        error.code === 'file_not_found' &&
        error.location === location &&
        error.message.includes('service "web"') &&
        error.message.includes('/p/absent.env') &&
        error.message.includes('required: false'),
    );
    assert.deepEqual(asked[0], ['services', 'web', 'env_file', 1, 'path']);
  });

  test('a reader error without a place (an unsupported format) gets the entry\'s location; placed errors pass through', () => {
    const entryLocation = { file: '/p/compose.yaml', line: 9, column: 17 };
    const fileLocation = { file: '/p/a.env', line: 1, column: 3 };
    const run = (thrown: BerthError) => () =>
      resolveServiceEnvironment(
        { env_file: [{ path: '/p/a.env', format: 'yaml' }] },
        {
          envFileContents: () => {
            throw thrown;
          },
          lookup: () => undefined,
          locate: (path) => (path.at(-1) === 'format' ? entryLocation : undefined),
          servicePath: ['services', 'web'],
        },
      );
    const unplaced = new BerthError('invalid_env_file', 'unsupported env_file format "yaml"');
    assert.throws(run(unplaced), (error: unknown) => error instanceof BerthError && error.location === entryLocation && error.cause === unplaced);
    const placed = new BerthError('invalid_env_file', 'bad line', { location: fileLocation });
    assert.throws(run(placed), (error: unknown) => error === placed);
  });

  test('without a location the error names the entry path', () => {
    assert.throws(
      () => resolve({ env_file: [{ path: '/p/absent.env' }] }, {}),
      (error: unknown) => error instanceof BerthError && error.message.includes('services.app.env_file[0]'),
    );
  });
});
