import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { colorEnabled, parseAnsiMode, parseProgressMode, resolveProgressMode, type AnsiMode, type ProgressMode, type ResolvedProgressMode } from './output-modes.js';

describe('parseProgressMode', () => {
  const cases: readonly [string, ProgressMode][] = [
    ['auto', 'auto'],
    ['', 'auto'],
    ['tty', 'tty'],
    ['plain', 'plain'],
    ['json', 'json'],
    ['quiet', 'quiet'],
    ['none', 'quiet'],
  ];
  for (const [text, expected] of cases) {
    test(`"${text}" reads as ${expected}`, () => assert.equal(parseProgressMode(text), expected));
  }
  test('an unknown mode names the choices', () => {
    assert.throws(() => parseProgressMode('fancy', 'COMPOSE_PROGRESS'), /COMPOSE_PROGRESS must be one of auto, tty, plain, json, quiet, not "fancy"/);
  });
});

describe('parseAnsiMode', () => {
  test('accepts the three modes', () => {
    for (const mode of ['never', 'always', 'auto'] as const) assert.equal(parseAnsiMode(mode), mode);
  });
  test('refuses others', () => assert.throws(() => parseAnsiMode('sometimes'), /--ansi must be one of never, always, auto/));
});

describe('colorEnabled', () => {
  const cases: readonly [AnsiMode, boolean, boolean, boolean][] = [
    // ansi, terminal, NO_COLOR, colour
    ['auto', true, false, true],
    ['auto', false, false, false],
    ['auto', true, true, false],
    ['always', false, false, true],
    ['always', true, true, false],
    ['never', true, false, false],
  ];
  for (const [ansi, isTerminal, noColor, expected] of cases) {
    test(`--ansi ${ansi}, terminal ${isTerminal}, NO_COLOR ${noColor} → ${expected}`, () => {
      assert.equal(colorEnabled(ansi, { isTerminal, noColor }), expected);
    });
  }
});

describe('resolveProgressMode', () => {
  const cases: readonly [ProgressMode, AnsiMode, boolean, ResolvedProgressMode][] = [
    ['auto', 'auto', true, 'tty'],
    ['auto', 'auto', false, 'plain'],
    ['auto', 'never', true, 'plain'],
    ['auto', 'always', false, 'plain'],
    ['tty', 'auto', false, 'tty'],
    ['plain', 'auto', true, 'plain'],
    ['json', 'always', true, 'json'],
    ['quiet', 'auto', true, 'quiet'],
  ];
  for (const [progress, ansi, terminal, expected] of cases) {
    test(`--progress ${progress} --ansi ${ansi} (stderr terminal: ${terminal}) → ${expected}`, () => {
      assert.equal(resolveProgressMode(progress, ansi, terminal), expected);
    });
  }
  test('tty progress without ANSI is a contradiction', () => {
    assert.throws(() => resolveProgressMode('tty', 'never', true), /cannot use --progress tty while ANSI output is disabled/);
  });
  test('plain progress with forced ANSI is a contradiction', () => {
    assert.throws(() => resolveProgressMode('plain', 'always', true), /cannot use --progress plain while ANSI output is forced/);
  });
});
