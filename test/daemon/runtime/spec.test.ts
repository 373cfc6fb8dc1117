import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpec, serializeSpec, type DockerCreateBody, type SpecInput } from '../../../src/daemon/runtime/index.js';
import { resolveUser } from '../../../src/daemon/runtime/spec-user.js';
import { resolveCapabilities, DEFAULT_CAPABILITIES } from '../../../src/daemon/runtime/spec-capabilities.js';
import { mergeTmpfsOptions } from '../../../src/daemon/runtime/spec-mounts.js';

const ID = 'a'.repeat(12) + 'b'.repeat(52);
const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nwww:x:33:33:www:/var/www:/bin/false\napp:x:1000:1000::/home/app:/bin/sh\n';
const GROUP = 'root:x:0:\nwww:x:33:\napp:x:1000:\nstaff:x:50:app,www\naudio:x:29:app\n';

function input(create: Partial<DockerCreateBody> & { Config?: DockerCreateBody['Config'] }, extra: Partial<SpecInput> = {}): SpecInput {
  return {
    id: ID,
    create: { Config: { Cmd: ['true'], ...create.Config }, HostConfig: { NetworkMode: 'none', ...create.HostConfig } },
    image: {},
    rootfsPath: '/c/rootfs',
    etcFiles: { hosts: '/c/hosts', resolvConf: '/c/resolv.conf', hostname: '/c/hostname' },
    passwd: PASSWD,
    group: GROUP,
    hostLimits: { nofile: { soft: 20000, hard: 20000 }, nproc: { soft: 96343, hard: 96343 }, core: { soft: 0, hard: Number.POSITIVE_INFINITY } },
    resolveVolume: (name, target) => `/volumes/${name || `anon${target.replaceAll('/', '-')}`}/_data`,
    ...extra,
  };
}

describe('process.args (Docker entrypoint/cmd rules)', () => {
  const cases: { name: string; config: DockerCreateBody['Config']; image: SpecInput['image']; args: string[] }[] = [
    { name: 'image entrypoint + image cmd', config: { Cmd: null }, image: { Entrypoint: ['/ep'], Cmd: ['a'] }, args: ['/ep', 'a'] },
    { name: 'cmd without entrypoint keeps the image entrypoint', config: { Cmd: ['b'] }, image: { Entrypoint: ['/ep'], Cmd: ['a'] }, args: ['/ep', 'b'] },
    { name: 'an entrypoint clears the image cmd', config: { Entrypoint: ['/mine'], Cmd: null }, image: { Entrypoint: ['/ep'], Cmd: ['a'] }, args: ['/mine'] },
    { name: 'entrypoint and cmd given', config: { Entrypoint: ['/mine'], Cmd: ['x'] }, image: { Entrypoint: ['/ep'], Cmd: ['a'] }, args: ['/mine', 'x'] },
    { name: 'an empty entrypoint clears the image entrypoint, keeps its cmd', config: { Entrypoint: [], Cmd: null }, image: { Entrypoint: ['/ep'], Cmd: ['a'] }, args: ['a'] },
    { name: 'image cmd only', config: { Cmd: [] }, image: { Cmd: ['sh'] }, args: ['sh'] },
  ];
  for (const testCase of cases) {
    test(testCase.name, () => {
      const spec = buildSpec({ ...input({ Config: testCase.config }), image: testCase.image });
      assert.deepEqual(spec.process.args, testCase.args);
    });
  }
  test('no command at all is an error', () => {
    assert.throws(() => buildSpec({ ...input({ Config: { Cmd: null } }), image: {} }), /no command specified/);
  });
  test('init: true prepends the static init and mounts it read-only', () => {
    const spec = buildSpec(input({ Config: { Cmd: ['sleep', '1'] }, HostConfig: { Init: true } }, { initPath: '/usr/bin/docker-init' }));
    assert.deepEqual(spec.process.args, ['/sbin/docker-init', '--', 'sleep', '1']);
    assert.deepEqual(spec.mounts.find((mount) => mount.destination === '/sbin/docker-init'), {
      destination: '/sbin/docker-init', type: 'bind', source: '/usr/bin/docker-init', options: ['bind', 'ro', 'rprivate'],
    });
  });
});

