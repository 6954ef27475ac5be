import { type Result, fail, ok } from '../../shared/result.js';

/** The largest file an import takes (a marathon's bank statement is a few hundred rows). */
export const CSV_MAX_BYTES = 512 * 1024;
export const CSV_MAX_ROWS = 5_000;

export interface CsvTable {
  separator: ',' | ';';
  header: string[];
  /** Data records; `line` is the record's row number as a spreadsheet shows it (the header is row 1). */
  records: { row: number; fields: string[] }[];
}

/**
 * Turns uploaded bytes into text, refusing what would silently garble names and amounts:
 * UTF-16 (what Excel's "Unicode text" writes) and anything that is not valid UTF-8 (a file
 * saved as Windows-1252 or Latin-1). A UTF-8 byte-order mark is dropped.
 */
export function decodeCsvBytes(bytes: Uint8Array): Result<string> {
  if (bytes.length === 0) return fail('the file is empty');
  if (bytes.length > CSV_MAX_BYTES) return fail(`the file is larger than ${CSV_MAX_BYTES / 1024} KB: split it into smaller files`);
  const b0 = bytes[0];
  const b1 = bytes[1];
  const utf16Bom = (b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff);
  const nulBytes = bytes.subarray(0, 200).filter((b) => b === 0).length;
  if (utf16Bom || nulBytes > 0) {
    return fail('the file is in UTF-16 ("Unicode text"): save it again as "CSV UTF-8 (comma delimited)" and import that');
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return ok(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch {
    return fail('the file is not UTF-8 text (perhaps Windows-1252 or Latin-1): save it again as "CSV UTF-8" and import that');
  }
}

/**
 * RFC 4180 CSV: quoted fields with "" for a quote, separators and line breaks inside quotes,
 * CRLF, LF or CR line ends. The separator (comma, or semicolon as European spreadsheets write)
 * is the one the header line uses. Blank lines are skipped.
 */
export function parseCsv(input: string): Result<CsvTable> {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const separator = guessSeparator(text);
  const rows: { row: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let row = 1;
  let recordRow = 1;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !fieldStarted)) rows.push({ row: recordRow, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          quoted = false;
        }
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) row += 1;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
    } else if (c === separator) {
      fields.push(field);
      field = '';
      fieldStarted = true;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
      row += 1;
      recordRow = row;
    } else {
      field += c;
    }
    if (rows.length > CSV_MAX_ROWS + 1) return fail(`the file has more than ${CSV_MAX_ROWS} rows: split it into smaller files`);
  }
  if (quoted) return fail(`a quoted field that starts in row ${recordRow} is never closed (a missing ")`);
  if (field !== '' || fields.length > 0 || fieldStarted) endRecord();
  const [header, ...records] = rows;
  if (!header) return fail('the file is empty');
  return ok({ separator, header: header.fields.map((h) => h.trim()), records });
}

/** The separator the header line uses (outside quotes): the more frequent of ";" and ",". */
function guessSeparator(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ',') commas += 1;
    else if (!quoted && c === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

/** Finds columns by their accepted names (case and spacing ignored); reports the missing ones. */
export function findColumns<K extends string>(
  header: string[],
  wanted: Record<K, { names: readonly string[]; required: boolean }>,
): Result<Record<K, number | null>> {
  const normalized = header.map((h) => h.toLowerCase().replace(/[\s_-]+/g, ''));
  const found = {} as Record<K, number | null>;
  const missing: string[] = [];
  for (const key of Object.keys(wanted) as K[]) {
    const spec = wanted[key];
    const index = normalized.findIndex((h) => spec.names.some((n) => n.replace(/[\s_-]+/g, '') === h));
    found[key] = index < 0 ? null : index;
    if (index < 0 && spec.required) missing.push(`"${spec.names[0]}"`);
  }
  if (missing.length > 0) {
    const shown = header.map((h) => `"${h.slice(0, 30)}"`).join(', ');
    return fail(`the file has no ${missing.join(' and no ')} column (its header row has ${shown || 'nothing'})`);
  }
  return ok(found);
}
