import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ServicePortConfig } from '../../../src/model/index.js';
import { assertRefused, roundTrip, service } from './round-trip.js';

type Port = Pick<ServicePortConfig, 'target' | 'published' | 'protocol' | 'host_ip' | 'mode'>;

function port(target: number, published?: string, extra: Partial<Port> = {}): Port {
  return { mode: 'ingress', protocol: 'tcp', target, ...(published === undefined ? {} : { published }), ...extra };
}

describe('ports', () => {
  const shortForms: [written: string, expected: Port[]][] = [
    ['"80:8080"', [port(8080, '80')]],
    ['"90:8090/udp"', [port(8090, '90', { protocol: 'udp' })]],
    ['"5000:5000/sctp"', [port(5000, '5000', { protocol: 'sctp' })]],
    ['8600', [port(8600)]],
    ['"3000"', [port(3000)]],
    ['"3000-3002"', [port(3000), port(3001), port(3002)]],
    ['"80-82:8080-8082"', [port(8080, '80'), port(8081, '81'), port(8082, '82')]],
    ['"127.0.0.1:8001:8001"', [port(8001, '8001', { host_ip: '127.0.0.1' })]],
    ['"127.0.0.1:5000-5001:5000-5001/udp"', [port(5000, '5000', { host_ip: '127.0.0.1', protocol: 'udp' }), port(5001, '5001', { host_ip: '127.0.0.1', protocol: 'udp' })]],
    ['"127.0.0.1::5000"', [port(5000, undefined, { host_ip: '127.0.0.1' })]],
    ['"[::1]:6000:6000"', [port(6000, '6000', { host_ip: '::1' })]],
    ['"::1:6001:6001"', [port(6001, '6001', { host_ip: '::1' })]],
    ['"[2001:db8::1]:53:53/udp"', [port(53, '53', { host_ip: '2001:db8::1', protocol: 'udp' })]],
  ];
  for (const [written, expected] of shortForms) {
    test(`short ${written}`, async () => {
      await roundTrip(`services:\n  web:\n    image: alpine\n    ports:\n      - ${written}\n`, (project) => {
        assert.deepEqual(service(project).ports, expected);
      });
    });
  }

  test('long form: published as text, every attribute kept', async () => {
    await roundTrip(
      'services:\n  web:\n    image: alpine\n    ports:\n      - name: http\n        target: 80\n        published: 8080\n        host_ip: 0.0.0.0\n        protocol: udp\n        mode: host\n        app_protocol: http\n      - target: 443\n        published: "8443-8445"\n',
      (project) => {
        assert.deepEqual(service(project).ports, [
          { name: 'http', target: 80, published: '8080', host_ip: '0.0.0.0', protocol: 'udp', mode: 'host', app_protocol: 'http' },
          { target: 443, published: '8443-8445', protocol: 'tcp', mode: 'ingress' },
        ]);
      },
    );
  });

  test('ports from variables', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    ports:\n      - "${HOST_PORT}:80"\n      - target: ${TARGET}\n        published: ${HOST_PORT}\n', (project) => {
      assert.deepEqual(service(project).ports, [port(80, '8080'), port(81, '8080')]);
    }, { environment: { HOST_PORT: '8080', TARGET: '81' } });
  });
});