describe('process.env', () => {
  test('PATH default, HOSTNAME, image env overlaid by the container env', () => {
    const spec = buildSpec({ ...input({ Config: { Cmd: ['true'], Env: ['B=2', 'C=3', 'A'] } }), image: { Env: ['A=1', 'B=1'] } });
    assert.deepEqual(spec.process.env, ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `HOSTNAME=${ID.slice(0, 12)}`, 'B=2', 'C=3']);
  });
  test('the image PATH wins over the default; Tty adds TERM; Hostname is used', () => {
    const spec = buildSpec({ ...input({ Config: { Cmd: ['true'], Tty: true, Hostname: 'web' } }), image: { Env: ['PATH=/bin'] } });
    assert.deepEqual(spec.process.env, ['PATH=/bin', 'HOSTNAME=web', 'TERM=xterm']);
    assert.equal(spec.hostname, 'web');
    assert.equal(spec.process.terminal, false);
  });
  test('WorkingDir from the container, else the image, else /; relative is an error', () => {
    assert.equal(buildSpec(input({ Config: { Cmd: ['true'], WorkingDir: '/srv' } })).process.cwd, '/srv');
    assert.equal(buildSpec({ ...input({}), image: { WorkingDir: '/app' } }).process.cwd, '/app');
    assert.equal(buildSpec(input({})).process.cwd, '/');
    assert.throws(() => buildSpec(input({ Config: { Cmd: ['true'], WorkingDir: 'srv' } })), /WorkingDir "srv" must be an absolute path/);
  });
});

describe('user resolution', () => {
  const cases: { spec: string; groupAdd?: string[]; expected: { uid: number; gid: number; additionalGids: number[] } }[] = [
    { spec: '', expected: { uid: 0, gid: 0, additionalGids: [] } },
    { spec: 'app', expected: { uid: 1000, gid: 1000, additionalGids: [50, 29] } },
    { spec: '1000', expected: { uid: 1000, gid: 1000, additionalGids: [50, 29] } },
    { spec: '4242', expected: { uid: 4242, gid: 0, additionalGids: [] } },
    { spec: '4242:4343', expected: { uid: 4242, gid: 4343, additionalGids: [] } },
    { spec: 'www:staff', expected: { uid: 33, gid: 50, additionalGids: [] } },
    { spec: 'app:33', expected: { uid: 1000, gid: 33, additionalGids: [] } },
    { spec: 'www', groupAdd: ['audio', '777'], expected: { uid: 33, gid: 33, additionalGids: [50, 29, 777] } },
  ];
  for (const testCase of cases) {
    test(`"${testCase.spec}"${testCase.groupAdd ? ` + GroupAdd ${testCase.groupAdd.join(',')}` : ''}`, () => {
      const resolved = resolveUser(testCase.spec, PASSWD, GROUP, testCase.groupAdd);
      assert.deepEqual({ uid: resolved.uid, gid: resolved.gid, additionalGids: [...resolved.additionalGids] }, testCase.expected);
    });
  }
  test('unknown names are errors naming the user or group', () => {
    assert.throws(() => resolveUser('nobody', PASSWD, GROUP), /unable to find user nobody/);
    assert.throws(() => resolveUser('app:wheel', PASSWD, GROUP), /unable to find group wheel/);
    assert.throws(() => resolveUser('app', PASSWD, GROUP, ['wheel']), /GroupAdd "wheel"/);
  });
  test('the spec carries the resolved user; the image user is the default', () => {
    assert.deepEqual(buildSpec({ ...input({}), image: { User: 'www' } }).process.user, { uid: 33, gid: 33, additionalGids: [50] });
    assert.deepEqual(buildSpec({ ...input({ Config: { Cmd: ['true'], User: '0' } }), image: { User: 'www' } }).process.user, { uid: 0, gid: 0 });
  });
});

