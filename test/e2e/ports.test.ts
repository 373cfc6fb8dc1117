import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { request } from 'node:http';
import { containersOf, e2eProject, eventually, expectExit, TEST_IMAGE } from './support.js';

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

test('a published port answers on 127.0.0.1', async (t) => {
  const project = await e2eProject(t, 'ports', {
    'compose.yaml': `
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "mkdir -p /www && echo published > /www/index.html && exec httpd -f -p 8080 -h /www"]
    ports:
      - "127.0.0.1::8080"
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const web = (await containersOf(project.name)).get(`${project.name}-web-1`);
  const binding = web?.Ports.find((port) => port.PrivatePort === 8080 && port.PublicPort !== undefined);
  assert.ok(binding?.PublicPort !== undefined, 'an ephemeral host port was published');
  assert.equal(binding.IP, '127.0.0.1');
  const body = await eventually(() => get(binding.PublicPort ?? 0), 15_000, 'the published port answering');
  assert.equal(body, 'published\n');
});

/** Datagrams the container's network namespace received for a port nothing listens on (Udp NoPorts in /proc/net/snmp). */
function udpNoPorts(snmp: string): number {
  const [header, values] = snmp.split('\n').filter((line) => line.startsWith('Udp:'));
  const index = (header ?? '').split(/\s+/).indexOf('NoPorts');
  return Number((values ?? '').split(/\s+/)[index]);
}

function sendDatagram(port: number, text: string): Promise<void> {
  const socket = createSocket('udp4');
  return new Promise<void>((resolve, reject) => socket.send(text, port, '127.0.0.1', (error) => (error ? reject(error) : resolve()))).finally(() => socket.close());
}

// The test image's busybox nc has no -u (Debian builds the small nc), so the
// container cannot echo; instead its kernel's counters show that datagrams sent
// to the published host port arrived on the container's own UDP port.
test('a published UDP port delivers datagrams to the container', async (t) => {
  const project = await e2eProject(t, 'udp', {
    'compose.yaml': `
services:
  sink:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    ports:
      - "127.0.0.1::9999/udp"
`,
  });
  if (project === undefined) return;
  expectExit(await project.berth(['up', '-d']), 0, 'up -d');
  const sink = (await containersOf(project.name)).get(`${project.name}-sink-1`);
  const binding = sink?.Ports.find((port) => port.PrivatePort === 9999 && port.Type === 'udp' && port.PublicPort !== undefined);
  assert.ok(binding?.PublicPort !== undefined, 'an ephemeral UDP host port was published');
  assert.equal(binding.IP, '127.0.0.1');
  assert.equal(sink?.Ports.some((port) => port.PrivatePort === 9999 && port.Type === 'tcp'), false, 'only UDP is published');

  const port = await project.berth(['port', '--protocol', 'udp', 'sink', '9999']);
  expectExit(port, 0, 'port --protocol udp');
  assert.equal(port.stdout, `127.0.0.1:${binding.PublicPort}\n`);

  const counter = async (): Promise<number> => {
    const snmp = await project.berth(['exec', '-T', 'sink', 'cat', '/proc/net/snmp']);
    expectExit(snmp, 0, 'read /proc/net/snmp');
    return udpNoPorts(snmp.stdout);
  };
  const before = await counter();
  assert.ok(Number.isInteger(before), 'the container reports its UDP counters');
  await eventually(async () => {
    await sendDatagram(binding.PublicPort ?? 0, 'ping');
    assert.ok((await counter()) > before, 'a datagram reached the container');
  }, 15_000, 'a datagram on the published port reaching the container');
});
