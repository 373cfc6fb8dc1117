#!/usr/bin/env node
// Starts berth from its bundle (dist/berth.cjs, made by scripts/bundle.mjs)
// with V8's code cache (dist/berth.cjs.cache), so the functions a command
// needs are deserialized instead of parsed and compiled again on every run.
//
// The cache belongs to one build of the bundle (the build id on the bundle's
// last line, repeated in the cache's first line) and one Node/V8; V8 refuses
// a cache from another V8 or other flags, and then berth runs compiled the
// ordinary way and rewrites the cache on exit (atomically; a read-only
// install just keeps compiling). BERTH_CODE_CACHE=train makes a run rewrite
// it even when it was accepted: how the build adds each training run's
// functions to it.
'use strict';
const { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const BUILD_ID_PREFIX = '//# berth-build ';
const distDir = join(__dirname, '..', 'dist');
const bundlePath = join(distDir, 'berth.cjs');
const cachePath = `${bundlePath}.cache`;

let source;
try {
  source = readFileSync(bundlePath, 'utf8');
} catch (error) {
  process.stderr.write(`berth: cannot read ${bundlePath} (${error.code ?? error.message}); build it with: npm run build\n`);
  process.exit(1);
}
const idAt = source.lastIndexOf(BUILD_ID_PREFIX);
const buildId = idAt === -1 ? '' : source.slice(idAt + BUILD_ID_PREFIX.length).trim();
const header = Buffer.from(`berth-code-cache ${buildId}\n`, 'latin1');

let cachedData;
if (buildId !== '') {
  try {
    const file = readFileSync(cachePath);
    if (file.length > header.length && file.subarray(0, header.length).equals(header)) cachedData = file.subarray(header.length);
  } catch {
    // No cache yet: compile, then write one on exit.
  }
}

// The CommonJS wrapper on the bundle's first line keeps its line numbers for stack traces and the source map.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundlePath, cachedData });

const training = process.env.BERTH_CODE_CACHE === 'train';
if (training) delete process.env.BERTH_CODE_CACHE;
if (buildId !== '' && (cachedData === undefined || script.cachedDataRejected === true || training)) {
  // On exit, so the cache holds every function this run compiled, not only the top level.
  process.once('exit', () => writeCache(script));
}

const bundleModule = { exports: {}, id: bundlePath, filename: bundlePath, loaded: false };
script.runInThisContext()(bundleModule.exports, createRequire(bundlePath), bundleModule, bundlePath, distDir);

function writeCache(compiled) {
  const temporary = `${cachePath}.${process.pid}.tmp`;
  try {
    const data = compiled.createCachedData();
    const fd = openSync(temporary, 'w', 0o644);
    try {
      writeSync(fd, header);
      writeSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, cachePath);
  } catch {
    // A read-only or full disk only costs speed; berth's own exit code stands.
    try {
      unlinkSync(temporary);
    } catch {
      // Never created.
    }
  }
}
