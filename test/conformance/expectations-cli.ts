/**
 * compose-go `cli/testdata`: project names, `-f` sets, `.env` and `--env-file`.
 * The Go tests run with cwd = `cli/`; so do these, unless a test changed directory.
 */
import type { ConformanceCase, FixtureEntry } from './conformance-case.js';

const SIMPLE = 'testdata/simple/compose.yaml';

/** compose-go rejects each of these names both from `-p` and from `COMPOSE_PROJECT_NAME`. */
const INVALID_NAMES = ['-my_project', '_my_project', 'www.my.project', 'MY_PROJECT'] as const;

const invalidNameCases: ConformanceCase[] = INVALID_NAMES.flatMap((name): ConformanceCase[] => [
  {
    name: `-p ${name} is rejected`,
    source: `cli/options_test.go TestProjectName: WithName(${JSON.stringify(name)}) fails with 'invalid project name'`,
    load: { cwd: 'cli', configFiles: [SIMPLE], projectName: name },
    expect: { kind: 'error', code: 'invalid_project_name', messageIncludes: [`"${name}"`] },
  },
  {
    name: `COMPOSE_PROJECT_NAME=${name} is rejected`,
    source: 'cli/options_test.go TestProjectName: the same name through COMPOSE_PROJECT_NAME fails too',
    load: { cwd: 'cli', configFiles: [SIMPLE], environment: { COMPOSE_PROJECT_NAME: name } },
    expect: { kind: 'error', code: 'invalid_project_name', messageIncludes: [`"${name}"`] },
  },
]);

