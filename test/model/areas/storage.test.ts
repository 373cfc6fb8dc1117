import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ServiceVolumeConfig } from '../../../src/model/index.js';
import { assertRefused, roundTrip, service } from './round-trip.js';

const boundBy = (source: string, target: string, extra: Partial<ServiceVolumeConfig> = {}): ServiceVolumeConfig => ({
  type: 'bind',
  source,
  target,
  bind: { create_host_path: true },
  ...extra,
});

describe('service volumes, short syntax', () => {
  const forms: [written: string, expected: ServiceVolumeConfig][] = [
    // Like compose-go's short-syntax parser, a volume mount always gets a (possibly empty) volume block.
    ['/var/lib/mysql', { type: 'volume', target: '/var/lib/mysql', volume: {} }],
    ['/opt/data:/var/lib/mysql', boundBy('/opt/data', '/var/lib/mysql')],
    ['./cache:/tmp/cache:ro', boundBy('/project/cache', '/tmp/cache', { read_only: true })],
    ['../shared:/shared:rw', boundBy('/shared', '/shared')],
    ['~/configs:/etc/configs/:ro,z', { ...boundBy('/home/user/configs', '/etc/configs', { read_only: true }), bind: { create_host_path: true, selinux: 'z' } }],
    ['./p:/p:rshared', { ...boundBy('/project/p', '/p'), bind: { create_host_path: true, propagation: 'rshared' } }],
    ['data:/var/lib/data', { type: 'volume', source: 'data', target: '/var/lib/data', volume: {} }],
    ['data:/var/lib/data:nocopy', { type: 'volume', source: 'data', target: '/var/lib/data', volume: { nocopy: true } }],
    ['data:/var/lib/data:ro', { type: 'volume', source: 'data', target: '/var/lib/data', read_only: true, volume: {} }],
    ['./with/../dots:/a/../b/', boundBy('/project/dots', '/b')],
  ];
  for (const [written, expected] of forms) {
    test(written, async () => {
      await roundTrip(`services:\n  web:\n    image: alpine\n    volumes:\n      - ${written}\nvolumes:\n  data: {}\n`, (project) => {
        assert.deepEqual(service(project).volumes, [expected]);
      });
    });
  }

  test('a later entry with the same target replaces an earlier one', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    volumes: ["/data", "./a:/data"]\n', (project) => {
      assert.deepEqual(service(project).volumes, [boundBy('/project/a', '/data')]);
    });
  });
});

describe('service volumes, long syntax', () => {
  test('bind, volume, tmpfs, image and anonymous volumes with their options', async () => {
    await roundTrip(
      [
        'services:',
        '  web:',
        '    image: alpine',
        '    volumes:',
        '      - type: bind',
        '        source: ./src',
        '        target: /src/',
        '        read_only: true',
        '        consistency: cached',
        '        bind:',
        '          propagation: rslave',
        '          create_host_path: false',
        '          selinux: Z',
        '          recursive: readonly',
        '      - type: volume',
        '        source: data',
        '        target: /vol',
        '        volume:',
        '          nocopy: true',
        '          subpath: sub',
        '          labels: {com.example: x}',
        '      - type: tmpfs',
        '        target: /run',
        '        tmpfs:',
        '          size: 64m',
        '          mode: 01777',
        '      - type: image',
        '        source: alpine:3',
        '        target: /img',
        '        image:',
        '          subpath: etc',
        '      - type: volume',
        '        target: /anon',
        'volumes:',
        '  data: {}',
        '',
      ].join('\n'),
      (project) => {
        assert.deepEqual(service(project).volumes, [
          {
            type: 'bind',
            source: '/project/src',
            target: '/src',
            read_only: true,
            consistency: 'cached',
            bind: { propagation: 'rslave', create_host_path: false, selinux: 'Z', recursive: 'readonly' },
          },
          { type: 'volume', source: 'data', target: '/vol', volume: { nocopy: true, subpath: 'sub', labels: { 'com.example': 'x' } } },
          // Named expectation: compose-go keeps tmpfs.mode as a plain number (uint32), not as octal text.
          { type: 'tmpfs', target: '/run', tmpfs: { size: '67108864', mode: 0o1777 as unknown as string } },
          { type: 'image', source: 'alpine:3', target: '/img', image: { subpath: 'etc' } },
          { type: 'volume', target: '/anon' },
        ]);
      },
    );
  });

  test('a long-form bind without a bind block keeps create_host_path unset', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    volumes:\n      - type: bind\n        source: /etc/hosts\n        target: /etc/hosts\n', (project) => {
      assert.deepEqual(service(project).volumes, [{ type: 'bind', source: '/etc/hosts', target: '/etc/hosts' }]);
    });
  });
});

