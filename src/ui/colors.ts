/**
 * ANSI colours for log prefixes and status lines. The palette is Compose's
 * rainbow (cyan, yellow, green, magenta, blue, then their bright forms),
 * cut to eight so neighbours stay distinguishable on dark and light themes.
 */

export type Paint = (text: string) => string;

export const plain: Paint = (text) => text;

function ansi(code: string): Paint {
  return (text) => `\u001b[${code}m${text}\u001b[0m`;
}

export const PALETTE: readonly Paint[] = [
  ansi('36'),
  ansi('33'),
  ansi('32'),
  ansi('35'),
  ansi('34'),
  ansi('36;1'),
  ansi('33;1'),
  ansi('32;1'),
];

export const red: Paint = ansi('31');
export const green: Paint = ansi('32');
export const yellow: Paint = ansi('33');
export const faint: Paint = ansi('2');

/** The palette colour of the `index`-th name in sorted order. */
export function paletteColor(index: number): Paint {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length] ?? plain;
}

/** Removes ANSI escape sequences (for tests and width computations). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}
