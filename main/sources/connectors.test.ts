import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fail, ok } from '../../shared/result.js';
import { startTestCore, tempDir } from '../testing/harness.js';
import type { SourceConnector } from './connectors.js';
import { CREDENTIALS_FILE } from './credentials.js';
import { tiltifyConnector } from './tiltify/connector.js';
import { twitchConnector } from './twitch/connector.js';

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

  it('replaces part of a credential and keeps the rest: the settings the source reads stay its own', async () => {
    const dir = tempDir();
    // Their configure and editInput, without connecting anywhere.
    const tiltify = { ...tiltifyConnector(), start: undefined };
    const twitch = { ...twitchConnector({ defaultServer: 'ws://127.0.0.1:9' }), start: undefined };
    const t = await startTestCore({ dir: dir.path, connectors: [tiltify, twitch] });
    after(() => t.close());
    const stored = (id: string) => JSON.parse(readFileSync(join(dir.path, CREDENTIALS_FILE), 'utf8'))[id] as string | undefined;

    const tl = await t.api('POST', '/api/sources', { kind: 'tiltify', name: 'Tiltify', campaign_id: 'c0ffee00-1234-4abc-9def-0123456789ab', client_id: 'client-one', client_secret: 'secret-one', webhook_signing_key: 'signing-one' });
    assert.equal(tl.status, 201, JSON.stringify(tl.body));
    const put = (id: string, body: unknown) => t.api('PUT', `/api/sources/${id}/credential`, body);
    assert.equal((await put(tl.body.id, { client_secret: 'secret-two' })).status, 200);
    assert.deepEqual(JSON.parse(stored(tl.body.id)!), { client_id: 'client-one', client_secret: 'secret-two', webhook_signing_key: 'signing-one' });
    const row = t.core.db.prepare('SELECT config FROM sources WHERE id = ?').get(tl.body.id) as { config: string };
    assert.equal(JSON.parse(row.config).campaign_id, 'c0ffee00-1234-4abc-9def-0123456789ab', 'the campaign it reads is kept');
    const moved = await put(tl.body.id, { campaign_id: 'another' });
    assert.equal(moved.status, 422, 'the campaign is not a credential: the schema refuses it');

    const tw = await t.api('POST', '/api/sources', { kind: 'twitch', name: 'Chat', channel: 'relay', login: 'relaybot', oauth_token: 'oauth:abcdefghijklmnopqrstuvwxyz0123' });
    assert.equal(tw.status, 201, JSON.stringify(tw.body));
    assert.equal((await put(tw.body.id, { login: 'otherbot' })).status, 200, 'a new account name alone keeps the token');
    assert.equal(stored(tw.body.id), 'abcdefghijklmnopqrstuvwxyz0123');
    assert.equal((await put(tw.body.id, { oauth_token: null })).status, 200, 'no token: reads anonymously');
    assert.equal(stored(tw.body.id), undefined);
    const twitchRow = t.core.db.prepare('SELECT config FROM sources WHERE id = ?').get(tw.body.id) as { config: string };
    assert.deepEqual({ ...JSON.parse(twitchRow.config), server: null }, { channel: 'relay', server: null, login: 'otherbot', has_token: false });

    const hook = await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Form' });
    const none = await put(hook.body.id, { oauth_token: 'abcdefghijklmnop' });
    assert.equal(none.status, 422);
    assert.match(none.body.error.message, /a webhook source has no credential to replace/);
  });
});
