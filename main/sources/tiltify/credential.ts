import { type Result, fail, ok } from '../../../shared/result.js';

/**
 * What the owner gives for a Tiltify source, kept together in the CredentialStore: the API
 * application's client id and secret (for polling), and the webhook signing key (optional:
 * webhooks are the fast path for owners with a public URL or a tunnel).
 */
export interface TiltifyCredential {
  client_id: string;
  client_secret: string;
  webhook_signing_key: string | null;
}

const TOKEN = /^[\x21-\x7e]{1,512}$/;

export function readTiltifyCredential(stored: string | null): TiltifyCredential | null {
  if (stored === null) return null;
  try {
    const parsed = JSON.parse(stored) as Partial<TiltifyCredential>;
    if (typeof parsed.client_id !== 'string' || typeof parsed.client_secret !== 'string') return null;
    return {
      client_id: parsed.client_id,
      client_secret: parsed.client_secret,
      webhook_signing_key: typeof parsed.webhook_signing_key === 'string' ? parsed.webhook_signing_key : null,
    };
  } catch {
    return null;
  }
}

export function checkTiltifyCredential(input: Record<string, unknown>): Result<TiltifyCredential> {
  const { client_id, client_secret, webhook_signing_key } = input;
  if (typeof client_id !== 'string' || !TOKEN.test(client_id) || typeof client_secret !== 'string' || !TOKEN.test(client_secret)) {
    return fail("client_id and client_secret are required: create an application in Tiltify's developer dashboard and paste both");
  }
  if (webhook_signing_key !== undefined && webhook_signing_key !== null && (typeof webhook_signing_key !== 'string' || !TOKEN.test(webhook_signing_key))) {
    return fail("webhook_signing_key must be the key Tiltify shows for the webhook endpoint");
  }
  return ok({ client_id, client_secret, webhook_signing_key: typeof webhook_signing_key === 'string' ? webhook_signing_key : null });
}