describe('service networks and network_mode', () => {
  test('list form: each network with no options', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    networks: [front, back]\nnetworks:\n  front: {}\n  back: {}\n', (project) => {
      assert.deepEqual(service(project).networks, { front: null, back: null });
    });
  });

  test('mapping form with every attachment option', async () => {
    await roundTrip(
      [
        'services:',
        '  web:',
        '    image: alpine',
        '    networks:',
        '      front:',
        '        aliases: [www, site]',
        '        ipv4_address: 172.16.238.10',
        '        ipv6_address: 2001:3984:3989::10',
        '        priority: 1000',
        '        gw_priority: 1',
        '        interface_name: eth7',
        '        mac_address: 02:42:ac:11:65:43',
        '        link_local_ips: [169.254.0.1]',
        '        driver_opts: {com.example.opt: 1}',
        '      back:',
        'networks:',
        '  front: {}',
        '  back: {}',
        '',
      ].join('\n'),
      (project) => {
        assert.deepEqual(service(project).networks, {
          front: {
            aliases: ['www', 'site'],
            ipv4_address: '172.16.238.10',
            ipv6_address: '2001:3984:3989::10',
            priority: 1000,
            gw_priority: 1,
            interface_name: 'eth7',
            mac_address: '02:42:ac:11:65:43',
            link_local_ips: ['169.254.0.1'],
            driver_opts: { 'com.example.opt': '1' },
          },
          back: null,
        });
      },
    );
  });

  test('no networks and no network_mode: the implicit default network', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n', (project) => {
      assert.deepEqual(service(project).networks, { default: null });
      assert.equal(project.networks?.['default']?.name, 'project_default');
    });
  });

  const modes: [written: string, dependsOn: string[]][] = [
    ['host', []],
    ['none', []],
    ['bridge', []],
    ['"container:some-container"', []],
    ['"service:db"', ['db']],
  ];
  for (const [written, dependsOn] of modes) {
    test(`network_mode ${written}: no networks${dependsOn.length ? ', and an implicit dependency' : ''}`, async () => {
      await roundTrip(`services:\n  web:\n    image: alpine\n    network_mode: ${written}\n  db:\n    image: db\n`, (project) => {
        const web = service(project);
        assert.equal(web.network_mode, written.replaceAll('"', ''));
        assert.equal(web.networks, undefined);
        assert.deepEqual(Object.keys(web.depends_on ?? {}), dependsOn);
        if (dependsOn.length > 0) assert.deepEqual(web.depends_on?.['db'], { condition: 'service_started', required: true, restart: true });
      });
    });
  }
});

describe('names, DNS, hosts and links', () => {
  test('hostname, domainname, dns*, mac_address and expose', async () => {
    await roundTrip(
      'services:\n  web:\n    image: alpine\n    hostname: web\n    domainname: example.com\n    dns: 8.8.8.8\n    dns_opt: [use-vc, no-tld-query]\n    dns_search: example.com\n    mac_address: 02:42:ac:11:65:44\n    expose: ["3000", 8000, "9000-9001/udp"]\n',
      (project) => {
        const web = service(project);
        assert.equal(web.hostname, 'web');
        assert.equal(web.domainname, 'example.com');
        assert.deepEqual(web.dns, ['8.8.8.8']);
        assert.deepEqual(web.dns_opt, ['use-vc', 'no-tld-query']);
        assert.deepEqual(web.dns_search, ['example.com']);
        assert.equal(web.mac_address, '02:42:ac:11:65:44');
        assert.deepEqual(web.expose, ['3000', '8000', '9000-9001/udp']);
      },
    );
  });

  const hostForms: [name: string, written: string][] = [
    ['mapping', 'extra_hosts:\n      alpha: "50.31.209.229"\n      zulu: ["127.0.0.2", "ff02::1"]\n      six: "::1"\n'],
    ['list with ":"', 'extra_hosts:\n      - "alpha:50.31.209.229"\n      - "zulu:127.0.0.2"\n      - "zulu:ff02::1"\n      - "six:::1"\n'],
    ['list with "=" and brackets', 'extra_hosts:\n      - "alpha=50.31.209.229"\n      - "zulu=127.0.0.2,ff02::1"\n      - "six=[::1]"\n'],
  ];
  for (const [name, written] of hostForms) {
    test(`extra_hosts as a ${name}: host → addresses`, async () => {
      await roundTrip(`services:\n  web:\n    image: alpine\n    ${written}`, (project) => {
        assert.deepEqual(service(project).extra_hosts, { alpha: ['50.31.209.229'], zulu: ['127.0.0.2', 'ff02::1'], six: ['::1'] });
      });
    });
  }

  test('links and external_links; a link makes an implicit dependency', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    links: ["db:database", cache]\n    external_links: [redis_1, "project_db_1:mysql"]\n  db:\n    image: db\n  cache:\n    image: cache\n', (project) => {
      const web = service(project);
      assert.deepEqual(web.links, ['db:database', 'cache']);
      assert.deepEqual(web.external_links, ['redis_1', 'project_db_1:mysql']);
      assert.deepEqual(web.depends_on, {
        db: { condition: 'service_started', required: true, restart: true },
        cache: { condition: 'service_started', required: true, restart: true },
      });
    });
  });
});

