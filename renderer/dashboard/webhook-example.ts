import { WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from '../../shared/contract.js';

/** "x-telethon-signature" → "X-Telethon-Signature", as people write headers. */
export function headerName(header: string): string {
  return header.replace(/(^|-)([a-z])/g, (_m, dash: string, letter: string) => dash + letter.toUpperCase());
}

export const SIGNATURE_HEADER = headerName(WEBHOOK_SIGNATURE_HEADER);
export const TIMESTAMP_HEADER = headerName(WEBHOOK_TIMESTAMP_HEADER);

export function exampleBody(currency: string, now: Date): string {
  return JSON.stringify(
    {
      id: 'order-1001',
      type: 'donation',
      amount: { value: currency === 'JPY' ? '1500' : '12.50', currency },
      donor: { name: 'Sam' },
      message: 'For the camp!',
      occurred_at: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    },
    null,
    2,
  );
}

/** A shell script that signs and sends one event, for testing the hook from a terminal. */
export function exampleScript(hookUrl: string, secret: string, body: string): string {
  const oneLine = JSON.stringify(JSON.parse(body) as unknown);
  return [
    `SECRET='${secret}'`,
    `BODY='${oneLine.replace(/'/g, "'\\''")}'`,
    'TS=$(date +%s)',
    'SIG=$(printf \'%s\' "$TS.$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed \'s/^.*= //\')',
    `curl -sS -X POST '${hookUrl}' \\`,
    "  -H 'Content-Type: application/json' \\",
    `  -H "${TIMESTAMP_HEADER}: $TS" \\`,
    `  -H "${SIGNATURE_HEADER}: sha256=$SIG" \\`,
    '  --data "$BODY"',
  ].join('\n');
}
