import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { eagerOutput, FrameDecoder, jsonMessages, LineSplitter } from './streams.js';

function frame(kind: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = kind;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('FrameDecoder', () => {
  test('splits stdout and stderr frames, even when a chunk ends inside a header or a payload', () => {
    const bytes = Buffer.concat([frame(1, 'out one\n'), frame(2, 'err\n'), frame(1, 'out two'), frame(3, 'daemon says no')]);
    for (const chunkSize of [1, 3, 8, 9, 100]) {
      const decoder = new FrameDecoder();
      const frames = [];
      for (let offset = 0; offset < bytes.length; offset += chunkSize) frames.push(...decoder.push(bytes.subarray(offset, offset + chunkSize)));
      assert.deepEqual(
        frames.map((decoded) => [decoded.stream, decoded.data.toString()]),
        [
          ['stdout', 'out one\n'],
          ['stderr', 'err\n'],
          ['stdout', 'out two'],
          ['stderr', 'daemon says no'],
        ],
        `chunks of ${chunkSize}`,
      );
      assert.equal(decoder.leftoverBytes, 0);
    }
  });

  test('an empty frame is a frame', () => {
    assert.deepEqual(new FrameDecoder().push(frame(1, '')).map((decoded) => decoded.data.length), [0]);
  });
});

describe('LineSplitter', () => {
  const cases: { name: string; chunks: string[]; lines: string[]; rest: string | undefined }[] = [
    { name: 'whole lines', chunks: ['a\nb\n'], lines: ['a', 'b'], rest: undefined },
    { name: 'a line split across chunks', chunks: ['hel', 'lo\nwor', 'ld\n'], lines: ['hello', 'world'], rest: undefined },
    { name: 'a partial last line is kept until flush', chunks: ['a\npart'], lines: ['a'], rest: 'part' },
    { name: 'CRLF from a TTY', chunks: ['one\r\ntwo\r\n'], lines: ['one', 'two'], rest: undefined },
    { name: 'empty lines stay', chunks: ['\n\nx\n'], lines: ['', '', 'x'], rest: undefined },
  ];
  for (const entry of cases) {
    test(entry.name, () => {
      const splitter = new LineSplitter();
      const lines = entry.chunks.flatMap((chunk) => splitter.push(Buffer.from(chunk)));
      assert.deepEqual(lines, entry.lines);
      assert.equal(splitter.flush(), entry.rest);
    });
  }

  test('a multi-byte character split across chunks', () => {
    const bytes = Buffer.from('grüße\n');
    const splitter = new LineSplitter();
    const lines = [...splitter.push(bytes.subarray(0, 3)), ...splitter.push(bytes.subarray(3))];
    assert.deepEqual(lines, ['grüße']);
  });
});

describe('jsonMessages', () => {
  test('parses newline-separated JSON across chunks and skips what is not JSON', async () => {
    const source = async function* () {
      yield Buffer.from('{"status":"Pulling"}\n{"sta');
      yield Buffer.from('tus":"Done"}\nnot json\n\n');
      yield Buffer.from('{"last":true}');
    };
    const messages = [];
    for await (const message of jsonMessages(source())) messages.push(message);
    assert.deepEqual(messages, [{ status: 'Pulling' }, { status: 'Done' }, { last: true }]);
  });
});

describe('eagerOutput', () => {
  test('ends even when nobody reads, and keeps the frames for a late reader', async () => {
    const source = new PassThrough();
    const { output, ended } = eagerOutput(source, false);
    source.write(frame(1, 'a'));
    source.end(frame(2, 'b'));
    await ended;
    const frames = [];
    for await (const decoded of output) frames.push([decoded.stream, decoded.data.toString()]);
    assert.deepEqual(frames, [
      ['stdout', 'a'],
      ['stderr', 'b'],
    ]);
  });

  test('with a TTY everything is stdout, unframed', async () => {
    const source = new PassThrough();
    const { output } = eagerOutput(source, true);
    source.end(Buffer.from('raw bytes'));
    const frames = [];
    for await (const decoded of output) frames.push([decoded.stream, decoded.data.toString()]);
    assert.deepEqual(frames, [['stdout', 'raw bytes']]);
  });

  test('a stream error reaches the reader, mapped', async () => {
    const source = new PassThrough();
    const { output } = eagerOutput(source, true, (error) => new Error(`mapped: ${(error as Error).message}`));
    source.destroy(new Error('boom'));
    await assert.rejects(async () => {
      for await (const _ of output) void _;
    }, /mapped: boom/);
  });
});
