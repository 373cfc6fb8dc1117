import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertRefused, roundTrip, service } from './round-trip.js';

describe('environment', () => {
  const forms: [name: string, written: string][] = [
    ['mapping', 'environment:\n      FOO: "1"\n      BAR: 2\n      GA: 2.5\n      ON: true\n      BU: ""\n      ZO:\n      MEU:\n'],
    ['list', 'environment:\n      - FOO=1\n      - BAR=2\n      - GA=2.5\n      - ON=true\n      - BU=\n      - ZO\n      - MEU\n'],
  ];
  for (const [name, written] of forms) {
    test(`${name}: values as text, bare keys from the interpolation environment, unresolved ones dropped`, async () => {
      await roundTrip(`services:\n  web:\n    image: alpine\n    ${written}`, (project) => {
        assert.deepEqual(service(project).environment, { FOO: '1', BAR: '2', GA: '2.5', ON: 'true', BU: '', MEU: 'Shadoks' });
      }, { environment: { MEU: 'Shadoks' } });
    });
  }

  test('a value may contain "=" and keeps leading spaces after it', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    environment:\n      - URL=a=b\n      - PAD=  x\n', (project) => {
      assert.deepEqual(service(project).environment, { URL: 'a=b', PAD: '  x' });
    });
  });

  // Regression: the rendered text must escape "$" as "$$" (as `docker compose config` does),
  // or the reload interpolates the literal dollar away.
  test('a literal "$" survives the round trip', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    environment:\n      PASS: "a$$b"\n', (project) => {
      assert.deepEqual(service(project).environment, { PASS: 'a$b' });
    });
  });
});

describe('env_file', () => {
  const files = {
    'app.env': '# comment\nOVER=from-file\nFROM_FILE=1\nDERIVED=${FROM_FILE}-${SHELL_VAR}\nQ="tab\\there"\n',
    'local.env': 'FROM_FILE=2\nLOCAL=yes\n',
    'raw.env': 'RAW="kept as written"\n',
  };

  test('is folded into environment: later files win, environment wins over every file', async () => {
    await roundTrip(
      'services:\n  web:\n    image: alpine\n    env_file: [app.env, local.env]\n    environment:\n      OVER: from-environment\n',
      (project) => {
        const web = service(project);
        assert.deepEqual(web.environment, {
          OVER: 'from-environment',
          FROM_FILE: '2',
          DERIVED: '1-shell',
          Q: 'tab\there',
          LOCAL: 'yes',
        });
        // docker compose config drops env_file once its content is in environment.
        assert.equal(web.env_file, undefined);
      },
      { files, environment: { SHELL_VAR: 'shell' } },
    );
  });

  test('required: false skips a missing file; format: raw takes values verbatim', async () => {
    await roundTrip(
      'services:\n  web:\n    image: alpine\n    env_file:\n      - path: missing.env\n        required: false\n      - path: raw.env\n        format: raw\n',
      (project) => {
        assert.deepEqual(service(project).environment, { RAW: '"kept as written"' });
      },
      { files },
    );
  });

  test('a required file that is missing names the file and the fix', async () => {
    await assertRefused('services:\n  web:\n    image: alpine\n    env_file:\n      - path: missing.env\n', {
      code: 'file_not_found',
      message: /env file \/project\/missing\.env not found.*required: false/,
      line: 5,
    });
  });

  test('a syntax error inside the file points into that file', async () => {
    let caught: unknown;
    try {
      await roundTrip('services:\n  web:\n    image: alpine\n    env_file: bad.env\n', () => {}, { files: { 'bad.env': 'A="unterminated\nB=1\n' } });
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof Error && 'code' in caught, String(caught));
    assert.equal((caught as { code: string }).code, 'invalid_env_file');
    assert.match(caught.message, /^\/project\/bad\.env:1:/);
  });

  test('an unknown format names the entry in the compose file', async () => {
    await assertRefused('services:\n  web:\n    image: alpine\n    env_file:\n      - path: app.env\n        format: yaml\n', {
      code: 'invalid_env_file',
      message: /unsupported env_file format "yaml"/,
      line: 6,
    }, { files });
  });
});

describe('labels, label_file and annotations', () => {
  const forms: [name: string, written: string][] = [
    ['mapping', 'labels:\n      com.example.description: "Accounting webapp"\n      com.example.number: 42\n      com.example.empty-label:\n'],
    ['list', 'labels:\n      - "com.example.description=Accounting webapp"\n      - com.example.number=42\n      - com.example.empty-label\n'],
  ];
  for (const [name, written] of forms) {
    test(`labels as a ${name}: text values, a bare key is the empty string`, async () => {
      await roundTrip(`services:\n  web:\n    image: alpine\n    ${written}`, (project) => {
        assert.deepEqual(service(project).labels, {
          'com.example.description': 'Accounting webapp',
          'com.example.number': '42',
          'com.example.empty-label': '',
        });
      });
    });
  }

  test('annotations as a list or a mapping', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    annotations: [com.example.foo=bar]\n  map:\n    image: alpine\n    annotations:\n      com.example.foo: bar\n', (project) => {
      assert.deepEqual(service(project).annotations, { 'com.example.foo': 'bar' });
      assert.deepEqual(service(project, 'map').annotations, { 'com.example.foo': 'bar' });
    });
  });

  test('label_file is read relative to the project and folded into labels, like docker compose config', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    label_file: ./labels.txt\n', (project) => {
      assert.deepEqual(service(project).labels, { a: '1' });
      assert.equal(service(project).label_file, undefined);
    }, { files: { 'labels.txt': 'a=1\n' } });
  });

  // compose-go (WithServicesLabelsResolved) reads each label_file with the env-file syntax,
  // later files over earlier ones, and `labels` over all of them.
  test('label_file content is merged under labels', async () => {
    await roundTrip('services:\n  web:\n    image: alpine\n    label_file: [a.labels, b.labels]\n    labels:\n      c: from-labels\n', (project) => {
      assert.deepEqual(service(project).labels, { a: '1', b: '2', c: 'from-labels' });
    }, { files: { 'a.labels': 'a=1\nb=1\nc=1\n', 'b.labels': 'b=2\n' } });
  });
});

describe('bad environment and metadata values', () => {
  const cases: [name: string, body: string, code: 'invalid_schema' | 'invalid_project', message: RegExp, line: number][] = [
    ['environment as a string', 'environment: "FOO=1"', 'invalid_schema', /services\.web\.environment must be a list or a mapping/, 4],
    ['an environment value that is a list', 'environment:\n      FOO: ["1"]', 'invalid_schema', /services\.web\.environment\.FOO must be a string, a number/, 5],
    ['a space before "=" in the list form', 'environment:\n      - DEBUG = true', 'invalid_project', /services\.web\.environment\[0\].*"DEBUG ".*space/, 5],
    ['a nested label', 'labels:\n      a:\n        b: c', 'invalid_schema', /services\.web\.labels\.a/, 5],
    ['duplicate annotations in list form', 'annotations: [a=1, a=1]', 'invalid_schema', /services\.web\.annotations/, 4],
  ];
  for (const [name, body, code, message, line] of cases) {
    test(name, async () => {
      await assertRefused(`services:\n  web:\n    image: alpine\n    ${body}\n`, { code, message, line });
    });
  }
});
