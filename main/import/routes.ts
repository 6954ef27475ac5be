import type { CsvImportInput, CsvImportPreview, CsvImportRow } from '../../shared/views.js';
import { type CurrencyCode } from '../../shared/currencies.js';
import { formatMinor } from '../../shared/money.js';
import type { Result } from '../../shared/result.js';
import { HttpError, type ApiRouter } from '../server/http.js';
import type { DonationEvent } from '../ingest/ingest.js';
import type { Services } from '../services.js';
import { CSV_MAX_BYTES, decodeCsvBytes } from './csv.js';
import { CSV_SOURCE_ID, type ReadImport, readDonationsCsv } from './donations-csv.js';

/** Rows committed in one turn of the event loop by an import (each a durable commit, ~1–5 ms). */
const IMPORT_ROWS_PER_TURN = 20;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The uploaded text, with its encoding checked when bytes were sent (422 with the reason). */
export function uploadedText(input: CsvImportInput): string {
  let text: Result<string>;
  if (typeof input.csv_base64 === 'string') {
    const compact = input.csv_base64.replace(/\s+/g, '');
    if (!BASE64.test(compact)) throw new HttpError(422, 'invalid_file', 'csv_base64 must be the file in base64');
    text = decodeCsvBytes(Buffer.from(compact, 'base64'));
  } else if (typeof input.csv === 'string') {
    if (Buffer.byteLength(input.csv) > CSV_MAX_BYTES) throw new HttpError(413, 'file_too_large', `the file is larger than ${CSV_MAX_BYTES / 1024} KB: split it`);
    text = decodeCsvBytes(Buffer.from(input.csv, 'utf8'));
  } else {
    // The route's schema lets no body through without one of the two.
    throw new HttpError(422, 'invalid_file', 'send the file as { "csv_base64": "..." } or its text as { "csv": "..." }');
  }
  if (!text.ok) throw new HttpError(text.error.startsWith('the file is larger') ? 413 : 422, 'unreadable_file', text.error);
  return text.value;
}

export function importRoutes(api: ApiRouter, services: Services): void {
  const known = services.db.prepare<[string, string], { seq: number }>('SELECT seq FROM events WHERE source_id = ? AND external_id = ?');

  const read = (body: CsvImportInput): ReadImport => {
    if (!services.campaign()) throw new HttpError(409, 'no_campaign', 'create the campaign before importing donations');
    const parsed = readDonationsCsv(uploadedText(body), Date.now());
    if (!parsed.ok) throw new HttpError(422, 'invalid_csv', parsed.error);
    return parsed.value;
  };

  api.on('POST /api/import/donations/preview', ({ body }) => {
    const parsed = read(body);
    const rows = parsed.rows.map((row): CsvImportRow =>
      row.status === 'new' && row.external_id !== null && known.get(CSV_SOURCE_ID, row.external_id) ? { ...row, status: 'duplicate' } : row,
    );
    return summary(rows, parsed.separator, true);
  });

  api.on('POST /api/import/donations', async ({ body }) => {
    const parsed = read(body);
    services.sources.ensure(CSV_SOURCE_ID, 'csv', 'CSV import');
    const rows: CsvImportRow[] = [];
    // Rows go in groups, each group committed together (one fsync) with whatever else arrived
    // meanwhile; other requests, webhooks included, go on between the groups.
    for (let start = 0; start < parsed.rows.length; start += IMPORT_ROWS_PER_TURN) {
      const group = parsed.rows.slice(start, start + IMPORT_ROWS_PER_TURN);
      rows.push(...(await Promise.all(group.map((row) => importRow(row, parsed.events.get(row.row))))));
    }
    return summary(rows, parsed.separator, false);
  });

  const importRow = async (row: CsvImportRow, event: DonationEvent | undefined): Promise<CsvImportRow> => {
    if (row.status !== 'new' || !event) return row;
    // Each row is its own savepoint: a failure part-way leaves the rest to a second try, which
    // adds only what is missing.
    try {
      const outcome = await services.acceptDonation(event);
      return outcome.status === 'created' ? row : { ...row, status: 'duplicate' };
    } catch (error) {
      // A row the ingest refuses (past the campaign's money limit...) is that row's error.
      if (error instanceof HttpError && error.status === 422) return { ...row, status: 'error', error: `row ${row.row}: ${error.message}` };
      throw error;
    }
  };
}

function summary(rows: CsvImportRow[], separator: ',' | ';', dryRun: boolean): CsvImportPreview {
  const counts = { new: 0, duplicate: 0, error: 0 };
  const sums = new Map<string, bigint>();
  for (const row of rows) {
    counts[row.status] += 1;
    if (row.status === 'new' && row.amount) {
      const minor = BigInt(row.amount.value.replace('.', ''));
      sums.set(row.amount.currency, (sums.get(row.amount.currency) ?? 0n) + minor);
    }
  }
  const new_by_currency = [...sums].map(([currency, minor]) => ({ value: formatMinor(minor, currency as CurrencyCode), currency }));
  return { dry_run: dryRun, separator, rows, counts, new_by_currency };
}
