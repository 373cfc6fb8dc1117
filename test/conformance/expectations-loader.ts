/**
 * compose-go `loader/testdata`: extends, include, cycles, remote resources.
 * Most Go tests hand the loader an in-memory file whose working directory is
 * `loader/`; here that file is written as `loader/<name>.yaml` and loaded with
 * cwd = `loader/`, which gives the same project directory.
 */
import type { ConformanceCase, Fact, FixtureEntry } from './conformance-case.js';

/** An in-memory compose file of a Go test, written into the copy and loaded alone. */
function inline(file: string, content: string, environment: Record<string, string> = {}): ConformanceCase['load'] {
  return { cwd: 'loader', configFiles: [file], writes: { [file]: content }, environment };
}

const extendsServiceRefs = (['with_volumes_from', 'with_depends_on', 'with_ipc', 'with_network_mode'] as const).flatMap(
  (base): ConformanceCase[] => {
    const yaml = [
      `name: extends-${base.replaceAll('_', '-')}`,
      'services:',
      '  bar:',
      '    extends:',
      '      file: ./testdata/extends/depends_on.yaml',
      `      service: ${base}`,
      '',
    ].join('\n');
    return [
      {
        name: `extending ${base} needs the referenced service locally`,
        source: `loader/extends_test.go TestExtendsWithServiceRef: 'service "bar" depends on undefined service "zot"'`,
        load: inline('extends-service-ref.yaml', yaml),
        expect: { kind: 'error', messageIncludes: ['bar', 'zot'] },
      },
      {
        name: `extending ${base} loads once zot is declared`,
        source: 'loader/extends_test.go TestExtendsWithServiceRef (second load, with a local zot)',
        load: inline('extends-service-ref.yaml', `${yaml}  zot:\n    image: zot\n`),
        expect: { kind: 'project', facts: [{ kind: 'keys', at: ['services'], value: ['bar', 'zot'] }] },
      },
    ];
  },
);

