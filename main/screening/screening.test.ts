import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { describe, it } from 'node:test';
import { OVERLAY_NAMESPACE, STAFF_NAMESPACE } from '../../shared/contract.js';
import type { CurrencyCode } from '../../shared/currencies.js';
import { parseAmount } from '../../shared/money.js';
import type { AuditEntry, ScreeningItem, ScreeningView } from '../../shared/views.js';
import { isStorageFailure } from '../store/database.js';
import { EXAMPLE_CAMPAIGN, type TestCore, tempDir } from '../testing/harness.js';
import { trackedCores } from '../testing/tracked.js';
import { until } from '../testing/until.js';

const { start, stop, connect: connectTo } = trackedCores();

async function moderator(t: TestCore, name: string): Promise<string> {
  const created = await t.api('POST', '/api/invites', { role: 'moderator', name });
  assert.equal(created.status, 201);
  return created.body.token as string;
}

async function pledge(t: TestCore, id: string, value: string, name: string | null, message: string | null, extra: Record<string, unknown> = {}): Promise<number> {
  const body = { id, amount: { value, currency: 'EUR' }, ...(name === null ? {} : { donor: { name } }), ...(message === null ? {} : { message }), ...extra };
  const answer = await t.api('POST', '/api/donations', body);
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.id as number;
}

const connect = connectTo;

async function overlayListener(t: TestCore): Promise<{ seen: { event: string; payload: string }[] }> {
  const key = (await t.api('GET', '/api/overlay')).body.key as string;
  const socket = await connect(t, OVERLAY_NAMESPACE, { key });
  const seen: { event: string; payload: string }[] = [];
  socket.onAny((event: string, payload: unknown) => seen.push({ event, payload: JSON.stringify(payload) }));
  return { seen };
}

const screen = (t: TestCore, id: number, decision: string, token?: string, reason?: string) =>
  t.api('POST', `/api/donations/${id}/screen`, { decision, ...(reason ? { reason } : {}) }, token);

