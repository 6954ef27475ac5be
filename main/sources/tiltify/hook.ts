import { type Result, fail, ok } from '../../../shared/result.js';
import type { Services } from '../../services.js';
import type { SourceRecord } from '../sources.js';
import { type HookAnswer, type HookKind, ingestAnswer } from '../webhook/hook-kind.js';
import { readTiltifyCredential } from './credential.js';
import { parseTiltifyDonation, parseTiltifyMoney } from './payload.js';
import { TILTIFY_SIGNATURE_HEADER, TILTIFY_TIMESTAMP_HEADER, verifyTiltify } from './signature.js';
import { PlatformSync } from './sync.js';

const DONATION_UPDATED = /:donation_updated$/;
const FACT_UPDATED = /:fact_updated$/;

/**
 * Tiltify's webhooks at /hooks/<source-id>: donation_updated (a donation, or a new version of
 * one: ingest keeps one donation and corrects it) and fact_updated (the campaign's own total,
 * shown beside ours). Signed with the endpoint's key that the owner pasted.
 */
export const tiltifyHook: HookKind = {
  verify(source, header, raw, nowMs, services) {
    const key = readTiltifyCredential(services.credentials.get(source.id))?.webhook_signing_key;
    if (!key) return fail("refused a webhook: add Tiltify's webhook signing key to this source first");
    return verifyTiltify(key, header(TILTIFY_TIMESTAMP_HEADER), header(TILTIFY_SIGNATURE_HEADER), raw, nowMs);
  },

  async accept(source, body, nowMs, services) {
    const answer = await acceptTiltify(source, body, services);
    if (answer.ok) {
      new PlatformSync(services.db).webhookArrived(source.id, nowMs);
      services.sources.setWarning(source.id, null);
    }
    return answer;
  },
};

async function acceptTiltify(source: SourceRecord, body: unknown, services: Services): Promise<Result<HookAnswer>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('the body must be a JSON object');
  const { data, meta } = body as { data?: unknown; meta?: Record<string, unknown> };
  const eventType = typeof meta?.event_type === 'string' ? meta.event_type : '';
  const generated = typeof meta?.generated_at === 'string' ? meta.generated_at : '';
  const generatedAt = Date.parse(generated);
  if (!Number.isFinite(generatedAt) || generated.length > 40) return fail('meta.generated_at must be an ISO-8601 time');
  const campaignId = String(source.config.campaign_id);
  if (DONATION_UPDATED.test(eventType)) {
    const event = parseTiltifyDonation(data, source.id, campaignId, { at: generatedAt, label: generated });
    if (!event.ok) return event;
    return ok(ingestAnswer(await services.acceptDonation(event.value)));
  }
  if (FACT_UPDATED.test(eventType)) {
    const fact = (data ?? {}) as Record<string, unknown>;
    if (fact.id !== undefined && fact.id !== campaignId) return fail(`this total is for campaign ${String(fact.id).slice(0, 60)}, not ${campaignId}`);
    const total = parseTiltifyMoney(fact.amount_raised, 'amount_raised');
    if (!total.ok) return total;
    new PlatformSync(services.db).platformTotal(source.id, total.value, generatedAt);
    services.sources.announce(source.id);
    return ok({ created: false, body: { status: 'noted' } });
  }
  return fail(`events of type "${eventType.slice(0, 60)}" are not used: subscribe this endpoint to donation_updated and fact_updated`);
}