export const cliEntries: readonly FixtureEntry[] = [
  {
    file: 'cli/testdata/simple/compose.yaml',
    kind: 'cases',
    cases: [
      {
        name: '-p wins',
        source: 'cli/options_test.go TestProjectName "by name"',
        load: { cwd: 'cli', configFiles: [SIMPLE], projectName: 'my_project' },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'equals', at: ['name'], value: 'my_project' },
            { kind: 'equals', at: ['services', 'simple', 'image'], value: 'nginx' },
          ],
        },
      },
      {
        name: '-p may start with a digit',
        source: 'cli/options_test.go TestProjectName "by name start with number"',
        load: { cwd: 'cli', configFiles: [SIMPLE], projectName: '42my_project_num' },
        expect: { kind: 'project', facts: [{ kind: 'equals', at: ['name'], value: '42my_project_num' }] },
      },
      {
        name: 'COMPOSE_PROJECT_NAME may start with a digit',
        source: 'cli/options_test.go TestProjectName "by name start with number" (WithEnv)',
        load: { cwd: 'cli', configFiles: [SIMPLE], environment: { COMPOSE_PROJECT_NAME: '42my_project_env' } },
        expect: { kind: 'project', facts: [{ kind: 'equals', at: ['name'], value: '42my_project_env' }] },
      },
      {
        name: 'without a name, the directory of the first file names the project',
        source: 'cli/options_test.go TestProjectName "by name empty" and "by compose file parent dir"',
        load: { cwd: 'cli', configFiles: [SIMPLE] },
        expect: { kind: 'project', facts: [{ kind: 'equals', at: ['name'], value: 'simple' }] },
      },
      {
        name: '--project-directory names the project',
        source: 'cli/options_test.go TestProjectName "by name empty working dir" (WithWorkingDirectory("/path/to/proj"))',
        load: { cwd: 'cli', configFiles: [SIMPLE], projectDirectory: '/path/to/proj' },
        expect: { kind: 'project', facts: [{ kind: 'equals', at: ['name'], value: 'proj' }] },
      },
      {
        name: '--project-directory / leaves no name',
        source: "cli/options_test.go TestProjectName \"by name must not come from root directory\": 'project name must not be empty'",
        load: { cwd: 'cli', configFiles: [SIMPLE], projectDirectory: '/' },
        expect: { kind: 'error', code: 'invalid_project_name', messageIncludes: ['must not be empty'] },
      },
      ...invalidNameCases,
      {
        name: '--project-directory . names the project after the cwd',
        source: 'cli/options_test.go TestProjectName "by working dir": cwd cli/ gives "cli"',
        load: { cwd: 'cli', configFiles: [SIMPLE], projectDirectory: '.' },
        expect: { kind: 'project', facts: [{ kind: 'equals', at: ['name'], value: 'cli' }] },
      },
      {
        name: 'COMPOSE_PROJECT_NAME from the shell',
        source: 'cli/options_test.go TestProjectName "by COMPOSE_PROJECT_NAME"',
        load: { cwd: 'cli', configFiles: [SIMPLE], environment: { COMPOSE_PROJECT_NAME: 'my_project_from_env' } },
        expect: { kind: 'project', facts: [{ kind: 'equals', at: ['name'], value: 'my_project_from_env' }] },
      },
      {
        name: 'default discovery in the project directory takes compose.yaml only',
        source:
          'cli/options_test.go TestProjectComposefilesFromSetOfFiles (WithDefaultConfigPath); compose-with-overrides.yaml is no override name, so nginx stays',
        load: { cwd: 'cli', projectDirectory: 'testdata/simple', projectName: 'my_project' },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'keys', at: ['services'], value: ['simple'] },
            { kind: 'equals', at: ['services', 'simple', 'image'], value: 'nginx' },
          ],
        },
      },
    ],
  },
  {
    file: 'cli/testdata/simple/compose-with-overrides.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'a second -f overrides the image',
        source: 'cli/options_test.go TestProjectFromSetOfFiles',
        load: { cwd: 'cli', configFiles: [SIMPLE, 'testdata/simple/compose-with-overrides.yaml'], projectName: 'my_project' },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'keys', at: ['services'], value: ['simple'] },
            { kind: 'equals', at: ['services', 'simple', 'image'], value: 'haproxy' },
          ],
        },
      },
    ],
  },
  {
    file: 'cli/testdata/UNNORMALIZED PATH/compose.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'a directory name is normalised into the project name',
        source: 'cli/options_test.go TestProjectName "by compose file parent dir special"',
        load: { cwd: 'cli', configFiles: ['testdata/UNNORMALIZED PATH/compose.yaml'] },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'equals', at: ['name'], value: 'unnormalizedpath' },
            { kind: 'equals', at: ['services', 'nginx', 'image'], value: 'nginx' },
          ],
        },
      },
    ],
  },
  {
    file: 'cli/testdata/simple/compose-name.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'name: is interpolated',
        source: 'cli/options_test.go TestProjectName "by name in compose.yaml with variable"',
        load: { cwd: 'cli', configFiles: ['testdata/simple/compose-name.yaml'], environment: { TEST: 'expected' } },
        expect: { kind: 'project', facts: [{ kind: 'equals', at: ['name'], value: 'test-expected-test' }] },
      },
    ],
  },
  {
    file: 'cli/testdata/simple/compose-with-variables.yaml',
    kind: 'cases',
    cases: [
      {
        name: '.env in the project directory feeds interpolation',
        source: 'cli/options_test.go TestProjectWithDotEnv (cwd testdata/simple)',
        load: { cwd: 'cli/testdata/simple', configFiles: ['compose-with-variables.yaml'], projectName: 'my_project' },
        expect: { kind: 'project', facts: [{ kind: 'equals', at: ['services', 'simple', 'ports', 0, 'published'], value: '8000' }] },
      },
    ],
  },
  {
    file: 'cli/testdata/simple/.env',
    kind: 'covered-by',
    by: ['cli/testdata/simple/compose-with-variables.yaml'],
    note: 'PUBLIC_PORT=8000, read as the default .env',
  },
  {
    file: 'cli/testdata/simple/compose-with-paths.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'bind sources: a Windows absolute path is kept, relative ones resolve against the project directory',
        source:
          'cli/options_windows_test.go TestConvertWithEnvVar (Windows only) for the three volumes; on Linux paths/unix.go maybeUnixPath keeps Windows-absolute sources as written',
        load: { cwd: 'cli', configFiles: ['testdata/simple/compose-with-paths.yaml'] },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'length', at: ['services', 'test', 'volumes'], value: 3 },
            { kind: 'equals', at: ['services', 'test', 'volumes', 0, 'source'], value: 'C:\\docker\\project' },
            { kind: 'fixture-path', at: ['services', 'test', 'volumes', 1, 'source'], fixture: 'cli/testdata/simple/relative' },
            { kind: 'equals', at: ['services', 'test', 'volumes', 1, 'target'], value: '/test-relative' },
            { kind: 'equals', at: ['services', 'test', 'volumes', 2, 'type'], value: 'bind' },
            { kind: 'fixture-path', at: ['services', 'test', 'volumes', 2, 'source'], fixture: 'cli/testdata/simple/relative2' },
            { kind: 'equals', at: ['services', 'test', 'volumes', 2, 'target'], value: '/test-relative2' },
          ],
        },
      },
    ],
  },
  {
    file: 'cli/testdata/env-file/.env',
    kind: 'cases',
    cases: [
      {
        name: 'COMPOSE_FILE and COMPOSE_PROJECT_NAME may come from .env',
        source: 'cli/options_test.go TestProjectName "by .env" (cwd testdata/env-file, no -f, WithDotEnv + WithConfigFileEnv)',
        load: { cwd: 'cli/testdata/env-file' },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'equals', at: ['name'], value: 'my_project_from_dot_env' },
            { kind: 'equals', at: ['services', 'simple', 'image'], value: 'nginx' },
          ],
        },
      },
    ],
  },
  {
    file: 'cli/testdata/env-file/compose-with-env-file.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'env_file values reach the service environment',
        source: 'cli/options_test.go TestProjectWithDiscardEnvFile (environment resolved from ./simple-env; literal port)',
        load: { cwd: 'cli', configFiles: ['testdata/env-file/compose-with-env-file.yaml'] },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'equals', at: ['services', 'simple', 'environment', 'DEFAULT_PORT'], value: '8080' },
            { kind: 'equals', at: ['services', 'simple', 'ports', 0, 'published'], value: '8000' },
            { kind: 'equals', at: ['services', 'simple', 'ports', 0, 'target'], value: 80 },
          ],
          warnings: [/version/],
        },
      },
      {
        name: 'the project directory names the project when no env file names it',
        source:
          'cli/options_test.go TestProjectNameFromWorkingDir; that test reads no .env (whose COMPOSE_PROJECT_NAME would win), so --env-file points at simple-env instead',
        load: {
          cwd: 'cli',
          configFiles: ['testdata/env-file/compose-with-env-file.yaml'],
          envFiles: ['testdata/env-file/simple-env'],
        },
        expect: { kind: 'project', facts: [{ kind: 'equals', at: ['name'], value: 'env-file' }] },
      },
    ],
  },
  {
    file: 'cli/testdata/env-file/compose-with-env-files.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'later env files win: --env-file for interpolation, env_file for the environment',
        source: 'cli/options_test.go TestProjectWithMultipleEnvFile',
        load: {
          cwd: 'cli',
          configFiles: ['testdata/env-file/compose-with-env-files.yaml'],
          envFiles: ['testdata/env-file/.env', 'testdata/env-file/override.env'],
        },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'equals', at: ['services', 'simple', 'environment', 'DEFAULT_PORT'], value: '9090' },
            { kind: 'equals', at: ['services', 'simple', 'ports', 0, 'published'], value: '9000' },
          ],
        },
      },
    ],
  },
  {
    file: 'cli/testdata/env-file/override.env',
    kind: 'covered-by',
    by: ['cli/testdata/env-file/compose-with-env-files.yaml'],
    note: 'second --env-file, PORT=9000',
  },
  {
    file: 'cli/testdata/env-file/simple-env',
    kind: 'covered-by',
    by: ['cli/testdata/env-file/compose-with-env-file.yaml', 'cli/testdata/env-file/compose-with-env-files.yaml'],
    note: 'env_file of the service, DEFAULT_PORT=8080',
  },
  {
    file: 'cli/testdata/env-file/second-env',
    kind: 'covered-by',
    by: ['cli/testdata/env-file/compose-with-env-files.yaml'],
    note: 'second env_file of the service, DEFAULT_PORT=9090',
  },
];
