/**
 * One CSV cell, for every CSV frontline writes (exports, the report's tables, timelines):
 * RFC 4180 quoting (a comma, quote or line break puts the cell in quotes, quotes doubled);
 * objects as JSON; null and undefined empty; numbers as they are.
 *
 * Text that a spreadsheet would take for a formula, starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return (a controller named `=HYPERLINK(…)`, say), gets a leading apostrophe, which
 * spreadsheet programs read as "this is text" and do not show; numbers are numbers, never text,
 * so a negative area stays a number.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
