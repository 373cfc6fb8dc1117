import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EngineError } from '../errors.js';
import { daemonMessage, toEngineError } from './errors.js';

function modemError(statusCode: number, message: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode, json: { message } });
}

describe('toEngineError', () => {
  const cases: { name: string; error: unknown; kind: string }[] = [
    { name: '404', error: modemError(404, 'No such container: x'), kind: 'not_found' },
    { name: '409', error: modemError(409, 'Conflict. The container name "/x" is already in use'), kind: 'conflict' },
    { name: '403 (network with active endpoints)', error: modemError(403, 'error while removing network: network x has active endpoints'), kind: 'conflict' },
    { name: '400', error: modemError(400, 'invalid reference format'), kind: 'invalid' },
    { name: '501', error: modemError(501, 'not implemented'), kind: 'unsupported' },
    { name: '500 for a taken port', error: modemError(500, 'driver failed programming external connectivity: Bind for 0.0.0.0:80 failed: port is already allocated'), kind: 'conflict' },
    { name: '500 for a missing image', error: modemError(500, 'manifest unknown'), kind: 'not_found' },
    { name: '500 otherwise', error: modemError(500, 'something broke'), kind: 'invalid' },
    { name: 'ECONNREFUSED', error: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), kind: 'unavailable' },
    { name: 'a missing socket', error: Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' }), kind: 'unavailable' },
  ];
  for (const entry of cases) {
    test(entry.name, () => {
      const mapped = toEngineError(entry.error, 'starting container web', 'unix:///var/run/docker.sock');
      assert.ok(mapped instanceof EngineError);
      assert.equal(mapped.kind, entry.kind);
      assert.match(mapped.message, /^starting container web: /);
      assert.equal(mapped.cause, entry.error);
    });
  }

  test('an unreachable engine says where it looked and what to do', () => {
    const mapped = toEngineError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'listing containers', 'tcp://10.0.0.1:2375') as Error;
    assert.match(mapped.message, /tcp:\/\/10\.0\.0\.1:2375/);
    assert.match(mapped.message, /DOCKER_HOST/);
  });

  test('an abort passes through as the signal’s reason', () => {
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    assert.equal(toEngineError(new Error('aborted'), 'pulling', 'h', controller.signal), controller.signal.reason);
  });

  test('the daemon’s message without the modem’s prefix', () => {
    assert.equal(daemonMessage(new Error('(HTTP code 409) unexpected - name in use ')), 'name in use');
    assert.equal(daemonMessage(modemError(404, 'No such image: a')), 'No such image: a');
  });
});