describe('capabilities', () => {
  const cases: { name: string; capAdd?: string[]; capDrop?: string[]; privileged?: boolean; check: (caps: string[]) => void }[] = [
    { name: 'Docker default set', check: (caps) => assert.deepEqual(caps, [...DEFAULT_CAPABILITIES]) },
    { name: 'add with and without CAP_, any case', capAdd: ['net_admin', 'CAP_SYS_PTRACE'], check: (caps) => assert.ok(caps.includes('CAP_NET_ADMIN') && caps.includes('CAP_SYS_PTRACE')) },
    { name: 'drop', capDrop: ['chown', 'CAP_KILL'], check: (caps) => assert.ok(!caps.includes('CAP_CHOWN') && !caps.includes('CAP_KILL') && caps.includes('CAP_SETUID')) },
    { name: 'drop ALL keeps only the adds', capDrop: ['ALL'], capAdd: ['NET_BIND_SERVICE'], check: (caps) => assert.deepEqual(caps, ['CAP_NET_BIND_SERVICE']) },
    { name: 'add ALL minus drops, cut to the host', capAdd: ['ALL'], capDrop: ['SYS_ADMIN'], check: (caps) => assert.ok(caps.includes('CAP_SYS_MODULE') && !caps.includes('CAP_SYS_ADMIN') && !caps.includes('CAP_SYS_RESOURCE')) },
    { name: 'privileged = every capability the host has', privileged: true, check: (caps) => assert.equal(caps.length, 40) },
  ];
  const hostCapabilities = [...DEFAULT_CAPABILITIES, 'CAP_NET_ADMIN', 'CAP_SYS_PTRACE', 'CAP_SYS_MODULE', 'CAP_SYS_ADMIN'];
  const all = 'CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_FSETID CAP_KILL CAP_SETGID CAP_SETUID CAP_SETPCAP CAP_LINUX_IMMUTABLE CAP_NET_BIND_SERVICE CAP_NET_BROADCAST CAP_NET_ADMIN CAP_NET_RAW CAP_IPC_LOCK CAP_IPC_OWNER CAP_SYS_MODULE CAP_SYS_RAWIO CAP_SYS_CHROOT CAP_SYS_PTRACE CAP_SYS_PACCT CAP_SYS_ADMIN CAP_SYS_BOOT CAP_SYS_NICE CAP_SYS_TIME CAP_SYS_TTY_CONFIG CAP_MKNOD CAP_LEASE CAP_AUDIT_WRITE CAP_AUDIT_CONTROL CAP_SETFCAP CAP_MAC_OVERRIDE CAP_MAC_ADMIN CAP_SYSLOG CAP_WAKE_ALARM CAP_BLOCK_SUSPEND CAP_AUDIT_READ CAP_PERFMON CAP_BPF CAP_CHECKPOINT_RESTORE'.split(' ');
  for (const testCase of cases) {
    test(testCase.name, () => {
      testCase.check(resolveCapabilities({ capAdd: testCase.capAdd, capDrop: testCase.capDrop, privileged: testCase.privileged, hostCapabilities: testCase.privileged ? all : hostCapabilities }));
    });
  }
  test('unknown capability, or one the host lacks, is an error', () => {
    assert.throws(() => resolveCapabilities({ capAdd: ['FLY'] }), /CapAdd: unknown capability "FLY"/);
    assert.throws(() => resolveCapabilities({ capAdd: ['SYS_RESOURCE'], hostCapabilities }), /CapAdd CAP_SYS_RESOURCE: this host cannot grant it/);
  });
  test('the spec has bounding = effective = permitted and no ambient or inheritable set', () => {
    const spec = buildSpec(input({}));
    assert.deepEqual(Object.keys(spec.process.capabilities ?? {}).sort(), ['bounding', 'effective', 'permitted']);
  });
});

describe('rlimits', () => {
  test('default nofile 1024:1024, requests clamped to the host hard limit, -1 = unlimited', () => {
    const spec = buildSpec(input({ HostConfig: { Ulimits: [{ Name: 'nproc', Soft: 1048576, Hard: 1048576 }, { Name: 'core', Soft: -1, Hard: -1 }] } }));
    assert.deepEqual(spec.process.rlimits, [
      { type: 'RLIMIT_CORE', soft: Number.POSITIVE_INFINITY, hard: Number.POSITIVE_INFINITY },
      { type: 'RLIMIT_NOFILE', soft: 1024, hard: 1024 },
      { type: 'RLIMIT_NPROC', soft: 96343, hard: 96343 },
    ]);
    assert.match(serializeSpec(spec), /"soft": 18446744073709551615/);
    const raised = buildSpec(input({ HostConfig: { Ulimits: [{ Name: 'nofile', Soft: 65536, Hard: 1048576 }] } }));
    assert.deepEqual(raised.process.rlimits, [{ type: 'RLIMIT_NOFILE', soft: 20000, hard: 20000 }]);
  });
  test('unknown or inverted ulimits are errors', () => {
    assert.throws(() => buildSpec(input({ HostConfig: { Ulimits: [{ Name: 'files', Soft: 1, Hard: 1 }] } })), /unknown ulimit "files"/);
    assert.throws(() => buildSpec(input({ HostConfig: { Ulimits: [{ Name: 'nofile', Soft: 10, Hard: 5 }] } })), /soft limit 10 is above the hard limit 5/);
  });
});

