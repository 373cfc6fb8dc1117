/**
 * Container output arrives in chunks that split lines anywhere (and
 * multi-byte characters too); the log printer wants whole lines.
 */
export class LineSplitter {
  private partial = '';
  private readonly decoder = new TextDecoder('utf-8');

  push(chunk: Buffer): string[] {
    const text = this.partial + this.decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    return lines.map(withoutCarriageReturn);
  }

  /** The last line when the stream ended without a line break. */
  flush(): string | undefined {
    const rest = this.partial + this.decoder.decode();
    this.partial = '';
    return rest === '' ? undefined : withoutCarriageReturn(rest);
  }
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
