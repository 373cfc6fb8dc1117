/** Reads a fact's path out of a loaded project and compares it, with a message that names the path. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { formatPath, isDict } from '../../src/model/tree.js';
import type { ModelPath } from '../../src/model/tree.js';
import type { Fact } from './conformance-case.js';

export function valueAt(root: unknown, path: ModelPath): unknown {
  let current: unknown = root;
  for (const part of path) {
    if (typeof part === 'number') current = Array.isArray(current) ? current[part] : undefined;
    else current = isDict(current) ? current[part] : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/** Deep copy through JSON so class instances and frozen objects compare as the plain data `config` would print. */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** `fixtureRoot` is the case's copy of `compose-go/`. */
export function checkFact(project: unknown, fact: Fact, fixtureRoot: string): void {
  const actual = valueAt(project, fact.at);
  const where = formatPath(fact.at);
  switch (fact.kind) {
    case 'equals':
      assert.deepStrictEqual(plain(actual), fact.value, `${where}`);
      return;
    case 'fixture-path':
      assert.equal(actual, join(fixtureRoot, fact.fixture), `${where} (a path into the fixture copy)`);
      return;
    case 'absent':
      assert.ok(actual === undefined || actual === null, `${where} should be absent, is ${JSON.stringify(actual)}`);
      return;
    case 'keys':
      assert.ok(isDict(actual), `${where} should be a mapping, is ${JSON.stringify(actual)}`);
      assert.deepStrictEqual(Object.keys(actual).sort(), [...fact.value].sort(), `${where} keys`);
      return;
    case 'length':
      assert.ok(Array.isArray(actual), `${where} should be a sequence, is ${JSON.stringify(actual)}`);
      assert.equal(actual.length, fact.value, `${where} length`);
      return;
    default: {
      const unreachable: never = fact;
      throw new Error(`unknown fact ${JSON.stringify(unreachable)}`);
    }
  }
}
