import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BerthError } from '../../src/errors.js';
import { loadInline } from '../helpers/memory-host.js';

const compose = 'services:\n  web:\n    image: busybox\n';

describe('project name precedence: -p > COMPOSE_PROJECT_NAME > name: > directory', () => {
  test('the directory name, normalized, when nothing else is given', async () => {
    const loaded = await loadInline(compose);
    assert.equal(loaded.project.name, 'project');
  });

  test('name: in the file wins over the directory, and is interpolated then normalized', async () => {
    const loaded = await loadInline(`name: My_App-\${SUFFIX}\n${compose}`, { environment: { SUFFIX: 'Dev' } });
    assert.equal(loaded.project.name, 'my_app-dev');
  });

  test('the last name: across files wins', async () => {
    const loaded = await loadInline(`name: first\n${compose}`, {
      files: { 'override.yaml': 'name: second\n' },
      configFiles: ['compose.yaml', 'override.yaml'],
    });
    assert.equal(loaded.project.name, 'second');
  });

  test('COMPOSE_PROJECT_NAME wins over name:, -p wins over both', async () => {
    const fromEnvironment = await loadInline(`name: infile\n${compose}`, { environment: { COMPOSE_PROJECT_NAME: 'fromenv' } });
    assert.equal(fromEnvironment.project.name, 'fromenv');
    const fromFlag = await loadInline(`name: infile\n${compose}`, { environment: { COMPOSE_PROJECT_NAME: 'fromenv' }, projectName: 'fromflag' });
    assert.equal(fromFlag.project.name, 'fromflag');
  });

  test('COMPOSE_PROJECT_NAME from .env counts', async () => {
    const loaded = await loadInline(compose, { files: { '.env': 'COMPOSE_PROJECT_NAME=dotenvname\n' } });
    assert.equal(loaded.project.name, 'dotenvname');
  });

  test('the name is available to interpolation as COMPOSE_PROJECT_NAME', async () => {
    const loaded = await loadInline('name: demo\nservices:\n  web:\n    image: busybox\n    container_name: ${COMPOSE_PROJECT_NAME}-web\n');
    assert.equal(loaded.project.services['web']?.container_name, 'demo-web');
  });

  for (const [origin, options] of [
    ['-p', { projectName: 'Bad Name' }],
    ['COMPOSE_PROJECT_NAME', { environment: { COMPOSE_PROJECT_NAME: 'UPPER' } }],
  ] as const) {
    test(`a ${origin} value that normalization would change is an error`, async () => {
      await assert.rejects(loadInline(compose, options), (error: unknown) => {
        assert.ok(error instanceof BerthError);
        assert.equal(error.code, 'invalid_project_name');
        assert.match(error.message, /must consist only of lowercase alphanumeric characters/);
        assert.match(error.message, new RegExp(origin.replace('-', '\\-')));
        return true;
      });
    });
  }
});