describe('mounts', () => {
  test('defaults, /dev/shm with ShmSize, /etc files, masked and read-only paths', () => {
    const spec = buildSpec(input({ HostConfig: { ShmSize: 128 * 1024 * 1024 } }));
    assert.deepEqual(spec.mounts.map((mount) => mount.destination), ['/proc', '/dev', '/dev/pts', '/sys', '/sys/fs/cgroup', '/dev/mqueue', '/dev/shm', '/etc/resolv.conf', '/etc/hostname', '/etc/hosts']);
    assert.ok(spec.mounts.find((mount) => mount.destination === '/dev/shm')?.options.includes('size=134217728'));
    assert.ok(spec.mounts.find((mount) => mount.destination === '/sys')?.options.includes('ro'));
    assert.ok(spec.linux.maskedPaths?.includes('/proc/kcore'));
    assert.ok(spec.linux.readonlyPaths?.includes('/proc/sys'));
    assert.equal(spec.mounts.find((mount) => mount.destination === '/etc/hosts')?.source, '/c/hosts');
  });
  test('default shm is 64m; privileged has no masked paths and a writable /sys', () => {
    const spec = buildSpec(input({ HostConfig: { Privileged: true } }));
    assert.ok(spec.mounts.find((mount) => mount.destination === '/dev/shm')?.options.includes(`size=${64 * 1024 * 1024}`));
    assert.equal(spec.linux.maskedPaths, undefined);
    assert.ok(spec.mounts.find((mount) => mount.destination === '/sys')?.options.includes('rw'));
    assert.deepEqual(spec.linux.resources.devices, [{ allow: true, access: 'rwm' }]);
  });
  test('binds, API mounts (bind, volume with subpath, tmpfs), Tmpfs, anonymous volumes, sorted parents first', () => {
    const spec = buildSpec(input({
      Config: { Cmd: ['true'], Volumes: { '/cache': {} } },
      HostConfig: {
        Binds: ['/host/data:/data/sub:ro', 'named:/data', '/host/x:/x:rshared,rw'],
        Mounts: [
          { Type: 'bind', Source: '/host/conf', Target: '/etc/app', ReadOnly: true },
          { Type: 'volume', Source: 'vol', Target: '/v', VolumeOptions: { Subpath: 'a/b' } },
          { Type: 'tmpfs', Target: '/scratch', TmpfsOptions: { SizeBytes: 16777216, Mode: 0o1777 } },
        ],
        Tmpfs: { '/run': 'rw,exec,size=65536k' },
      },
    }));
    const user = spec.mounts.filter((mount) => !['/proc', '/dev', '/dev/pts', '/sys', '/sys/fs/cgroup', '/dev/mqueue', '/dev/shm', '/etc/resolv.conf', '/etc/hostname', '/etc/hosts'].includes(mount.destination));
    assert.deepEqual(user, [
      { destination: '/data', type: 'bind', source: '/volumes/named/_data', options: ['rbind', 'rprivate'] },
      { destination: '/x', type: 'bind', source: '/host/x', options: ['rbind', 'rshared'] },
      { destination: '/v', type: 'bind', source: '/volumes/vol/_data/a/b', options: ['rbind', 'rprivate'] },
      { destination: '/scratch', type: 'tmpfs', source: 'tmpfs', options: ['noexec', 'nosuid', 'nodev', 'size=16777216', 'mode=1777'] },
      { destination: '/run', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'rw', 'exec', 'size=65536k'] },
      { destination: '/cache', type: 'bind', source: '/volumes/anon-cache/_data', options: ['rbind', 'rprivate'] },
      { destination: '/data/sub', type: 'bind', source: '/host/data', options: ['rbind', 'rprivate', 'ro'] },
      { destination: '/etc/app', type: 'bind', source: '/host/conf', options: ['rbind', 'rprivate', 'ro'] },
    ]);
  });
  test('a user mount replaces a default one; ReadonlyRootfs makes the /etc files read-only', () => {
    const spec = buildSpec(input({ HostConfig: { ReadonlyRootfs: true, Binds: ['/host/hosts:/etc/hosts'] } }));
    assert.equal(spec.root.readonly, true);
    assert.equal(spec.mounts.filter((mount) => mount.destination === '/etc/hosts').length, 1);
    assert.equal(spec.mounts.find((mount) => mount.destination === '/etc/hosts')?.source, '/host/hosts');
    assert.ok(spec.mounts.find((mount) => mount.destination === '/etc/resolv.conf')?.options.includes('ro'));
  });
  test('bad mounts are errors naming the option', () => {
    assert.throws(() => buildSpec(input({ HostConfig: { Binds: ['/a:relative'] } })), /Binds "\/a:relative": the mount target "relative" must be an absolute path/);
    assert.throws(() => buildSpec(input({ HostConfig: { Binds: ['/a:/b:bogus'] } })), /unknown option "bogus"/);
    assert.throws(() => buildSpec(input({ HostConfig: { Binds: ['/a:/b', '/c:/b'] } })), /duplicate mount point \/b/);
    assert.throws(() => buildSpec(input({ HostConfig: { Mounts: [{ Type: 'npipe', Target: '/p' }] } })), /Mounts\[0\]\.Type "npipe" is not supported/);
    assert.throws(() => buildSpec(input({ HostConfig: { Mounts: [{ Type: 'volume', Source: 'v', Target: '/v', VolumeOptions: { Subpath: '../x' } }] } })), /Subpath "\.\.\/x" must stay inside the volume/);
  });
  test('tmpfs options: later ones win', () => {
    assert.deepEqual(mergeTmpfsOptions(['noexec', 'nosuid', 'size=1m', 'exec', 'size=2m']), ['nosuid', 'exec', 'size=2m']);
  });
  test('ipc host binds the host /dev/shm; ipc none has none', () => {
    assert.equal(buildSpec(input({ HostConfig: { IpcMode: 'host' } })).mounts.find((mount) => mount.destination === '/dev/shm')?.source, '/dev/shm');
    assert.equal(buildSpec(input({ HostConfig: { IpcMode: 'none' } })).mounts.find((mount) => mount.destination === '/dev/shm'), undefined);
  });
});

