import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fail, ok } from '../../shared/result.js';
import { startTestCore, tempDir } from '../testing/harness.js';
import type { SourceConnector } from './connectors.js';
import { CREDENTIALS_FILE } from './credentials.js';

/** A connector like a platform's: a token in, a live part that reports its status. */
function fakePlatform(log: string[]): SourceConnector {
  return {
    kind: 'streamlabs',
    configure: (input) =>
      typeof input.socket_token === 'string' && input.socket_token.length > 0
        ? ok({ config: { base_url: input.base_url ?? 'https://sockets.example' }, credential: input.socket_token })
        : fail('socket_token is required'),
    start: (source, { services, credentials }) => {
      log.push(`start ${source.id} with ${credentials.get(source.id)}`);
      services.sources.setLiveStatus(source.id, 'connected');
      return { stop: () => void log.push(`stop ${source.id}`) };
    },
  };
}

describe('source connectors', () => {
  it('checks config, keeps the credential out of the database and the API, starts and stops the live part', async () => {
    const dir = tempDir();
    const log: string[] = [];
    const t = await startTestCore({ dir: dir.path, connectors: [fakePlatform(log)] });
    const refused = await t.api('POST', '/api/sources', { kind: 'streamlabs', name: 'SL' });
    assert.equal(refused.status, 422);
    assert.match(refused.body.error.message, /socket_token is required/);

    const created = await t.api('POST', '/api/sources', { kind: 'streamlabs', name: 'SL', socket_token: 'sl-secret-token' });
    assert.equal(created.status, 201);
    assert.equal(created.body.status, 'connected');
    assert.equal(created.body.secret, undefined);
    assert.doesNotMatch(JSON.stringify(created.body), /sl-secret-token/);
    assert.doesNotMatch(JSON.stringify((await t.api('GET', '/api/sources')).body), /sl-secret-token/);
    const row = t.core.db.prepare('SELECT config, secret FROM sources WHERE id = ?').get(created.body.id) as { config: string; secret: string | null };
    assert.doesNotMatch(row.config, /sl-secret-token/);
    assert.equal(row.secret, null);
    const file = join(dir.path, CREDENTIALS_FILE);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(readFileSync(file, 'utf8'), /sl-secret-token/);
    assert.deepEqual(log, [`start ${created.body.id} with sl-secret-token`]);

    // kinds without a connector are refused with what is available
    const twitch = await t.api('POST', '/api/sources', { kind: 'twitch', name: 'x', channel: 'relay' });
    assert.equal(twitch.status, 422);
    assert.match(twitch.body.error.message, /available: webhook, streamlabs/);

    await t.core.close();
    assert.deepEqual(log.at(-1), `stop ${created.body.id}`);

    // a restart starts the live sources again, with the stored credential
    const again = await startTestCore({ dir: dir.path, withCampaign: false, connectors: [fakePlatform(log)] });
    assert.equal(log.at(-1), `start ${created.body.id} with sl-secret-token`);
    await again.close();
  });
});