describe('what compose-go lets through', () => {
  // Named expectation: neither the Compose schema nor compose-go requires `target` in the long
  // form or restricts `mode`; berth loads both as written (even though ServicePortConfig types
  // `target` as required and `mode` as 'ingress' | 'host').
  test('a long port without target, and an unknown mode, load as written', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    ports:\n      - published: 80\n      - target: 81\n        mode: bridge\n', (project) => {
      assert.deepEqual(service(project).ports, [
        { mode: 'ingress', protocol: 'tcp', published: '80' },
        { mode: 'bridge', protocol: 'tcp', target: 81 },
      ]);
    });
  });

  // Named expectation: compose-go registers no checker for the schema's `expose` format.
  test('expose is not checked for being a port', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    expose: [abc]\n', (project) => {
      assert.deepEqual(service(project).expose, ['abc']);
    });
  });
});

describe('bad networking values', () => {
  const cases: [name: string, body: string, code: 'invalid_schema' | 'invalid_project', message: RegExp, line: number][] = [
    ['a host port out of range', 'ports: ["70000:80"]', 'invalid_project', /services\.web\.ports\[0\].*"70000"/, 4],
    ['an unknown protocol', 'ports: ["80:80/icmp"]', 'invalid_project', /services\.web\.ports\[0\].*"icmp" is not a protocol/, 4],
    ['a port that is no number', 'ports: ["abc:80"]', 'invalid_project', /services\.web\.ports\[0\].*"abc"/, 4],
    ['ports with network_mode host', 'network_mode: host\n    ports: ["80:80"]', 'invalid_project', /network_mode: host/, 5],
    ['network_mode with networks', 'network_mode: host\n    networks: [front]', 'invalid_project', /both network_mode and networks/, 4],
    ['an undefined network', 'networks: [ghost]', 'invalid_project', /undefined network "ghost"/, 4],
    ['network_mode naming an undefined service', 'network_mode: service:ghost', 'invalid_project', /service "ghost" is not defined/, 4],
    ['a link to an undefined service', 'links: [ghost]', 'invalid_project', /undefined service "ghost"/, 4],
    ['an extra host without address', 'extra_hosts: ["nohost"]', 'invalid_project', /services\.web\.extra_hosts\[0\].*no address/, 4],
    ['an alias that is not a string', 'networks:\n      front:\n        aliases: [[a]]', 'invalid_schema', /services\.web\.networks\.front\.aliases\[0\]/, 6],
    ['a duplicate dns entry', 'dns_opt: [use-vc, use-vc]', 'invalid_schema', /services\.web\.dns_opt/, 4],
  ];
  for (const [name, body, code, message, line] of cases) {
    test(name, async () => {
      await assertRefused(`services:\n  web:\n    image: alpine\n    ${body}\nnetworks:\n  front: {}\n`, { code, message, line });
    });
  }

  // compose-go's validation package checks host_ip ("services.web.ports[0]: invalid ip address: not-an-ip").
  test('a host_ip that is not an address', async () => {
    await assertRefused('services:\n  web:\n    image: alpine\n    ports:\n      - target: 80\n        host_ip: not-an-ip\n', {
      code: 'invalid_project',
      message: /services\.web\.ports\[0\].*not-an-ip/,
      line: 5,
    });
  });
});
