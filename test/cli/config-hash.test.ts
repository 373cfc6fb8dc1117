/**
 * `berth config --hash`: one `service hash` line per service, stable across
 * runs, changing exactly when Compose would recreate the container. Compose
 * leaves out build, pull_policy, scale, deploy.replicas, depends_on and
 * profiles (docker/compose pkg/compose/hash.go), so changing only those keeps
 * the hash.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { berth, fixture } from '../helpers/cli.js';

const BASE_WEB = '    image: nginx:1.27\n    ports: ["8080:80"]\n    environment:\n      MODE: prod\n';
const DB = '  db:\n    image: postgres:16\n';

function composeWith(webExtra: string, web = BASE_WEB): string {
  return `services:\n  web:\n${web}${webExtra}${DB}`;
}

async function hashes(compose: string): Promise<Map<string, string>> {
  await using project = await fixture({ 'compose.yaml': compose, 'Dockerfile': 'FROM scratch\n' });
  // Every variant enables the profile, so a service given `profiles:` stays in the project.
  const result = await berth(['--profile', 'extra', 'config', '--hash', '*'], { cwd: project.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.match(result.stdout, /^(?:[a-z]+ [0-9a-f]{64}\n)+$/);
  return new Map(result.stdout.trimEnd().split('\n').map((line) => line.split(' ') as [string, string]));
}

describe('config --hash', () => {
  test('prints one "service hash" line per service, in name order, the same on every run', async () => {
    const first = await hashes(composeWith(''));
    const second = await hashes(composeWith(''));
    assert.deepEqual([...first.keys()], ['db', 'web']);
    assert.deepEqual(second, first);
    assert.notEqual(first.get('web'), first.get('db'));
  });

  test('a named service prints only its line; a list prints each once, in name order', async () => {
    await using project = await fixture({ 'compose.yaml': composeWith('') });
    const all = await hashes(composeWith(''));
    const one = await berth(['config', '--hash', 'web'], { cwd: project.dir });
    assert.equal(one.stdout, `web ${all.get('web')}\n`);
    const list = await berth(['config', '--hash', 'web,db,web'], { cwd: project.dir });
    assert.equal(list.stdout, `db ${all.get('db')}\nweb ${all.get('web')}\n`);
  });

  test('does not depend on the project directory, the file layout or key order', async () => {
    const reordered = `services:\n${DB}  web:\n    environment:\n      MODE: prod\n    ports: ["8080:80"]\n    image: nginx:1.27\n`;
    assert.deepEqual(await hashes(reordered), await hashes(composeWith('')));
  });

  const unchanged: { name: string; extra: string }[] = [
    { name: 'depends_on', extra: '    depends_on: [db]\n' },
    { name: 'depends_on long form', extra: '    depends_on:\n      db:\n        condition: service_started\n        restart: true\n' },
    { name: 'scale', extra: '    scale: 3\n' },
    { name: 'build', extra: '    build: .\n' },
    { name: 'build with args', extra: '    build:\n      context: .\n      args: [VERSION=2]\n' },
    { name: 'profiles', extra: '    profiles: [extra]\n' },
    { name: 'pull_policy', extra: '    pull_policy: always\n' },
    { name: 'all of them at once', extra: '    depends_on: [db]\n    scale: 2\n    build: .\n    profiles: [extra]\n    pull_policy: never\n' },
  ];
  for (const { name, extra } of unchanged) {
    test(`stays the same when only ${name} changes`, async () => {
      const before = await hashes(composeWith(''));
      const after = await hashes(composeWith(extra));
      assert.equal(after.get('web'), before.get('web'));
      assert.equal(after.get('db'), before.get('db'));
    });
  }

  test('stays the same when only deploy.replicas changes', async () => {
    const two = await hashes(composeWith('    deploy:\n      replicas: 2\n'));
    const five = await hashes(composeWith('    deploy:\n      replicas: 5\n'));
    assert.equal(five.get('web'), two.get('web'));
  });

  const changed: { name: string; web: string }[] = [
    { name: 'the image', web: BASE_WEB.replace('1.27', '1.28') },
    { name: 'a port', web: BASE_WEB.replace('8080:80', '8081:80') },
    { name: 'an environment value', web: BASE_WEB.replace('prod', 'dev') },
    { name: 'a new attribute', web: `${BASE_WEB}    command: ["nginx", "-g", "daemon off;"]\n` },
    { name: 'deploy resources', web: `${BASE_WEB}    deploy:\n      resources:\n        limits:\n          memory: 64m\n` },
  ];
  for (const { name, web } of changed) {
    test(`changes when ${name} changes, and only for that service`, async () => {
      const before = await hashes(composeWith(''));
      const after = await hashes(composeWith('', web));
      assert.notEqual(after.get('web'), before.get('web'));
      assert.equal(after.get('db'), before.get('db'));
    });
  }

  test('changes when an interpolated value changes', async () => {
    const compose = composeWith('', BASE_WEB.replace('prod', '${MODE}'));
    await using project = await fixture({ 'compose.yaml': compose, 'a.env': 'MODE=a\n', 'b.env': 'MODE=b\n' });
    const a = await berth(['--env-file', 'a.env', 'config', '--hash', 'web'], { cwd: project.dir });
    const b = await berth(['--env-file', 'b.env', 'config', '--hash', 'web'], { cwd: project.dir });
    assert.equal(a.exitCode, 0, a.stderr);
    assert.match(a.stdout, /^web [0-9a-f]{64}\n$/);
    assert.notEqual(a.stdout, b.stdout);
  });
});
