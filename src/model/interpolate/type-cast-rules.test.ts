import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelPath } from '../tree.js';
import { COMPOSE_TYPE_CAST_RULES, findCastRule, matchesPattern } from './type-cast-rules.js';

describe('matchesPattern', () => {
  // The first six rows are compose-go's TestPathMatches.
  const table: ReadonlyArray<{ doc: string; path: ModelPath; pattern: string; expected: boolean }> = [
    { doc: 'pattern too short', path: ['one', 'two', 'three'], pattern: 'one.two', expected: false },
    { doc: 'pattern too long', path: ['one', 'two'], pattern: 'one.two.three', expected: false },
    { doc: 'pattern mismatch', path: ['one', 'three', 'two'], pattern: 'one.two.three', expected: false },
    { doc: 'mismatch with a match-all part', path: ['one', 'three', 'two'], pattern: '*.two.three', expected: false },
    { doc: 'match with a match-all part', path: ['one', 'two', 'three'], pattern: 'one.*.three', expected: true },
    { doc: 'exact match', path: ['one', 'two', 'three'], pattern: 'one.two.three', expected: true },
    { doc: '* matches a list index', path: ['ports', 0], pattern: 'ports.*', expected: true },
    { doc: '[] matches a list index', path: ['ports', 3, 'target'], pattern: 'ports.[].target', expected: true },
    { doc: '[] does not match a mapping key', path: ['ports', 'web', 'target'], pattern: 'ports.[].target', expected: false },
    { doc: 'a literal part never matches an index', path: ['ports', 0], pattern: 'ports.0', expected: false },
    { doc: 'keys with dots are one part', path: ['labels', 'com.example'], pattern: 'labels.*', expected: true },
  ];
  for (const row of table) {
    test(row.doc, () => assert.equal(matchesPattern(row.path, row.pattern), row.expected));
  }
});

describe('COMPOSE_TYPE_CAST_RULES', () => {
  const table: ReadonlyArray<{ path: ModelPath; cast: string | undefined }> = [
    { path: ['services', 'web', 'ports', 0, 'target'], cast: 'int' },
    { path: ['services', 'web', 'ports', 0, 'published'], cast: undefined },
    { path: ['services', 'web', 'cpus'], cast: 'float32' },
    { path: ['services', 'web', 'cpu_percent'], cast: 'float' },
    { path: ['services', 'web', 'deploy', 'update_config', 'max_failure_ratio'], cast: 'float' },
    { path: ['services', 'web', 'healthcheck', 'disable'], cast: 'bool' },
    { path: ['services', 'web', 'healthcheck', 'interval'], cast: undefined },
    { path: ['services', 'web', 'ulimits', 'nofile'], cast: 'int' },
    { path: ['services', 'web', 'ulimits', 'nofile', 'soft'], cast: 'int' },
    { path: ['networks', 'front', 'enable_ipv6'], cast: 'bool' },
    { path: ['volumes', 'data', 'external'], cast: 'bool' },
    { path: ['services', 'web', 'volumes', 0, 'external'], cast: undefined },
    { path: ['services', 'web', 'volumes', 1, 'volume', 'nocopy'], cast: 'bool' },
  ];
  for (const row of table) {
    test(`${row.path.join('.')} → ${row.cast ?? 'no cast'}`, () => {
      assert.equal(findCastRule(row.path, COMPOSE_TYPE_CAST_RULES)?.cast, row.cast);
    });
  }

  test('has compose-go\'s 42 entries, each pattern once', () => {
    const patterns = COMPOSE_TYPE_CAST_RULES.map((rule) => rule.pattern);
    assert.equal(patterns.length, 42);
    assert.equal(new Set(patterns).size, patterns.length);
  });
});
