import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BerthError } from '../../errors.js';
import type { SourceLocation } from '../../errors.js';
import { formatPath, locateNowhere } from '../tree.js';
import type { Dict, ModelPath } from '../tree.js';
import { interpolateTree } from './interpolate-tree.js';
import type { InterpolateTreeOptions } from './interpolate-tree.js';
import { MissingVariableError } from './template-errors.js';

const lookupIn =
  (variables: Record<string, string>) =>
  (name: string): string | undefined =>
    Object.hasOwn(variables, name) ? variables[name] : undefined;

const composeDefaults = lookupIn({ USER: 'jenny', FOO: 'bar', count: '5', REQUIRED: 'true' });

// Pretends every value sits on a line of its own, numbered by its path, so errors can be checked for their place.
const locateByPath = (path: ModelPath): SourceLocation => ({ file: 'compose.yaml', line: formatPath(path).length, column: 3 });

function interpolate(tree: Dict, options: Partial<InterpolateTreeOptions> = {}): Dict {
  return interpolateTree(tree, { lookup: composeDefaults, locate: locateNowhere, ...options });
}

function serviceEnv(value: string): Dict {
  return { services: { myservice: { environment: { TESTVAR: value } } } };
}

describe('interpolateTree', () => {
  test('substitutes strings in mappings and sequences at any depth (compose-go TestInterpolate)', () => {
    const input = {
      servicea: {
        image: 'example:${USER}',
        volumes: ['$FOO:/target'],
        logging: { driver: '${FOO}', options: { user: '$USER' } },
      },
    };
    assert.deepEqual(interpolate(input), {
      servicea: {
        image: 'example:jenny',
        volumes: ['bar:/target'],
        logging: { driver: 'bar', options: { user: 'jenny' } },
      },
    });
  });

  test('never interpolates mapping keys', () => {
    const input = { services: { web: { labels: { $FOO: '$FOO', '${USER}': 'x' } } } };
    assert.deepEqual(interpolate(input), { services: { web: { labels: { $FOO: 'bar', '${USER}': 'x' } } } });
  });

  test('leaves numbers, booleans and null as they are', () => {
    const input = { a: 1, b: true, c: null, d: [2.5, false] };
    assert.deepEqual(interpolate(input), input);
  });

  test('returns a new tree and does not touch the input', () => {
    const input = { services: { web: { image: '${FOO}', ports: [{ target: '80' }] } } };
    const snapshot = structuredClone(input);
    const output = interpolate(input);
    assert.deepEqual(input, snapshot);
    assert.notEqual(output['services'], input.services);
    assert.deepEqual(output, { services: { web: { image: 'bar', ports: [{ target: 80 }] } } });
  });

  test('keeps a __proto__ key as a plain key', () => {
    const input = JSON.parse('{"x-meta": {"__proto__": "$FOO"}}') as Dict;
    const output = interpolate(input);
    const meta = output['x-meta'] as Dict;
    assert.equal(Object.getPrototypeOf(meta), Object.prototype);
    assert.deepEqual(Object.entries(meta), [['__proto__', 'bar']]);
  });

  test('reports each unset variable with the path of the value', () => {
    const seen: Array<[string, string]> = [];
    interpolate(
      { services: { web: { image: '${NOPE}:${NOPE}', command: ['$ALSO', '${FOO}'] } } },
      { onUnset: (name, path) => seen.push([name, formatPath(path)]) },
    );
    assert.deepEqual(seen, [
      ['NOPE', 'services.web.image'],
      ['ALSO', 'services.web.command[0]'],
    ]);
  });

  test('an invalid template fails with the path and location of the value (compose-go TestInvalidInterpolation)', () => {
    assert.throws(
      () => interpolate({ services: { servicea: { image: '${' } } }, { locate: locateByPath }),
      (error: unknown) =>
        error instanceof BerthError &&
        error.code === 'invalid_interpolation' &&
        error.location?.line === 'services.servicea.image'.length &&
        error.message ===
          'compose.yaml:23:3: invalid interpolation format for services.servicea.image: "${"; You may need to escape any $ with another $.',
    );
  });

  test('a missing required variable fails with the path and location of the value', () => {
    assert.throws(
      () => interpolate({ services: { web: { ports: ['${PORT:?set PORT to the published port}'] } } }, { locate: locateByPath }),
      (error: unknown) =>
        error instanceof MissingVariableError &&
        error.code === 'missing_variable' &&
        error.variable === 'PORT' &&
        error.location?.file === 'compose.yaml' &&
        error.message ===
          'compose.yaml:21:3: error while interpolating services.web.ports[0]: required variable PORT is missing a value: set PORT to the published port',
    );
  });
});

