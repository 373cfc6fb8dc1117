#!/usr/bin/env node
// Keeps dependencies pointing inward (cli → app → apply → plan → model), as
// ../shared/DESIGN.md draws them, and keeps each third-party integration in
// the one folder that owns it. Prints every violation; exits 1 if any.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = process.argv[2] ? resolve(process.argv[2]) : join(root, 'src');

/** Which layers each layer may import from (itself always included). */
const ALLOWED = {
  model: [],
  // engine/native finds berthd's socket by the daemon's own path rules (daemon/paths.ts).
  engine: ['model', 'daemon'],
  plan: ['model', 'engine'],
  apply: ['plan', 'model', 'engine'],
  events: ['model', 'engine'],
  watch: ['apply', 'plan', 'model', 'engine', 'events'],
  app: ['watch', 'apply', 'plan', 'model', 'engine', 'events'],
  ui: ['events', 'model'],
  cli: ['app', 'ui', 'model', 'events', 'daemon'],
  // berthd, berth's own engine: a separate process that depends on no other layer.
  daemon: [],
};

/** Packages only one folder may import. */
const OWNED_PACKAGES = {
  dockerode: 'engine/docker',
  listr2: 'ui',
  chokidar: 'watch',
};

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (/\.(ts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const problems = [];
let checked = 0;
for await (const file of files(src)) {
  checked++;
  const layer = relative(src, file).split(sep)[0];
  const own = relative(src, dirname(file)).split(sep).join('/');
  const text = await readFile(file, 'utf8');
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    if (specifier.startsWith('.')) {
      const target = relative(src, resolve(dirname(file), specifier));
      if (target.startsWith('..')) {
        problems.push(`${relative(root, file)}: imports ${specifier}, outside src/`);
        continue;
      }
      const targetLayer = target.split(sep)[0];
      if (!(targetLayer in ALLOWED) || targetLayer === layer || !(layer in ALLOWED)) continue;
      if (!ALLOWED[layer].includes(targetLayer)) {
        problems.push(`${relative(root, file)}: ${layer}/ must not import ${targetLayer}/ (${specifier}); dependencies point inward: cli → app → apply → plan → model`);
      }
      continue;
    }
    const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
    const owner = OWNED_PACKAGES[name];
    if (owner && !(own === owner || own.startsWith(`${owner}/`))) {
      problems.push(`${relative(root, file)}: only src/${owner}/ may import ${name}`);
    }
  }
}
for (const problem of problems) console.error(problem);
console.log(`lint-layers: ${checked} files checked, ${problems.length} problem(s)`);
process.exitCode = problems.length > 0 ? 1 : 0;
