import { fail, ok } from '../../../shared/result.js';
import type { SourceConnector } from '../connectors.js';
import { checkBaseUrl } from '../tiltify/connector.js';
import { X_API, XApi } from './api.js';
import { XPoller } from './poller.js';

export interface XOptions {
  /** Overrides the source's poll interval (tests). */
  pollIntervalMs?: number;
  /** Answers read per query in one poll (tests stop a poll in the middle of its paging). */
  maxPagesPerQuery?: number;
}

/** Bearer tokens from the developer portal are URL-encoded (AAAA...%3D...): visible ASCII, no spaces. */
const BEARER = /^[\x21-\x7e]{20,600}$/;
const DEFAULT_INTERVAL_S = 60;

/**
 * X posts: recent search polled with the app's bearer token, for each target's hashtags, @handles
 * and own posts. The token is kept in the CredentialStore, never in the database nor shown back.
 */
export function xConnector(options: XOptions = {}): SourceConnector {
  return {
    kind: 'x',
    configure(input) {
      const token = typeof input.bearer_token === 'string' ? input.bearer_token.trim().replace(/^Bearer\s+/i, '') : '';
      // Never repeat the token in the message: it may be pasted in the wrong field.
      if (!BEARER.test(token)) {
        return fail('bearer_token is required: the Bearer Token of your app in the X developer portal (Projects & Apps → your app → Keys and tokens)');
      }
      const baseUrl = checkBaseUrl(input.base_url, X_API);
      if (!baseUrl.ok) return fail(baseUrl.error.replace('https://v5api.tiltify.com', X_API));
      const interval = input.poll_interval_s ?? DEFAULT_INTERVAL_S;
      if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 15 || interval > 3_600) {
        return fail('poll_interval_s must be a whole number of seconds from 15 to 3600');
      }
      return ok({ config: { base_url: baseUrl.value, poll_interval_s: interval, has_token: true }, credential: token });
    },
    start(source, { services, credentials }) {
      const token = credentials.get(source.id);
      if (!token) throw new Error('the X bearer token is missing: paste it with Replace credentials on this source');
      const api = new XApi(String(source.config.base_url ?? X_API), token);
      const intervalS = typeof source.config.poll_interval_s === 'number' ? source.config.poll_interval_s : DEFAULT_INTERVAL_S;
      const poller = new XPoller(source, api, services, {
        intervalMs: options.pollIntervalMs ?? intervalS * 1000,
        ...(options.maxPagesPerQuery ? { maxPagesPerQuery: options.maxPagesPerQuery } : {}),
      });
      poller.start();
      return { stop: () => poller.stop() };
    },
  };
}
