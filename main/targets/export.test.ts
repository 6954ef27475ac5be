import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseCsv } from '../testing/csv.js';
import { TEST_TOKEN, type TestCore, startTestCore } from '../testing/harness.js';

let t: TestCore;
after(() => t?.close());

const MIN = 60_000;
const CALL = Math.floor((Date.now() - 3 * 60 * MIN) / MIN) * MIN;
const FORMULA_QUOTE = '=HYPERLINK("http://evil.example","click"), said "they"\nand more';

async function download(path: string, token = TEST_TOKEN) {
  const response = await fetch(`${t.core.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, type: response.headers.get('content-type') ?? '', disposition: response.headers.get('content-disposition') ?? '', bytes: new Uint8Array(await response.clone().arrayBuffer()), text: await response.text() };
}

let mina: string;
let omar: string;
let viewer: string;
let targetId: string;
let archivedId: string;

before(async () => {
  t = await startTestCore();
  t.core.services.sources.ensure('tw', 'twitch', '#relay');
  const invite = async (role: 'moderator' | 'viewer', name: string) => (await t.api('POST', '/api/invites', { role, name })).body.token as string;
  mina = await invite('moderator', '@Mina');
  omar = await invite('moderator', 'Omar');
  viewer = await invite('viewer', 'Vic');

  targetId = (await t.api('POST', '/api/targets', {
    name: '=Brand', handles: [{ platform: 'twitch', handle: 'brandhq' }], hashtags: ['BrandHelp'], ask: 'Match', call_starts_at: new Date(CALL).toISOString(),
  })).body.target.id;
  archivedId = (await t.api('POST', '/api/targets', { name: 'Old', hashtags: ['OldCall'], ask: '', call_starts_at: new Date(CALL).toISOString() })).body.target.id;

  // The target's own account speaks in chat: a candidate (audit: found).
  t.core.services.ingest.chat({ sourceId: 'tw', externalId: 'own-1', userKey: 'twitch:77', displayName: 'BrandHQ', text: '+1 we are in', occurredAt: CALL + 30 * MIN, payload: { login: 'brandhq', user_id: '77' } });
  t.core.services.ingest.flushChat();
});

describe('responses export', () => {
  it('lists every response with its state and whole audit trail, archived targets included', async () => {
    // Outside evidence flagged by Mina, confirmed by Omar, undone by Mina with a reason, rejected by the owner.
    const flagged = await t.api('POST', `/api/targets/${targetId}/responses`, { kind: 'commitment', quote: FORMULA_QUOTE, url: 'https://x.com/brand/status/1', responded_at: new Date(CALL + 150 * MIN).toISOString() }, mina);
    assert.equal(flagged.status, 201, JSON.stringify(flagged.body));
    const id = flagged.body.response.id as string;
    assert.equal((await t.api('POST', `/api/responses/${id}/confirm`, undefined, omar)).status, 200);
    assert.equal((await t.api('POST', `/api/responses/${id}/undo`, { reason: '-was a parody' }, mina)).status, 200);
    assert.equal((await t.api('POST', `/api/responses/${id}/reject`, { reason: 'parody account' })).status, 200);
    // A response on a target archived afterwards is still part of the record.
    const old = await t.api('POST', `/api/targets/${archivedId}/responses`, { kind: 'refusal', quote: 'No comment.', url: 'https://example.org/statement' }, omar);
    assert.equal((await t.api('POST', `/api/responses/${old.body.response.id}/confirm`, undefined, mina)).status, 200);
    assert.equal((await t.api('POST', `/api/targets/${archivedId}/archive`)).status, 200);

    const json = await t.api('GET', '/api/export/responses.json', undefined, mina);
    assert.equal(json.status, 200);
    const byQuote = new Map(json.body.responses.map((r: { quote: string }) => [r.quote, r]));
    assert.equal(json.body.responses.length, 3);
    const candidate = byQuote.get('+1 we are in') as { state: string; found_by: string; target_name: string; audit: { action: string }[] };
    assert.deepEqual([candidate.state, candidate.found_by, candidate.target_name, candidate.audit.map((a) => a.action)], ['candidate', 'chat', '=Brand', ['found']]);
    const decided = byQuote.get(FORMULA_QUOTE) as { state: string; kind: string; responded_at: string; audit: { action: string; actor_name: string; reason: string | null }[] };
    assert.equal(decided.state, 'rejected');
    assert.equal(decided.responded_at, new Date(CALL + 150 * MIN).toISOString());
    assert.deepEqual(
      decided.audit.map((a) => [a.action, a.actor_name, a.reason]),
      [['flag', '@Mina', null], ['confirm', 'Omar', null], ['undo', '@Mina', '-was a parody'], ['reject', 'Owner', 'parody account']],
    );
    const archived = byQuote.get('No comment.') as { state: string; target_name: string };
    assert.deepEqual([archived.state, archived.target_name], ['confirmed', 'Old']);
  });

  it('writes one CSV line per audit step, with strangers\' words unable to run as formulas', async () => {
    const csv = await download('/api/export/responses.csv', omar);
    assert.equal(csv.status, 200);
    assert.match(csv.type, /^text\/csv/);
    assert.match(csv.disposition, /attachment; filename="responses-\d{4}-\d\d-\d\d\.csv"/);
    assert.deepEqual([...csv.bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM tells spreadsheets it is UTF-8');
    const [header, ...rows] = parseCsv(csv.text.replace(/^\uFEFF/, ''));
    assert.ok(header);
    const col = (name: string) => {
      const index = header.indexOf(name);
      assert.ok(index >= 0, name);
      return index;
    };
    // 1 (found) + 4 (flag, confirm, undo, reject) + 2 (flag, confirm)
    assert.equal(rows.length, 7);
    for (const row of rows) assert.equal(row.length, header.length);
    const steps = rows.filter((r) => r[col('quote')] === `'${FORMULA_QUOTE}`);
    assert.deepEqual(steps.map((r) => [r[col('step')], r[col('action')], r[col('actor_name')], r[col('reason')], r[col('state')]]), [
      ['1', 'flag', "'@Mina", '', 'rejected'],
      ['2', 'confirm', 'Omar', '', 'rejected'],
      ['3', 'undo', "'@Mina", "'-was a parody", 'rejected'],
      ['4', 'reject', 'Owner', 'parody account', 'rejected'],
    ]);
    assert.equal(steps[0]?.[col('target_name')], "'=Brand");
    assert.equal(steps[0]?.[col('url')], 'https://x.com/brand/status/1');
    const found = rows.find((r) => r[col('action')] === 'found');
    assert.equal(found?.[col('quote')], "'+1 we are in");
    assert.equal(found?.[col('found_by')], 'chat');
    assert.match(found?.[col('chat_message_id')] ?? '', /^\d+$/);
    // No cell, as a spreadsheet reads it, starts a formula.
    for (const row of rows) for (const cell of row) assert.ok(!/^[=+@]/.test(cell) && !/^-[^0-9]/.test(cell), cell);
  });

  it('is for moderators and the owner only', async () => {
    assert.equal((await download('/api/export/responses.csv', viewer)).status, 403);
    assert.equal((await t.api('GET', '/api/export/responses.json', undefined, viewer)).status, 403);
    assert.equal((await t.api('GET', '/api/export/responses.json', undefined, null)).status, 401);
    assert.equal((await download('/api/export/responses.csv', 'not-a-token-at-all-000')).status, 401);
  });
});
