import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { splitShellWords } from './shell-words.js';

describe('splitShellWords', () => {
  const cases: [line: string, words: string[]][] = [
    ['', []],
    ['""', ['']],
    ["''", ['']],
    ['var --bar=baz', ['var', '--bar=baz']],
    ['var --bar="baz"', ['var', '--bar=baz']],
    ['var "--bar=baz"', ['var', '--bar=baz']],
    [`var "--bar='baz'"`, ['var', "--bar='baz'"]],
    ['var --bar=`baz`', ['var', '--bar=`baz`']],
    [`var "--bar=\\"baz'"`, ['var', `--bar="baz'`]],
    [`var "--bar=\\'baz\\'"`, ['var', "--bar='baz'"]],
    [`var --bar='\\'`, ['var', '--bar=\\']],
    ['var "--bar baz"', ['var', '--bar baz']],
    ['var --"bar baz"', ['var', '--bar baz']],
    ['var  --"bar baz"', ['var', '--bar baz']],
    ['a " b "', ['a', ' b ']],
    ["a '   '", ['a', '   ']],
    ['foo bar\\  ', ['foo', 'bar ']],
    [`foo "" bar ''`, ['foo', '', 'bar', '']],
    ['foo \\\\', ['foo', '\\']],
    ['foo \\& bar', ['foo', '&', 'bar']],
    ['bundle exec thin -p 3000', ['bundle', 'exec', 'thin', '-p', '3000']],
    [`sh -c 'echo "$HOME" && exit 1'`, ['sh', '-c', 'echo "$HOME" && exit 1']],
    ['echo\tone\ntwo', ['echo', 'one', 'two']],
    // v1.0.12 keeps the letter after a backslash: no \n or \t translation
    ['echo \\n', ['echo', 'n']],
    ['echo $(echo "foo")', ['echo', '$(echo "foo")']],
    // an unquoted operator ends the command, as in compose-go
    ['echo a && echo b', ['echo', 'a']],
    ['echo a; echo b', ['echo', 'a']],
    ['cat < in | wc', ['cat']],
    ['echo hi 2>/dev/null', ['echo', 'hi']],
  ];
  for (const [line, words] of cases) {
    test(JSON.stringify(line), () => assert.deepEqual(splitShellWords(line), { ok: true, value: words }));
  }

  for (const line of ["foo '", 'foo "', 'foo `', 'foo \\', 'echo (x)', 'echo )x', 'echo $(x']) {
    test(`${JSON.stringify(line)} is rejected`, () => assert.equal(splitShellWords(line).ok, false));
  }
});
