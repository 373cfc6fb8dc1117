/**
 * berth's schema against the official Compose schema, file by file.
 *
 * The corpus is test/fixtures/schema-corpus/{valid,invalid}/*.yaml plus, when
 * /work/shared is present, the compose files of compose-go's conformance data.
 * The folder says what berth must do with a file (accept or reject); an
 * invalid file's first line `# expect: <regex>` is matched against berth's
 * message. Where the official schema decides otherwise, the file must be
 * listed in schemas/DIFFERENCES.md with the reason, and every listed
 * difference must still be real.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { BerthError } from '../../errors.js';
import { isDict } from '../tree.js';
import type { Dict } from '../tree.js';
import { withoutPaths } from '../load/reset.js';
import { LocationIndex } from '../source/locations.js';
import { parseComposeYaml } from '../source/parse-yaml.js';
import { validateSchema } from './schema.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const corpusDir = join(repoRoot, 'test/fixtures/schema-corpus');
const differencesFile = join(repoRoot, 'schemas/DIFFERENCES.md');
const sharedDir = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const officialSchemaFile = join(sharedDir, 'reference/compose-spec/compose-spec.schema.json');
const conformanceDir = join(sharedDir, 'conformance/compose-go');

type Verdict = 'accepts' | 'rejects';

interface CorpusFile {
  /** How the file is named in DIFFERENCES.md: `valid/x.yaml` or `conformance/<path>`. */
  readonly id: string;
  readonly model: Dict;
  /** What berth must do with it. */
  readonly expected: Verdict;
  readonly expectedMessage: RegExp | undefined;
}

function toModel(text: string): Dict {
  const parsed: unknown = parse(text, { merge: true });
  // An empty file is an empty project; the loader deals with it before the schema.
  if (parsed === null || parsed === undefined) return {};
  assert.ok(isDict(parsed), 'corpus files must be YAML mappings');
  return parsed;
}

function corpusFiles(): CorpusFile[] {
  const files: CorpusFile[] = [];
  for (const folder of ['valid', 'invalid'] as const) {
    for (const name of readdirSync(join(corpusDir, folder)).filter((entry) => entry.endsWith('.yaml')).sort()) {
      const text = readFileSync(join(corpusDir, folder, name), 'utf8');
      const expectation = /^# expect: (.+)$/m.exec(text)?.[1];
      files.push({
        id: `${folder}/${name}`,
        model: toModel(text),
        expected: folder === 'valid' ? 'accepts' : 'rejects',
        expectedMessage: expectation === undefined ? undefined : new RegExp(expectation),
      });
    }
  }
  return files;
}

// Files of the conformance data that are not whole compose files as the
// schema sees them: `!reset`/`!override` are resolved by the loader first.
const NOT_SCHEMA_INPUT = /!reset|!override/;

// compose-go's conformance files load, so the schema must accept them, except
// these, which compose-go only reads with validation turned off.
const CONFORMANCE_NOT_VALID_ALONE: ReadonlyMap<string, string> = new Map([
  [
    'conformance/loader/testdata/extends/base.yaml',
    'its service `nil` is empty (null); compose-go only uses the file as an `extends` base with SkipValidation',
  ],
]);

function conformanceFiles(): CorpusFile[] {
  const files: CorpusFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry)) {
        const id = `conformance/${relative(conformanceDir, path)}`;
        const text = readFileSync(path, 'utf8');
        const expected = CONFORMANCE_NOT_VALID_ALONE.has(id) ? 'rejects' : 'accepts';
        // Custom tags (!reset, !override) are the loader's: read such files the way it does, tags resolved.
        const model = NOT_SCHEMA_INPUT.test(text) ? modelAsLoaded(text, id) : toModel(text);
        files.push({ id, model, expected, expectedMessage: undefined });
      }
    }
  };
  walk(conformanceDir);
  return files;
}

/** The document as the loader hands it to the schema: berth's YAML reader, `!reset` paths dropped. */
function modelAsLoaded(text: string, id: string): Dict {
  const [document] = parseComposeYaml(text, id, new LocationIndex());
  if (!document) return {};
  return withoutPaths(document.value, document.resets);
}

