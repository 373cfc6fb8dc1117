import { test } from 'node:test';
import assert from 'node:assert/strict';
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
