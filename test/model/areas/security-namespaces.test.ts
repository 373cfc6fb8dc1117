import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertRefused, roundTrip, service } from './round-trip.js';

describe('privileges', () => {
  test('privileged, capabilities, security_opt, group_add', async () => {
    await roundTrip(
      'services:\n  web:\n    image: alpine\n    privileged: true\n    cap_add: [ALL]\n    cap_drop: [NET_ADMIN, SYS_ADMIN]\n    security_opt: ["label=level:s0:c100,c200", "no-new-privileges:true"]\n    group_add: [mail, 42, "0"]\n',
      (project) => {
        const web = service(project);
        assert.equal(web.privileged, true);
        assert.deepEqual(web.cap_add, ['ALL']);
        assert.deepEqual(web.cap_drop, ['NET_ADMIN', 'SYS_ADMIN']);
        assert.deepEqual(web.security_opt, ['label=level:s0:c100,c200', 'no-new-privileges:true']);
        // compose-go holds group_add as strings; a numeric gid becomes its text.
        assert.deepEqual(web.group_add, ['mail', '42', '0']);
      },
    );
  });

  const sysctlForms: [name: string, written: string][] = [
    ['list', 'sysctls:\n      - net.core.somaxconn=1024\n      - net.ipv4.tcp_syncookies=0\n      - testing.one.one=\n      - testing.one.two\n'],
    ['mapping', 'sysctls:\n      net.core.somaxconn: 1024\n      net.ipv4.tcp_syncookies: 0\n      testing.one.one: ""\n      testing.one.two:\n'],
  ];
  for (const [name, written] of sysctlForms) {
    test(`sysctls as a ${name}: text values, a bare key is empty`, async () => {
      await roundTrip(`services:\n  web:\n    image: alpine\n    ${written}`, (project) => {
        assert.deepEqual(service(project).sysctls, {
          'net.core.somaxconn': '1024',
          'net.ipv4.tcp_syncookies': '0',
          'testing.one.one': '',
          'testing.one.two': '',
        });
      });
    });
  }
});

describe('devices and gpus', () => {
  test('devices: short forms default the target and rwm; CDI names are kept whole', async () => {
    await roundTrip(
      'services:\n  web:\n    image: alpine\n    devices:\n      - /dev/source:/dev/target:r\n      - /dev/sda:/dev/xvda\n      - /dev/single\n      - vendor.com/device=gpu\n      - source: /dev/long\n        target: /dev/other\n        permissions: rw\n    device_cgroup_rules: ["c 1:3 mr", "a 7:* rmw"]\n',
      (project) => {
        const web = service(project);
        assert.deepEqual(web.devices, [
          { source: '/dev/source', target: '/dev/target', permissions: 'r' },
          { source: '/dev/sda', target: '/dev/xvda', permissions: 'rwm' },
          { source: '/dev/single', target: '/dev/single', permissions: 'rwm' },
          { source: 'vendor.com/device=gpu', target: 'vendor.com/device=gpu', permissions: 'rwm' },
          { source: '/dev/long', target: '/dev/other', permissions: 'rw' },
        ]);
        assert.deepEqual(web.device_cgroup_rules, ['c 1:3 mr', 'a 7:* rmw']);
      },
    );
  });

  test('gpus: "all" and entries without count or device_ids mean every device', async () => {
    await roundTrip(
      'services:\n  web:\n    image: alpine\n    gpus: all\n  many:\n    image: alpine\n    gpus:\n      - driver: nvidia\n      - driver: 3dfx\n        device_ids: ["voodoo2"]\n        capabilities: ["directX"]\n      - count: 2\n        options: {virtualization: false}\n',
      (project) => {
        assert.deepEqual(service(project).gpus, [{ count: 'all' }]);
        assert.deepEqual(service(project, 'many').gpus, [
          { driver: 'nvidia', count: 'all' },
          { driver: '3dfx', device_ids: ['voodoo2'], capabilities: ['directX'] },
          { count: 2, options: { virtualization: 'false' } },
        ]);
      },
    );
  });
});

