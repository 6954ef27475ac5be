import type { Db } from '../../store/database.js';
import { type CredentialStore, webhookSecretEntry } from '../credentials.js';

/**
 * Moves the webhook secrets an older version kept in sources.secret (migration 10) into the
 * credential store. The store is written first (on disk when set() returns), then the column
 * is cleared: a process that dies in between loses nothing, and the next start only clears
 * the column. Where the store already has a secret for the source, it is kept: it is the one
 * the sender uses now (a restored backup may carry an older one). Returns the secrets the
 * database held (to make sure no old copy of them stays in its file); safe at every start.
 */
export function moveWebhookSecretsToStore(db: Db, credentials: CredentialStore): string[] {
  const held = db.prepare<[], { id: string; secret: string }>('SELECT id, secret FROM sources WHERE secret IS NOT NULL').all();
  for (const { id, secret } of held) {
    if (!credentials.has(webhookSecretEntry(id))) credentials.set(webhookSecretEntry(id), secret);
  }
  const clear = db.prepare<[string]>('UPDATE sources SET secret = NULL WHERE id = ?');
  db.transaction(() => {
    for (const { id } of held) clear.run(id);
  })();
  return held.map((row) => row.secret);
}
