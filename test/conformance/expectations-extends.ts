/** compose-go `loader/testdata/extends`: `extends` by file, chains, !reset, interpolation, references. */
import type { ConformanceCase, Fact, FixtureEntry } from './conformance-case.js';
import { inline } from './inline-load.js';

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

export const extendsEntries: readonly FixtureEntry[] = [
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
];
