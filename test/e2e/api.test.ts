import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { fixture } from '../helpers/cli.js';
import { dockerHost, requireDocker, TEST_IMAGE } from '../helpers/docker.js';
import { up } from '../../src/index.js';
import { containersOf, eventually } from './support.js';

function get(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path: '/', timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

test('up() starts a stack keyed by service, and disposing it removes everything', async (t) => {
  if (!(await requireDocker(t))) return;
  const projectName = `e2e-api-${randomBytes(3).toString('hex')}`;
  await using dir = await fixture({
    'compose.yaml': `
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "mkdir -p /www && echo api > /www/index.html && echo serving && exec httpd -f -p 80 -h /www"]
    ports: ["127.0.0.1::80"]
`,
  });
  {
    await using stack = await up({ workingDir: dir.dir, projectName, environment: { DOCKER_HOST: dockerHost() } });
    assert.deepEqual(stack.services, ['web']);
    const endpoint = await stack.endpoint('web', 80);
    assert.equal(endpoint.host, '127.0.0.1');
    assert.equal(await eventually(() => get(endpoint.host, endpoint.port), 15_000, 'web answering'), 'api\n');

    const result = await stack.exec('web', ['sh', '-c', 'echo out; exit 3']);
    assert.deepEqual(result, { exitCode: 3, stdout: 'out\n', stderr: '' });

    const [entry] = await stack.ps();
    assert.equal(entry?.Name, `${projectName}-web-1`);
    assert.equal(entry?.State, 'running');

    const lines: string[] = [];
    await eventually(async () => {
      lines.length = 0;
      for await (const line of stack.logs('web')) lines.push(`${line.container} ${line.text}`);
      assert.deepEqual(lines, ['web-1 serving']);
    }, 10_000, 'the log line');

    await assert.rejects(stack.endpoint('web', 81), /does not publish port 81\/tcp/);
  }
  assert.deepEqual([...(await containersOf(projectName)).keys()], []);
});
