import { csvCell } from '../csv/cell.js';
import type { CurrencyCode } from '../../shared/currencies.js';
import { addMinor, formatMinor } from '../../shared/money.js';
import type { ExportRow, ScreeningState } from '../../shared/views.js';
import type { Amount } from '../../shared/money.js';
import type { Db } from '../store/database.js';

interface Row {
  seq: number;
  source_id: string;
  source_kind: string | null;
  source_name: string | null;
  platform_id: string;
  type: ExportRow['type'];
  amount_minor: number;
  currency: string;
  campaign_minor: number | null;
  campaign_currency: string;
  rate: string | null;
  donor_name: string | null;
  anonymous: number;
  message: string | null;
  occurred_at: number;
  received_at: number;
  links_to_seq: number | null;
  links_to: string | null;
  screening: ScreeningState | null;
}

// Donations and refunds as first counted, then each later version of a platform donation as
// the difference it made: the converted column adds up to the total raised.
const EXPORT_ROWS = `
  SELECT * FROM (
  SELECT d.event_seq AS seq, d.source_id, s.kind AS source_kind, s.name AS source_name,
         COALESCE(st.donation_key, e.external_id) AS platform_id, d.type, d.amount_minor, d.currency,
         d.campaign_minor, d.campaign_currency, d.rate, d.donor_name, d.anonymous, d.message,
         d.occurred_at, e.received_at, d.refunds_seq AS links_to_seq,
         COALESCE(rst.donation_key, r.external_id) AS links_to, d.screening
  FROM donations d
  JOIN events e ON e.seq = d.event_seq
  LEFT JOIN sources s ON s.id = d.source_id
  LEFT JOIN donation_state st ON st.donation_seq = d.event_seq
  LEFT JOIN events r ON r.seq = d.refunds_seq
  LEFT JOIN donation_state rst ON rst.donation_seq = d.refunds_seq
  WHERE d.event_seq > @after AND d.event_seq <= @through
  ORDER BY d.event_seq LIMIT @limit)
  UNION ALL
  SELECT * FROM (
  SELECT c.event_seq, d.source_id, s.kind, s.name, st.donation_key,
         CASE WHEN c.applied = 1 THEN 'correction' ELSE 'outdated_version' END,
         c.amount_delta_minor, d.currency, c.campaign_delta_minor, d.campaign_currency, d.rate,
         NULL, d.anonymous, NULL, e.occurred_at, e.received_at, c.donation_seq, st.donation_key, NULL
  FROM donation_corrections c
  JOIN donations d ON d.event_seq = c.donation_seq
  JOIN events e ON e.seq = c.event_seq
  LEFT JOIN sources s ON s.id = d.source_id
  LEFT JOIN donation_state st ON st.donation_seq = c.donation_seq
  WHERE c.event_seq > @after AND c.event_seq <= @through
  ORDER BY c.event_seq LIMIT @limit)
  ORDER BY 1 LIMIT @limit`;

/**
 * Rows per page of an export. A 48-hour marathon's export (18,000 donations, 8 MB of JSON) took
 * over half a second in one piece, during which no other request (webhooks included) was
 * answered. Each row reads its event from the 10M-row log (a page of the file per row when cold),
 * so a page of 250 takes 10–50 ms, with a turn of the event loop after it (npm run bench reads).
 */
const EXPORT_PAGE_ROWS = 250;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Every donation, refund and correction, in seq order, up to the newest at the moment it starts
 * (what arrives during the export is in the next one): read in pages, with a turn of the event
 * loop between them, each page handed to `onPage` as it is read.
 */
