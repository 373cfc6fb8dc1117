import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertRefused, roundTrip } from './round-trip.js';

describe('top-level volumes', () => {
  test('driver, driver options, labels; names scoped by project unless named or external', async () => {
    await roundTrip(
      [
        'services:',
        '  web:',
        '    image: alpine',
        '    volumes: [data:/data, ext:/ext, named:/named, legacy:/legacy, bare:/bare]',
        'volumes:',
        '  data:',
        '    driver: local',
        '    driver_opts:',
        '      type: nfs',
        '      o: "addr=10.40.0.199,nolock,soft,rw"',
        '      device: ":/docker/example"',
        '      size: 100',
        '    labels:',
        '      com.example: vol',
        '  ext:',
        '    external: true',
        '  named:',
        '    name: "my-${SUFFIX}"',
        '  legacy:',
        '    external:',
        '      name: real-volume',
        '  bare:',
        '',
      ].join('\n'),
      (project) => {
        assert.deepEqual(project.volumes, {
          data: {
            name: 'project_data',
            driver: 'local',
            driver_opts: { type: 'nfs', o: 'addr=10.40.0.199,nolock,soft,rw', device: ':/docker/example', size: '100' },
            labels: { 'com.example': 'vol' },
          },
          ext: { name: 'ext', external: true },
          named: { name: 'my-data' },
          legacy: { name: 'real-volume', external: true },
          bare: { name: 'project_bare' },
        });
      },
      { environment: { SUFFIX: 'data' } },
    );
  });

  test('a volume no service uses is kept', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\nvolumes:\n  spare: {}\n', (project) => {
      assert.deepEqual(project.volumes, { spare: { name: 'project_spare' } });
    });
  });
});

describe('bad top-level volumes', () => {
  const cases: [name: string, body: string, message: RegExp, line: number][] = [
    ['a driver option that is a list', '  v:\n    driver_opts:\n      a: [1]', /volumes\.v\.driver_opts\.a must be a string or a number/, 7],
    ['an unknown volume attribute', '  v:\n    size: 10g', /volumes\.v.*size/, 6],
    ['labels that are nested', '  v:\n    labels:\n      a: {b: c}', /volumes\.v\.labels\.a/, 7],
  ];
  for (const [name, body, message, line] of cases) {
    test(name, async () => {
      await assertRefused(`services:\n  web:\n    image: alpine\nvolumes:\n${body}\n`, { code: 'invalid_schema', message, line });
    });
  }

  // compose-go's validation package refuses any attribute but name beside
  // `external: true` on a volume ("volumes.v: conflicting parameters "external" and "driver" specified").
  test('external with a driver', async () => {
    await assertRefused('services:\n  web:\n    image: alpine\nvolumes:\n  v:\n    external: true\n    driver: local\n', {
      code: 'invalid_project',
      message: /volumes\.v.*external.*driver/,
      line: 5,
    });
  });
});
