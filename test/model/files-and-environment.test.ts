import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadProjectDetails } from '../../src/model/index.js';
import { loadInline, memoryHost } from '../helpers/memory-host.js';

const web = (image: string) => `services:\n  web:\n    image: ${image}\n`;

describe('which files make the project', () => {
  test('default discovery searches upwards and adds the matching override file', async () => {
    const host = memoryHost({
      '/repo/compose.yaml': web('base'),
      '/repo/compose.override.yml': 'services:\n  web:\n    environment:\n      FROM: override\n',
    });
    const loaded = await loadProjectDetails({ workingDir: '/repo/sub/dir', environment: {}, host });
    assert.deepEqual(loaded.configFiles, ['/repo/compose.yaml', '/repo/compose.override.yml']);
    assert.equal(loaded.project.services['web']?.environment?.['FROM'], 'override');
    assert.equal(loaded.project.workingDir, '/repo');
  });

  test('compose.yaml wins over docker-compose.yml, with a warning', async () => {
    const warnings: string[] = [];
    const host = memoryHost({ '/p/compose.yaml': web('new'), '/p/docker-compose.yml': web('old') });
    const loaded = await loadProjectDetails({ workingDir: '/p', environment: {}, host, onWarning: (message) => warnings.push(message) });
    assert.equal(loaded.project.services['web']?.image, 'new');
    assert.match(warnings.join('\n'), /multiple config files/);
  });

  test('override files are not added when -f is given', async () => {
    const host = memoryHost({ '/p/compose.yaml': web('base'), '/p/compose.override.yaml': web('override') });
    const loaded = await loadProjectDetails({ workingDir: '/p', environment: {}, host, configFiles: ['compose.yaml'] });
    assert.equal(loaded.project.services['web']?.image, 'base');
  });

  test('COMPOSE_FILE with COMPOSE_PATH_SEPARATOR, later files winning', async () => {
    const host = memoryHost({ '/p/a.yml': web('a'), '/p/b.yml': web('b') });
    const loaded = await loadProjectDetails({
      workingDir: '/p',
      environment: { COMPOSE_FILE: 'a.yml;b.yml', COMPOSE_PATH_SEPARATOR: ';' },
      host,
    });
    assert.equal(loaded.project.services['web']?.image, 'b');
  });

  test('COMPOSE_FILE set in .env is honoured', async () => {
    const host = memoryHost({ '/p/.env': 'COMPOSE_FILE=other.yml\n', '/p/other.yml': web('other') });
    const loaded = await loadProjectDetails({ workingDir: '/p', environment: {}, host });
    assert.equal(loaded.project.services['web']?.image, 'other');
  });

  test('-f - reads stdin; relative paths then start from the working directory', async () => {
    const host = memoryHost({}, 'services:\n  web:\n    image: fromstdin\n    build: ./app\n');
    const loaded = await loadProjectDetails({ workingDir: '/w', environment: {}, host, configFiles: ['-'] });
    assert.equal(loaded.project.services['web']?.image, 'fromstdin');
    assert.equal(loaded.project.services['web']?.build?.context, '/w/app');
  });

  test('no compose file anywhere is a clear error', async () => {
    await assert.rejects(loadProjectDetails({ workingDir: '/empty', environment: {}, host: memoryHost({}) }), /no configuration file provided/);
  });

  test('--project-directory sets the base of relative paths and where .env is read', async () => {
    const host = memoryHost({
      '/files/compose.yaml': 'services:\n  web:\n    image: ${IMAGE}\n    build: ./ctx\n',
      '/elsewhere/.env': 'IMAGE=fromproject\n',
    });
    const loaded = await loadProjectDetails({ workingDir: '/', environment: {}, host, configFiles: ['/files/compose.yaml'], projectDirectory: '/elsewhere' });
    assert.equal(loaded.project.services['web']?.image, 'fromproject');
    assert.equal(loaded.project.services['web']?.build?.context, '/elsewhere/ctx');
    assert.equal(loaded.project.name, 'elsewhere');
  });
});

describe('interpolation environment', () => {
  const compose = 'services:\n  web:\n    image: ${IMAGE:-default}\n';

  test('.env in the project directory feeds interpolation', async () => {
    const loaded = await loadInline(compose, { files: { '.env': 'IMAGE=fromdotenv\n' } });
    assert.equal(loaded.project.services['web']?.image, 'fromdotenv');
  });

  test('the shell environment wins over .env', async () => {
    const loaded = await loadInline(compose, { files: { '.env': 'IMAGE=fromdotenv\n' }, environment: { IMAGE: 'fromshell' } });
    assert.equal(loaded.project.services['web']?.image, 'fromshell');
  });

  test('--env-file replaces .env; later env files win; a later one can use an earlier one', async () => {
    const loaded = await loadInline(compose, {
      files: { '.env': 'IMAGE=fromdotenv\n', 'one.env': 'BASE=img\nIMAGE=one\n', 'two.env': 'IMAGE=${BASE}-two\n' },
      envFiles: ['one.env', 'two.env'],
    });
    assert.equal(loaded.project.services['web']?.image, 'img-two');
  });

  test('COMPOSE_ENV_FILES lists env files when --env-file is absent', async () => {
    const loaded = await loadInline(compose, { files: { 'x.env': 'IMAGE=fromx\n' }, environment: { COMPOSE_ENV_FILES: '/project/x.env' } });
    assert.equal(loaded.project.services['web']?.image, 'fromx');
  });

  test('COMPOSE_DISABLE_ENV_FILE skips .env', async () => {
    const loaded = await loadInline(compose, { files: { '.env': 'IMAGE=fromdotenv\n' }, environment: { COMPOSE_DISABLE_ENV_FILE: '1' } });
    assert.equal(loaded.project.services['web']?.image, 'default');
  });

  test('a missing --env-file is an error naming it', async () => {
    await assert.rejects(loadInline(compose, { envFiles: ['missing.env'] }), /missing\.env/);
  });

  test('an unset variable warns once and becomes empty', async () => {
    const warnings: string[] = [];
    const loaded = await loadInline('services:\n  web:\n    image: busybox\n    environment:\n      A: x${NOPE}\n      B: y${NOPE}\n', { warnings });
    assert.equal(loaded.project.services['web']?.environment?.['A'], 'x');
    assert.equal(warnings.filter((warning) => warning.includes('"NOPE"')).length, 1);
  });

  test('--no-interpolate leaves ${} as written', async () => {
    const loaded = await loadInline(compose, { interpolate: false });
    assert.equal(loaded.project.services['web']?.image, '${IMAGE:-default}');
  });
});
