import { z } from 'zod';

export const TWITCH_API = 'https://api.twitch.tv';
export const TWITCH_AUTH = 'https://id.twitch.tv';
export const CHARITY_SCOPE = 'channel:read:charity';
export const CHARITY_TYPES = ['channel.charity_campaign.donate', 'channel.charity_campaign.progress'] as const;
export type CharityType = (typeof CHARITY_TYPES)[number];

const TOKEN_PLACE = `a new user token for your channel with the ${CHARITY_SCOPE} scope (for example from your Twitch developer application)`;

/** What Twitch says about a token (GET /oauth2/validate). */
export interface TokenOwner {
  clientId: string;
  userId: string;
  login: string;
  scopes: string[];
}

const validated = z.object({
  client_id: z.string().min(1).max(100),
  user_id: z.string().regex(/^[0-9]{1,20}$/),
  login: z.string().min(1).max(40),
  scopes: z.array(z.string().max(100)).max(200),
});

/**
 * A failure the owner must fix (a refused or wrong token): shown as is, not retried. Anything
 * else (the network, Twitch's own errors) is retried with backoff.
 */
export type HelixFailure = { final: boolean; reason: string };
export type HelixResult<T> = { ok: true; value: T } | { ok: false; error: HelixFailure };
const ok = <T>(value: T): HelixResult<T> => ({ ok: true, value });
const fail = <T = never>(error: HelixFailure): HelixResult<T> => ({ ok: false, error });

const refusedToken = (why: string): HelixFailure => ({
  final: true,
  reason: `Twitch refused the token: ${why}. Make ${TOKEN_PLACE}, and paste it with Replace credentials on this source.`,
});

/** Who the token belongs to and what it may do; Twitch asks apps to check tokens this way. */
export async function validateToken(authUrl: string, token: string, channel: string): Promise<HelixResult<TokenOwner>> {
  const answer = await call(`${authUrl}/oauth2/validate`, { headers: { authorization: `OAuth ${token}` } });
  if (!answer.ok) return answer;
  if (answer.value.status === 401) return fail(refusedToken('it is invalid or has expired'));
  if (answer.value.status !== 200) return fail({ final: false, reason: `Twitch could not check the token (HTTP ${answer.value.status}); trying again.` });
  const owner = validated.safeParse(answer.value.body);
  if (!owner.success) return fail({ final: false, reason: 'Twitch answered the token check in an unexpected shape; trying again.' });
  if (!owner.data.scopes.includes(CHARITY_SCOPE)) return fail(refusedToken(`it lacks the ${CHARITY_SCOPE} scope`));
  if (owner.data.login.toLowerCase() !== channel) {
    return fail({
      final: true,
      reason: `The token belongs to ${owner.data.login}, not ${channel}: Twitch sends a channel's charity events only with the broadcaster's own token. Make ${TOKEN_PLACE} while signed in as ${channel}, and paste it with Replace credentials on this source.`,
    });
  }
  return ok({ clientId: owner.data.client_id, userId: owner.data.user_id, login: owner.data.login, scopes: owner.data.scopes });
}

/**
 * POST /helix/eventsub/subscriptions for one charity event on this WebSocket session
 * (202 Accepted; 409 means it exists already, which is as good).
 */
export async function subscribe(apiUrl: string, token: string, owner: TokenOwner, type: CharityType, sessionId: string): Promise<HelixResult<true>> {
  const body = { type, version: '1', condition: { broadcaster_user_id: owner.userId }, transport: { method: 'websocket', session_id: sessionId } };
  const answer = await call(`${apiUrl}/helix/eventsub/subscriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'client-id': owner.clientId, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!answer.ok) return answer;
  const { status } = answer.value;
  if (status === 202 || status === 409) return ok(true);
  const said = twitchMessage(answer.value.body);
  if (status === 401) return fail(refusedToken(said ?? 'unauthorized'));
  if (status === 403) return fail(refusedToken(said ?? `it may not read ${type}`));
  if (status === 400) return fail({ final: true, reason: `Twitch refused the ${type} subscription: ${said ?? 'bad request'}.` });
  return fail({ final: false, reason: `Twitch did not create the ${type} subscription (HTTP ${status}${said ? `: ${said}` : ''}); trying again.` });
}

function twitchMessage(body: unknown): string | null {
  const message = z.object({ message: z.string().max(300) }).safeParse(body);
  return message.success ? message.data.message : null;
}

async function call(url: string, init: RequestInit): Promise<HelixResult<{ status: number; body: unknown }>> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    const text = await response.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return ok({ status: response.status, body });
  } catch (error) {
    return fail({ final: false, reason: `Twitch cannot be reached: ${error instanceof Error ? error.message.slice(0, 200) : 'network error'}; trying again.` });
  }
}
