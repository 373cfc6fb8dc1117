import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertRefused, roundTrip } from './round-trip.js';

describe('top-level networks', () => {
  test('every attribute; driver options as text; the name scoped by project', async () => {
    await roundTrip(
      [
        'services:',
        '  web:',
        '    image: alpine',
        '    networks: [front]',
        'networks:',
        '  front:',
        '    driver: bridge',
        '    driver_opts:',
        '      com.docker.network.bridge.host_binding_ipv4: "127.0.0.1"',
        '      mtu: 1400',
        '    attachable: true',
        '    enable_ipv4: false',
        '    enable_ipv6: true',
        '    internal: true',
        '    labels: [com.example=net]',
        '    ipam:',
        '      driver: default',
        '      config:',
        '        - subnet: 172.28.0.0/16',
        '          ip_range: 172.28.5.0/24',
        '          gateway: 172.28.5.254',
        '          aux_addresses:',
        '            host1: 172.28.1.5',
        '        - subnet: 2001:db8::/64',
        '      options:',
        '        foo: bar',
        '',
      ].join('\n'),
      (project) => {
        assert.deepEqual(project.networks?.['front'], {
          name: 'project_front',
          driver: 'bridge',
          driver_opts: { 'com.docker.network.bridge.host_binding_ipv4': '127.0.0.1', mtu: '1400' },
          attachable: true,
          enable_ipv4: false,
          enable_ipv6: true,
          internal: true,
          labels: { 'com.example': 'net' },
          ipam: {
            driver: 'default',
            config: [
              { subnet: '172.28.0.0/16', ip_range: '172.28.5.0/24', gateway: '172.28.5.254', aux_addresses: { host1: '172.28.1.5' } },
              { subnet: '2001:db8::/64' },
            ],
            options: { foo: 'bar' },
          },
        });
      },
    );
  });

  test('names: explicit names are used verbatim and may be interpolated; external networks keep their key', async () => {
    await roundTrip(
      'services:\n  web:\n    image: alpine\n    networks: [back, outside, legacy, unused]\nnetworks:\n  back:\n    name: "${PREFIX}-back"\n  outside:\n    external: true\n  legacy:\n    external:\n      name: real-net\n  unused: {}\n',
      (project) => {
        assert.deepEqual(project.networks, {
          back: { name: 'acme-back' },
          outside: { name: 'outside', external: true },
          legacy: { name: 'real-net', external: true },
          unused: { name: 'project_unused' },
        });
      },
      { environment: { PREFIX: 'acme' } },
    );
  });

  test('the default network exists only when a service uses it, and may be configured', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    networks: [front]\nnetworks:\n  front: {}\n', (project) => {
      assert.deepEqual(Object.keys(project.networks ?? {}), ['front']);
    });
    await roundTrip('services:\n  web:\n    image: alpine\nnetworks:\n  default:\n    driver: overlay\n    name: shared\n', (project) => {
      assert.deepEqual(project.networks?.['default'], { name: 'shared', driver: 'overlay' });
    });
  });

  test('internal from a variable is cast to a boolean', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\nnetworks:\n  n:\n    internal: ${INTERNAL}\n', (project) => {
      assert.equal(project.networks?.['n']?.internal, true);
    }, { environment: { INTERNAL: 'true' } });
  });
});

describe('bad top-level networks', () => {
  const cases: [name: string, body: string, code: 'invalid_schema' | 'invalid_interpolation', message: RegExp, line: number][] = [
    ['a subnet that is a number', '  n:\n    ipam:\n      config:\n        - subnet: 1', 'invalid_schema', /networks\.n\.ipam\.config\[0\]\.subnet must be a string/, 8],
    ['a misspelt ipam attribute', '  n:\n    ipam:\n      config:\n        - subnett: 10.0.0.0/8', 'invalid_schema', /networks\.n\.ipam\.config\[0\].*'subnett' \(did you mean 'subnet'\?\)/, 8],
    ['internal that is no boolean', '  n:\n    internal: maybe', 'invalid_interpolation', /networks\.n\.internal.*boolean/, 6],
    ['an unknown network attribute', '  n:\n    ipv6: true', 'invalid_schema', /networks\.n.*ipv6/, 6],
  ];
  for (const [name, body, code, message, line] of cases) {
    test(name, async () => {
      await assertRefused(`services:\n  web:\n    image: alpine\nnetworks:\n${body}\n`, { code, message, line });
    });
  }
});
