/**
 * Just enough of the tar format (ustar) for the contract suite to put files
 * into a container and read them back, without another dependency.
 */

export interface TarEntry {
  readonly name: string;
  readonly content: Buffer;
  /** Permission bits; default 0o644. */
  readonly mode?: number;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(entry: TarEntry): Buffer {
  const block = Buffer.alloc(512);
  block.write(entry.name, 0, 100, 'utf8');
  block.write(octal(entry.mode ?? 0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(entry.content.length, 12), 124, 'ascii');
  block.write(octal(0, 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return block;
}

export function tarOf(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry), entry.content, Buffer.alloc((512 - (entry.content.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

/** Regular files and directories of a tar archive (PAX extension headers are skipped). */
export function readTar(archive: Buffer): { name: string; type: 'file' | 'directory' | 'other'; content: Buffer }[] {
  const entries: { name: string; type: 'file' | 'directory' | 'other'; content: Buffer }[] = [];
  let offset = 0;
  while (offset + 512 <= archive.length) {
    const block = archive.subarray(offset, offset + 512);
    if (block.every((byte) => byte === 0)) break;
    const size = parseInt(text(block, 124, 12).trim() || '0', 8);
    const typeflag = text(block, 156, 1);
    const prefix = text(block, 345, 155);
    const name = prefix === '' ? text(block, 0, 100) : `${prefix}/${text(block, 0, 100)}`;
    const content = archive.subarray(offset + 512, offset + 512 + size);
    if (typeflag !== 'x' && typeflag !== 'g') {
      entries.push({ name, type: typeflag === '0' || typeflag === '' ? 'file' : typeflag === '5' ? 'directory' : 'other', content: Buffer.from(content) });
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}
