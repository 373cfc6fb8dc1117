/**
 * compose-go `loader/testdata` (except extends/ and remote/, which have their
 * own files): include, cycles, extends from other folders, `version`, empty files.
 */
import type { Fact, FixtureEntry } from './conformance-case.js';
import { inline } from './inline-load.js';

/**
 * What compose-test-extends-imported.yaml gives its `imported` service. compose-go's tests see the env_file
 * entry too; `docker compose config` folds it into `environment` and drops it (cli.WithDiscardEnvFile), as berth does.
 */
function importedService(containerName: string): Fact[] {
  const at = ['services', 'imported'] as const;
  return [
    { kind: 'equals', at: [...at, 'image'], value: 'nginx' },
    { kind: 'equals', at: [...at, 'container_name'], value: containerName },
    { kind: 'equals', at: [...at, 'environment'], value: { SOURCE: 'extends' } },
    { kind: 'absent', at: [...at, 'env_file'] },
    { kind: 'equals', at: [...at, 'volumes', 0, 'type'], value: 'bind' },
    { kind: 'equals', at: [...at, 'volumes', 0, 'source'], value: '/opt/data' },
    { kind: 'equals', at: [...at, 'volumes', 0, 'target'], value: '/var/lib/mysql' },
  ];
}

const INCLUDE_IMPORTED = [
  "name: 'test-include'",
  'include:',
  '  - path: ./testdata/subdir/compose-test-extends-imported.yaml',
  '    env_file: ./testdata/subdir/extra.env',
  'services:',
  '  foo:',
  '    image: busybox',
  '    depends_on:',
  '      - imported',
  '',
].join('\n');

const INCLUDE_TWICE = [
  "name: 'test-multi-include'",
  'include:',
  '  - path: ./testdata/subdir/compose-test-extends-imported.yaml',
  '    env_file: ./testdata/subdir/extra.env',
  '  - path: ./testdata/compose-include.yaml',
  'services:',
  '  foo:',
  '    image: busybox',
  '    depends_on:',
  '      - imported',
  '',
].join('\n');

const INCLUDE_TWICE_LOCAL_BAR = [
  "name: 'test-multi-include'",
  'include:',
  '  - path: ./testdata/subdir/compose-test-extends-imported.yaml',
  '    env_file: ./testdata/subdir/extra.env',
  '  - path: ./testdata/compose-include.yaml',
  '    env_file: ./testdata/subdir/extra.env',
  'services:',
  '  bar:',
  '    image: busybox',
  '    environment: !override',
  '      - ZOT=QIX',
  '',
].join('\n');

const CYCLE_SERVICES = ['service1', 'service2', 'service3'];

