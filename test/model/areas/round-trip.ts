/**
 * The round trip every area test makes: load inline YAML, check the typed
 * project, render it as `docker compose config` would, load the rendered
 * text again and check the same things — the rendered form must mean the
 * same project, or `berth config > compose.yaml` would change behaviour.
 */
import assert from 'node:assert/strict';
import { BerthError } from '../../../src/errors.js';
import { renderProject, type Project } from '../../../src/model/index.js';
import { loadInline, type InlineLoad } from '../../helpers/memory-host.js';

export interface RoundTrip {
  readonly first: Project;
  readonly second: Project;
  readonly rendered: string;
}

/**
 * Loads `compose`, runs `check` on the project, renders it as YAML, reloads
 * the text and runs `check` again, then asserts both projects are equal; the
 * JSON rendering must reload to the same project too.
 * The reload sees the same extra files (a rendered `label_file` or secret
 * `file` still names them) and the same profiles (a rendered service keeps
 * its `profiles`), but not the environment: the rendered text is already
 * interpolated.
 */
export async function roundTrip(compose: string, check: (project: Project) => void, options: InlineLoad = {}): Promise<RoundTrip> {
  const first = (await loadInline(compose, options)).project;
  check(first);
  const rendered = renderProject(first, 'yaml');
  const reload: InlineLoad = {
    ...(options.files === undefined ? {} : { files: options.files }),
    ...(options.profiles === undefined ? {} : { profiles: options.profiles }),
  };
  let second: Project;
  try {
    second = (await loadInline(rendered, reload)).project;
  } catch (error) {
    assert.fail(`the rendered project does not load again: ${String(error)}\n--- rendered ---\n${rendered}`);
  }
  check(second);
  assert.deepEqual(second, first, `the reloaded project differs from the first\n--- rendered ---\n${rendered}`);
  // JSON is YAML too: `config --format json` output must load back the same way.
  const json = renderProject(first, 'json');
  const fromJson = (await loadInline(json, reload)).project;
  assert.deepEqual(fromJson, first, `the project reloaded from JSON differs from the first\n--- rendered ---\n${json}`);
  return { first, second, rendered };
}

/** The service `name` of a project, failing the test when it is absent. */
export function service(project: Project, name = 'web'): NonNullable<Project['services'][string]> {
  const found = project.services[name];
  assert.ok(found, `service ${name} is missing; the project has ${Object.keys(project.services).join(', ')}`);
  return found;
}

export interface Refusal {
  readonly code: BerthError['code'];
  /** What the message must say, usually the dotted path of the bad value. */
  readonly message: RegExp;
  /** The 1-based line of /project/compose.yaml the error points at. */
  readonly line: number;
}

/** Loads `compose` and asserts it is refused with the given code, message and location line. */
export async function assertRefused(compose: string, expected: Refusal, options: InlineLoad = {}): Promise<BerthError> {
  let caught: unknown;
  try {
    await loadInline(compose, options);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof BerthError, `expected a BerthError, got ${caught === undefined ? 'a loaded project' : String(caught)}`);
  assert.equal(caught.code, expected.code, caught.message);
  assert.match(caught.message, expected.message);
  assert.equal(caught.location?.file, '/project/compose.yaml', caught.message);
  assert.equal(caught.location?.line, expected.line, caught.message);
  return caught;
}
