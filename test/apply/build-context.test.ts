import assert from 'node:assert/strict';
import { chown, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { ADDED_DOCKERFILE, packBuildContext, parseIgnoreFile } from '../../src/apply/build-context.js';
import { FakeEngine } from './fake-engine.js';

async function contextDir(files: Record<string, string>): Promise<{ dir: string } & AsyncDisposable> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-context-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return { dir, [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }) };
}

/** The tar's entries and small files, read back the way the fake engine does. */
async function packed(input: Parameters<typeof packBuildContext>[0]) {
  const context = await packBuildContext(input);
  const engine = new FakeEngine();
  await engine.images.build({ context: context.tar, dockerfile: context.dockerfile, tags: ['t'], buildArgs: {}, labels: {} });
  const build = engine.builds[0];
  assert.ok(build);
  return { ...build, dockerfile: context.dockerfile, entries: context.entries };
}

describe('packBuildContext', () => {
  test('.dockerignore rules as Docker applies them', async (t) => {
    const cases = [
      { name: 'no ignore file sends everything', ignore: undefined, expected: ['Dockerfile', 'app', 'app/main.js', 'app/main.log', 'node_modules', 'node_modules/x.js'] },
      { name: 'a directory and a top-level glob', ignore: 'node_modules\n*.log\n', expected: ['.dockerignore', 'Dockerfile', 'app', 'app/main.js', 'app/main.log'] },
      { name: '**/ reaches any depth; comments and blank lines are skipped', ignore: '# logs\n\n**/*.log\n', expected: ['.dockerignore', 'Dockerfile', 'app', 'app/main.js', 'node_modules', 'node_modules/x.js'] },
      { name: 'an exception inside an excluded directory', ignore: 'app\n!app/main.js\n', expected: ['.dockerignore', 'Dockerfile', 'app/main.js', 'node_modules', 'node_modules/x.js'] },
      { name: 'the Dockerfile and .dockerignore are sent even when excluded', ignore: '*\n', expected: ['.dockerignore', 'Dockerfile'] },
      { name: 'a leading slash is the context root', ignore: '/app/main.js\n', expected: ['.dockerignore', 'Dockerfile', 'app', 'app/main.log', 'node_modules', 'node_modules/x.js'] },
    ];
    for (const testCase of cases) {
      await t.test(testCase.name, async () => {
        await using context = await contextDir({
          Dockerfile: 'FROM scratch\n',
          'app/main.js': 'js',
          'app/main.log': 'log',
          'node_modules/x.js': 'x',
          ...(testCase.ignore === undefined ? {} : { '.dockerignore': testCase.ignore }),
        });
        const result = await packed({ contextDir: context.dir });
        assert.deepEqual(result.files, testCase.expected);
        assert.deepEqual([...result.entries].sort(), testCase.expected);
        assert.equal(result.dockerfile, 'Dockerfile');
      });
    }
  });

  test('<Dockerfile>.dockerignore beside the Dockerfile wins over .dockerignore', async () => {
    await using context = await contextDir({ 'docker/app.Dockerfile': 'FROM scratch\n', 'docker/app.Dockerfile.dockerignore': 'secret.txt\n', '.dockerignore': 'public.txt\n', 'secret.txt': 's', 'public.txt': 'p' });
    const result = await packed({ contextDir: context.dir, dockerfile: 'docker/app.Dockerfile' });
    assert.ok(result.files.includes('public.txt'));
    assert.ok(!result.files.includes('secret.txt'));
    assert.equal(result.dockerfile, 'docker/app.Dockerfile');
  });

  test('an inline Dockerfile is added under its own name', async () => {
    await using context = await contextDir({ 'a.txt': 'a' });
    const result = await packed({ contextDir: context.dir, dockerfileInline: 'FROM scratch\nCOPY a.txt /\n' });
    assert.equal(result.dockerfile, ADDED_DOCKERFILE);
    assert.equal(result.contents.get(ADDED_DOCKERFILE), 'FROM scratch\nCOPY a.txt /\n');
    assert.deepEqual(result.files, [ADDED_DOCKERFILE, 'a.txt']);
  });

  test('a Dockerfile outside the context is added to it', async () => {
    await using outside = await contextDir({ 'build/Dockerfile': 'FROM outside\n', 'ctx/a.txt': 'a' });
    const result = await packed({ contextDir: join(outside.dir, 'ctx'), dockerfile: '../build/Dockerfile' });
    assert.equal(result.dockerfile, ADDED_DOCKERFILE);
    assert.equal(result.contents.get(ADDED_DOCKERFILE), 'FROM outside\n');
  });

  test('symlinks are sent as links, owners as root', async () => {
    await using context = await contextDir({ Dockerfile: 'FROM scratch\n', 'target.txt': 't' });
    await symlink('target.txt', join(context.dir, 'link.txt'));
    // As root (CI), give the file another owner so the reset to root is visible.
    if (process.getuid?.() === 0) await chown(join(context.dir, 'target.txt'), 1234, 1234);
    const result = await packed({ contextDir: context.dir });
    assert.deepEqual(result.files, ['Dockerfile', 'link.txt', 'target.txt']);
    assert.deepEqual(result.headers.get('link.txt'), { type: '2', uid: 0, gid: 0, linkname: 'target.txt' });
    assert.deepEqual(result.headers.get('target.txt'), { type: '0', uid: 0, gid: 0, linkname: '' });
  });

  test('parseIgnoreFile drops comments and blank lines', () => {
    assert.deepEqual(parseIgnoreFile('# c\n\n  a  \r\n!b\n'), ['a', '!b']);
  });
});
