import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertRefused, roundTrip, service } from './round-trip.js';

describe('logging', () => {
  test('driver and options; option values become text', async () => {
    await roundTrip(
      'services:\n  web:\n    image: alpine\n    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n        max-file: 3\n        compress: "true"\n',
      (project) => {
        assert.deepEqual(service(project).logging, { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3', compress: 'true' } });
      },
    );
  });

  test('syslog with an address', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    logging:\n      driver: syslog\n      options:\n        syslog-address: "tcp://192.168.0.42:123"\n', (project) => {
      assert.deepEqual(service(project).logging, { driver: 'syslog', options: { 'syslog-address': 'tcp://192.168.0.42:123' } });
    });
  });

  test('options without a driver, and a driver none', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    logging:\n      options:\n        tag: "{{.Name}}"\n  quiet:\n    image: alpine\n    logging:\n      driver: none\n', (project) => {
        assert.deepEqual(service(project).logging, { options: { tag: '{{.Name}}' } });
        assert.deepEqual(service(project, 'quiet').logging, { driver: 'none' });
      },
    );
  });

  test('a null option value becomes the empty string', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    logging:\n      driver: json-file\n      options:\n        labels:\n', (project) => {
      assert.deepEqual(service(project).logging?.options, { labels: '' });
    });
  });
});

describe('bad logging values', () => {
  const cases: [name: string, body: string, message: RegExp, line: number][] = [
    ['an option that is a list', 'logging:\n      driver: json-file\n      options:\n        max-size: [1]', /services\.web\.logging\.options\.max-size must be a string/, 7],
    ['an unknown logging attribute', 'logging:\n      type: json-file', /services\.web\.logging.*type/, 5],
    // The schema allows text, numbers and null in options, but no booleans: quote them.
    ['an option that is a boolean', 'logging:\n      options:\n        compress: true', /services\.web\.logging\.options\.compress must be a string, a number or empty \(null\), not a boolean/, 6],
    ['a driver that is not a string', 'logging:\n      driver: [a]', /services\.web\.logging\.driver/, 5],
  ];
  for (const [name, body, message, line] of cases) {
    test(name, async () => {
      await assertRefused(`services:\n  web:\n    image: alpine\n    ${body}\n`, { code: 'invalid_schema', message, line });
    });
  }
});