describe('namespaces and cgroups', () => {
  test('ipc, pid, uts, userns_mode, cgroup, cgroup_parent, storage_opt, credential_spec', async () => {
    await roundTrip(
      'services:\n  web:\n    image: alpine\n    ipc: shareable\n    pid: host\n    uts: host\n    userns_mode: host\n    cgroup: private\n    cgroup_parent: m-executor-abcd\n    storage_opt: {size: 1G}\n    credential_spec:\n      config: my_credential_spec\n',
      (project) => {
        const web = service(project);
        assert.equal(web.ipc, 'shareable');
        assert.equal(web.pid, 'host');
        assert.equal(web.uts, 'host');
        assert.equal(web.userns_mode, 'host');
        assert.equal(web.cgroup, 'private');
        assert.equal(web.cgroup_parent, 'm-executor-abcd');
        assert.deepEqual(web.storage_opt, { size: '1G' });
        assert.deepEqual(web.credential_spec, { config: 'my_credential_spec' });
      },
    );
  });

  for (const namespace of ['ipc', 'pid', 'uts', 'cgroup'] as const) {
    test(`${namespace}: service:<name> is an implicit dependency with restart`, async () => {
      const compose = `services:\n  web:\n    image: alpine\n    ${namespace}: "service:db"\n  db:\n    image: db\n`;
      if (namespace === 'cgroup') {
        // The schema only allows host or private for cgroup, although compose-go's normalisation looks for service: there too.
        await assertRefused(compose, { code: 'invalid_schema', message: /services\.web\.cgroup/, line: 4 });
        return;
      }
      await roundTrip(compose, (project) => {
        assert.equal(service(project)[namespace], 'service:db');
        assert.deepEqual(service(project).depends_on, { db: { condition: 'service_started', required: true, restart: true } });
      });
    });
  }

  test('container:<name> makes no dependency', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    pid: "container:abc"\n', (project) => {
      assert.equal(service(project).pid, 'container:abc');
      assert.equal(service(project).depends_on, undefined);
    });
  });
});

describe('bad security and namespace values', () => {
  const cases: [name: string, body: string, code: 'invalid_schema' | 'invalid_project' | 'invalid_interpolation', message: RegExp, line: number][] = [
    ['a device with too many colons', 'devices: ["a:b:c:d"]', 'invalid_project', /services\.web\.devices\[0\].*too many colons/, 4],
    ['a duplicate capability', 'cap_add: [NET_ADMIN, NET_ADMIN]', 'invalid_schema', /services\.web\.cap_add.*same/, 4],
    ['ipc naming an undefined service', 'ipc: service:ghost', 'invalid_project', /ipc "service:ghost".*"ghost" is not defined/, 4],
    ['an unknown cgroup mode', 'cgroup: shared', 'invalid_schema', /services\.web\.cgroup.*host, private/, 4],
    ['privileged that is no boolean', 'privileged: maybe', 'invalid_interpolation', /services\.web\.privileged.*boolean/, 4],
    ['an unknown gpus attribute', 'gpus:\n      - vendor: nvidia', 'invalid_schema', /services\.web\.gpus\[0\].*vendor/, 5],
  ];
  for (const [name, body, code, message, line] of cases) {
    test(name, async () => {
      await assertRefused(`services:\n  web:\n    image: alpine\n    ${body}\n`, { code, message, line });
    });
  }

  // compose-go's validation package refuses count together with device_ids.
  test('gpus with both count and device_ids', async () => {
    await assertRefused('services:\n  web:\n    image: alpine\n    gpus:\n      - count: 1\n        device_ids: ["0"]\n', {
      code: 'invalid_project',
      message: /services\.web\.gpus\[0\].*count.*device_ids/,
      line: 5,
    });
  });
});