// compose-go interpolation/interpolation_test.go TestValidUnexistentInterpolation, with nothing set.
describe('interpolateTree: compose-go cases with no variables set', () => {
  const nothingSet = (): undefined => undefined;
  const values: ReadonlyArray<readonly [template: string, expected: string]> = [
    ['{{{ ${FOO:-foo_} }}}', '{{{ foo_ }}}'],
    ['{{{ ${FOO:-foo-bar-value} }}}', '{{{ foo-bar-value }}}'],
    ['{{{ ${FOO:-foo?bar?value} }}}', '{{{ foo?bar?value }}}'],
    ['{{{ ${FOO:-foo:?bar:?value} }}}', '{{{ foo:?bar:?value }}}'],
    ['{{{ ${FOO:-foo} ${BAR:-DEFAULT_VALUE} }}}', '{{{ foo DEFAULT_VALUE }}}'],
    ['{{{ ${BAR} }}}', '{{{  }}}'],
    ['${FOO:-baz} }}}', 'baz }}}'],
    ['${FOO-baz} }}}', 'baz }}}'],
    ['${FOO:-${BAR:-${ZOT:-qix}}}', 'qix'],
    ['${FOO:-${BAR:-x}_test_${BAR:-y}}', 'x_test_y'],
    ['${FOO:-${BAR:-x}_test}', 'x_test'],
    ['${FOO:-${BAR:-${ZOT:-x}}_test}', 'x_test'],
  ];
  for (const [template, expected] of values) {
    test(`${template} → ${expected}`, () => {
      assert.deepEqual(interpolate(serviceEnv(template), { lookup: nothingSet }), serviceEnv(expected));
    });
  }

  const failures: ReadonlyArray<readonly [template: string, reason: string]> = [
    ['{{{ ${FOO:?foo_} }}}', 'foo_'],
    ['{{{ ${FOO:?foo-bar-value} }}}', 'foo-bar-value'],
    ['{{{ ${FOO:?foo} ${BAR:-DEFAULT_VALUE} }}}', 'foo'],
    ['${FOO:?foo} ${BAR:?bar}', 'foo'],
    ['${FOO:?baz} }}}', 'baz'],
    ['${FOO?baz} }}}', 'baz'],
  ];
  for (const [template, reason] of failures) {
    test(`${template} fails with "${reason}"`, () => {
      assert.throws(() => interpolate(serviceEnv(template), { lookup: nothingSet }), {
        message: `error while interpolating services.myservice.environment.TESTVAR: required variable FOO is missing a value: ${reason}`,
      });
    });
  }
});

// compose-go TestValidExistentInterpolation: FOO=bar and USER=jenny are set.
describe('interpolateTree: compose-go cases with variables set', () => {
  const values: ReadonlyArray<readonly [template: string, expected: string]> = [
    ['{{{ ${FOO:-foo_} }}}', '{{{ bar }}}'],
    ['{{{ ${FOO:-foo-bar-value} }}}', '{{{ bar }}}'],
    ['{{{ ${FOO:-foo} ${BAR:-DEFAULT_VALUE} }}}', '{{{ bar DEFAULT_VALUE }}}'],
    ['{{{ ${BAR} }}}', '{{{  }}}'],
    ['${FOO:-baz} }}}', 'bar }}}'],
    ['${FOO-baz} }}}', 'bar }}}'],
    ['{{{ ${FOO:-foo} ${USER:-bar} }}}', '{{{ bar jenny }}}'],
    ['{{{ ${USER} }}}', '{{{ jenny }}}'],
  ];
  for (const [template, expected] of values) {
    test(`${template} → ${expected}`, () => {
      assert.deepEqual(interpolate(serviceEnv(template)), serviceEnv(expected));
    });
  }
});

