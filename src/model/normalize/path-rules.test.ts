import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPathRules } from './path-rules.js';

describe('applyPathRules', () => {
  const model = {
    services: {
      web: { ports: [{ target: 80 }, { target: 443 }], image: 'nginx' },
      db: { image: 'postgres' },
    },
    volumes: { data: {} },
  };

  test('a * matches every key and every index; the rule sees the full path', () => {
    const seen: unknown[] = [];
    const result = applyPathRules(model, {
      'services.*.ports.*': (value, path) => {
        seen.push(path);
        return { ...(value as object), protocol: 'tcp' };
      },
    });
    assert.deepEqual(seen, [
      ['services', 'web', 'ports', 0],
      ['services', 'web', 'ports', 1],
    ]);
    assert.deepEqual(result['services'], {
      web: { ports: [{ target: 80, protocol: 'tcp' }, { target: 443, protocol: 'tcp' }], image: 'nginx' },
      db: { image: 'postgres' },
    });
  });

  test('untouched subtrees are shared, touched ones are copies', () => {
    const result = applyPathRules(model, { 'services.web.image': () => 'httpd' });
    const services = result['services'] as Record<string, unknown>;
    assert.equal(services['db'], model.services.db);
    assert.equal(result['volumes'], model.volumes);
    assert.notEqual(services['web'], model.services.web);
    assert.equal(model.services.web.image, 'nginx');
  });

  test('the walk does not descend into a rewritten value', () => {
    let inner = 0;
    applyPathRules(model, {
      'services.*': (value) => value,
      'services.*.image': () => {
        inner += 1;
        return 'x';
      },
    });
    assert.equal(inner, 0);
  });
});
