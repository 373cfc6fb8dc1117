#!/usr/bin/env node
// Bundles the `berth` command into one CommonJS file and trains a V8 code
// cache for it, so the command starts without resolving and compiling
// hundreds of modules:
//
//   dist/berth.cjs        src/cli/main.ts and everything it imports, dynamic
//                         imports included (dockerode, listr2, the app layer)
//   dist/berth.cjs.map    its source map
//   dist/berth.cjs.cache  V8's compiled code for the functions the training
//                         runs below used, for bin/berth.cjs to hand to V8
//
// Runs after `tsc` (npm run build): the bundle sits at the root of dist/ so a
// module's `import.meta.url` can be mapped to where tsc put the same module
// (dist/<path>.js), and paths computed from it (package.json, helper
// scripts, the daemon's entry dist/daemon/main.js, which stays on tsc's
// output and runs as its own process) are the same for both builds.
//
//   node scripts/bundle.mjs [--no-cache]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { FILES as BENCH_FILES, generateProject } from '../bench/config-load/generate.mjs';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const distDir = join(repoRoot, 'dist');
const bundlePath = join(distDir, 'berth.cjs');
const cachePath = `${bundlePath}.cache`;
const launcherPath = join(repoRoot, 'bin', 'berth.cjs');
/** The launcher finds the build's identity on this last line and in the cache's header; see bin/berth.cjs. */
const BUILD_ID_PREFIX = '//# berth-build ';

/**
 * Bundled package files that mention `__dirname`, and what they need next to
 * the bundle. A new one fails the build until it is looked at: in a bundle
 * `__dirname` is dist/, not the package's folder.
 */
const DIRNAME_USERS = {
  // Reads .proto files next to itself when a build or session starts.
  'dockerode/lib/buildkit.js': { copy: 'proto' },
  'dockerode/lib/session.js': { copy: 'proto' },
  // Only in comments.
  'commander/lib/command.js': { copy: undefined },
  // Windows only (Pageant).
  'ssh2/lib/agent.js': { copy: undefined },
  // Emscripten's loader; the module is embedded, nothing is read from disk.
  'ssh2/lib/protocol/crypto/poly1305.js': { copy: undefined },
  // Admin services (channelz, ORCA) that only addAdminServicesToServer loads; dockerode never does.
  '@grpc/grpc-js/build/src/channelz.js': { copy: undefined },
  '@grpc/grpc-js/build/src/orca.js': { copy: undefined },
};

const options = { cache: !process.argv.includes('--no-cache') };

// A cache from an earlier bundle must never meet this one (V8 checks the
// source's length, not its text); it goes first.
rmSync(cachePath, { force: true });

const result = await esbuild.build({
  absWorkingDir: repoRoot,
  entryPoints: ['src/cli/main.ts'],
  outfile: bundlePath,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // import() of what stays outside (node: built-ins) becomes require(): the launcher runs the bundle as a script.
  supported: { 'dynamic-import': false },
  // Less text to read and hash; names stay, so stack traces still read.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'external',
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
  // Optional native add-ons of ssh2 (a dockerode dependency); it catches their absence and uses JavaScript.
  external: ['*.node', 'cpu-features'],
  plugins: [unreachableTransports(), moduleLocations()],
  // Where the module-locations plugin's replacements find the bundle's own folder.
  banner: {
    js: 'const __berthPath=(p)=>require("node:path").join(__dirname,p);const __berthModuleUrl=(p)=>require("node:url").pathToFileURL(__berthPath(p)).href;',
  },
});
if (result.errors.length > 0) process.exit(1);

