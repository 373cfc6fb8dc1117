/**
 * Column-aligned text tables, the way Go's tabwriter lays out Compose's
 * listings: every column but the last is padded to its widest cell plus
 * `padding`, and at least `minWidth` wide; the last column is not padded.
 */

export interface TableLayout {
  /** Spaces after the widest cell of a column. */
  readonly padding: number;
  /** The narrowest a column may be, padding included. */
  readonly minWidth: number;
}

/** `ps`: the Docker CLI's table (3 spaces, no minimum). */
export const PS_LAYOUT: TableLayout = { padding: 3, minWidth: 0 };
/** `images`, `ls`: Compose's own listings (tabwriter with a minimum width of 20). */
export const LISTING_LAYOUT: TableLayout = { padding: 3, minWidth: 20 };
/** `top`: tabwriter(4, 1, 2). */
export const TOP_LAYOUT: TableLayout = { padding: 2, minWidth: 4 };

export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], layout: TableLayout): string {
  const widths = header.map((title, column) => Math.max(layout.minWidth, title.length + layout.padding, ...rows.map((row) => (row[column] ?? '').length + layout.padding)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('')
      .trimEnd();
  return [header, ...rows].map((cells) => `${line(cells)}\n`).join('');
}
