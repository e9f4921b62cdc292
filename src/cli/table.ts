/**
 * Text from data (controller and region names) as a terminal shows it safely: control
 * characters (which move the cursor, change colours, ring the bell or, like U+202E, reverse the
 * direction of the text after them) are written as visible escapes, `\x1b` or `\u202e`.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Renders rows as a plain-text table with a header; numeric columns are right-aligned; text made {@link printable}. */
export function formatTable(header: string[], rows: (string | number)[][], numeric: boolean[] = []): string {
  const cells = [header, ...rows].map((r) => r.map((cell) => printable(String(cell))));
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Formats km² with thousands separators and a fixed number of decimals. */
export function formatKm2(value: number, decimals = 1): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