describe('tmpfs, volumes_from and shm_size', () => {
  test('are kept; volumes_from a service is an implicit dependency without restart', async () => {
    await roundTrip(
      'services:\n  web:\n    image: alpine\n    tmpfs: /run\n    volumes_from: [other, "other:ro", "container:abc:rw"]\n    shm_size: 64m\n  other:\n    image: alpine\n',
      (project) => {
        const web = service(project);
        assert.deepEqual(web.tmpfs, ['/run']);
        assert.deepEqual(web.volumes_from, ['other', 'other:ro', 'container:abc:rw']);
        assert.equal(web.shm_size, '67108864');
        assert.deepEqual(web.depends_on, { other: { condition: 'service_started', required: true, restart: false } });
      },
    );
  });

  const sizes: [written: string, bytes: string][] = [
    ['1024', '1024'],
    ['1k', '1024'],
    ['1kb', '1024'],
    ['512m', '536870912'],
    ['1g', '1073741824'],
    ['1.5gb', '1610612736'],
    ['2b', '2'],
  ];
  for (const [written, bytes] of sizes) {
    test(`shm_size ${written} is ${bytes} bytes`, async () => {
      await roundTrip(`services:\n  web:\n    image: alpine\n    shm_size: ${written}\n`, (project) => {
        assert.equal(service(project).shm_size, bytes);
      });
    });
  }
});

describe('bad storage values', () => {
  const cases: [name: string, body: string, code: 'invalid_schema' | 'invalid_project', message: RegExp, line: number][] = [
    ['too many colons', 'volumes: ["./a:/b:ro:x"]', 'invalid_project', /services\.web\.volumes\[0\].*too many colons/, 4],
    ['an empty section', 'volumes: ["./a::/b"]', 'invalid_project', /services\.web\.volumes\[0\].*empty/, 4],
    ['an undefined named volume', 'volumes: ["ghost:/data"]', 'invalid_project', /undefined volume "ghost"/, 4],
    ['an unknown volume type', 'volumes:\n      - type: floppy\n        target: /a', 'invalid_schema', /services\.web\.volumes\[0\]\.type.*floppy/, 5],
    ['a tmpfs size that is no size', 'volumes:\n      - type: tmpfs\n        target: /a\n        tmpfs:\n          size: lots', 'invalid_schema', /services\.web\.volumes\[0\]\.tmpfs\.size/, 8],
    ['a bind mount without source', 'volumes:\n      - type: bind\n        target: /a', 'invalid_project', /services\.web\.volumes\[0\].*needs a source/, 5],
    ['volumes_from an undefined service', 'volumes_from: [ghost]', 'invalid_project', /volumes_from undefined service "ghost"/, 4],
    ['an shm_size that is no size', 'shm_size: big', 'invalid_schema', /services\.web\.shm_size/, 4],
  ];
  for (const [name, body, code, message, line] of cases) {
    test(name, async () => {
      await assertRefused(`services:\n  web:\n    image: alpine\n    ${body}\n`, { code, message, line });
    });
  }

  // compose-go refuses a volume whose target a tmpfs entry already mounts.
  test('a tmpfs and a volume at the same target', async () => {
    await assertRefused('services:\n  web:\n    image: alpine\n    tmpfs: [/run]\n    volumes: ["./x:/run"]\n', {
      code: 'invalid_project',
      message: /\/run/,
      line: 5,
    });
  });
});
