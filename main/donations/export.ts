import { csvCell } from '../csv/cell.js';
import type { CurrencyCode } from '../../shared/currencies.js';
import { formatMinor } from '../../shared/money.js';
import type { DonationExport, ExportRow, ScreeningState } from '../../shared/views.js';
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
  UNION ALL
  SELECT c.event_seq, d.source_id, s.kind, s.name, st.donation_key,
         CASE WHEN c.applied = 1 THEN 'correction' ELSE 'outdated_version' END,
         c.amount_delta_minor, d.currency, c.campaign_delta_minor, d.campaign_currency, d.rate,
         NULL, d.anonymous, NULL, e.occurred_at, e.received_at, c.donation_seq, st.donation_key, NULL
  FROM donation_corrections c
  JOIN donations d ON d.event_seq = c.donation_seq
  JOIN events e ON e.seq = c.event_seq
  LEFT JOIN sources s ON s.id = d.source_id
  LEFT JOIN donation_state st ON st.donation_seq = c.donation_seq
  ORDER BY 1`;

const iso = (ms: number) => new Date(ms).toISOString();

export function exportDonations(db: Db, now = Date.now()): DonationExport {
  const campaignCurrency = (db.prepare<[], { currency: string }>('SELECT currency FROM campaign WHERE id = 1').get()?.currency ??
    'EUR') as CurrencyCode;
  let raised = 0;
  const rows = db.prepare<[], Row>(EXPORT_ROWS).all().map((row): ExportRow => {
    raised += row.campaign_minor ?? 0;
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
  });
  return {
    exported_at: iso(now),
    campaign_currency: campaignCurrency,
    raised: { value: formatMinor(raised, campaignCurrency), currency: campaignCurrency },
    rows,
  };
}

const COLUMNS = [
  'seq', 'source_id', 'source_kind', 'source_name', 'platform_id', 'type', 'amount', 'currency',
  'converted', 'campaign_currency', 'rate', 'donor_name', 'anonymous', 'message', 'occurred_at',
  'received_at', 'links_to_seq', 'links_to', 'screening',
] as const;

export function donationsCsv(data: DonationExport): string {
  const lines = [COLUMNS.join(',')];
  for (const row of data.rows) {
    const cells: (string | number | boolean | null)[] = [
      row.seq, row.source_id, row.source_kind, row.source_name, row.platform_id, row.type,
      row.amount.value, row.amount.currency, row.converted?.value ?? null, data.campaign_currency, row.rate,
      row.donor_name, row.anonymous, row.message, row.occurred_at, row.received_at, row.links_to_seq,
      row.links_to, row.screening,
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  // RFC 4180 lines end with CRLF; a UTF-8 BOM tells Excel the encoding of donors' names.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
