import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { containersOf, e2eProject, networksOf, volumesOf, TEST_IMAGE } from './support.js';

const cases: readonly { intent: string; compose: string; args?: readonly string[]; message: RegExp }[] = [
  { intent: 'yaml', compose: 'services:\n  web:\n    image: [unclosed\n', message: /compose\.yaml:\d+:\d+/ },
  { intent: 'schema', compose: `services:\n  web:\n    image: ${TEST_IMAGE}\n    imagee: typo\n    volumes: [data:/data]\nvolumes:\n  data: {}\n`, message: /imagee/ },
  { intent: 'cycle', compose: `services:\n  a:\n    image: ${TEST_IMAGE}\n    depends_on: [b]\n  b:\n    image: ${TEST_IMAGE}\n    depends_on: [a]\n`, message: /cycle/ },
  { intent: 'variable', compose: `services:\n  web:\n    image: \${MISSING_IMAGE:?set MISSING_IMAGE}\n`, message: /MISSING_IMAGE/ },
  { intent: 'port', compose: `services:\n  web:\n    image: ${TEST_IMAGE}\n    ports: ["99999:80"]\n`, message: /port/ },
  { intent: 'service', compose: `services:\n  web:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "300"]\n`, args: ['nosuch'], message: /no such service: nosuch/ },
  { intent: 'image', compose: `services:\n  web:\n    image: berth-test/does-not-exist:never\n    pull_policy: never\n    volumes: [data:/data]\nvolumes:\n  data: {}\n`, message: /does-not-exist/ },
];

describe('bad input fails before anything is created', () => {
  for (const { intent, compose, args = [], message } of cases) {
    test(intent, async (t) => {
      const project = await e2eProject(t, `bad-${intent}`, { 'compose.yaml': compose });
      if (project === undefined) return;
      const result = await project.berth(['up', '-d', ...args]);
      assert.equal(result.exitCode, 1, result.stderr);
      assert.match(result.stderr, message);
      assert.deepEqual([...(await containersOf(project.name)).keys()], []);
      assert.deepEqual(await networksOf(project.name), []);
      assert.deepEqual(await volumesOf(project.name), []);
    });
  }
});
