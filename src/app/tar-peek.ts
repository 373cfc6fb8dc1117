/**
 * The first entry of a tar stream, without losing it: `cp` learns what a
 * container path is (file, directory, link) from the archive the engine
 * sends, then either stops there or extracts the whole stream.
 */
import { Readable } from 'node:stream';

export type TarEntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface TarEntry {
  readonly name: string;
  readonly kind: TarEntryKind;
  /** For a symlink: where it points. */
  readonly linkTarget: string;
}

const BLOCK = 512;

/**
 * Reads up to the first real entry (skipping pax and GNU long-name
 * records); `stream` replays everything read, then the rest. `entry` is
 * undefined for an empty archive.
 */
export async function peekTarEntry(source: NodeJS.ReadableStream): Promise<{ entry: TarEntry | undefined; stream: Readable }> {
  const iterator = (source as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let buffered = Buffer.alloc(0);
  let offset = 0;
  let done = false;
  const need = async (bytes: number): Promise<boolean> => {
    while (buffered.length < offset + bytes && !done) {
      const next = await iterator.next();
      if (next.done === true) done = true;
      else {
        const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
        seen.push(chunk);
        buffered = Buffer.concat([buffered, chunk]);
      }
    }
    return buffered.length >= offset + bytes;
  };
  let entry: TarEntry | undefined;
  while (await need(BLOCK)) {
    const header = buffered.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const type = String.fromCharCode(header[156] ?? 0);
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      offset += BLOCK + Math.ceil(octal(header.subarray(124, 136)) / BLOCK) * BLOCK;
      continue;
    }
    const prefix = header.subarray(257, 263).toString('latin1').startsWith('ustar') ? text(header.subarray(345, 500)) : '';
    const name = prefix === '' ? text(header.subarray(0, 100)) : `${prefix}/${text(header.subarray(0, 100))}`;
    entry = { name, kind: kindOf(type), linkTarget: text(header.subarray(157, 257)) };
    break;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* seen;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
  const stream = Readable.from(replay(), { objectMode: false });
  // Ending early (a stat only) must release the engine's connection too.
  stream.once('close', () => void iterator.return?.());
  return { entry, stream };
}

function kindOf(type: string): TarEntryKind {
  switch (type) {
    case '0':
    case '\0':
    case '7':
      return 'file';
    case '5':
      return 'directory';
    case '2':
      return 'symlink';
    default:
      return 'other';
  }
}

function text(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

function octal(field: Buffer): number {
  const digits = text(field).trim();
  return digits === '' ? 0 : parseInt(digits, 8);
}
