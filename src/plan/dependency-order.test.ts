import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dependencyOrder, withDependencies, withDependents } from './dependency-order.js';

const GRAPH = { web: ['api'], api: ['db', 'cache'], worker: ['db'], db: [], cache: [] };

describe('dependencyOrder', () => {
  test('dependencies first, ties by name', () => {
    assert.deepEqual(dependencyOrder(GRAPH, Object.keys(GRAPH)), ['cache', 'db', 'api', 'web', 'worker']);
  });
  test('reverse: dependents first', () => {
    assert.deepEqual(dependencyOrder(GRAPH, Object.keys(GRAPH), 'reverse'), ['web', 'api', 'cache', 'worker', 'db']);
  });
  test('edges to services left out are ignored', () => {
    assert.deepEqual(dependencyOrder(GRAPH, ['web', 'db']), ['db', 'web']);
  });
  test('a cycle still yields every service once', () => {
    assert.deepEqual(dependencyOrder({ a: ['b'], b: ['a'] }, ['a', 'b']), ['a', 'b']);
  });
  test('closures', () => {
    assert.deepEqual([...withDependencies(GRAPH, ['web'])].sort(), ['api', 'cache', 'db', 'web']);
    assert.deepEqual([...withDependents(GRAPH, ['db'])].sort(), ['api', 'db', 'web', 'worker']);
  });
});
