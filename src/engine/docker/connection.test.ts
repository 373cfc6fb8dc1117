import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEngineError } from '../errors.js';
import { formatDockerHost, parseDockerHost } from './connection.js';

const cases = [
  { address: undefined, expected: { kind: 'unix', socketPath: '/var/run/docker.sock' } },
  { address: '', expected: { kind: 'unix', socketPath: '/var/run/docker.sock' } },
  { address: 'unix:///run/user/1000/docker.sock', expected: { kind: 'unix', socketPath: '/run/user/1000/docker.sock' } },
  { address: 'unix://', expected: { kind: 'unix', socketPath: '/var/run/docker.sock' } },
  { address: 'tcp://127.0.0.1:2375', expected: { kind: 'tcp', protocol: 'http', host: '127.0.0.1', port: 2375 } },
  { address: 'tcp://docker.internal', expected: { kind: 'tcp', protocol: 'http', host: 'docker.internal', port: 2375 } },
  { address: 'https://docker.internal', expected: { kind: 'tcp', protocol: 'https', host: 'docker.internal', port: 2376 } },
  { address: 'tcp://[::1]:2375/', expected: { kind: 'tcp', protocol: 'http', host: '::1', port: 2375 } },
] as const;

for (const { address, expected } of cases) {
  test(`DOCKER_HOST=${String(address)}`, () => {
    assert.deepEqual(parseDockerHost(address), expected);
  });
}

test('an address berth cannot use says how to write one', () => {
  assert.throws(() => parseDockerHost('ssh://me@host'), (error: unknown) => isEngineError(error, 'invalid') && /tcp:\/\/HOST:PORT/.test(error.message));
});

test('formatted back for messages', () => {
  assert.equal(formatDockerHost(parseDockerHost(undefined)), 'unix:///var/run/docker.sock');
  assert.equal(formatDockerHost(parseDockerHost('tcp://h:1')), 'tcp://h:1');
});
