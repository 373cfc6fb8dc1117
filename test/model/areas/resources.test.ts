import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertRefused, roundTrip, service } from './round-trip.js';

describe('cpu and memory', () => {
  test('cpu fields are numbers, cpuset text', async () => {
    await roundTrip(
      'services:\n  web:\n    image: alpine\n    cpu_count: 4\n    cpu_percent: 50\n    cpu_shares: 1024\n    cpu_quota: 50000\n    cpu_period: 100000\n    cpu_rt_period: 1000000\n    cpu_rt_runtime: 950000\n    cpus: 1.5\n    cpuset: "0,1"\n',
      (project) => {
        const web = service(project);
        assert.equal(web.cpu_count, 4);
        assert.equal(web.cpu_percent, 50);
        assert.equal(web.cpu_shares, 1024);
        assert.equal(web.cpu_quota, 50000);
        assert.equal(web.cpu_period, 100000);
        assert.equal(web.cpu_rt_period, 1000000);
        assert.equal(web.cpu_rt_runtime, 950000);
        assert.equal(web.cpus, 1.5);
        assert.equal(web.cpuset, '0,1');
      },
    );
  });

  test('cpus written as text is a number', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    cpus: "0.5"\n', (project) => {
      assert.equal(service(project).cpus, 0.5);
    });
  });

  test('memory fields are byte counts as text; mem_swappiness too, as compose-go reads it', async () => {
    await roundTrip(
      'services:\n  web:\n    image: alpine\n    mem_limit: 512m\n    mem_reservation: 256m\n    mem_swappiness: 60\n    memswap_limit: 1g\n  unlimited:\n    image: alpine\n    mem_limit: 1024\n    memswap_limit: -1\n',
      (project) => {
        const web = service(project);
        assert.equal(web.mem_limit, '536870912');
        assert.equal(web.mem_reservation, '268435456');
        assert.equal(web.mem_swappiness, '60');
        assert.equal(web.memswap_limit, '1073741824');
        const unlimited = service(project, 'unlimited');
        assert.equal(unlimited.mem_limit, '1024');
        assert.equal(unlimited.memswap_limit, '-1');
      },
    );
  });

  test('pids_limit and oom settings', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    pids_limit: 100\n    oom_kill_disable: true\n    oom_score_adj: -500\n', (project) => {
      const web = service(project);
      assert.equal(web.pids_limit, 100);
      assert.equal(web.oom_kill_disable, true);
      assert.equal(web.oom_score_adj, -500);
    });
  });

  test('limits written both at the top and under deploy must agree, and may', async () => {
    await roundTrip(
      'services:\n  web:\n    image: alpine\n    cpus: 1\n    mem_limit: 1g\n    pids_limit: 10\n    deploy:\n      resources:\n        limits:\n          cpus: "1"\n          memory: 1024m\n          pids: 10\n',
      (project) => {
        assert.equal(service(project).mem_limit, '1073741824');
        assert.equal(service(project).deploy?.resources?.limits?.memory, '1073741824');
      },
    );
  });
});

describe('ulimits and blkio_config', () => {
  test('a single number or soft/hard', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    ulimits:\n      nproc: 65535\n      nofile:\n        soft: 20000\n        hard: 40000\n', (project) => {
      assert.deepEqual(service(project).ulimits, { nproc: 65535, nofile: { soft: 20000, hard: 40000 } });
    });
  });

  test('blkio_config: weights as numbers, every rate as a byte count in text', async () => {
    await roundTrip(
      [
        'services:',
        '  web:',
        '    image: alpine',
        '    blkio_config:',
        '      weight: 300',
        '      weight_device: [{path: /dev/sda, weight: 400}]',
        "      device_read_bps: [{path: /dev/sdb, rate: '12mb'}]",
        '      device_read_iops: [{path: /dev/sdb, rate: 120}]',
        '      device_write_bps: [{path: /dev/sdb, rate: 1024k}]',
        '      device_write_iops: [{path: /dev/sdb, rate: 30}]',
        '',
      ].join('\n'),
      (project) => {
        assert.deepEqual(service(project).blkio_config, {
          weight: 300,
          weight_device: [{ path: '/dev/sda', weight: 400 }],
          device_read_bps: [{ path: '/dev/sdb', rate: '12582912' }],
          device_read_iops: [{ path: '/dev/sdb', rate: '120' }],
          device_write_bps: [{ path: '/dev/sdb', rate: '1048576' }],
          device_write_iops: [{ path: '/dev/sdb', rate: '30' }],
        });
      },
    );
  });
});

describe('bad resource values', () => {
  const cases: [name: string, body: string, code: 'invalid_schema' | 'invalid_project' | 'invalid_interpolation', message: RegExp, line: number][] = [
    ['cpus that are no number', 'cpus: lots', 'invalid_interpolation', /services\.web\.cpus.*not a number/, 4],
    // compose-go casts cpu_rt_period to an integer, so the spec's duration example ('1400us') is refused there too.
    ['cpu_rt_period as a duration (compose-go refuses it despite the spec)', 'cpu_rt_period: 1400us', 'invalid_interpolation', /services\.web\.cpu_rt_period.*integer/, 4],
    ['a memory size with an unknown unit', 'mem_limit: 1q', 'invalid_schema', /services\.web\.mem_limit.*size in bytes/, 4],
    ['a ulimit with soft only', 'ulimits:\n      nofile:\n        soft: 1', 'invalid_schema', /services\.web\.ulimits\.nofile.*hard/, 5],
    ['oom_score_adj out of range', 'oom_score_adj: 5000', 'invalid_schema', /services\.web\.oom_score_adj.*maximum of 1000/, 4],
    ['cpus disagreeing with deploy limits', 'cpus: 1\n    deploy:\n      resources:\n        limits:\n          cpus: 2', 'invalid_project', /services\.web.*'cpus' and 'deploy\.resources\.limits\.cpus'/, 4],
    ['mem_limit disagreeing with deploy limits', 'mem_limit: 1g\n    deploy:\n      resources:\n        limits:\n          memory: 2g', 'invalid_project', /'mem_limit' and 'deploy\.resources\.limits\.memory'/, 4],
    ['pids_limit disagreeing with deploy limits', 'pids_limit: 10\n    deploy:\n      resources:\n        limits:\n          pids: 20', 'invalid_project', /'pids_limit' and 'deploy\.resources\.limits\.pids'/, 4],
    ['a blkio rate that is no size', 'blkio_config:\n      device_read_bps: [{path: /dev/sdb, rate: fast}]', 'invalid_schema', /services\.web\.blkio_config\.device_read_bps\[0\]\.rate/, 5],
  ];
  for (const [name, body, code, message, line] of cases) {
    test(name, async () => {
      await assertRefused(`services:\n  web:\n    image: alpine\n    ${body}\n`, { code, message, line });
    });
  }
});
