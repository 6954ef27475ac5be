import { createHmac, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_MAX_AGE_S } from '../../../shared/contract.js';
import { type Result, fail, ok } from '../../../shared/result.js';

/** The generic webhook's signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">. */
export function signGeneric(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

/** Checks signature and age. The reasons are shown on the source, so they say what to fix. */
export function verifyGeneric(
  secret: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  rawBody: Buffer,
  nowMs: number,
): Result<void> {
  if (!timestampHeader || !signatureHeader) {
    return fail('refused a request without X-Telethon-Timestamp and X-Telethon-Signature headers');
  }
  if (!/^[0-9]{1,12}$/.test(timestampHeader)) return fail('refused a request whose timestamp is not unix seconds');
  const expected = Buffer.from(signGeneric(secret, timestampHeader, rawBody));
  const given = Buffer.from(signatureHeader);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail('refused a request whose signature does not match: check the secret in the sending tool');
  }
  const ageS = nowMs / 1000 - Number(timestampHeader);
  if (Math.abs(ageS) > WEBHOOK_MAX_AGE_S) {
    return fail(
      `refused a request signed ${Math.round(Math.abs(ageS) / 60)} minutes ${ageS > 0 ? 'ago' : 'in the future'} ` +
        "(more than 5 minutes): check the sender's clock",
    );
  }
  return ok(undefined);
}
