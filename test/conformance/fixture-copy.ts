/**
 * Each case loads from its own scratch copy of the compose-go data, so cases
 * can write their in-memory files and rewrite resource references without
 * touching the shared, read-only originals.
 */
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { LoadSpec } from './conformance-case.js';

export interface FixtureCopy {
  /** The copy of `compose-go/`, a real path (no symlinks), so expected paths compare exactly. */
  readonly root: string;
  /** Removes the scratch directory. */
  remove(): Promise<void>;
}

export async function copyFixtures(source: string, spec: LoadSpec): Promise<FixtureCopy> {
  const scratch = await realpath(await mkdtemp(join(tmpdir(), 'berth-conformance-')));
  const root = join(scratch, 'compose-go');
  await cp(source, root, { recursive: true });
  await makeWritable(root);
  const cwd = join(root, spec.cwd);
  for (const [file, content] of Object.entries(spec.writes ?? {})) {
    await mkdir(dirname(join(cwd, file)), { recursive: true });
    await writeFile(join(cwd, file), content);
  }
  if (spec.emulateResourceLoader !== undefined) {
    await rewriteReferences(root, `${spec.emulateResourceLoader}:`, `${join(root, 'loader/testdata', spec.emulateResourceLoader)}/`);
  }
  return {
    root,
    remove: () => rm(scratch, { recursive: true, force: true }),
  };
}

// The shared originals are read-only and cp keeps their modes.
async function makeWritable(path: string): Promise<void> {
  await chmod(path, 0o755);
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await makeWritable(child);
    else await chmod(child, 0o644);
  }
}

async function rewriteReferences(root: string, prefix: string, replacement: string): Promise<void> {
  for (const file of await yamlFiles(root)) {
    const text = await readFile(file, 'utf8');
    if (text.includes(prefix)) await writeFile(file, text.replaceAll(prefix, replacement));
  }
}

async function yamlFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.ya?ml$/.test(entry.name)) found.push(join(entry.parentPath, entry.name));
  }
  return found;
}

/** Every file under the given top folders of the data, relative to it, `/`-separated. */
export async function listFixtureFiles(source: string, tops: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const top of tops) {
    for (const entry of await readdir(join(source, top), { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) files.push(relative(source, join(entry.parentPath, entry.name)));
    }
  }
  return files.sort();
}