describe('screening donation messages', () => {
  it('keeps a message off the overlay until a moderator approves it, and takes it back when denied', async () => {
    const t = await start();
    const mina = await moderator(t, 'Mina');
    const overlay = await overlayListener(t);
    const id = await pledge(t, 'p1', '12.50', 'Ada <b>', 'Hold on, Cox’s Bazar');
    await new Promise((r) => setTimeout(r, 150));
    assert.ok(overlay.seen.length > 0, 'the overlay heard the total');
    assert.equal(overlay.seen.some((s) => s.payload.includes('Cox’s Bazar') || s.payload.includes('Ada <b>')), false);

    const queue = (await t.api('GET', '/api/screening/queue?stage=pending', undefined, mina)).body.items as ScreeningItem[];
    assert.deepEqual(queue.map((i) => i.donation.id), [id]);

    const approved = await screen(t, id, 'approve', mina);
    assert.equal(approved.status, 200);
    assert.equal(approved.body.item.donation.screening, 'approved');
    const shown = await until('the overlay shows the approved message', async () => overlay.seen, (seen) => seen.some((s) => s.event === 'changes' && s.payload.includes('Cox’s Bazar')));
    assert.ok(shown.some((s) => s.payload.includes('"type":"donation"')));

    // A replayed approval changes nothing and is refused.
    assert.equal((await screen(t, id, 'approve', mina)).status, 409);

    assert.equal((await screen(t, id, 'deny', mina, 'spam link')).status, 200);
    await until('the overlay takes it off', async () => overlay.seen, (seen) => seen.some((s) => s.payload.includes('"type":"donation_hidden"') && s.payload.includes(`"id":${id}`)));
    const snapshot = (await t.api('GET', '/api/donations?state=denied')).body.donations as { id: number }[];
    assert.deepEqual(snapshot.map((d) => d.id), [id]);

    const audit = (await t.api('GET', '/api/audit', undefined, mina)).body.entries as AuditEntry[];
    const steps = audit.filter((e) => e.subject.kind === 'donation').map((e) => [e.action, e.actor_name, e.from_state, e.to_state, e.reason]);
    assert.deepEqual(steps, [
      ['deny', 'Mina', 'approved', 'denied', 'spam link'],
      ['approve', 'Mina', 'pending', 'approved', null],
    ]);
  });

  it('never lets two moderators take the same item, even asking at the same moment', async () => {
    const t = await start();
    const a = await moderator(t, 'Ana');
    const b = await moderator(t, 'Ben');
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push(await pledge(t, `q${i}`, '5', `Donor ${i}`, `message ${i}`));

    const taken = new Map<number, string>();
    const work = async (token: string, who: string) => {
      for (;;) {
        const next = await t.api('POST', '/api/screening/next', { stage: 'pending' }, token);
        assert.equal(next.status, 200);
        const item = next.body.item as ScreeningItem | null;
        if (!item) return;
        assert.equal(taken.has(item.donation.id), false, `${item.donation.id} was taken twice`);
        taken.set(item.donation.id, who);
        const decided = await screen(t, item.donation.id, 'approve', token);
        assert.equal(decided.status, 200, JSON.stringify(decided.body));
      }
    };
    await Promise.all([work(a, 'Ana'), work(b, 'Ben')]);
    assert.deepEqual([...taken.keys()].sort((x, y) => x - y), ids);
    const counts = (await t.api('GET', '/api/screening', undefined, a)).body.counts;
    assert.equal(counts.approved, 30);
    assert.equal(counts.pending, 0);
    assert.ok([...taken.values()].includes('Ana') && [...taken.values()].includes('Ben'), 'both worked the queue');
  });

  it('shows who has an item open, refuses it to others, and frees it when that person leaves', async () => {
    const t = await start();
    const a = await moderator(t, 'Ana');
    const b = await moderator(t, 'Ben');
    const id = await pledge(t, 'c1', '5', 'Cleo', 'hello');
    const socketA = await connect(t, STAFF_NAMESPACE, { token: a });
    const socketB = await connect(t, STAFF_NAMESPACE, { token: b });
    const claimsSeenByB: ScreeningView[] = [];
    socketB.on('changes', (batch: { changes: { type: string; screening?: ScreeningView }[] }) => {
      for (const change of batch.changes) if (change.type === 'screening' && change.screening) claimsSeenByB.push(change.screening);
    });

    const opened = await t.api('POST', `/api/donations/${id}/claim`, undefined, a);
    assert.equal(opened.status, 200);
    await until('Ben sees that Ana has it open', async () => claimsSeenByB.at(-1), (v) => v?.claims.some((c) => c.donation_id === id && c.actor_name === 'Ana') === true);
    const refused = await t.api('POST', `/api/donations/${id}/claim`, undefined, b);
    assert.equal(refused.status, 409);
    assert.match(refused.body.error.message, /Ana has this donation open/);
    assert.equal((await screen(t, id, 'deny', b)).status, 409);
    assert.equal((await t.api('POST', '/api/screening/next', { stage: 'pending' }, b)).body.item, null);

    socketA.disconnect();
    await until('the item is free once Ana is gone', async () => (await t.api('GET', '/api/screening', undefined, b)).body.claims, (claims: unknown[]) => claims.length === 0);
    assert.equal((await t.api('POST', '/api/screening/next', { stage: 'pending' }, b)).body.item.donation.id, id);
  });

  it('needs two different people in two-pass mode', async () => {
    const t = await start();
    const a = await moderator(t, 'Ana');
    const b = await moderator(t, 'Ben');
    assert.equal((await t.api('PUT', '/api/screening/settings', { mode: 'two_pass' })).status, 200);
    const id = await pledge(t, 't1', '20', 'Dee', 'two looks');

    const first = await screen(t, id, 'approve', a);
    assert.equal(first.body.item.donation.screening, 'pending');
    assert.equal(first.body.item.first_pass.actor_name, 'Ana');
    let counts = (await t.api('GET', '/api/screening', undefined, a)).body.counts;
    assert.deepEqual([counts.pending, counts.first_pass], [0, 1]);
    // Ana's own first pass is not offered to her for the second.
    assert.equal((await t.api('POST', '/api/screening/next', { stage: 'first_pass' }, a)).body.item, null);
    const own = await screen(t, id, 'approve', a);
    assert.equal(own.status, 403);
    assert.equal(own.body.error.code, 'own_first_pass');

    assert.equal((await t.api('POST', '/api/screening/next', { stage: 'first_pass' }, b)).body.item.donation.id, id);
    const second = await screen(t, id, 'approve', b);
    assert.equal(second.body.item.donation.screening, 'approved');
    assert.equal((await screen(t, id, 'read', b)).body.item.donation.screening, 'read');
    counts = (await t.api('GET', '/api/screening', undefined, a)).body.counts;
    assert.deepEqual([counts.pending, counts.first_pass, counts.approved, counts.read], [0, 0, 0, 1]);
  });

  it('applies the rules as donations arrive: the word list, nothing to screen, screening off, the overlay minimum', async () => {
    const t = await start();
    const put = await t.api('PUT', '/api/screening/settings', { words: ['scam', 'free money', 'ass'], overlay_min: { value: '10.00', currency: 'EUR' } });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const overlay = await overlayListener(t);

    const listed = await pledge(t, 'r1', '50', 'Eve', 'Ｆｒéé   MONEY here');
    const wordy = await pledge(t, 'r2', '50', 'Sam', 'a first-class cause');
    const silent = await pledge(t, 'r3', '3', null, null);
    const item = async (id: number) => (await t.api('POST', `/api/donations/${id}/claim`)).body.item as ScreeningItem;
    assert.equal((await item(listed)).donation.screening, 'denied');
    assert.equal((await item(listed)).reason, 'word list: "free money"');
    assert.equal((await item(wordy)).donation.screening, 'pending', '"class" is not the listed word "ass"');
    assert.equal((await item(silent)).donation.screening, 'approved');

    const small = await pledge(t, 'r4', '9.99', 'Tiny', 'below the line');
    assert.equal((await item(small)).below_overlay_min, true);
    assert.equal((await screen(t, small, 'approve')).status, 200);
    const seen = await until('the small donation reaches the overlay without its message', async () => overlay.seen, (s) => s.some((x) => x.payload.includes('Tiny')));
    assert.equal(seen.some((s) => s.payload.includes('below the line')), false);
    assert.equal(seen.some((s) => s.payload.includes('Ｆｒéé')), false, 'denied content never reaches the overlay');

    assert.equal((await t.api('PUT', '/api/screening/settings', { mode: 'none' })).status, 200);
    const open = await pledge(t, 'r5', '25', 'Open', 'straight through');
    assert.equal((await item(open)).donation.screening, 'approved');
    await until('screening off shows it at once', async () => overlay.seen, (s) => s.some((x) => x.payload.includes('straight through')));
    const banned = await pledge(t, 'r6', '25', 'Eve', 'this is a SCAM');
    assert.equal((await item(banned)).donation.screening, 'denied', 'the word list applies with screening off too');
  });

  it('refuses bad settings and bad decisions in words, and viewers or revoked moderators on every action', async () => {
    const t = await start();
    assert.equal((await t.api('PUT', '/api/screening/settings', { mode: 'three_pass' })).status, 422);
    assert.equal((await t.api('PUT', '/api/screening/settings', { words: 'scam' })).status, 422);
    assert.equal((await t.api('PUT', '/api/screening/settings', { words: ['\u200b'] })).status, 422);
    const wrongCurrency = await t.api('PUT', '/api/screening/settings', { overlay_min: { value: '5', currency: 'USD' } });
    assert.equal(wrongCurrency.status, 422);
    assert.match(wrongCurrency.body.error.message, /campaign currency \(EUR\)/);
    const id = await pledge(t, 'b1', '5', 'Bo', 'hi');
    assert.equal((await screen(t, id, 'explode')).status, 422);
    assert.equal((await screen(t, 999_999, 'approve')).status, 404);
    assert.equal((await t.api('POST', '/api/donations/abc/screen', { decision: 'approve' })).status, 404);
    assert.equal((await screen(t, id, 'read')).status, 409, 'only approved messages can be read on air');

    const viewer = (await t.api('POST', '/api/invites', { role: 'viewer', name: 'Vic' })).body.token as string;
    const mod = await t.api('POST', '/api/invites', { role: 'moderator', name: 'Mo' });
    assert.equal((await screen(t, id, 'approve', viewer)).status, 403);
    assert.equal((await t.api('POST', '/api/screening/next', {}, viewer)).status, 403);
    assert.equal((await t.api('PUT', '/api/screening/settings', { mode: 'none' }, mod.body.token)).status, 403, 'only the owner sets the mode');
    assert.equal((await t.api('POST', `/api/donations/${id}/claim`, undefined, mod.body.token)).status, 200);
    await t.api('DELETE', `/api/invites/${mod.body.invite.id}`);
    assert.equal((await screen(t, id, 'approve', mod.body.token)).status, 403, 'a revoked token is refused, also replayed');
    assert.equal((await t.api('GET', '/api/screening')).body.claims.length, 0, 'revoking frees what they had open');
    const entries = (await t.api('GET', '/api/audit')).body.entries as AuditEntry[];
    assert.deepEqual(entries.filter((e) => e.subject.kind === 'invite').map((e) => e.action), ['invite_revoked', 'invite_created', 'invite_created']);
  });

  it('sends a screened donation back to screening when its platform changes the name or message', async () => {
    const t = await start();
    const overlay = await overlayListener(t);
    const parsed = parseAmount({ value: '20.00', currency: 'EUR' });
    assert.ok(parsed.ok);
    const twentyEuros = parsed.value;
    const versioned = (version: number, message: string) => ({
      sourceId: 'manual',
      externalId: `tf-1@${version}`,
      type: 'donation' as const,
      amount: twentyEuros,
      donorName: 'Tia',
      anonymous: false,
      message,
      occurredAt: Date.now(),
      versioned: { key: 'tf-1', version },
    });
    const first = await t.core.services.acceptDonation(versioned(1_000, 'Go team'));
    const id = first.donationSeq ?? first.seq;
    await until('the rules saw it', async () => (await t.api('POST', `/api/donations/${id}/claim`)).body.item.donation.screening, (s) => s === 'pending');
    assert.equal((await screen(t, id, 'approve')).status, 200);
    await until('shown', async () => overlay.seen, (seen) => seen.some((x) => x.payload.includes('Go team')));

    // The same amount and a new message: the platform's correction must be screened again.
    await t.core.services.acceptDonation(versioned(2_000, 'visit my spam site'));
    const item = await until('back in the queue', async () => (await t.api('GET', '/api/screening/queue?stage=pending')).body.items as ScreeningItem[], (items) => items.length === 1);
    assert.equal(item[0]!.donation.id, id);
    assert.equal(item[0]!.donation.message, 'visit my spam site');
    assert.equal(item[0]!.reason, 'the platform changed the name or message');
    await until('taken off the overlay', async () => overlay.seen, (seen) => seen.some((x) => x.payload.includes('"type":"donation_hidden"')));
    assert.equal(overlay.seen.some((x) => x.payload.includes('spam site')), false);

    // A redelivery of that same version changes nothing.
    await t.core.services.acceptDonation(versioned(2_000, 'visit my spam site'));
    await new Promise((r) => setTimeout(r, 50));
    const audit = ((await t.api('GET', '/api/audit')).body.entries as AuditEntry[]).filter((e) => e.subject.id === String(id));
    assert.deepEqual(audit.map((e) => e.action), ['reset', 'approve']);
  });

  it('pages through the audit newest first, screening and responses merged, without gaps or repeats', async () => {
    const t = await start();
    const mod = await moderator(t, 'Mo');
    const target = (await t.api('POST', '/api/targets', { name: 'YouTube', handles: [], hashtags: ['YoutubeHelpRohingya'], ask: 'Match the donations' })).body.target;
    for (let i = 0; i < 12; i++) {
      const id = await pledge(t, `a${i}`, '5', `Donor ${i}`, `message ${i}`);
      await screen(t, id, i % 2 ? 'approve' : 'deny');
      if (i % 4 === 0) {
        const flagged = await t.api('POST', `/api/targets/${target.id}/responses`, { kind: 'commitment', quote: `We will match ${i}`, url: 'https://example.org/post' }, mod);
        assert.equal(flagged.status, 201, JSON.stringify(flagged.body));
        await t.api('POST', `/api/responses/${flagged.body.response.id}/confirm`);
      }
    }
    const whole = (await t.api('GET', '/api/audit?limit=200')).body.entries as AuditEntry[];
    assert.equal(whole.filter((e) => e.subject.kind === 'donation').length, 12);
    assert.equal(whole.filter((e) => e.subject.kind === 'response').length, 6, 'three flags and three confirmations');
    for (let i = 1; i < whole.length; i++) assert.ok(whole[i - 1]!.at >= whole[i]!.at, 'newest first');
    const paged: AuditEntry[] = [];
    let before: string | null = null;
    for (;;) {
      const page: AuditEntry[] = (await t.api('GET', `/api/audit?limit=5${before ? `&before=${before}` : ''}`)).body.entries;
      paged.push(...page);
      if (page.length < 5) break;
      before = page[page.length - 1]!.id;
    }
    assert.deepEqual(paged.map((e) => e.id), whole.map((e) => e.id));
    assert.match(whole.find((e) => e.subject.kind === 'response')!.subject.label, /^YouTube: We will match/);
  });

  it('screens donations the app had committed but not screened when it stopped', async () => {
    const dir = tempDir();
    const first = await start(dir.path);
    await first.api('PUT', '/api/campaign', EXAMPLE_CAMPAIGN);
    await first.api('PUT', '/api/screening/settings', { mode: 'none' });
    // Written straight to the store, as if the app died between the commit and the rules.
    first.core.db.prepare("INSERT INTO events (source_id, external_id, kind, occurred_at, received_at) VALUES ('manual', 'x1', 'donation', 1, 1)").run();
    const seq = Number(first.core.db.prepare("SELECT seq FROM events WHERE external_id = 'x1'").pluck().get());
    first.core.db
      .prepare("INSERT INTO donations (event_seq, source_id, type, amount_minor, currency, campaign_minor, campaign_currency, donor_name, message, occurred_at) VALUES (?, 'manual', 'donation', 500, 'EUR', 500, 'EUR', 'Late', 'hi', 1)")
      .run(seq);
    await stop(first);
    const second = await start(dir.path);
    assert.equal((await second.api('POST', `/api/donations/${seq}/claim`)).body.item.donation.screening, 'approved');
    await stop(second);
    dir.remove();
  });
});

