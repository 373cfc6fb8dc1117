/**
 * The shape of berth's conformance table: for every file compose-go's own
 * tests load, how they load it and what they expect. Paths are written
 * relative to the copied `compose-go/` folder so one case can be replayed in
 * any scratch directory.
 */
import type { BerthErrorCode } from '../../src/errors.js';
import type { ModelPath } from '../../src/model/tree.js';

/** How one case calls `loadProject`; every path is relative to `cwd` unless absolute. */
export interface LoadSpec {
  /** The process cwd, relative to the copied `compose-go/` folder (`loader`, `cli/testdata/simple`, …). */
  readonly cwd: string;
  /** `-f` values; absent means default discovery. */
  readonly configFiles?: readonly string[];
  readonly projectDirectory?: string;
  readonly projectName?: string;
  /** The shell environment; `{}` when absent, never the test runner's own. */
  readonly environment?: Readonly<Record<string, string>>;
  readonly envFiles?: readonly string[];
  readonly profiles?: readonly string[];
  readonly services?: readonly string[];
  /** Files the case writes into its copy first (compose-go passes these as in-memory content), relative to `cwd`. */
  readonly writes?: Readonly<Record<string, string>>;
  /**
   * compose-go's tests plug in a resource loader that maps `<prefix>:x` to
   * `loader/testdata/<prefix>/x`. berth has no such plug-in, so the copy has
   * every `<prefix>:` reference rewritten to that absolute local path.
   */
  readonly emulateResourceLoader?: string;
}

/** One observable fact about the loaded project, at a path into it (`services.web.image` = `['services','web','image']`). */
export type Fact =
  /** Deep, strict equality with a JSON-like value. */
  | { readonly kind: 'equals'; readonly at: ModelPath; readonly value: unknown }
  /** An absolute path: the case's copy of `compose-go/` joined with `fixture`. */
  | { readonly kind: 'fixture-path'; readonly at: ModelPath; readonly fixture: string }
  /** Nothing there: `undefined` or `null`. */
  | { readonly kind: 'absent'; readonly at: ModelPath }
  /** A mapping whose keys, sorted, are exactly these. */
  | { readonly kind: 'keys'; readonly at: ModelPath; readonly value: readonly string[] }
  /** A sequence of exactly this length. */
  | { readonly kind: 'length'; readonly at: ModelPath; readonly value: number };

export type Outcome =
  | {
      readonly kind: 'project';
      readonly facts: readonly Fact[];
      /** Each pattern must match at least one warning. */
      readonly warnings?: readonly RegExp[];
    }
  | {
      readonly kind: 'error';
      /** Asserted when the failure has an obvious code among berth's. */
      readonly code?: BerthErrorCode;
      /** Each must occur in the message (strings case-sensitively). */
      readonly messageIncludes: readonly (string | RegExp)[];
    };

export interface ConformanceCase {
  readonly name: string;
  /** Where the expectation comes from: a compose-go test, its code, or the file's obvious content. */
  readonly source: string;
  readonly load: LoadSpec;
  readonly expect: Outcome;
  /**
   * A known berth divergence, said in a sentence. The case still runs, but
   * node:test reports it as TODO with this text instead of failing the suite;
   * delete the field once berth conforms.
   */
  readonly gap?: string;
}

/** One row per fixture file under `compose-go/{cli,loader}/testdata`. */
export type FixtureEntry =
  | { readonly file: string; readonly kind: 'cases'; readonly cases: readonly ConformanceCase[] }
  /** Only read through other files: the cases of `by` exercise it. */
  | { readonly file: string; readonly kind: 'covered-by'; readonly by: readonly string[]; readonly note: string };
