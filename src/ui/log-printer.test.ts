import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LogPrinter, formatTimestamp, type LogPrinterOptions } from './log-printer.js';
import { PALETTE, stripAnsi } from './colors.js';

function collector(): { text: string; write(chunk: string): void } {
  return {
    text: '',
    write(chunk: string) {
      this.text += chunk;
    },
  };
}

function printer(options: Partial<LogPrinterOptions> = {}) {
  const stdout = collector();
  const stderr = collector();
  const logs = new LogPrinter({ stdout, stderr, color: false, prefix: true, timestamps: false, now: () => new Date(Date.UTC(2024, 4, 1, 10, 0, 0, 123)), ...options });
  return { logs, stdout, stderr };
}

describe('LogPrinter', () => {
  test('pads every prefix to the longest registered name plus one, then " | "', () => {
    const { logs, stdout } = printer();
    logs.register(['web-1', 'database-1']);
    logs.line('web-1', 'hello');
    logs.line('database-1', 'ready');
    assert.equal(stdout.text, 'web-1       | hello\ndatabase-1  | ready\n');
  });

  test('a lone container reads like Compose: "web-1  | …"', () => {
    const { logs, stdout } = printer();
    logs.register(['web-1']);
    logs.line('web-1', 'GET /');
    assert.equal(stdout.text, 'web-1  | GET /\n');
  });

  test('container stderr goes to stderr', () => {
    const { logs, stdout, stderr } = printer();
    logs.line('web-1', 'oops', { stream: 'stderr' });
    assert.equal(stdout.text, '');
    assert.equal(stderr.text, 'web-1  | oops\n');
  });

  test('--no-log-prefix prints the bare line', () => {
    const { logs, stdout } = printer({ prefix: false });
    logs.register(['web-1']);
    logs.line('web-1', 'hello');
    assert.equal(stdout.text, 'hello\n');
  });

  test('colours follow sorted name order, whatever order names arrive in', () => {
    const { logs, stdout } = printer({ color: true });
    logs.register(['web-1', 'api-1', 'db-1']);
    logs.line('web-1', 'x');
    logs.line('api-1', 'y');
    const [webLine = '', apiLine = ''] = stdout.text.split('\n');
    assert.equal(webLine, `${PALETTE[2]!('web-1  | ')}x`);
    assert.equal(apiLine, `${PALETTE[0]!('api-1  | ')}y`);
  });

  test('--timestamps stamps lines with the time they are printed, in Go RFC3339NanoFixed', () => {
    const { logs, stdout } = printer({ timestamps: true });
    logs.register(['web-1']);
    logs.line('web-1', 'hello');
    assert.equal(stdout.text, 'web-1  | 2024-05-01T10:00:00.123000000Z hello\n');
  });

  test('an engine timestamp is printed as it came', () => {
    const { logs, stdout } = printer();
    logs.line('web-1', 'hello', { timestamp: '2024-05-01T10:00:00.000000001Z' });
    assert.equal(stdout.text, 'web-1  | 2024-05-01T10:00:00.000000001Z hello\n');
  });

  test('status lines name the container in its colour, without the bar', () => {
    const { logs, stdout } = printer({ color: true });
    logs.register(['web-1']);
    logs.status('web-1', 'exited with code 3');
    assert.equal(stripAnsi(stdout.text), 'web-1 exited with code 3\n');
    assert.notEqual(stdout.text, stripAnsi(stdout.text));
  });

  test('a name seen first in a line is registered and widens later prefixes', () => {
    const { logs, stdout } = printer();
    logs.register(['a-1']);
    logs.line('a-1', 'one');
    logs.line('longer-1', 'two');
    logs.line('a-1', 'three');
    assert.equal(stdout.text, 'a-1  | one\nlonger-1  | two\na-1       | three\n');
  });
});

test('formatTimestamp pads milliseconds to nanoseconds', () => {
  assert.equal(formatTimestamp(new Date(Date.UTC(2023, 0, 2, 3, 4, 5, 6))), '2023-01-02T03:04:05.006000000Z');
});
