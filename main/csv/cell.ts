/**
 * The one CSV cell writer of the exports (donations, responses). Donor names, messages, quotes
 * and reasons are written by strangers; a spreadsheet must never run them as formulas.
 */

/** Plain numbers we wrote ourselves ("-12.50", "1000"): a spreadsheet reads them as numbers, not formulas. */
const PLAIN_NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

/**
 * What a spreadsheet runs as a formula at the start of a cell: = + - @ (also their fullwidth
 * forms, which some programs fold), after any spaces; or a tab or carriage return, which some
 * programs skip first.
 */
const FORMULA_START = /^(?:[ \t\r]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\t\r])/;

/**
 * Puts a quote mark before every piece of the text that would start a formula. A spreadsheet
 * set to another separator (";" in much of Europe) splits "x;=HYPERLINK(...)" into two cells
 * and ignores RFC 4180 quoting when it guesses wrong, so each piece after a ";" or "," is
 * checked, not only the start of the cell.
 */
export function neutraliseFormulas(text: string): string {
  if (PLAIN_NUMBER.test(text)) return text;
  return text
    .split(/(?<=[;,])/)
    .map((piece) => (FORMULA_START.test(piece) ? `'${piece}` : piece))
    .join('');
}

/** One CSV cell, RFC 4180 quoted (also when it holds ";", so ";" spreadsheets keep it whole). */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? neutraliseFormulas(value) : String(value);
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
