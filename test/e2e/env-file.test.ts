import { test } from 'node:test';
import assert from 'node:assert/strict';
import { e2eProject, expectExit, inspectContainer, TEST_IMAGE } from './support.js';

const envOf = async (container: string): Promise<string[]> => (await inspectContainer(container)).Config.Env;

test('.env in the project directory feeds interpolation only; --env-file replaces it; the shell environment wins over both', async (t) => {
  const project = await e2eProject(t, 'dotenv', {
    'compose.yaml': `
services:
  app:
    image: \${IMAGE_NAME}:\${IMAGE_TAG:-missing}
    command: ["sleep", "300"]
    # sleep as PID 1 ignores SIGTERM; the recreates need not wait 10 s for it.
    stop_signal: SIGKILL
    environment:
      GREETING: \${GREETING:-unset}
      ONLY_IN_DOTENV: \${ONLY_IN_DOTENV:-unset}
`,
    '.env': `IMAGE_NAME=${TEST_IMAGE.split(':')[0]}\nIMAGE_TAG=latest\nGREETING=from-dotenv\nONLY_IN_DOTENV=yes\nNOT_REFERENCED=leak\n`,
    'ci.env': `IMAGE_NAME=${TEST_IMAGE.split(':')[0]}\nIMAGE_TAG=latest\nGREETING=from-env-file\n`,
  });
  if (project === undefined) return;
  const container = `${project.name}-app-1`;

  expectExit(await project.berth(['up', '-d']), 0, 'up -d with .env');
  const fromDotenv = await envOf(container);
  assert.ok(fromDotenv.includes('GREETING=from-dotenv'), fromDotenv.join(' '));
  assert.ok(fromDotenv.includes('ONLY_IN_DOTENV=yes'));
  assert.ok(!fromDotenv.some((entry) => entry.startsWith('NOT_REFERENCED=')), '.env does not leak into the container');

  expectExit(await project.berth(['--env-file', 'ci.env', 'up', '-d']), 0, 'up -d --env-file');
  const fromFlag = await envOf(container);
  assert.ok(fromFlag.includes('GREETING=from-env-file'), fromFlag.join(' '));
  assert.ok(fromFlag.includes('ONLY_IN_DOTENV=unset'), '--env-file replaces .env rather than adding to it');

  expectExit(await project.berth(['--env-file', 'ci.env', 'up', '-d'], { env: { GREETING: 'from-shell' } }), 0, 'up -d with the variable in the shell');
  assert.ok((await envOf(container)).includes('GREETING=from-shell'));
});