async function readExport(
  db: Db,
  onPage: (rows: ExportRow[], campaignCurrency: CurrencyCode) => void,
  pageRows: number,
): Promise<{ campaignCurrency: CurrencyCode; raised: Amount }> {
  const campaignCurrency = (db.prepare<[], { currency: string }>('SELECT currency FROM campaign WHERE id = 1').get()?.currency ??
    'EUR') as CurrencyCode;
  const through = db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events').get()?.seq ?? 0;
  const page = db.prepare<{ after: number; through: number; limit: number }, Row>(EXPORT_ROWS);
  let raised = 0;
  for (let after = 0; ; ) {
    const batch = page.all({ after, through, limit: pageRows });
    const rows = batch.map(exportRow);
    for (const row of batch) raised = addMinor(raised, row.campaign_minor ?? 0);
    onPage(rows, campaignCurrency);
    if (batch.length < pageRows) break;
    after = batch[batch.length - 1]!.seq;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { campaignCurrency, raised: { value: formatMinor(raised, campaignCurrency), currency: campaignCurrency } };
}

/**
 * The export as JSON (a DonationExport), serialized page by page, in pieces: a marathon's 8 MB
 * stringified, or sent, at once would hold the server for a tenth of a second more.
 */
export async function exportDonationsJson(db: Db, now = Date.now(), pageRows = EXPORT_PAGE_ROWS): Promise<string[]> {
  const pages: string[] = [];
  const { campaignCurrency, raised } = await readExport(
    db,
    (page) => {
      if (page.length > 0) pages.push(JSON.stringify(page).slice(1, -1));
    },
    pageRows,
  );
  const head = JSON.stringify({ exported_at: iso(now), campaign_currency: campaignCurrency, raised }).slice(0, -1);
  // Pieces, not one string: joined, they are the JSON; sent one by one (SerializedJson).
  return [`${head},"rows":[`, ...pages.flatMap((page, i) => (i === 0 ? [page] : [',', page])), ']}'];
}

/** The export as CSV, page by page, in pieces (sent one by one). */
export async function exportDonationsCsv(db: Db, pageRows = EXPORT_PAGE_ROWS): Promise<string[]> {
  // RFC 4180 lines end with CRLF; a UTF-8 BOM tells Excel the encoding of donors' names.
  const pieces: string[] = [`\uFEFF${COLUMNS.join(',')}\r\n`];
  await readExport(db, (page, campaignCurrency) => {
    if (page.length > 0) pieces.push(`${page.map((row) => csvLine(row, campaignCurrency)).join('\r\n')}\r\n`);
  }, pageRows);
  return pieces;
}

function exportRow(row: Row): ExportRow {
  return {
    seq: row.seq,
    source_id: row.source_id,
    source_kind: row.source_kind ?? '',
    source_name: row.source_name ?? row.source_id,
    platform_id: row.platform_id,
    type: row.type,
    amount: { value: formatMinor(row.amount_minor, row.currency as CurrencyCode), currency: row.currency },
    converted:
      row.campaign_minor === null
        ? null
        : { value: formatMinor(row.campaign_minor, row.campaign_currency as CurrencyCode), currency: row.campaign_currency },
    rate: row.rate,
    donor_name: row.donor_name,
    anonymous: row.anonymous === 1,
    message: row.message,
    occurred_at: iso(row.occurred_at),
    received_at: iso(row.received_at),
    links_to_seq: row.links_to_seq,
    links_to: row.links_to,
    screening: row.screening,
  };
}

const COLUMNS = [
  'seq', 'source_id', 'source_kind', 'source_name', 'platform_id', 'type', 'amount', 'currency',
  'converted', 'campaign_currency', 'rate', 'donor_name', 'anonymous', 'message', 'occurred_at',
  'received_at', 'links_to_seq', 'links_to', 'screening',
] as const;

function csvLine(row: ExportRow, campaignCurrency: string): string {
  const cells: (string | number | boolean | null)[] = [
    row.seq, row.source_id, row.source_kind, row.source_name, row.platform_id, row.type,
    row.amount.value, row.amount.currency, row.converted?.value ?? null, campaignCurrency, row.rate,
    row.donor_name, row.anonymous, row.message, row.occurred_at, row.received_at, row.links_to_seq,
    row.links_to, row.screening,
  ];
  return cells.map(csvCell).join(',');
}

