import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Project } from '../model/index.js';
import { pushReferences, repositoryOf } from './push.js';

test('push sends the image and build tags of services that build a named image; others have nothing to push', () => {
  const project = {
    name: 'shop',
    services: {
      web: { image: 'registry.test/shop/web:1', build: { context: '/srv/web', tags: ['registry.test/shop/web:latest', 'registry.test/shop/web:1'] } },
      unnamed: { build: { context: '/srv/unnamed' } },
      db: { image: 'postgres:16' },
    },
  } as unknown as Project;
  assert.deepEqual(
    pushReferences(project, ['db', 'unnamed', 'web']),
    new Map([
      ['db', []],
      ['unnamed', []],
      ['web', ['registry.test/shop/web:1', 'registry.test/shop/web:latest']],
    ]),
  );
});

test('tags of one repository are grouped by their repository', () => {
  const cases: readonly [string, string][] = [
    ['registry:5000/shop/web:1', 'registry:5000/shop/web'],
    ['registry:5000/shop/web', 'registry:5000/shop/web'],
    ['web@sha256:0123', 'web'],
    ['web:latest', 'web'],
  ];
  for (const [reference, repository] of cases) assert.equal(repositoryOf(reference), repository, reference);
});