describe('namespaces', () => {
  const types = (spec: ReturnType<typeof buildSpec>): string[] => spec.linux.namespaces.map((ns) => (ns.path ? `${ns.type}=${ns.path}` : ns.type));
  test('none: a new netns; host: none; container:<id>: the given path', () => {
    assert.deepEqual(types(buildSpec(input({}))), ['mount', 'network', 'pid', 'ipc', 'uts']);
    assert.deepEqual(types(buildSpec(input({ HostConfig: { NetworkMode: 'host', PidMode: 'host', IpcMode: 'host' } }))), ['mount', 'uts']);
    assert.deepEqual(types(buildSpec(input({ HostConfig: { NetworkMode: 'container:abc' } }, { networkNamespacePath: '/proc/42/ns/net' }))), ['mount', 'network=/proc/42/ns/net', 'pid', 'ipc', 'uts']);
  });
  test('a network mode without a namespace path is refused by name', () => {
    assert.throws(() => buildSpec(input({ HostConfig: { NetworkMode: 'bridge' } })), /HostConfig\.NetworkMode "bridge" is not supported/);
    assert.throws(() => buildSpec(input({ HostConfig: { PidMode: 'container:x' } })), /HostConfig\.PidMode "container:x" is not supported/);
  });
  test('cgroupsPath is absolute under /berth by default', () => {
    assert.equal(buildSpec(input({})).linux.cgroupsPath, `/berth/${ID}`);
    assert.equal(buildSpec(input({ HostConfig: { CgroupParent: 'custom/parent' } })).linux.cgroupsPath, `/custom/parent/${ID}`);
  });
});