/** What compose-test-extends-imported.yaml gives its `imported` service (image, bind, env_file beside it). */
function importedService(containerName: string): Fact[] {
  const at = ['services', 'imported'] as const;
  return [
    { kind: 'equals', at: [...at, 'image'], value: 'nginx' },
    { kind: 'equals', at: [...at, 'container_name'], value: containerName },
    { kind: 'equals', at: [...at, 'environment'], value: { SOURCE: 'extends' } },
    { kind: 'fixture-path', at: [...at, 'env_file', 0, 'path'], fixture: 'loader/testdata/subdir/extra.env' },
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
            { kind: 'fixture-path', at: ['services', 'importer', 'env_file', 0, 'path'], fixture: 'loader/testdata/subdir/extra.env' },
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
          warnings: [/`?version`? is obsolete/],
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
    file: 'loader/testdata/extends/base.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'extends by file, also of a service that itself extends',
        source: 'loader/extends_test.go TestExtends (hostnames; image from base)',
        load: inline(
          'extends.yaml',
          [
            'name: test-extends',
            'services:',
            ...['test1:base', 'test2:base', 'test3:another'].flatMap((pair) => {
              const [service, base] = pair.split(':');
              return [
                `  ${service}:`,
                '    extends:',
                '      file: testdata/extends/base.yaml',
                `      service: ${base}`,
                `    hostname: ${service}`,
              ];
            }),
            '',
          ].join('\n'),
        ),
        expect: {
          kind: 'project',
          facts: [1, 2, 3].flatMap((n): Fact[] => [
            { kind: 'equals', at: ['services', `test${n}`, 'hostname'], value: `test${n}` },
            { kind: 'equals', at: ['services', `test${n}`, 'image'], value: 'base' },
          ]),
        },
      },
      {
        name: 'ports come from the base',
        source: 'loader/extends_test.go TestExtendsPort',
        load: inline(
          'extends-port.yaml',
          'name: test-extends-port\nservices:\n  test:\n    image: test\n    extends:\n      file: testdata/extends/base.yaml\n      service: with-port\n',
        ),
        expect: {
          kind: 'project',
          facts: [
            { kind: 'length', at: ['services', 'test', 'ports'], value: 1 },
            { kind: 'equals', at: ['services', 'test', 'ports', 0, 'target'], value: 8000 },
            { kind: 'equals', at: ['services', 'test', 'ports', 0, 'published'], value: '8000' },
          ],
        },
      },
      {
        name: 'ulimits come from the base',
        source: 'loader/extends_test.go TestExtendsUlimits',
        load: inline(
          'extends-ulimits.yaml',
          'name: test-extends\nservices:\n  test:\n    extends:\n      file: testdata/extends/base.yaml\n      service: withUlimits\n',
        ),
        expect: {
          kind: 'project',
          facts: [
            { kind: 'equals', at: ['services', 'test', 'ulimits', 'nproc'], value: 65535 },
            { kind: 'equals', at: ['services', 'test', 'ulimits', 'nofile'], value: { soft: 20000, hard: 40000 } },
          ],
        },
      },
      {
        name: 'a chain of file extends keeps the last file directory for build',
        source: 'loader/extends_test.go TestExtendsRelativePath (context = testdata/extends, where sibling.yaml is)',
        load: inline(
          'extends-relative.yaml',
          'name: test-extends-port\nservices:\n  test:\n    extends:\n      file: testdata/extends/base.yaml\n      service: with-build\n',
        ),
        expect: {
          kind: 'project',
          facts: [{ kind: 'fixture-path', at: ['services', 'test', 'build', 'context'], fixture: 'loader/testdata/extends' }],
        },
      },
      {
        name: 'extending an empty (null) service is allowed',
        source: 'loader/extends_test.go TestExtendsNil',
        load: inline(
          'extends-nil.yaml',
          'name: test-extends-port\nservices:\n  test:\n    image: test\n    extends:\n      file: testdata/extends/base.yaml\n      service: nil\n',
        ),
        expect: { kind: 'project', facts: [{ kind: 'equals', at: ['services', 'test', 'image'], value: 'test' }] },
      },
      {
        name: 'extends without service is an error',
        source: "loader/extends_test.go TestExtendsWihtMissingService: 'extends.test.service is required'",
        load: inline(
          'extends-missing-service.yaml',
          'name: test-extends-port\nservices:\n  test:\n    image: test\n    extends:\n      file: testdata/extends/base.yaml\n',
        ),
        expect: { kind: 'error', messageIncludes: ['extends', 'service', 'test'] },
      },
    ],
  },
  {
    file: 'loader/testdata/extends/sibling.yaml',
    kind: 'covered-by',
    by: ['loader/testdata/extends/base.yaml', 'loader/testdata/extends/nested.yaml'],
    note: 'the far end of the with-build chain: build: .',
  },
  {
    file: 'loader/testdata/extends/nested.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'an included file may extend a sibling file',
        source: 'loader/extends_test.go TestIncludeWithExtends (with-build has a build section)',
        load: inline('include-with-extends.yaml', 'name: test-include-with-extends\ninclude:\n  - testdata/extends/nested.yaml\n'),
        expect: {
          kind: 'project',
          facts: [{ kind: 'fixture-path', at: ['services', 'with-build', 'build', 'context'], fixture: 'loader/testdata/extends' }],
        },
      },
    ],
  },
  {
    file: 'loader/testdata/extends/ports.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'extending the same service from an override does not double its ports',
        source: 'loader/extends_test.go TestExtendsPortOverride (both files, working dir loader/)',
        load: {
          cwd: 'loader',
          configFiles: ['testdata/extends/ports.yaml', 'extends-port-override.yaml'],
          projectDirectory: '.',
          writes: {
            'extends-port-override.yaml':
              'name: test-extends-port\nservices:\n  test:\n    extends:\n      file: testdata/extends/ports.yaml\n      service: test\n',
          },
        },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'length', at: ['services', 'test', 'ports'], value: 1 },
            { kind: 'equals', at: ['services', 'test', 'ports', 0, 'target'], value: 8080 },
          ],
        },
      },
    ],
  },
  {
    file: 'loader/testdata/extends/reset.yaml',
    kind: 'cases',
    cases: [
      {
        name: '!reset in the base removes what its own base set',
        source: 'loader/extends_test.go TestExtendsReset (command is nil)',
        load: inline('extends-reset.yaml', 'name: test-extends-reset\nservices:\n  test:\n    extends:\n      file: testdata/extends/reset.yaml\n      service: base\n'),
        expect: {
          kind: 'project',
          facts: [
            { kind: 'absent', at: ['services', 'test', 'command'] },
            { kind: 'equals', at: ['services', 'test', 'image'], value: 'alpine:latest' },
          ],
        },
      },
    ],
  },
  {
    file: 'loader/testdata/extends/interpolated.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'the extended file is interpolated (default when unset)',
        source: 'loader/extends_test.go TestExtendsWithInterpolation (source /dev/null)',
        load: inline(
          'extends-interpolated.yaml',
          'name: test-extends-with-interpolation\nservices:\n  test:\n    extends: { file: testdata/extends/interpolated.yaml, service: foo }\n',
        ),
        expect: {
          kind: 'project',
          facts: [
            { kind: 'equals', at: ['services', 'test', 'volumes', 0, 'source'], value: '/dev/null' },
            { kind: 'equals', at: ['services', 'test', 'volumes', 0, 'target'], value: '/tmp/foo' },
            { kind: 'equals', at: ['services', 'test', 'volumes', 0, 'read_only'], value: true },
          ],
        },
      },
    ],
  },
  {
    file: 'loader/testdata/extends/depends_on.yaml',
    kind: 'cases',
    cases: extendsServiceRefs,
  },
  {
    file: 'loader/testdata/extends/withdir/compose.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'a chain of extends across directories resolves each file against its own directory',
        source: 'no compose-go test loads it (added in commit ee5a112); obvious content: test → dir/compose.yaml → dir/base.yaml (hello-world)',
        load: { cwd: 'loader', configFiles: ['testdata/extends/withdir/compose.yaml'] },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'keys', at: ['services'], value: ['test'] },
            { kind: 'equals', at: ['services', 'test', 'image'], value: 'hello-world' },
          ],
        },
      },
    ],
  },
  {
    file: 'loader/testdata/extends/withdir/dir/compose.yaml',
    kind: 'covered-by',
    by: ['loader/testdata/extends/withdir/compose.yaml'],
    note: 'middle of the chain; its base.yaml is relative to dir/',
  },
  {
    file: 'loader/testdata/extends/withdir/dir/base.yaml',
    kind: 'covered-by',
    by: ['loader/testdata/extends/withdir/compose.yaml'],
    note: 'end of the chain',
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
            { kind: 'fixture-path', at: ['services', 'service', 'env_file', 0, 'path'], fixture: 'loader/testdata/subdir/extra.env' },
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
  {
    file: 'loader/testdata/remote/compose.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'a service extended from a loaded resource keeps its directory',
        source: 'loader/loader_test.go TestLoadWithRemoteResources (customLoader "remote" emulated by local paths)',
        load: {
          ...inline(
            'remote-resources.yaml',
            'name: test-remote-resources\nservices:\n  foo:\n    extends:\n      file: remote:compose.yaml\n      service: foo\n',
          ),
          emulateResourceLoader: 'remote',
        },
        expect: {
          kind: 'project',
          facts: [
            { kind: 'equals', at: ['services', 'foo', 'image'], value: 'foo' },
            { kind: 'equals', at: ['services', 'foo', 'environment'], value: { FOO: 'BAR' } },
            { kind: 'fixture-path', at: ['services', 'foo', 'env_file', 0, 'path'], fixture: 'loader/testdata/remote/env' },
            { kind: 'equals', at: ['services', 'foo', 'volumes', 0, 'type'], value: 'bind' },
            { kind: 'fixture-path', at: ['services', 'foo', 'volumes', 0, 'source'], fixture: 'loader/testdata/remote' },
            { kind: 'equals', at: ['services', 'foo', 'volumes', 0, 'target'], value: '/foo' },
          ],
        },
      },
      {
        name: 'a missing resource is a not-found error',
        source: 'loader/loader_test.go TestLoadWithMissingResources (os.IsNotExist)',
        load: {
          ...inline(
            'remote-missing.yaml',
            'name: test-missing-resources\nservices:\n  foo:\n    extends:\n      file: remote:unavailable.yaml\n      service: foo\n',
          ),
          emulateResourceLoader: 'remote',
        },
        expect: { kind: 'error', code: 'file_not_found', messageIncludes: ['unavailable.yaml'] },
      },
      {
        name: 'without a resource loader, remote:x is just a missing relative file',
        source: 'loader/loader.go: a reference no ResourceLoader accepts is a local path; loader/loader_test.go TestLoadWithMissingResources for the error kind',
        load: inline(
          'remote-unloaded.yaml',
          'name: test-unloaded-resources\nservices:\n  foo:\n    extends:\n      file: remote:compose.yaml\n      service: foo\n',
        ),
        expect: { kind: 'error', code: 'file_not_found', messageIncludes: ['remote:compose.yaml'] },
      },
      ...(
        [
          ['git', 'https://github.com/compose-spec/compose-go.git#main:loader/testdata/remote/compose.yaml'],
          ['oci', 'oci://docker.io/example/compose:latest'],
        ] as const
      ).map(
        ([kind, reference]): ConformanceCase => ({
          name: `an included ${kind} resource is refused by name`,
          source:
            'berth policy (not compose-go): docker compose would fetch git and oci references with its own loaders; berth says remote resources are not supported',
          load: inline('remote-real.yaml', `name: test-remote-real\ninclude:\n  - ${reference}\n`),
          expect: { kind: 'error', messageIncludes: [/remote/i, reference] },
        }),
      )),
    ],
  },
  {
    file: 'loader/testdata/remote/env',
    kind: 'covered-by',
    by: ['loader/testdata/remote/compose.yaml'],
    note: 'env_file FOO=BAR',
  },
  {
    file: 'loader/testdata/remote/nested/compose.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'an included resource may extend another resource',
        source: 'loader/loader_test.go TestLoadWithNestedResources (loads); obvious content: foo extends bar (image bar)',
        load: {
          ...inline('remote-nested.yaml', 'name: test-nested-resources\ninclude:\n  - remote:nested/compose.yaml\n'),
          emulateResourceLoader: 'remote',
        },
        expect: { kind: 'project', facts: [{ kind: 'equals', at: ['services', 'foo', 'image'], value: 'bar' }] },
      },
    ],
  },
  {
    file: 'loader/testdata/remote/nested/compose-nested.yaml',
    kind: 'covered-by',
    by: ['loader/testdata/remote/nested/compose.yaml'],
    note: 'extends base',
  },
  {
    file: 'loader/testdata/remote/cycle/compose.yaml',
    kind: 'cases',
    cases: [
      {
        name: 'extends across two resources that point at each other is a cycle',
        source: "loader/loader_test.go TestLoadWithResourcesCycle: 'Circular reference'",
        load: {
          ...inline(
            'remote-cycle.yaml',
            'name: test-resources-cycle\nservices:\n  foo:\n    extends:\n      file: remote:cycle/compose.yaml\n      service: foo\n',
          ),
          emulateResourceLoader: 'remote',
        },
        expect: { kind: 'error', code: 'cycle', messageIncludes: [/circular|cycle/i] },
      },
    ],
  },
  {
    file: 'loader/testdata/remote/cycle/compose-cycle.yaml',
    kind: 'covered-by',
    by: ['loader/testdata/remote/cycle/compose.yaml'],
    note: 'the other half of the cycle',
  },
];
