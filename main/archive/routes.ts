import type { ArchiveView, LateMoneyView } from '../../shared/views.js';
import { formatMinor } from '../../shared/money.js';
import { isCurrencyCode } from '../../shared/currencies.js';
import { CAMPAIGN_SUBJECT } from '../campaign/routes.js';
import { type ApiRouter, HttpError } from '../server/http.js';
import type { Services } from '../services.js';
import { durably } from '../store/database.js';
import { lateRows } from './archive.js';

const LATE_LIMIT = 500;

/**
 * Closing the marathon: the owner types its title to confirm; from then on no money is counted
 * (what arrives is kept apart), and the archive is written. Reopening takes a reason. Both are
 * in the audit log; every dashboard and overlay hears the change at once.
 */
export function archiveRoutes(api: ApiRouter, services: Services): void {
  const setClosed = services.db.prepare('UPDATE campaign SET closed_at = ?, closed_by = ? WHERE id = 1');

  const archive = async (): Promise<{ archive: ArchiveView | null; archive_error: string | null }> => {
    try {
      const written = await services.writeArchive();
      return { archive: { dir: written.dir, files: written.files }, archive_error: null };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      services.health.report('archive', `The marathon's archive could not be written: ${message}. Try "Write the archive again" in the Campaign tab.`);
      return { archive: null, archive_error: message };
    }
  };

  api.on('POST /api/campaign/close', async ({ body, caller }) => {
    const campaign = services.campaign();
    if (!campaign) throw new HttpError(409, 'no_campaign', 'there is no campaign to close');
    if (campaign.closed_at) throw new HttpError(409, 'already_closed', `the marathon was closed at ${campaign.closed_at}`);
    if (body.title.trim() !== campaign.title.trim()) {
      throw new HttpError(422, 'title_mismatch', 'type the campaign\'s title exactly to close it: closing stops counting money');
    }
    // Pledges already queued are counted first: the close takes effect after them.
    services.ingest.flushChat();
    const now = Date.now();
    durably(services.db, () => {
      setClosed.run(now, caller.actor);
      services.audit.record(caller, CAMPAIGN_SUBJECT, 'closed', { from: 'running', to: 'closed', reason: body.reason ?? null });
    });
    services.hub.campaignChanged();
    const written = await archive();
    if (written.archive) services.health.clear('archive');
    return { campaign: services.campaign()!, ...written };
  });

  api.on('POST /api/campaign/archive', async () => {
    const campaign = services.campaign();
    if (!campaign?.closed_at) throw new HttpError(409, 'not_closed', 'close the marathon first: an archive is of a closed marathon');
    const written = await archive();
    if (!written.archive) throw new HttpError(500, 'archive_failed', `the archive could not be written: ${written.archive_error}`);
    services.health.clear('archive');
    return { archive: written.archive };
  });

  api.on('POST /api/campaign/reopen', ({ body, caller }) => {
    const campaign = services.campaign();
    if (!campaign?.closed_at) throw new HttpError(409, 'not_closed', 'the marathon is not closed');
    durably(services.db, () => {
      setClosed.run(null, null);
      services.audit.record(caller, CAMPAIGN_SUBJECT, 'reopened', { from: 'closed', to: 'running', reason: body.reason });
    });
    services.hub.campaignChanged();
    return { campaign: services.campaign()! };
  });

  api.on('GET /api/campaign/late', () => {
    const rows = lateRows(services.db, LATE_LIMIT);
    const count = services.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM late_events').get()!.n;
    const late: LateMoneyView[] = rows.map((row) => ({
      id: row.event_seq,
      source_id: row.source_id,
      external_id: row.external_id,
      type: row.type as LateMoneyView['type'],
      amount: { value: isCurrencyCode(row.currency) ? formatMinor(row.amount, row.currency) : String(row.amount), currency: row.currency },
      donor_name: row.anonymous ? null : row.donor_name,
      anonymous: row.anonymous === 1,
      occurred_at: new Date(row.occurred_at).toISOString(),
      received_at: new Date(row.received_at).toISOString(),
    }));
    return { late, count };
  });
}