describe('resources, devices, sysctls', () => {
  test('memory, swap, reservation, cpus, shares, cpuset, pids, oom killer', () => {
    const spec = buildSpec(input({ HostConfig: { Memory: 64 << 20, MemoryReservation: 32 << 20, NanoCpus: 1.5e9, CpuShares: 512, CpusetCpus: '0', CpusetMems: '0', PidsLimit: 100, OomKillDisable: true } }));
    assert.deepEqual(spec.linux.resources.memory, { limit: 64 << 20, swap: 128 << 20, reservation: 32 << 20, disableOOMKiller: true });
    assert.deepEqual(spec.linux.resources.cpu, { period: 100000, quota: 150000, shares: 512, cpus: '0', mems: '0' });
    assert.deepEqual(spec.linux.resources.pids, { limit: 100 });
    const explicit = buildSpec(input({ HostConfig: { Memory: 64 << 20, MemorySwap: -1, CpuQuota: 50000, CpuPeriod: 200000 } }, { swapLimitSupported: true }));
    assert.deepEqual(explicit.linux.resources.memory, { limit: 64 << 20, swap: -1 });
    assert.deepEqual(explicit.linux.resources.cpu, { quota: 50000, period: 200000 });
    assert.deepEqual(buildSpec(input({ HostConfig: { Memory: 64 << 20 } }, { swapLimitSupported: false })).linux.resources.memory, { limit: 64 << 20 });
  });
  test('Docker validation errors', () => {
    assert.throws(() => buildSpec(input({ HostConfig: { Memory: 1024 } })), /minimum memory limit is 6MB/);
    assert.throws(() => buildSpec(input({ HostConfig: { Memory: 64 << 20, MemorySwap: 32 << 20 } })), /MemorySwap .* must be at least Memory/);
    assert.throws(() => buildSpec(input({ HostConfig: { NanoCpus: 1e9, CpuQuota: 1000 } })), /NanoCpus conflicts with CpuQuota/);
  });
  test('devices: node + cgroup rule; DeviceCgroupRules', () => {
    const spec = buildSpec(input({ HostConfig: { Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/f', CgroupPermissions: 'rw' }], DeviceCgroupRules: ['c 1:3 rwm', 'b *:* m'] } }, {
      resolveDevice: () => ({ type: 'c', major: 10, minor: 229, fileMode: 0o666, uid: 0, gid: 0 }),
    }));
    assert.deepEqual(spec.linux.devices, [{ path: '/dev/f', type: 'c', major: 10, minor: 229, fileMode: 0o666, uid: 0, gid: 0 }]);
    assert.deepEqual(spec.linux.resources.devices, [
      { allow: false, access: 'rwm' },
      { allow: true, type: 'c', major: 10, minor: 229, access: 'rw' },
      { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
      { allow: true, type: 'b', access: 'm' },
    ]);
  });
  test('sysctls: namespaced only', () => {
    assert.deepEqual(buildSpec(input({ HostConfig: { Sysctls: { 'net.ipv4.ip_forward': '1', 'kernel.shmmax': '100' } } })).linux.sysctl, { 'kernel.shmmax': '100', 'net.ipv4.ip_forward': '1' });
    assert.throws(() => buildSpec(input({ HostConfig: { Sysctls: { 'vm.swappiness': '1' } } })), /"vm.swappiness": not a namespaced sysctl/);
    assert.throws(() => buildSpec(input({ HostConfig: { NetworkMode: 'host', Sysctls: { 'net.ipv4.ip_forward': '1' } } })), /cannot be set with network_mode: host/);
  });
});

describe('options', () => {
  test('zero values of refused options pass (the docker CLI sends them); set ones are errors naming the option', () => {
    assert.doesNotThrow(() => buildSpec(input({ HostConfig: { BlkioWeight: 0, KernelMemory: 0, BlkioWeightDevice: [], ConsoleSize: [0, 0], LogConfig: { Type: '', Config: {} } } })));
    assert.throws(() => buildSpec(input({ HostConfig: { BlkioWeight: 300 } })), /HostConfig\.BlkioWeight is not supported: berthd does not implement it/);
    assert.throws(() => buildSpec(input({ HostConfig: { Frobnicate: true } })), /HostConfig\.Frobnicate is not supported: berthd does not know this option/);
    assert.throws(() => buildSpec(input({ HostConfig: { Runtime: 'kata' } })), /HostConfig\.Runtime "kata"/);
    assert.throws(() => buildSpec(input({ HostConfig: { SecurityOpt: ['seccomp=/p.json'] } })), /SecurityOpt "seccomp=\/p.json" is not supported/);
  });
  test('SecurityOpt no-new-privileges and systempaths=unconfined', () => {
    const spec = buildSpec(input({ HostConfig: { SecurityOpt: ['no-new-privileges', 'systempaths=unconfined', 'seccomp=unconfined'] } }));
    assert.equal(spec.process.noNewPrivileges, true);
    assert.equal(spec.linux.maskedPaths, undefined);
  });
});
