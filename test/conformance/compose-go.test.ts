/**
 * Conformance with compose-go: every compose file and env file its loader
 * and cli tests use is loaded through berth's `loadProject` the way those
 * tests load it, and must give what they assert (see expectations.ts).
 * The data lives outside the repository; without it the suite says so and skips.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BerthError } from '../../src/errors.js';
import { loadProject } from '../../src/model/index.js';
import { checkFact } from './check-fact.js';
import type { ConformanceCase, LoadSpec, Outcome } from './conformance-case.js';
import { COVERED_FOLDERS, expectations } from './expectations.js';
import { copyFixtures, listFixtureFiles } from './fixture-copy.js';

const composeGoData = join(fileURLToPath(new URL('../../../shared/conformance/', import.meta.url)), 'compose-go');
const skip = existsSync(composeGoData)
  ? false
  : `compose-go test data not found at ${composeGoData}; it is kept beside the repository, not in it`;
if (skip) console.log(`conformance skipped: ${skip}`);

describe('compose-go conformance', { skip }, () => {
  test('the table has exactly one entry per data file, and covered files point at loaded ones', async () => {
    const files = await listFixtureFiles(composeGoData, COVERED_FOLDERS);
    const listed = expectations.map((entry) => entry.file);
    assert.deepStrictEqual([...listed].sort(), files, 'entries in expectations.ts vs files on disk');
    const withCases = new Set(expectations.filter((entry) => entry.kind === 'cases').map((entry) => entry.file));
    for (const entry of expectations) {
      if (entry.kind === 'covered-by') {
        for (const by of entry.by) assert.ok(withCases.has(by), `${entry.file} is covered by ${by}, which has no cases`);
      } else {
        assert.ok(entry.cases.length > 0, `${entry.file} has no cases`);
      }
    }
  });

  for (const entry of expectations) {
    if (entry.kind !== 'cases') continue;
    describe(entry.file, () => {
      for (const conformanceCase of entry.cases) {
        const todo = conformanceCase.gap === undefined ? false : `known gap: ${conformanceCase.gap}`;
        test(conformanceCase.name, { todo }, () => runCase(conformanceCase));
      }
    });
  }
});

async function runCase(conformanceCase: ConformanceCase): Promise<void> {
  const copy = await copyFixtures(composeGoData, conformanceCase.load);
  try {
    const warnings: string[] = [];
    const load = () => loadProject(loadOptions(conformanceCase.load, copy.root, (message) => warnings.push(message)));
    await expectOutcome(conformanceCase.expect, load, warnings, copy.root, conformanceCase.source);
  } finally {
    await copy.remove();
  }
}

function loadOptions(spec: LoadSpec, root: string, onWarning: (message: string) => void) {
  return {
    workingDir: join(root, spec.cwd),
    environment: { ...spec.environment },
    onWarning,
    ...(spec.configFiles !== undefined && { configFiles: [...spec.configFiles] }),
    ...(spec.projectDirectory !== undefined && { projectDirectory: spec.projectDirectory }),
    ...(spec.projectName !== undefined && { projectName: spec.projectName }),
    ...(spec.envFiles !== undefined && { envFiles: [...spec.envFiles] }),
    ...(spec.profiles !== undefined && { profiles: [...spec.profiles] }),
    ...(spec.services !== undefined && { services: [...spec.services] }),
  };
}

async function expectOutcome(
  outcome: Outcome,
  load: () => Promise<unknown>,
  warnings: readonly string[],
  root: string,
  source: string,
): Promise<void> {
  switch (outcome.kind) {
    case 'project': {
      const project = await load();
      for (const fact of outcome.facts) checkFact(project, fact, root);
      for (const pattern of outcome.warnings ?? []) {
        assert.ok(
          warnings.some((warning) => pattern.test(warning)),
          `no warning matches ${pattern}; warnings: ${JSON.stringify(warnings)} (${source})`,
        );
      }
      return;
    }
    case 'error': {
      await assert.rejects(load(), (error: unknown) => {
        assert.ok(error instanceof BerthError, `expected a BerthError, got ${String(error)}`);
        if (outcome.code !== undefined) assert.equal(error.code, outcome.code, `code of: ${error.message}`);
        for (const part of outcome.messageIncludes) {
          const found = typeof part === 'string' ? error.message.includes(part) : part.test(error.message);
          assert.ok(found, `message should include ${String(part)}: ${error.message} (${source})`);
        }
        return true;
      });
      return;
    }
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
    }
  }
}