describe('interpolateTree: type casts', () => {
  test('custom cast rules apply at their paths (compose-go TestInterpolateWithCast)', () => {
    const output = interpolate(
      { foo: { replicas: '$count', required: '$REQUIRED' } },
      {
        castRules: [
          { pattern: '*.replicas', cast: 'int' },
          { pattern: '*.required', cast: 'bool' },
        ],
      },
    );
    assert.deepEqual(output, { foo: { replicas: 5, required: true } });
  });

  const casts: ReadonlyArray<{ tree: Dict; expected: Dict }> = [
    { tree: { services: { web: { scale: '${N}' } } }, expected: { services: { web: { scale: 3 } } } },
    { tree: { services: { web: { deploy: { replicas: '$N' } } } }, expected: { services: { web: { deploy: { replicas: 3 } } } } },
    { tree: { services: { web: { cpus: '${HALF}' } } }, expected: { services: { web: { cpus: 0.5 } } } },
    { tree: { services: { web: { ports: [{ target: '80' }, '8080:80'] } } }, expected: { services: { web: { ports: [{ target: 80 }, '8080:80'] } } } },
    { tree: { services: { web: { ulimits: { nofile: { soft: '$N', hard: '10' }, nproc: '7' } } } }, expected: { services: { web: { ulimits: { nofile: { soft: 3, hard: 10 }, nproc: 7 } } } } },
    { tree: { services: { web: { depends_on: { db: { required: '${T}', restart: 'FALSE' } } } } }, expected: { services: { web: { depends_on: { db: { required: true, restart: false } } } } } },
    { tree: { services: { web: { volumes: [{ read_only: 'true', volume: { nocopy: 'false' } }] } } }, expected: { services: { web: { volumes: [{ read_only: true, volume: { nocopy: false } }] } } } },
    { tree: { networks: { back: { external: 'True', internal: 'false' } } }, expected: { networks: { back: { external: true, internal: false } } } },
    { tree: { volumes: { data: { external: 'true' } }, secrets: { s: { external: 'false' } }, configs: { c: { external: 'true' } } }, expected: { volumes: { data: { external: true } }, secrets: { s: { external: false } }, configs: { c: { external: true } } } },
    // compose-go casts whatever string sits at a typed path, with or without a `$`.
    { tree: { services: { web: { privileged: 'true' } } }, expected: { services: { web: { privileged: true } } } },
    // Only strings are cast; YAML numbers and booleans pass through.
    { tree: { services: { web: { scale: 2, tty: true } } }, expected: { services: { web: { scale: 2, tty: true } } } },
    // Paths outside the table are never cast.
    { tree: { services: { web: { environment: { N: '3', T: 'true' } } } }, expected: { services: { web: { environment: { N: '3', T: 'true' } } } } },
    { tree: { 'x-scale': '3' }, expected: { 'x-scale': '3' } },
  ];
  const lookup = lookupIn({ N: '3', HALF: '0.5', T: 'true', WORD: 'three', YES: 'yes' });
  for (const row of casts) {
    test(`casts ${JSON.stringify(row.tree)}`, () => {
      assert.deepEqual(interpolate(row.tree, { lookup }), row.expected);
    });
  }

  test('yes/no/on/off/y/n are booleans with a warning', () => {
    const warnings: Array<[string, string]> = [];
    const output = interpolate(
      { services: { web: { tty: '${YES}', init: 'Off', stdin_open: 'y', read_only: 'N' } } },
      { lookup, onWarning: (message, path) => warnings.push([message, formatPath(path)]) },
    );
    assert.deepEqual(output, { services: { web: { tty: true, init: false, stdin_open: true, read_only: false } } });
    assert.deepEqual(warnings, [
      ['"yes" for boolean is not supported by YAML 1.2, please use `true`', 'services.web.tty'],
      ['"Off" for boolean is not supported by YAML 1.2, please use `false`', 'services.web.init'],
      ['"y" for boolean is not supported by YAML 1.2, please use `true`', 'services.web.stdin_open'],
      ['"N" for boolean is not supported by YAML 1.2, please use `false`', 'services.web.read_only'],
    ]);
  });

  const failures: ReadonlyArray<{ tree: Dict; message: string }> = [
    {
      tree: { services: { web: { scale: '${WORD}' } } },
      message: 'compose.yaml:18:3: error while interpolating services.web.scale: failed to cast to expected type: "three" is not an integer; write a whole number there, or make the variable hold one',
    },
    {
      tree: { services: { web: { tty: 'maybe' } } },
      message: 'compose.yaml:16:3: error while interpolating services.web.tty: failed to cast to expected type: invalid boolean: maybe; write a boolean (true or false) there, or make the variable hold one',
    },
    {
      tree: { services: { web: { cpus: '${EMPTY}' } } },
      message: 'compose.yaml:17:3: error while interpolating services.web.cpus: failed to cast to expected type: "" is not a number; write a number there, or make the variable hold one',
    },
  ];
  for (const row of failures) {
    test(`rejects ${JSON.stringify(row.tree)}`, () => {
      assert.throws(
        () => interpolate(row.tree, { lookup: lookupIn({ WORD: 'three', EMPTY: '' }), locate: locateByPath }),
        (error: unknown) =>
          error instanceof BerthError && error.code === 'invalid_interpolation' && error.message === row.message,
      );
    });
  }
});