function berthVerdict(file: CorpusFile): { verdict: Verdict; message: string | undefined } {
  try {
    validateSchema(file.model, { locate: () => undefined, file: file.id });
    return { verdict: 'accepts', message: undefined };
  } catch (error) {
    assert.ok(error instanceof BerthError && error.code === 'invalid_schema', String(error));
    return { verdict: 'rejects', message: error.message };
  }
}

interface KnownDifference {
  readonly berth: Verdict;
  readonly official: Verdict;
  readonly reason: string;
}

/** Rows `| \`file\` | berth | official | reason |` of the table in DIFFERENCES.md. */
function knownDifferences(): Map<string, KnownDifference> {
  const rows = new Map<string, KnownDifference>();
  const rowPattern = /^\|\s*`([^`]+)`\s*\|\s*(accepts|rejects)\s*\|\s*(accepts|rejects)\s*\|\s*(.+?)\s*\|\s*$/;
  for (const line of readFileSync(differencesFile, 'utf8').split('\n')) {
    const match = rowPattern.exec(line);
    if (!match) continue;
    const [, id, berth, official, reason] = match as unknown as [string, string, Verdict, Verdict, string];
    assert.ok(!rows.has(id), `${id} is listed twice in schemas/DIFFERENCES.md`);
    assert.notEqual(berth, official, `${id}: a listed difference must have different verdicts`);
    rows.set(id, { berth, official, reason });
  }
  return rows;
}

describe('schema corpus', () => {
  const files = corpusFiles();

  test('has at least 40 files covering both verdicts', () => {
    assert.ok(files.length >= 40, `only ${files.length} corpus files`);
    assert.ok(files.some((file) => file.expected === 'accepts'));
    assert.ok(files.some((file) => file.expected === 'rejects'));
  });

  for (const file of files) {
    test(`berth ${file.expected} ${file.id}`, () => {
      const { verdict, message } = berthVerdict(file);
      assert.equal(verdict, file.expected, message);
      if (file.expected === 'rejects') {
        assert.ok(file.expectedMessage, `${file.id} needs a first line '# expect: <regex>'`);
        assert.match(message ?? '', file.expectedMessage);
      }
    });
  }
});

describe('berth and the official Compose schema agree', () => {
  if (!existsSync(officialSchemaFile)) {
    test('official schema comparison', (t) => {
      t.skip(`${officialSchemaFile} is absent (no /work/shared checkout next to the repository)`);
    });
    return;
  }

  const officialSchema = JSON.parse(readFileSync(officialSchemaFile, 'utf8')) as Record<string, unknown>;
  // Its `$schema` names draft-07 by an https URL Ajv does not know as an
  // alias; Ajv's default dialect is draft-07 already.
  delete officialSchema['$schema'];
  // The official schema uses annotation keywords (`deprecated`) and union
  // types that Ajv's strict mode refuses.
  const validateOfficial = new Ajv({ strict: false, allErrors: false }).compile(officialSchema);
  const officialVerdict = (model: Dict): Verdict => (validateOfficial(model) ? 'accepts' : 'rejects');

  const differences = knownDifferences();
  const conformance = existsSync(conformanceDir) ? conformanceFiles() : [];
  const files = [...corpusFiles(), ...conformance];
  const listed = new Set<string>();

  for (const file of files) {
    test(file.id, () => {
      const { verdict: berth, message } = berthVerdict(file);
      if (file.id.startsWith('conformance/')) assert.equal(berth, file.expected, message);
      const official = officialVerdict(file.model);
      const known = differences.get(file.id);
      if (known) listed.add(file.id);
      if (berth === official) {
        assert.equal(known, undefined, `${file.id} is listed in DIFFERENCES.md but both schemas ${berth} it`);
        return;
      }
      assert.ok(
        known,
        `${file.id}: berth ${berth} it, the official schema ${official} it; ` +
          'fix berth or document the difference in schemas/DIFFERENCES.md',
      );
      assert.deepEqual([known.berth, known.official], [berth, official], `${file.id}: verdicts in DIFFERENCES.md`);
    });
  }

  test('every documented difference names a file of the corpus', () => {
    const ids = new Set(files.map((file) => file.id));
    const unknown = [...differences.keys()].filter((id) => !ids.has(id));
    assert.deepEqual(unknown, [], 'DIFFERENCES.md lists files that are not in the corpus');
  });

});
