import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Result, fail, ok } from '../../../shared/result.js';

export const TILTIFY_TIMESTAMP_HEADER = 'x-tiltify-timestamp';
export const TILTIFY_SIGNATURE_HEADER = 'x-tiltify-signature';
/**
 * Tiltify signs each attempt afresh and asks receivers to expect it within a minute; we allow
 * five, like the generic webhook, so a desktop whose clock drifts a little still takes them.
 */
export const TILTIFY_MAX_AGE_MS = 5 * 60_000;

/** base64 HMAC-SHA256 over "<X-Tiltify-Timestamp>.<raw body>" with the endpoint's signing key. */
export function signTiltify(key: string, timestamp: string, rawBody: string | Buffer): string {
  return createHmac('sha256', key).update(`${timestamp}.`).update(rawBody).digest('base64');
}

/** Checks signature (over the raw bytes, in constant time) and age; reasons say what to fix. */
export function verifyTiltify(
  key: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  rawBody: Buffer,
  nowMs: number,
): Result<void> {
  if (!timestampHeader || !signatureHeader) {
    return fail('refused a request without X-Tiltify-Timestamp and X-Tiltify-Signature headers');
  }
  const signedAt = Date.parse(timestampHeader);
  if (timestampHeader.length > 40 || !Number.isFinite(signedAt)) {
    return fail('refused a request whose X-Tiltify-Timestamp is not an ISO-8601 time');
  }
  const expected = Buffer.from(signTiltify(key, timestampHeader, rawBody));
  const given = Buffer.from(signatureHeader);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail("refused a request whose signature does not match: paste the webhook signing key from Tiltify's developer dashboard again");
  }
  const ageMs = nowMs - signedAt;
  if (Math.abs(ageMs) > TILTIFY_MAX_AGE_MS) {
    return fail(
      `refused a request signed ${Math.round(Math.abs(ageMs) / 60_000)} minutes ${ageMs > 0 ? 'ago' : 'in the future'} ` +
        '(more than 5 minutes): a replay, or this computer\'s clock is wrong',
    );
  }
  return ok(undefined);
}
