import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BerthError } from '../../errors.js';
import { LocationIndex } from './locations.js';
import { parseComposeYaml } from './parse-yaml.js';

function parse(text: string) {
  const index = new LocationIndex();
  return { documents: parseComposeYaml(text, 'compose.yaml', index), index };
}

function parseError(text: string): BerthError {
  try {
    parse(text);
  } catch (error) {
    assert.ok(error instanceof BerthError, `expected a BerthError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the YAML to be refused');
}

describe('parseComposeYaml', () => {
  test('records where each value was written', () => {
    const { documents, index } = parse('services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n');
    const root = documents[0]!.value;
    assert.deepEqual(index.locate(root, ['services', 'web', 'image']), { file: 'compose.yaml', line: 3, column: 12 });
    assert.deepEqual(index.locate(root, ['services', 'web', 'ports', 0]), { file: 'compose.yaml', line: 5, column: 9 });
    // A path below a scalar falls back to the closest known place.
    assert.deepEqual(index.locate(root, ['services', 'web', 'image', 'nested']), { file: 'compose.yaml', line: 3, column: 12 });
  });

  test('expands anchors and << merge keys, explicit keys winning, into independent copies', () => {
    const { documents } = parse(
      'x-base: &base\n  image: busybox\n  restart: always\nservices:\n  a:\n    <<: *base\n    restart: "no"\n  b: { <<: [*base], image: other }\n',
    );
    const services = documents[0]!.value['services'] as Record<string, Record<string, unknown>>;
    assert.deepEqual(services['a'], { restart: 'no', image: 'busybox' });
    assert.deepEqual(services['b'], { image: 'other', restart: 'always' });
    assert.notEqual(services['a'], (documents[0]!.value['x-base'] as object));
  });

  test('reads Go-style octal literals as octal, like the reference loader', () => {
    const { documents } = parse('a: 0440\nb: 0o440\nc: "0440"\nd: 440\ne: 0\n');
    assert.deepEqual(documents[0]!.value, { a: 288, b: 288, c: '0440', d: 440, e: 0 });
  });

  test('collects !reset and !override paths and drops nothing itself', () => {
    const { documents } = parse('services:\n  web:\n    ports: !reset []\n    environment: !override\n      A: "1"\n');
    assert.deepEqual(documents[0]!.resets, [['services', 'web', 'ports']]);
    assert.deepEqual(documents[0]!.overrides, [['services', 'web', 'environment']]);
  });

  test('reads every document of a multi-document file', () => {
    const { documents } = parse('services:\n  a: {image: x}\n---\nservices:\n  b: {image: y}\n');
    assert.equal(documents.length, 2);
  });

  test('an empty file is an empty model', () => {
    assert.deepEqual(parse('').documents[0]!.value, {});
    assert.deepEqual(parse('# only a comment\n').documents[0]!.value, {});
  });

  test('a key named __proto__ stays data', () => {
    const { documents } = parse('x-a:\n  __proto__:\n    polluted: true\n');
    const value = documents[0]!.value['x-a'] as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['__proto__']);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });
});

describe('bad YAML is refused with a location', () => {
  const cases: [string, string, RegExp, number][] = [
    ['syntax error', 'services:\n  web: [unclosed\n', /invalid YAML/, 3],
    ['duplicate key', 'services:\n  web:\n    image: a\n    image: b\n', /duplicate key "image"/, 4],
    ['unknown alias', 'services:\n  web: *nothing\n', /unknown anchor \*nothing/, 2],
    ['top level not a mapping', '- a\n- b\n', /top level of a compose file must be a mapping/, 1],
    ['merge key on a scalar', 'a: &s text\nb:\n  <<: *s\n', /merge key takes a mapping/, 3],
  ];
  for (const [name, text, message, line] of cases) {
    test(name, () => {
      const error = parseError(text);
      assert.equal(error.code, 'invalid_yaml');
      assert.match(error.message, message);
      assert.equal(error.location?.file, 'compose.yaml');
      assert.equal(error.location?.line, line);
    });
  }

  test('an alias bomb is refused quickly, without expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 9; level++) {
      const name = String.fromCharCode(97 + level);
      const previous = String.fromCharCode(96 + level);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const started = process.hrtime.bigint();
    const heapBefore = process.memoryUsage().heapUsed;
    const error = parseError(`${levels.join('\n')}\n`);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.match(error.message, /alias bomb/);
    assert.ok(elapsedMs < 3000, `took ${elapsedMs} ms`);
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 512 * 1024 * 1024);
  });
});

describe('aliases of aliases', () => {
  test('copies made for aliases keep the positions of what they copy, at any depth', () => {
    const { documents, index } = parse('x-a: &a\n  k: v\nx-b: &b [*a, *a]\nx-c: [*b, *b]\n');
    const root = documents[0]!.value;
    const copied = ((root['x-c'] as unknown[])[1] as unknown[])[1] as object;
    // Where the anchored mapping starts: its anchor, on the x-a line.
    assert.deepEqual(index.of(copied), { file: 'compose.yaml', line: 1, column: 6 });
    assert.notEqual(copied, (root['x-a'] as object));
  });
});
