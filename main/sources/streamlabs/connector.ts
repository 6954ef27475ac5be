import { fail, ok } from '../../../shared/result.js';
import { guarded } from '../../safety/guard.js';
import type { SourceConnector } from '../connectors.js';
import { checkBaseUrl } from '../tiltify/connector.js';
import { STREAMLABS_SOCKET, StreamlabsSocket } from './connection.js';
import { readStreamlabsEvent } from './payload.js';

/** Streamlabs socket tokens are long JWT-like strings: visible ASCII, no spaces. */
const TOKEN = /^[\x21-\x7e]{16,2048}$/;

export interface StreamlabsOptions {
  backoffMs?: number;
  refusedRetryMs?: number;
  log?: (line: string) => void;
}

/**
 * A Streamlabs account through its Socket API. Config: an optional `base_url` (the socket
 * server; Streamlabs' own by default). The socket token goes to the CredentialStore and is
 * never returned, shown or logged.
 */
export function streamlabsConnector(options: StreamlabsOptions = {}): SourceConnector {
  const log = options.log ?? ((line: string) => console.warn(line));
  return {
    kind: 'streamlabs',
    configure(input) {
      const token = typeof input.socket_token === 'string' ? input.socket_token.trim() : '';
      // Never repeat the token in the message: it may have been pasted in the wrong field.
      if (!TOKEN.test(token)) {
        return fail('socket_token is required: Streamlabs → Settings → API Tokens → "Your Socket API Token"');
      }
      const baseUrl = checkBaseUrl(input.base_url, STREAMLABS_SOCKET);
      if (!baseUrl.ok) return fail('base_url must be a URL like "https://sockets.streamlabs.com"');
      return ok({ config: { base_url: baseUrl.value }, credential: token });
    },
    start(source, { services, credentials }) {
      const token = credentials.get(source.id);
      if (!token) throw new Error('the Streamlabs socket token is missing: paste it with Replace credentials on this source');
      const socket = new StreamlabsSocket({
        url: String(source.config.base_url ?? STREAMLABS_SOCKET),
        token,
        ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
        ...(options.refusedRetryMs ? { refusedRetryMs: options.refusedRetryMs } : {}),
        status: (status, problem) => {
          if (problem) services.sources.recordFailure(source.id, problem);
          services.sources.setLiveStatus(source.id, status);
        },
        // Runs inside socket.io-client's packet handler: an unexpected throw is reported with
        // this source's name instead of reaching the process's last resort.
        onEvent: guarded((context, error) => services.health.internalError(context, error), `reading an event from Streamlabs (${source.name})`, (data: unknown) => {
          const batch = readStreamlabsEvent(data, source.id, Date.now());
          if (!batch) return;
          for (const reason of batch.refused) {
            log(`${source.id}: a Streamlabs donation was refused: ${reason}`);
            services.sources.recordRejection(source.id, `A Streamlabs donation was refused: ${reason}`);
          }
          for (const donation of batch.donations) {
            services.acceptDonation(donation).catch((error: unknown) => {
              const why = error instanceof Error ? error.message : String(error);
              log(`${source.id}: a Streamlabs donation could not be counted: ${why}`);
              services.sources.recordFailure(source.id, `A Streamlabs donation could not be counted: ${why}`);
            });
          }
        }),
      });
      socket.start();
      return { stop: () => socket.stop() };
    },
  };
}
