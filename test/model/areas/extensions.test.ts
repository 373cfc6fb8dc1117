import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertRefused, roundTrip, service } from './round-trip.js';

describe('x- extensions', () => {
  test('top level: kept as written, anchors usable with <<, values not cast', async () => {
    await roundTrip(
      'x-common: &common\n  image: alpine\n  labels: {tier: app}\nx-nested:\n  foo: bar\n  list: [1, two]\nx-flag: yes\nservices:\n  web:\n    <<: *common\n    command: run\n',
      (project) => {
        assert.deepEqual(project['x-common'], { image: 'alpine', labels: { tier: 'app' } });
        assert.deepEqual(project['x-nested'], { foo: 'bar', list: [1, 'two'] });
        assert.equal(project['x-flag'], 'yes');
        const web = service(project);
        assert.equal(web.image, 'alpine');
        assert.deepEqual(web.labels, { tier: 'app' });
      },
    );
  });

  // Every mapping the schema marks extensible keeps its x- keys where they were written.
  const places: [where: string, compose: string, read: (project: Parameters<Parameters<typeof roundTrip>[1]>[0]) => unknown][] = [
    ['a service', 'services:\n  web:\n    image: alpine\n    x-e: 1\n', (p) => service(p)['x-e']],
    ['build', 'services:\n  web:\n    build:\n      context: .\n      x-e: 1\n', (p) => service(p).build?.['x-e']],
    ['a long port', 'services:\n  web:\n    image: alpine\n    ports:\n      - target: 80\n        x-e: 1\n', (p) => service(p).ports?.[0]?.['x-e']],
    ['a long volume and its bind block', 'services:\n  web:\n    image: alpine\n    volumes:\n      - type: bind\n        source: .\n        target: /a\n        x-e: 1\n        bind:\n          x-e: 1\n', (p) => [service(p).volumes?.[0]?.['x-e'], service(p).volumes?.[0]?.bind?.['x-e']]],
    ['a service network', 'services:\n  web:\n    image: alpine\n    networks:\n      default:\n        x-e: 1\n', (p) => service(p).networks?.['default']?.['x-e']],
    ['deploy and its resources', 'services:\n  web:\n    image: alpine\n    deploy:\n      x-e: 1\n      resources:\n        x-e: 1\n        limits: {x-e: 1}\n', (p) => [service(p).deploy?.['x-e'], service(p).deploy?.resources?.['x-e'], service(p).deploy?.resources?.limits?.['x-e']]],
    ['logging', 'services:\n  web:\n    image: alpine\n    logging:\n      x-e: 1\n', (p) => service(p).logging?.['x-e']],
    ['healthcheck', 'services:\n  web:\n    image: alpine\n    healthcheck:\n      x-e: 1\n', (p) => service(p).healthcheck?.['x-e']],
    ['a long dependency', 'services:\n  web:\n    image: alpine\n    depends_on:\n      db:\n        condition: service_started\n        x-e: 1\n  db:\n    image: db\n', (p) => service(p).depends_on?.['db']?.['x-e']],
    ['a watch rule', 'services:\n  web:\n    image: alpine\n    develop:\n      x-e: 1\n      watch:\n        - path: .\n          action: rebuild\n          x-e: 1\n', (p) => [service(p).develop?.['x-e'], service(p).develop?.watch?.[0]?.['x-e']]],
    ['a network and its ipam', 'services:\n  web:\n    image: alpine\nnetworks:\n  default:\n    x-e: 1\n    ipam:\n      x-e: 1\n      config:\n        - subnet: 10.0.0.0/8\n          x-e: 1\n', (p) => [p.networks?.['default']?.['x-e'], p.networks?.['default']?.ipam?.['x-e'], p.networks?.['default']?.ipam?.config?.[0]?.['x-e']]],
    ['a volume', 'services:\n  web:\n    image: alpine\nvolumes:\n  v:\n    x-e: 1\n', (p) => p.volumes?.['v']?.['x-e']],
    ['a secret and a config', 'services:\n  web:\n    image: alpine\nsecrets:\n  s:\n    file: ./s\n    x-e: 1\nconfigs:\n  c:\n    file: ./c\n    x-e: 1\n', (p) => [p.secrets?.['s']?.['x-e'], p.configs?.['c']?.['x-e']]],
    ['a model', 'services:\n  web:\n    image: alpine\nmodels:\n  m:\n    model: ai/m\n    x-e: 1\n', (p) => p.models?.['m']?.['x-e']],
  ];
  for (const [where, compose, read] of places) {
    test(`in ${where}`, async () => {
      await roundTrip(compose, (project) => {
        const found = read(project);
        const values = Array.isArray(found) ? found : [found];
        assert.ok(values.length > 0);
        for (const value of values) assert.equal(value, 1);
      });
    });
  }

  test('extension values are interpolated like any value', async () => {
    await roundTrip('x-version: ${VERSION}\nservices:\n  web:\n    image: alpine\n    x-owner: ${OWNER:-nobody}\n', (project) => {
      assert.equal(project['x-version'], '1.2');
      assert.equal(service(project)['x-owner'], 'nobody');
    }, { environment: { VERSION: '1.2' } });
  });
});

describe('where x- keys are not allowed', () => {
  const cases: [where: string, compose: string, message: RegExp, line: number][] = [
    ['a blkio weight_device entry', 'services:\n  web:\n    image: x\n    blkio_config:\n      weight_device:\n        - path: /dev/sda\n          weight: 1\n          x-a: 1\n', /services\.web\.blkio_config\.weight_device\[0\]: unknown attribute 'x-a'/, 8],
    ['a key that is not x- at the top level', 'services:\n  web:\n    image: x\nfoo: bar\n', /unknown top-level key 'foo'.*x-\* extension keys/, 4],
    ['a key that is not x- in a service', 'services:\n  web:\n    image: x\n    y-e: 1\n', /services\.web.*'y-e'/, 4],
  ];
  for (const [where, compose, message, line] of cases) {
    test(where, async () => {
      await assertRefused(compose, { code: 'invalid_schema', message, line });
    });
  }
});
