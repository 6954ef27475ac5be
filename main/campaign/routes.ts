import type { CurrencyCode } from '../../shared/currencies.js';
import type { AuditLog } from '../screening/audit.js';
import type { Caller } from '../people/invites.js';
import { HttpError, type ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';
import { resetRates } from '../rates/rates.js';
import { MANUAL_SOURCE_ID } from '../sources/sources.js';
import { type Campaign, readCampaign, saveCampaign, validateCampaign } from './campaign.js';
import { campaignChanges, editCampaign } from './edit.js';

export const CAMPAIGN_SUBJECT = { kind: 'settings', id: 'campaign', label: 'Campaign' } as const;

export function campaignRoutes(api: ApiRouter, services: Services): void {
  api.on('GET /api/campaign', () => ({ campaign: services.campaign() }));

  api.on('PUT /api/campaign', ({ body, caller }) => {
    const before = readCampaign(services.db);
    const parsed = validateCampaign(body, before?.demo ?? false, before);
    if (!parsed.ok) throw new HttpError(422, 'invalid_campaign', parsed.error);
    const saved = services.db.transaction(() => {
      const result = saveCampaign(services.db, parsed.value);
      if (result.ok && before?.currency !== parsed.value.currency) {
        resetRates(services.db, parsed.value.currency as CurrencyCode);
      }
      if (result.ok) auditChanges(services.audit, caller, before, result.value);
      return result;
    })();
    if (!saved.ok) throw new HttpError(409, 'currency_locked', saved.error);
    services.sources.ensure(MANUAL_SOURCE_ID, 'manual', 'Entered by hand');
    return announced(services);
  });

  api.on('PATCH /api/campaign', ({ body, caller }) => {
    const edited = services.db.transaction(() => {
      const before = readCampaign(services.db);
      if (!before) throw new HttpError(409, 'no_campaign', 'there is no campaign to edit yet; create it first');
      const next = editCampaign(before, body, Date.now());
      if (!next.ok) throw new HttpError(422, 'invalid_campaign', next.error);
      const saved = saveCampaign(services.db, next.value);
      if (!saved.ok) throw new HttpError(409, 'invalid_campaign', saved.error);
      auditChanges(services.audit, caller, before, saved.value);
    });
    edited();
    return announced(services);
  });
}

/** One audit entry per field that changed, in the same transaction as the save. */
function auditChanges(audit: AuditLog, caller: Caller, before: Campaign | null, after: Campaign): void {
  for (const change of campaignChanges(before, after)) {
    audit.record(caller, CAMPAIGN_SUBJECT, change.action, { from: change.from, to: change.to });
  }
}

/** Every dashboard and overlay gets the campaign as saved; the caller gets it as the answer. */
function announced(services: Services): { campaign: NonNullable<ReturnType<Services['campaign']>> } {
  services.hub.campaignChanged();
  const campaign = services.campaign();
  if (!campaign) throw new Error('campaign missing after save');
  return { campaign };
}
