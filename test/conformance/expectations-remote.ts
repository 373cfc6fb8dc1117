/**
 * compose-go `loader/testdata/remote`: its tests plug in a resource loader for
 * `remote:` references; berth has none, so the cases emulate it with local
 * paths (see LoadSpec.emulateResourceLoader). Real git and oci references are
 * refused by berth.
 */
import type { ConformanceCase, FixtureEntry } from './conformance-case.js';
import { inline } from './inline-load.js';

export const remoteEntries: readonly FixtureEntry[] = [
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
            { kind: 'absent', at: ['services', 'foo', 'env_file'] },
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
      ),
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
