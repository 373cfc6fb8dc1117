import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePortRange, parsePortSpec, type ShortSyntaxPort } from './parse-port.js';

const tcp = (target: number, published?: string, host_ip?: string): ShortSyntaxPort => ({
  mode: 'ingress',
  ...(host_ip === undefined ? {} : { host_ip }),
  target,
  ...(published === undefined ? {} : { published }),
  protocol: 'tcp',
});
const udp = (target: number, published?: string): ShortSyntaxPort => ({ ...tcp(target, published), protocol: 'udp' });

describe('parsePortSpec', () => {
  const valid: [spec: string, expected: ShortSyntaxPort[]][] = [
    ['80', [tcp(80)]],
    ['80:8080', [tcp(8080, '80')]],
    ['80-90:8080', [tcp(8080, '80-90')]],
    ['8080:80/tcp', [tcp(80, '8080')]],
    ['8080:80/TCP', [tcp(80, '8080')]],
    ['80:8080/udp', [udp(8080, '80')]],
    ['80-81:8080-8081/tcp', [tcp(8080, '80'), tcp(8081, '81')]],
    ['80-82:8080-8082/udp', [udp(8080, '80'), udp(8081, '81'), udp(8082, '82')]],
    ['80-82:8080/udp', [udp(8080, '80-82')]],
    ['80-80:8080/tcp', [tcp(8080, '80')]],
    ['8080-8081:80', [tcp(80, '8080-8081')]],
    ['1.1.1.1:80:80', [tcp(80, '80', '1.1.1.1')]],
    ['127.0.0.1::80', [tcp(80, undefined, '127.0.0.1')]],
    ['[::1]:8080:80', [tcp(80, '8080', '::1')]],
    ['::1:8080:80', [tcp(80, '8080', '::1')]],
    ['[2001:db8::1]:53:53/udp', [{ ...udp(53, '53'), host_ip: '2001:db8::1' }]],
    ['3000-3001', [tcp(3000), tcp(3001)]],
    // compose-go orders expanded ports by their text, not their number
    ['8-10:8-10', [tcp(10, '10'), tcp(8, '8'), tcp(9, '9')]],
    ['0', [tcp(0)]],
  ];
  for (const [spec, expected] of valid) {
    test(`"${spec}"`, () => {
      assert.deepEqual(parsePortSpec(spec), { ok: true, value: expected });
    });
  }

  const invalid: [spec: string, reason: RegExp][] = [
    ['9999999', /container port "9999999" is not a port/],
    ['80/xyz', /"xyz" is not a protocol/],
    ['tcp', /container port "tcp" is not a port/],
    ['', /no container port/],
    ['80:', /no container port/],
    ['/udp', /no container port/],
    ['80-81:8080-8082', /differ in size/],
    ['90-80', /ends before it starts/],
    ['1.2.3:80:80', /"1.2.3" is not an IP address/],
    ['[::1:80:80', /is not an IP address/],
    ['abc:80', /host port "abc" is not a port/],
    ['65536:80', /host port "65536"/],
  ];
  for (const [spec, reason] of invalid) {
    test(`"${spec}" is rejected`, () => {
      const result = parsePortSpec(spec);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, reason);
    });
  }
});

describe('parsePortRange', () => {
  test('a single port is a range of one', () => {
    assert.deepEqual(parsePortRange('443'), { ok: true, value: [443, 443] });
  });
  test('a range keeps its bounds', () => {
    assert.deepEqual(parsePortRange('8000-8010'), { ok: true, value: [8000, 8010] });
  });
  test('signs and extra dashes are not ports', () => {
    assert.equal(parsePortRange('+80').ok, false);
    assert.equal(parsePortRange('1-2-3').ok, false);
  });
});
