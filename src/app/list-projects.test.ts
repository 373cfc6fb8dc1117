import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerState, ContainerSummary } from '../engine/index.js';
import { combinedStatus, parseNameFilters, projectEntries, renderProjects } from './list-projects.js';

function container(name: string, state: ContainerState, labels: Record<string, string>): ContainerSummary {
  return { id: name, name, image: 'x', imageId: 'sha256:x', labels, state, status: '', createdAt: '', ports: [], networks: {} };
}

const composeLabels = (project: string, files?: string): Record<string, string> => ({
  'com.docker.compose.project': project,
  'com.docker.compose.config-hash': 'abc',
  ...(files !== undefined ? { 'com.docker.compose.project.config_files': files } : {}),
});

test('ls groups Compose containers by project label, counts states and joins config files once each', () => {
  const projects = projectEntries([
    container('shop-web-1', 'running', composeLabels('shop', '/srv/shop/compose.yaml,/srv/shop/compose.override.yaml')),
    container('shop-db-1', 'exited', composeLabels('shop', '/srv/shop/compose.yaml')),
    container('shop-web-2', 'running', composeLabels('shop', '/srv/shop/compose.yaml')),
    container('blog-app-1', 'running', composeLabels('blog')),
    container('plain', 'running', {}),
    container('unhashed', 'running', { 'com.docker.compose.project': 'other' }),
  ]);
  assert.deepEqual(projects, [
    { Name: 'blog', Status: 'running(1)', ConfigFiles: 'N/A' },
    { Name: 'shop', Status: 'exited(1), running(2)', ConfigFiles: '/srv/shop/compose.yaml,/srv/shop/compose.override.yaml' },
  ]);
  assert.equal(renderProjects(projects, 'quiet'), 'blog\nshop\n');
  assert.deepEqual(JSON.parse(renderProjects(projects, 'json')), projects);
  assert.deepEqual(renderProjects(projects, 'table').split('\n'), [
    'NAME                STATUS                  CONFIG FILES',
    'blog                running(1)              N/A',
    'shop                exited(1), running(2)   /srv/shop/compose.yaml,/srv/shop/compose.override.yaml',
    '',
  ]);
});

test('combinedStatus sorts states by name', () => assert.equal(combinedStatus(['running', 'paused', 'running', 'exited']), 'exited(1), paused(1), running(2)'));

describe('parseNameFilters', () => {
  test('takes name=VALUE', () => assert.deepEqual(parseNameFilters(['name=shop', 'name=^b.*=x']), ['shop', '^b.*=x']));
  for (const bad of ['status=running', 'name', 'label=a=b']) {
    test(`refuses ${bad}`, () => assert.throws(() => parseNameFilters([bad]), /invalid filter/));
  }
});
