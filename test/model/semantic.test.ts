import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BerthError } from '../../src/errors.js';
import { loadInline } from '../helpers/memory-host.js';

/** Each bad project: the error code, what the message must say, and the line it must point at. */
const cases: [string, string, string, RegExp, number][] = [
  ['neither image nor build', 'services:\n  web:\n    command: ["true"]\n', 'invalid_project', /neither an image nor a build context/, 2],
  ['undefined network', 'services:\n  web:\n    image: x\n    networks: [front]\n', 'invalid_project', /undefined network "front"/, 4],
  ['undefined volume', 'services:\n  web:\n    image: x\n    volumes: ["data:/data"]\n', 'invalid_project', /undefined volume "data"/, 4],
  ['undefined secret', 'services:\n  web:\n    image: x\n    secrets: [token]\n', 'invalid_project', /undefined secret "token"/, 4],
  ['undefined config', 'services:\n  web:\n    image: x\n    configs: [conf]\n', 'invalid_project', /undefined config "conf"/, 4],
  ['unknown dependency', 'services:\n  web:\n    image: x\n    depends_on: [db]\n', 'invalid_project', /depends on undefined service "db"/, 4],
  ['unknown link', 'services:\n  web:\n    image: x\n    links: ["db:database"]\n', 'invalid_project', /undefined service "db"/, 4],
  ['self dependency', 'services:\n  web:\n    image: x\n    depends_on: [web]\n', 'cycle', /dependency cycle detected: web -> web/, 4],
  ['dependency cycle', 'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [c]\n  c:\n    image: x\n    depends_on: [a]\n', 'cycle', /dependency cycle detected: a -> b -> c -> a/, 10],
  ['container_name with scale', 'services:\n  web:\n    image: x\n    container_name: fixed\n    scale: 2\n', 'invalid_project', /container_name "fixed" is unique/, 4],
  ['scale differs from replicas', 'services:\n  web:\n    image: x\n    scale: 2\n    deploy:\n      replicas: 3\n', 'invalid_project', /scale \(2\) and deploy.replicas \(3\) differ/, 4],
  ['network_mode with networks', 'services:\n  web:\n    image: x\n    network_mode: host\n    networks: [default]\n', 'invalid_project', /network_mode and networks/, 4],
  ['secret without a source', 'services:\n  web:\n    image: x\nsecrets:\n  token: {}\n', 'invalid_project', /secret "token" needs a source/, 5],
  ['unset required variable', 'services:\n  web:\n    image: ${IMAGE:?set IMAGE to the image to run}\n', 'missing_variable', /IMAGE.*set IMAGE to the image to run/, 3],
];

describe('semantic errors name the problem and where it is', () => {
  for (const [name, compose, code, message, line] of cases) {
    test(name, async () => {
      let caught: unknown;
      try {
        await loadInline(compose);
      } catch (error) {
        caught = error;
      }
      assert.ok(caught instanceof BerthError, `expected a BerthError, got ${String(caught)}`);
      assert.equal(caught.code, code);
      assert.match(caught.message, message);
      assert.equal(caught.location?.file, '/project/compose.yaml');
      assert.equal(caught.location?.line, line, caught.message);
    });
  }
});
