#!/usr/bin/env node
// Writes the orchestrator benchmark's compose file: N long-running services
// on berth's test image, shaped like a small real stack — web servers
// (`httpd -f`), workers (`sleep`), a few depends_on edges, environment and
// labels — every process exiting promptly on SIGTERM (`init: true` puts an
// init in front of it, since busybox as PID 1 ignores SIGTERM), so `down`
// measures the tools, not a 10 s stop timeout. The output depends on nothing
// but the arguments, and is valid for docker-compose v1 (1.29) as well as
// berth: no `name:`, no `${V:+x}`, no v2-only keys.
//
//   node bench/up/generate.mjs SERVICES [DIR]   (default DIR: a new temp dir; prints its path)

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Built from Debian's busybox-static by scripts/test-images.sh; nothing is pulled. */
export const BENCH_IMAGE = 'berth-test/busybox:latest';
export const COMPOSE_FILE = 'compose.yaml';

const pad = (n) => String(n).padStart(2, '0');
export const serviceName = (n) => `svc-${pad(n)}`;

function service(n) {
  const web = n % 2 === 1;
  const lines = [
    `  ${serviceName(n)}:`,
    `    image: ${BENCH_IMAGE}`,
    '    init: true',
    // Exec form: no shell between the init and the process.
    web ? `    command: ["httpd", "-f", "-p", "80${pad(n)}", "-h", "/"]` : '    command: ["sleep", "86400"]',
    '    environment:',
    `      SERVICE_INDEX: "${n}"`,
    `      ROLE: ${web ? 'web' : 'worker'}`,
    '    labels:',
    `      bench.role: ${web ? 'web' : 'worker'}`,
  ];
  // Every fifth service waits for the one before it: ordering without a health gate.
  if (n % 5 === 0) lines.push('    depends_on:', `      - ${serviceName(n - 1)}`);
  return lines.join('\n');
}

/** The compose file's text for `serviceCount` services. */
export function composeText(serviceCount) {
  if (!Number.isInteger(serviceCount) || serviceCount < 1 || serviceCount > 99) throw new Error(`serviceCount must be 1..99, got ${serviceCount}`);
  const services = Array.from({ length: serviceCount }, (_, i) => service(i + 1));
  return `services:\n${services.join('\n')}\n`;
}

/** Writes the project into `dir` (created when missing). */
export function generateProject(dir, serviceCount) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, COMPOSE_FILE), composeText(serviceCount));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const serviceCount = Number(process.argv[2] ?? 10);
  const dir = process.argv[3] !== undefined ? resolve(process.argv[3]) : mkdtempSync(join(tmpdir(), 'berth-bench-up-'));
  generateProject(dir, serviceCount);
  console.log(dir);
}
