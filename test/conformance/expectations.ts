/**
 * berth's expectations for every file in compose-go's loader and cli test
 * data: how compose-go's own tests load it and what they assert, restated as
 * data. `source` on each case says where the fact comes from.
 *
 * Where the Go tests look at `env_file` entries, these look at `environment`
 * and expect no `env_file`: Docker Compose loads every command, `config`
 * included, with compose-go's cli.WithDiscardEnvFile, which folds the files
 * into `environment` and drops the entries.
 */
import type { FixtureEntry } from './conformance-case.js';
import { cliEntries } from './expectations-cli.js';
import { extendsEntries } from './expectations-extends.js';
import { loaderEntries } from './expectations-loader.js';
import { remoteEntries } from './expectations-remote.js';

export type { ConformanceCase, Fact, FixtureEntry, LoadSpec, Outcome } from './conformance-case.js';

/** The folders of `compose-go/` this table covers; `dotenv/fixtures` belongs to the dotenv parser's tests. */
export const COVERED_FOLDERS = ['cli/testdata', 'loader/testdata'] as const;

export const expectations: readonly FixtureEntry[] = [...cliEntries, ...loaderEntries, ...extendsEntries, ...remoteEntries];
