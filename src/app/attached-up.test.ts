import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoadedProject } from '../model/index.js';
import { attachedServices } from './attached-up.js';
import { UP_DEFAULTS, type UpOptions } from './up-options.js';

const loaded = {
  project: {
    name: 'shop',
    workingDir: '/shop',
    services: {
      web: { image: 'web', depends_on: { api: { condition: 'service_started', required: true } } },
      api: { image: 'api', depends_on: { db: { condition: 'service_started', required: true } } },
      db: { image: 'db', attach: false },
      tests: { image: 'tests' },
    },
  },
} as unknown as LoadedProject;

function attached(options: Partial<UpOptions>, selected: readonly string[] = ['api', 'db', 'tests', 'web']): string[] {
  return [...attachedServices(loaded, { ...UP_DEFAULTS, ...options }, selected)].sort();
}

describe('attachedServices', () => {
  test('all selected services, minus attach: false', () => assert.deepEqual(attached({}), ['api', 'tests', 'web']));
  test('named services only, without their dependencies', () => assert.deepEqual(attached({ services: ['web'] }, ['api', 'db', 'web']), ['web']));
  test('--attach-dependencies brings the dependencies back', () => assert.deepEqual(attached({ services: ['web'], attachDependencies: true }, ['api', 'db', 'web']), ['api', 'web']));
  test('--attach wins over attach: false', () => assert.deepEqual(attached({ attach: ['db'] }), ['db']));
  test('--no-attach removes a service', () => assert.deepEqual(attached({ noAttach: ['web'] }), ['api', 'tests']));
  test('--exit-code-from is always attached', () => assert.deepEqual(attached({ attach: ['web'], exitCodeFrom: 'tests' }), ['tests', 'web']));
});
