import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publishedAddress } from './port.js';

const container = {
  name: 'shop-web-1',
  ports: [
    { containerPort: '80/tcp', hostIp: '0.0.0.0', hostPort: 32768 },
    { containerPort: '80/tcp', hostIp: '::', hostPort: 32768 },
    { containerPort: '53/udp', hostIp: '127.0.0.1', hostPort: 5353 },
    { containerPort: '9000/tcp', hostIp: '', hostPort: 0 },
  ],
};

test('port prints HOST:PORT of the first binding of that port and protocol', () => {
  assert.equal(publishedAddress(container, 80, 'tcp'), '0.0.0.0:32768');
  assert.equal(publishedAddress(container, 53, 'UDP'), '127.0.0.1:5353');
});

test('a port that is not published names the ones the container has', () => {
  assert.throws(() => publishedAddress(container, 53, 'tcp'), /no port 53\/tcp for container shop-web-1: it has 80\/tcp, 53\/udp, 9000\/tcp/);
  assert.throws(() => publishedAddress(container, 9000, 'tcp'), /no port 9000\/tcp/);
  assert.throws(() => publishedAddress({ name: 'x', ports: [] }, 80, 'tcp'), /it publishes no ports/);
});
