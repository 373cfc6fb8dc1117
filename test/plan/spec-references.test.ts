import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadInline } from '../helpers/memory-host.js';
import { buildContainerSpec, containerSpecFor } from '../../src/plan/container-spec.js';
import { resolveSpecReferences } from '../../src/plan/spec-references.js';

describe('resolveSpecReferences', () => {
  test('fills pending references with the created IDs and gives the spec the hash it would have had with them', async () => {
    const { project } = await loadInline('name: shop\nservices:\n  app:\n    image: nginx\n  web:\n    image: nginx\n    network_mode: "service:app"\n    pid: "service:app"\n    volumes_from: ["app:ro"]\n');
    const context = { configFiles: ['/project/compose.yaml'], workingDir: '/project' };
    const pending = buildContainerSpec(project, 'web', 1, { ...context, resolveContainer: () => ({ step: 2, name: 'shop-app-1' }) });
    const resolved = resolveSpecReferences(pending.spec, pending.references, (reference) => ('step' in reference.container ? `id-of-${reference.container.step}` : ''));
    const direct = containerSpecFor(project, 'web', 1, { ...context, resolveContainer: () => ({ id: 'id-of-2', name: 'shop-app-1' }) });
    assert.deepEqual(resolved, direct);
    assert.equal(resolved.host.networkMode, 'container:id-of-2');
    assert.deepEqual(resolved.host.volumesFrom, ['id-of-2:ro']);
  });
});