describe('the rules on a group of donations', () => {
  it('mark nothing when the group cannot be written, and screen each donation once afterwards', async () => {
    const t = await start();
    try {
      const { ingest, screening, db } = t.core.services;
      // Nothing to screen (no name shown, no message): the rules approve it.
      const outcome = ingest.donation({ sourceId: 'manual', externalId: 'quiet-1', type: 'donation', amount: { minor: 300, currency: 'EUR' as CurrencyCode }, donorName: null, anonymous: true, message: null, occurredAt: Date.now() });
      // Another program holds the write lock past the busy timeout while the rules run.
      const holder = new Database(db.name);
      holder.exec('BEGIN IMMEDIATE');
      const skipped: unknown[] = [];
      assert.throws(() => screening.screenNewGroup([outcome.seq], (error) => skipped.push(error)), (error: unknown) => isStorageFailure(error));
      holder.exec('ROLLBACK');
      holder.close();
      assert.deepEqual(skipped, []);
      const row = () => db.prepare<[number], { screening: string }>('SELECT screening FROM donations WHERE event_seq = ?').get(outcome.seq)?.screening;
      assert.equal(row(), 'pending', 'the failed group marked nothing');
      // The rules scheduled by the commit itself run next, and approve it, once.
      await until('approved by the rules', async () => row(), (state) => state === 'approved');
      const audit = ((await t.api('GET', '/api/audit')).body.entries as AuditEntry[]).filter((e) => e.subject.id === String(outcome.seq));
      assert.deepEqual(audit.map((e) => e.action), ['auto_approve']);
    } finally {
      await stop(t);
    }
  });
});
