import { type Result, fail, ok } from '../../../shared/result.js';
import type { SourceConnector } from '../connectors.js';
import { TILTIFY_API, TiltifyApi } from './api.js';
import { checkTiltifyCredential, readTiltifyCredential } from './credential.js';
import { TiltifyPoller } from './poller.js';

export interface TiltifyOptions {
  pollIntervalMs?: number;
  webhookSilenceMs?: number;
}

const CAMPAIGN_ID = /^[A-Za-z0-9-]{1,64}$/;

export function checkBaseUrl(input: unknown, fallback: string): Result<string> {
  if (input === undefined || input === null || input === '') return ok(fallback);
  if (typeof input !== 'string') return fail('base_url must be a URL like "https://v5api.tiltify.com"');
  try {
    const url = new URL(input);
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return fail('base_url must start with https://');
    return ok(input.replace(/\/+$/, ''));
  } catch {
    return fail('base_url must be a URL like "https://v5api.tiltify.com"');
  }
}

/**
 * A Tiltify campaign: polling its public API is the default (a desktop behind a home router
 * has no public URL); its webhooks at /hooks/<source-id> are the fast path with a tunnel.
 * Both feed ingest with versioned donations, so together they count each donation once.
 */
export function tiltifyConnector(options: TiltifyOptions = {}): SourceConnector {
  const intervalMs = options.pollIntervalMs ?? 30_000;
  return {
    kind: 'tiltify',
    configure(input) {
      if (typeof input.campaign_id !== 'string' || !CAMPAIGN_ID.test(input.campaign_id)) {
        return fail("campaign_id is required: the campaign's id from its Tiltify dashboard (Setup → Information)");
      }
      const baseUrl = checkBaseUrl(input.base_url, TILTIFY_API);
      if (!baseUrl.ok) return baseUrl;
      const credential = checkTiltifyCredential(input);
      if (!credential.ok) return credential;
      return ok({
        config: { campaign_id: input.campaign_id, base_url: baseUrl.value },
        credential: JSON.stringify(credential.value),
      });
    },
    // Any of the three may be replaced; the others are kept.
    editInput: (config, credential) => ({ ...config, ...readTiltifyCredential(credential) }),
    start(source, { services, credentials }) {
      const credential = readTiltifyCredential(credentials.get(source.id));
      if (!credential) throw new Error('the Tiltify client id and secret are missing: paste them with Replace credentials on this source');
      const api = new TiltifyApi(String(source.config.base_url ?? TILTIFY_API), credential);
      const poller = new TiltifyPoller(source, api, services, {
        intervalMs,
        webhookSilenceMs: options.webhookSilenceMs ?? 10 * 60_000,
      });
      poller.start();
      return { stop: () => poller.stop() };
    },
  };
}