const remainingImports = /\bimport\(/.test(readFileSync(bundlePath, 'utf8').replace(/"[^"\n]*"|'[^'\n]*'|`[^`]*`/g, '""'));
if (remainingImports) fail('the bundle still has a dynamic import(); bin/berth.cjs runs it as a script, where import() fails');

// The launcher compiles the bundle as a function body, where a hashbang line is a syntax error.
const body = readFileSync(bundlePath, 'utf8').replace(/^#![^\n]*\n/, '');
const buildId = createHash('sha256').update(body).digest('hex').slice(0, 32);
writeFileSync(bundlePath, `${body}${BUILD_ID_PREFIX}${buildId}\n`);

const sizeKiB = Math.round(Buffer.byteLength(body) / 1024);
const inputs = Object.keys(result.metafile.inputs).length;
if (options.cache) {
  train();
  if (!existsSync(cachePath)) fail(`training runs produced no ${relative(repoRoot, cachePath)}`);
  const cacheKiB = Math.round(readFileSync(cachePath).length / 1024);
  console.log(`bundle: ${relative(repoRoot, bundlePath)} (${inputs} modules, ${sizeKiB} KiB), code cache ${cacheKiB} KiB`);
} else {
  console.log(`bundle: ${relative(repoRoot, bundlePath)} (${inputs} modules, ${sizeKiB} KiB), no code cache`);
}

/**
 * Runs the bundle through the launcher on what users run most — `config` of
 * a large project, help, and the engine path up to its first connection
 * (a socket that does not exist, so no engine is needed) — each run adding
 * the functions it compiled to the cache.
 */
function train() {
  const scratch = mkdtempSync(join(tmpdir(), 'berth-bundle-'));
  try {
    const projectDir = join(scratch, 'project');
    generateProject(projectDir);
    const files = BENCH_FILES.flatMap((file) => ['-f', file]);
    const noEngine = `unix://${join(scratch, 'no-engine.sock')}`;
    const runs = [
      { args: ['config', '-q', ...files], ok: true },
      { args: ['config', ...files], ok: true },
      { args: ['config', '--services', ...files], ok: true },
      { args: ['--help'], ok: true },
      { args: ['up', '--help'], ok: true },
      { args: ['ps', ...files], ok: false },
      { args: ['up', '-d', '--dry-run', ...files], ok: false },
    ];
    for (const { args, ok } of runs) {
      const run = spawnSync(process.execPath, [launcherPath, ...args], {
        cwd: projectDir,
        encoding: 'utf8',
        timeout: 60_000,
        env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: scratch, DOCKER_HOST: noEngine, NO_COLOR: '1', BERTH_CODE_CACHE: 'train' },
      });
      if (run.error) fail(`training run berth ${args.join(' ')}: ${run.error.message}`);
      if (ok && run.status !== 0) fail(`training run berth ${args.join(' ')} failed (exit ${run.status ?? run.signal}):\n${run.stderr}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Replaces `import.meta.url` with the URL of the module's file in the tsc
 * layout (relative to the bundle, resolved at run time), and `__dirname` of
 * the package files listed in DIRNAME_USERS with a copy of what they read.
 */
/**
 * docker-modem's ssh transport (ssh2) and dockerode's BuildKit session (gRPC,
 * protobufjs) cost ~60 ms to load on every run, and berth never reaches them:
 * it refuses ssh:// engine addresses and sends builds itself, without a
 * session. In the bundle they become modules that fail loudly if ever called.
 */
function unreachableTransports() {
  const stubs = [
    { importer: /docker-modem[\\/]lib[\\/]modem\.js$/, path: './ssh', what: "docker-modem's ssh transport" },
    { importer: /dockerode[\\/]lib[\\/]docker\.js$/, path: './session', what: "dockerode's BuildKit session" },
  ];
  return {
    name: 'unreachable-transports',
    setup(build) {
      build.onResolve({ filter: /^\.\/(ssh|session)$/ }, (args) => {
        const stub = stubs.find((entry) => entry.path === args.path && entry.importer.test(args.importer));
        return stub === undefined ? undefined : { path: stub.what, namespace: 'berth-unreachable' };
      });
      build.onLoad({ filter: /.*/, namespace: 'berth-unreachable' }, (args) => ({
        contents: `module.exports = function () { throw new Error(${JSON.stringify(`${args.path} is not part of berth's bundle`)}); };`,
        loader: 'js',
      }));
    },
  };
}

function moduleLocations() {
  return {
    name: 'module-locations',
    setup(build) {
      build.onLoad({ filter: /\.(?:[cm]?[jt]s)$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const usesMeta = text.includes('import.meta');
        const usesDirname = /\b__(?:dirname|filename)\b/.test(text);
        if (!usesMeta && !usesDirname) return undefined;
        const loader = args.path.endsWith('.ts') ? 'ts' : 'js';
        const fromRoot = relative(repoRoot, args.path).split(sep).join('/');
        let contents = text;
        if (usesMeta) {
          if (!fromRoot.startsWith('src/')) fail(`${fromRoot} uses import.meta; teach scripts/bundle.mjs where its files are`);
          const tscOutput = fromRoot.slice('src/'.length).replace(/\.[cm]?ts$/, '.js');
          contents = contents.replace(/\bimport\.meta\.url\b/g, `__berthModuleUrl(${JSON.stringify(tscOutput)})`);
          if (contents.includes('import.meta')) fail(`${fromRoot} uses import.meta beyond import.meta.url; teach scripts/bundle.mjs about it`);
        }
        if (usesDirname) {
          const inPackage = fromRoot.split('node_modules/').at(-1);
          const known = fromRoot.includes('node_modules/') ? DIRNAME_USERS[inPackage] : undefined;
          if (known === undefined) fail(`${fromRoot} uses __dirname or __filename; add it to DIRNAME_USERS in scripts/bundle.mjs`);
          if (known.copy !== undefined) {
            const vendorDir = join('vendor', dirname(inPackage));
            cpSync(join(dirname(args.path), known.copy), join(distDir, vendorDir, known.copy), { recursive: true });
            contents = contents
              .replace(/\b__dirname\b/g, `__berthPath(${JSON.stringify(vendorDir.split(sep).join('/'))})`)
              .replace(/\b__filename\b/g, `__berthPath(${JSON.stringify(join(vendorDir, args.path.split(sep).at(-1)).split(sep).join('/'))})`);
          }
        }
        return { contents, loader };
      });
    },
  };
}

function fail(message) {
  console.error(`bundle: ${message}`);
  process.exit(1);
}
