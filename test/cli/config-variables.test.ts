/**
 * `berth config --variables`: every variable the model refers to, read
 * without interpolating, as `docker compose config --variables` prints it
 * (a text/tabwriter table by default, Go's field names in JSON).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { berth, fixture } from '../helpers/cli.js';

const COMPOSE = `services:
  web:
    image: nginx:\${TAG:-latest}
    environment:
      REQUIRED: \${API_KEY:?set API_KEY}
      PLAIN: $PLAIN_VAR
      ALTERNATE: \${DEBUG:+--verbose}
      NESTED: \${OUTER:-\${INNER}}
      LITERAL: "$$NOT_A_VARIABLE"
  admin:
    image: admin:\${ADMIN_TAG-1}
    profiles: [admin]
`;

// Column widths as Go's tabwriter sets them for Compose (min 20, padding 3); padded cells keep their spaces.
const TABLE = [
  'NAME                REQUIRED            DEFAULT VALUE       ALTERNATE VALUE',
  'ADMIN_TAG           false               1                   ',
  'API_KEY             true                                    ',
  'DEBUG               false                                   --verbose',
  'INNER               false                                   ',
  'OUTER               false               ${INNER}            ',
  'PLAIN_VAR           false                                   ',
  'TAG                 false               latest              ',
  '',
].join('\n');

describe('config --variables', () => {
  test('lists every variable with its required, default and alternate columns, needing none of them set', async () => {
    await using project = await fixture({ 'compose.yaml': COMPOSE });
    const result = await berth(['config', '--variables'], { cwd: project.dir });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, TABLE);
  });

  test('a long default widens its column', async () => {
    await using project = await fixture({ 'compose.yaml': 'services:\n  app:\n    image: ${IMAGE_REFERENCE_WITH_LONG_NAME:-registry.example.com/app}\n' });
    const result = await berth(['config', '--variables'], { cwd: project.dir });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(
      result.stdout,
      'NAME                             REQUIRED            DEFAULT VALUE              ALTERNATE VALUE\n' +
        'IMAGE_REFERENCE_WITH_LONG_NAME   false               registry.example.com/app   \n',
    );
  });

  test('--format json uses compose-go\'s Variable fields, keyed by name', async () => {
    await using project = await fixture({ 'compose.yaml': 'services:\n  app:\n    image: ${IMAGE:?required}\n    command: ${CMD:-run}\n' });
    const result = await berth(['config', '--variables', '--format', 'json'], { cwd: project.dir });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      CMD: { Name: 'CMD', DefaultValue: 'run', PresenceValue: '', Required: false },
      IMAGE: { Name: 'IMAGE', DefaultValue: '', PresenceValue: '', Required: true },
    });
    assert.match(result.stdout, /^{\n {4}"CMD": {\n {8}"Name": "CMD",\n/);
  });

  test('--format yaml uses go-yaml\'s lower-cased field names', async () => {
    await using project = await fixture({ 'compose.yaml': 'services:\n  app:\n    image: ${IMAGE:-busybox}\n' });
    const result = await berth(['config', '--variables', '--format', 'yaml'], { cwd: project.dir });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout, 'IMAGE:\n    name: IMAGE\n    defaultvalue: busybox\n    presencevalue: ""\n    required: false\n');
  });

  test('a project without variables prints only the header', async () => {
    await using project = await fixture({ 'compose.yaml': 'services:\n  app:\n    image: busybox\n' });
    const result = await berth(['config', '--variables'], { cwd: project.dir });
    assert.equal(result.stdout, 'NAME                REQUIRED            DEFAULT VALUE       ALTERNATE VALUE\n');
  });

  test('a required use of a variable wins over an optional one', async () => {
    await using project = await fixture({ 'compose.yaml': 'services:\n  a:\n    image: ${X:-one}\n  b:\n    image: ${X:?needed}\n' });
    const result = await berth(['config', '--variables', '--format', 'json'], { cwd: project.dir });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { X: { Name: 'X', DefaultValue: '', PresenceValue: '', Required: true } });
  });
});
