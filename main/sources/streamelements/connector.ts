import { fail, ok } from '../../../shared/result.js';
import { guarded } from '../../safety/guard.js';
import type { SourceConnector } from '../connectors.js';
import { checkBaseUrl } from '../tiltify/connector.js';
import { ASTRO_URL, AstroConnection, JWT_PLACE } from './astro.js';
import { readAstroTip } from './payload.js';

/** A JWT: three base64url parts. Checked for shape only; StreamElements says whether it is good. */
const JWT = /^[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}$/;
/** StreamElements channel ids are 24 hex digits (MongoDB ids). */
const CHANNEL_ID = /^[0-9a-f]{24}$/i;

export interface StreamElementsOptions {
  backoffMs?: number;
  silenceMs?: number;
  log?: (line: string) => void;
}

/**
 * A StreamElements channel's tips through the Astro gateway. Config: an optional `base_url`
 * (Astro's address; StreamElements' own by default) and an optional `channel_id`. The JWT goes
 * to the CredentialStore and is never returned, shown or logged.
 */
export function streamElementsConnector(options: StreamElementsOptions = {}): SourceConnector {
  const log = options.log ?? ((line: string) => console.warn(line));
  return {
    kind: 'streamelements',
    configure(input) {
      const token = typeof input.jwt === 'string' ? input.jwt.trim() : '';
      // Never repeat the token in the message: it may have been pasted in the wrong field.
      if (!JWT.test(token) || token.length > 4_000) return fail(`jwt is required: the JWT Token from ${JWT_PLACE}`);
      const channel = typeof input.channel_id === 'string' ? input.channel_id.trim() : '';
      if (channel !== '' && !CHANNEL_ID.test(channel)) return fail('channel_id must be the 24-character Account ID shown beside the JWT, or left out');
      const baseUrl = checkBaseUrl(input.base_url, ASTRO_URL);
      if (!baseUrl.ok) return fail(`base_url must be a WebSocket URL like "${ASTRO_URL}"`);
      return ok({ config: { base_url: baseUrl.value, channel_id: channel === '' ? null : channel.toLowerCase() }, credential: token });
    },
    start(source, { services, credentials }) {
      const token = credentials.get(source.id);
      if (!token) throw new Error('the StreamElements JWT is missing: paste it with Replace credentials on this source');
      const report = (context: string, error: unknown) => services.health.internalError(context, error);
      const connection = new AstroConnection({
        url: String(source.config.base_url ?? ASTRO_URL),
        token,
        room: typeof source.config.channel_id === 'string' ? source.config.channel_id : null,
        log: (line) => log(`${source.id}: ${line}`),
        ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
        ...(options.silenceMs ? { silenceMs: options.silenceMs } : {}),
        status: (status, problem) => {
          if (problem) services.sources.recordFailure(source.id, problem);
          services.sources.setLiveStatus(source.id, status);
        },
        onTip: guarded(report, `reading a tip from StreamElements (${source.name})`, (data: unknown) => {
          const tip = readAstroTip(data, source.id, Date.now());
          if (tip.type === 'not_completed') {
            log(`${source.id}: a StreamElements tip with status "${tip.status}" is not counted until it succeeds`);
          } else if (tip.type === 'refused') {
            log(`${source.id}: a StreamElements tip was refused: ${tip.reason}`);
            services.sources.recordRejection(source.id, `A StreamElements tip was refused: ${tip.reason}`);
          } else {
            services.acceptDonation(tip.donation).catch((error: unknown) => {
              const why = error instanceof Error ? error.message : String(error);
              log(`${source.id}: a StreamElements tip could not be counted: ${why}`);
              services.sources.recordFailure(source.id, `A StreamElements tip could not be counted: ${why}`);
            });
          }
        }),
      });
      connection.start();
      return { stop: () => connection.stop() };
    },
  };
}