export const loaderEntries: readonly FixtureEntry[] = [
  {
    file: 'loader/testdata/Dockerfile',
    kind: 'covered-by',
    by: ['loader/testdata/compose-test-with-version.yaml'],
    note: 'not a compose file: the path that `build: ./Dockerfile` names',
  },
  {
    file: 'loader/testdata/combined/compose.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'an included file may extend a file beside it',
        source:
          'loader/include_test.go TestLoadIncludeExtendsCombined (loads); build: . is relative to dir/extended.yaml by the spec (extends keeps the base file\'s directory)',
        load: { cwd: 'loader', configFiles: ['testdata/combined/compose.yaml'], projectName: 'test-load-combined' },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'keys', at: ['services'], value: ['service'] },
            { kind: 'fixture-path', at: ['services', 'service', 'build', 'context'], fixture: 'loader/testdata/combined/dir' },
          ],
        },
      },
    ],
  },
  {
    file: 'loader/testdata/combined/dir/included.yaml',
    kind: 'covered-by',
    by: ['loader/testdata/combined/compose.yaml'],
    note: 'included; extends extended.yaml',
  },
  {
    file: 'loader/testdata/combined/dir/extended.yaml',
    kind: 'covered-by',
    by: ['loader/testdata/combined/compose.yaml'],
    note: 'extends base with build: .',
  },
  {
    file: 'loader/testdata/compose-depends-on-cycle.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'a depends_on cycle is an error',
        source: "loader/loader_test.go TestLoadDependsOnCycle: 'dependency cycle detected: service1 -> service2 -> service3 -> service1'",
        load: { cwd: 'loader', configFiles: ['testdata/compose-depends-on-cycle.yaml'] },
        expect: { kind: 'error', code: 'cycle', messageIncludes: [/cycle/i, ...CYCLE_SERVICES] },
      },
    ],
  },
  {
    file: 'loader/testdata/compose-depends-on-profile-no-cycle.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'despite its name, the file is the same cycle',
        source:
          'no compose-go test loads it (added with TestLoadDependsOnCycle, commit 20411c4); its content equals compose-depends-on-cycle.yaml and declares no profiles',
        load: { cwd: 'loader', configFiles: ['testdata/compose-depends-on-profile-no-cycle.yaml'] },
        expect: { kind: 'error', code: 'cycle', messageIncludes: [/cycle/i, ...CYCLE_SERVICES] },
      },
    ],
  },
  {
    file: 'loader/testdata/compose-depends-on-self.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'depending on itself is a cycle',
        source: "loader/loader_test.go TestLoadDependsOnSelf: 'dependency cycle detected: service1 -> service1'",
        load: { cwd: 'loader', configFiles: ['testdata/compose-depends-on-self.yaml'] },
        expect: { kind: 'error', code: 'cycle', messageIncludes: [/cycle/i, 'service1'] },
      },
    ],
  },
  {
    file: 'loader/testdata/compose-include-cycle.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'a file including itself is a cycle',
        source: "loader/loader_test.go TestLoadWithIncludeCycle: message starts 'include cycle detected'",
        load: { cwd: 'loader', configFiles: ['testdata/compose-include-cycle.yaml'] },
        expect: { kind: 'error', code: 'cycle', messageIncludes: [/include/i, /cycle/i, 'compose-include-cycle.yaml'] },
      },
    ],
  },
  {
    file: 'loader/testdata/compose-include.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'the same file included twice is one service, interpolated with the shell',
        source: 'loader/include_test.go TestLoadWithMultipleInclude (SOURCE=override)',
        load: inline('multi-include.yaml', INCLUDE_TWICE, { SOURCE: 'override' }),
        expect: {
          kind: 'project',
          facts: [
            { kind: 'keys', at: ['services'], value: ['bar', 'foo', 'imported'] },
            { kind: 'equals', at: ['services', 'imported', 'container_name'], value: 'override' },
            { kind: 'equals', at: ['services', 'bar', 'environment'], value: { FOO: 'BAR' } },
          ],
        },
      },
      {
        name: 'a local service merges over the included one of the same name',
        source: 'loader/include_test.go TestLoadWithMultipleIncludeConflict (bar = busybox with only ZOT=QIX)',
        load: inline('multi-include-conflict.yaml', INCLUDE_TWICE_LOCAL_BAR, { SOURCE: 'override' }),
        expect: {
          kind: 'project',
          facts: [
            { kind: 'equals', at: ['services', 'bar', 'image'], value: 'busybox' },
            { kind: 'equals', at: ['services', 'bar', 'environment'], value: { ZOT: 'QIX' } },
          ],
        },
      },
    ],
  },
  {
    file: 'loader/testdata/compose-test-extends-with-context-url.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'a URL build context is kept as written',
        source: 'loader/loader_test.go TestLoadWithExtendsWithContextUrl',
        load: { cwd: 'loader', configFiles: ['testdata/compose-test-extends-with-context-url.yaml'] },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'equals', at: ['name'], value: 'compose-test-extends-with-context-url' },
            { kind: 'keys', at: ['services'], value: ['importer-with-https-url'] },
            {
              kind: 'equals',
              at: ['services', 'importer-with-https-url', 'build', 'context'],
              value: 'https://github.com/docker/compose.git',
            },
            { kind: 'equals', at: ['services', 'importer-with-https-url', 'build', 'dockerfile'], value: 'Dockerfile' },
            { kind: 'absent', at: ['services', 'importer-with-https-url', 'image'] },
          ],
        },
      },
    ],
  },
  {
    file: 'loader/testdata/compose-test-extends-with-context-url-imported.yaml',
    kind: 'covered-by',
    by: ['loader/testdata/compose-test-extends-with-context-url.yaml'],
    note: 'extends base',
  },
  {
    file: 'loader/testdata/compose-test-extends.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'extends from another directory keeps that directory for relative paths; env_file does not feed interpolation',
        source: 'loader/loader_test.go TestLoadWithExtends (container_name stays "imported": SOURCE only exists in the env_file)',
        load: { cwd: 'loader', configFiles: ['testdata/compose-test-extends.yaml'] },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'equals', at: ['name'], value: 'compose-test-extends' },
            { kind: 'keys', at: ['services'], value: ['importer'] },
            { kind: 'equals', at: ['services', 'importer', 'image'], value: 'nginx' },
            { kind: 'equals', at: ['services', 'importer', 'container_name'], value: 'imported' },
            { kind: 'equals', at: ['services', 'importer', 'environment'], value: { SOURCE: 'extends' } },
            { kind: 'absent', at: ['services', 'importer', 'env_file'] },
            { kind: 'equals', at: ['services', 'importer', 'volumes', 0, 'source'], value: '/opt/data' },
            { kind: 'equals', at: ['services', 'importer', 'volumes', 0, 'target'], value: '/var/lib/mysql' },
            { kind: 'keys', at: ['services', 'importer', 'networks'], value: ['default'] },
          ],
        },
      },
    ],
  },
  {
    file: 'loader/testdata/subdir/compose-test-extends-imported.yaml',
    kind: 'cases',
    cases: [
      {
        name: "include's env_file feeds the included file's interpolation",
        source: 'loader/loader_test.go TestLoadWithInclude (first load: container_name "extends" from extra.env)',
        load: inline('include-imported.yaml', INCLUDE_IMPORTED),
        expect: {
          kind: 'project',
          facts: [
            { kind: 'keys', at: ['services'], value: ['foo', 'imported'] },
            { kind: 'equals', at: ['services', 'foo', 'image'], value: 'busybox' },
            { kind: 'equals', at: ['services', 'foo', 'depends_on', 'imported', 'condition'], value: 'service_started' },
            { kind: 'equals', at: ['services', 'foo', 'depends_on', 'imported', 'required'], value: true },
            ...importedService('extends'),
          ],
        },
      },
      {
        name: "the shell wins over include's env_file",
        source: 'loader/loader_test.go TestLoadWithInclude (second load, SOURCE=override)',
        load: inline('include-imported.yaml', INCLUDE_IMPORTED, { SOURCE: 'override' }),
        expect: { kind: 'project', facts: [{ kind: 'equals', at: ['services', 'imported', 'container_name'], value: 'override' }] },
      },
      {
        name: 'a later -f overrides an included service',
        source: 'loader/loader_test.go TestLoadWithIncludeOverride',
        load: {
          cwd: 'loader',
          configFiles: ['include-override.yaml', 'include-override-2.yaml'],
          writes: {
            'include-override.yaml': "name: 'test-include-override'\ninclude:\n  - ./testdata/subdir/compose-test-extends-imported.yaml\n",
            'include-override-2.yaml': 'services:\n  imported:\n    image: overridden\n',
          },
        },
        expect: { kind: 'project', facts: [{ kind: 'equals', at: ['services', 'imported', 'image'], value: 'overridden' }] },
      },
    ],
  },
  {
    file: 'loader/testdata/subdir/extra.env',
    kind: 'covered-by',
    by: ['loader/testdata/compose-test-extends.yaml', 'loader/testdata/subdir/compose-test-extends-imported.yaml'],
    note: 'SOURCE=extends, as env_file and as include env_file',
  },
  {
    file: 'loader/testdata/compose-test-with-version.yaml',
    kind: 'cases',
    cases: [
      {
        name: '`version` is obsolete: warned about and ignored',
        source:
          'loader/loader_test.go TestComposeFileWithVersion + with-version-struct_test.go (file given as content, working dir loader/, so ./Dockerfile resolves there); warning: loader/loader.go; network name: loader/normalize.go',
        load: {
          cwd: 'loader',
          configFiles: ['testdata/compose-test-with-version.yaml'],
          projectDirectory: '.',
          environment: { QUX: 'qux_from_environment' },
        },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'equals', at: ['name'], value: 'compose-test-with-version' },
            { kind: 'absent', at: ['version'] },
            { kind: 'keys', at: ['services'], value: ['other', 'web'] },
            { kind: 'fixture-path', at: ['services', 'web', 'build', 'context'], fixture: 'loader/Dockerfile' },
            { kind: 'keys', at: ['services', 'web', 'networks'], value: ['default', 'front'] },
            { kind: 'equals', at: ['services', 'web', 'volumes_from'], value: ['other'] },
            { kind: 'equals', at: ['services', 'other', 'image'], value: 'busybox:1.31.0-uclibc' },
            { kind: 'equals', at: ['services', 'other', 'command'], value: ['top'] },
            { kind: 'length', at: ['services', 'other', 'volumes'], value: 1 },
            { kind: 'equals', at: ['services', 'other', 'volumes', 0, 'type'], value: 'volume' },
            { kind: 'equals', at: ['services', 'other', 'volumes', 0, 'target'], value: '/data' },
            { kind: 'absent', at: ['services', 'other', 'volumes', 0, 'source'] },
            { kind: 'equals', at: ['volumes', 'data', 'driver'], value: 'local' },
            { kind: 'equals', at: ['networks', 'front', 'name'], value: 'compose-test-with-version_front' },
          ],
          warnings: [/\bversion\b.*\bobsolete\b/],
        },
      },
    ],
  },
  {
    file: 'loader/testdata/empty.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'an empty file is an error',
        source: "loader/loader_test.go TestEmptyFile: 'empty compose file'",
        load: { cwd: 'loader', configFiles: ['testdata/empty.yaml'] },
        expect: { kind: 'error', messageIncludes: [/empty/i] },
      },
    ],
  },
  {
    file: 'loader/testdata/include/compose.yaml',
    kind: 'cases',
    cases: [
      {
        name: "an included file's relative paths resolve against its own directory",
        source: 'loader/include_test.go TestIncludeRelative (context and volume source are "." there, unresolved)',
        load: { cwd: 'loader', configFiles: ['testdata/include/compose.yaml'], projectName: 'test-include-relative' },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'fixture-path', at: ['services', 'included', 'build', 'context'], fixture: 'loader/testdata/include' },
            { kind: 'fixture-path', at: ['services', 'included', 'volumes', 0, 'source'], fixture: 'loader/testdata/include' },
            { kind: 'equals', at: ['services', 'included', 'volumes', 0, 'target'], value: '/mnt' },
          ],
        },
      },
    ],
  },
  {
    file: 'loader/testdata/include/included.yaml',
    kind: 'covered-by',
    by: ['loader/testdata/include/compose.yaml'],
    note: 'included; build: . and ./:/mnt',
  },
  {
    file: 'loader/testdata/include/project-directory.yaml',
    kind: 'cases',
    cases: [
      {
        name: "include's project_directory is the base for the included file's paths",
        source: 'loader/include_test.go TestIncludeWithProjectDirectory',
        load: { cwd: 'loader', configFiles: ['testdata/include/project-directory.yaml'], projectName: 'test-load-project-directory' },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'fixture-path', at: ['services', 'service', 'build', 'context'], fixture: 'loader/testdata/subdir' },
            {
              kind: 'fixture-path',
              at: ['services', 'service', 'volumes', 0, 'source'],
              fixture: 'loader/testdata/subdir/compose-test-extends-imported.yaml',
            },
            { kind: 'absent', at: ['services', 'service', 'env_file'] },
            { kind: 'equals', at: ['services', 'service', 'environment', 'SOURCE'], value: 'extends' },
          ],
        },
      },
    ],
  },
  {
    file: 'loader/testdata/include/dir/compose.yaml',
    kind: 'covered-by',
    by: ['loader/testdata/include/project-directory.yaml'],
    note: 'included with project_directory ../subdir',
  },
];
