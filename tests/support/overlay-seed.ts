import { signGeneric } from '../../main/sources/webhook/signature.js';
import { EXAMPLE_CAMPAIGN } from '../../main/testing/harness.js';
import type { CampaignInput } from '../../shared/views.js';
import { ownerApi } from './server-process.js';

/** The example campaign, started 3 h 12 min ago, so the clock and the board have something to show. */
export function runningCampaign(now = Date.now()): CampaignInput {
  return { ...EXAMPLE_CAMPAIGN, starts_at: new Date(now - 3 * 3_600_000 - 12 * 60_000).toISOString() };
}

export interface WebhookSender {
  sourceId: string;
  /** Posts a signed donation; returns the HTTP status and the donation's id. */
  donate(id: string, value: string, donor: { name?: string; anonymous?: boolean }, message?: string, currency?: string): Promise<{ status: number; id: number }>;
}

/** A generic signed webhook source on a running server, and a way to send donations through it. */
export async function webhookSender(url: string, name = 'Donation form'): Promise<WebhookSender> {
  const created = await ownerApi(url, 'POST', '/api/sources', { kind: 'webhook', name });
  if (created.status !== 201 && created.status !== 200) throw new Error(`webhook source not created: ${JSON.stringify(created.body)}`);
  const { id: sourceId, secret } = created.body as { id: string; secret: string };
  return {
    sourceId,
    async donate(id, value, donor, message, currency = 'EUR') {
      const raw = JSON.stringify({ id, type: 'donation', amount: { value, currency }, donor, ...(message === undefined ? {} : { message }) });
      const ts = Math.floor(Date.now() / 1000);
      const response = await fetch(`${url}/hooks/${encodeURIComponent(sourceId)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telethon-timestamp': String(ts), 'x-telethon-signature': signGeneric(secret, ts, raw) },
        body: raw,
      });
      const body = (await response.json()) as { id?: number };
      return { status: response.status, id: body.id ?? -1 };
    },
  };
}

/**
 * Two targets: one waiting, one whose response a moderator flagged and the owner confirmed
 * (a commitment, 3 h 12 min after the call). Returns their ids.
 */
export async function seedTargets(url: string, now = Date.now()): Promise<{ waiting: string; answered: string }> {
  const callStart = new Date(now - 5 * 3_600_000).toISOString();
  const waiting = await ownerApi(url, 'POST', '/api/targets', {
    name: 'President Erdoğan',
    handles: [{ platform: 'x', handle: 'RTErdogan' }],
    hashtags: ['ErdoganHelpRohingya'],
    ask: 'Open a corridor for water trucks',
    call_starts_at: new Date(now - 2 * 3_600_000 - 5 * 60_000).toISOString(),
  });
  const answered = await ownerApi(url, 'POST', '/api/targets', {
    name: 'YouTube',
    handles: [{ platform: 'x', handle: 'YouTube' }],
    hashtags: ['YoutubeHelpRohingya'],
    ask: 'Match the donations of this stream',
    call_starts_at: callStart,
  });
  if (waiting.status !== 201 || answered.status !== 201) throw new Error(`targets not created: ${JSON.stringify([waiting.body, answered.body])}`);
  const moderator = await ownerApi(url, 'POST', '/api/invites', { role: 'moderator', name: 'Mod Mia' });
  const flagged = await fetch(`${url}/api/targets/${answered.body.target.id}/responses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${moderator.body.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      kind: 'commitment',
      quote: 'We will match every donation made during this stream.',
      url: 'https://example.org/youtube-answer',
      responded_at: new Date(Date.parse(callStart) + (3 * 3600 + 12 * 60) * 1000).toISOString(),
    }),
  });
  const response = (await flagged.json()) as { response: { id: string } };
  const confirmed = await ownerApi(url, 'POST', `/api/responses/${response.response.id}/confirm`);
  if (confirmed.status !== 200) throw new Error(`response not confirmed: ${JSON.stringify(confirmed.body)}`);
  return { waiting: waiting.body.target.id, answered: answered.body.target.id };
}
