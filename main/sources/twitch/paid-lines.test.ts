import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { HiddenChat } from '../../chat/hidden.js';
import { fixtureText } from '../../testing/fixtures.js';
import { startTestCore } from '../../testing/harness.js';
import { twitchConnector } from './connector.js';
import { eventually as until } from './testing/eventually.js';
import { FakeTwitchIrc } from './testing/fake-irc-server.js';

/** tests/fixtures/twitch/paid-lines.json: one case per line Twitch sends, with what it must store. */
interface PaidLinesFixture {
  channel: string;
  cases: {
    name: string;
    line?: string;
    lines?: string[];
    times?: number;
    expect: {
      id?: string;
      derived?: boolean;
      kind?: string;
      text?: string;
      actor?: string;
      payload?: Record<string, unknown>;
      paid?: { minor: number; currency: string } | null;
      pledge?: { unit: string; count: number; part: string } | null;
      donation?: { minor: number; currency: string };
      log?: string;
      hidden?: boolean;
      clear?: string;
    };
  }[];
  totals: {
    chat_messages: number;
    pledge_totals: Record<string, number>;
    pledge_parts: { unit: string; part: string; lines: number; count: number }[];
    paid_message_totals: { currency: string; messages: number; amount_minor: number }[];
    donations: { amount_minor: number; currency: string }[];
    visible_chat_after_clear: string[];
  };
}

const FIXTURE = JSON.parse(fixtureText('twitch', 'paid-lines.json')) as PaidLinesFixture;

const opened: { close(): Promise<void> }[] = [];
after(async () => {
  for (const o of opened.reverse()) await o.close();
});

/** `actual` holds every key of `expected` with the same value (deeply). */
function includes(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected !== 'object' || expected === null) {
    assert.deepEqual(actual, expected, where);
    return;
  }
  assert.ok(typeof actual === 'object' && actual !== null, `${where}: missing`);
  for (const [key, value] of Object.entries(expected)) includes((actual as Record<string, unknown>)[key], value, `${where}.${key}`);
}

describe('Twitch paid lines from the fixture file, through the fake IRC server and tmi.js into the store (issue 20)', () => {
  it('stores and counts every case exactly: months, upgrades, Hype Chat money, bits, charity, redeliveries once', async () => {
    const irc = await FakeTwitchIrc.start();
    const logs: string[] = [];
    const t = await startTestCore({ connectors: [twitchConnector({ backoffMs: 50, log: (l) => logs.push(l) })] });
    opened.push(irc, t);
    const created = await t.api('POST', '/api/sources', { kind: 'twitch', name: `#${FIXTURE.channel}`, channel: FIXTURE.channel, server: irc.url });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const source = created.body.id as string;
    await irc.waitForJoined(FIXTURE.channel);

    const wire = FIXTURE.cases.flatMap((c) => {
      const lines = c.lines ?? (c.line ? [c.line] : []);
      return Array.from({ length: c.times ?? 1 }, () => lines).flat();
    });
    irc.broadcast(FIXTURE.channel, wire);
    // A last line after everything: once it is stored, every line before it was read.
    irc.broadcast(FIXTURE.channel, [`@id=fixture-end;user-id=999;tmi-sent-ts=1700000001000 :end!end@end.tmi.twitch.tv PRIVMSG #${FIXTURE.channel} :end`]);
    const db = t.core.db;
    await until('every line read', () => db.prepare("SELECT 1 FROM events WHERE external_id = 'fixture-end'").get() !== undefined);
    await until('the clear stored', () => (db.prepare('SELECT count(*) FROM chat_hidden WHERE source_id = ?').pluck().get(source) as number) === 1);
    await until('the charity donation', () => (db.prepare('SELECT count(*) FROM donations WHERE source_id = ?').pluck().get(source) as number) === FIXTURE.totals.donations.length);

    type Row = { external_id: string; kind: string; body: string | null; actor_name: string | null; payload: string | null };
    const rows = db.prepare<[string], Row>('SELECT external_id, kind, body, actor_name, payload FROM events WHERE source_id = ?').all(source);
    for (const c of FIXTURE.cases) {
      const e = c.expect;
      if (e.clear || e.donation) continue;
      const matching = rows.filter((r) => (e.derived ? r.external_id.startsWith('derived-') && r.body === e.text : r.external_id === e.id));
      assert.equal(matching.length, 1, `${c.name}: stored once`);
      const row = matching[0]!;
      if (e.kind) assert.equal(row.kind, e.kind, c.name);
      if (e.text !== undefined) assert.equal(row.body, e.text, c.name);
      if (e.actor) assert.equal(row.actor_name, e.actor, c.name);
      if (e.payload) includes(JSON.parse(row.payload ?? 'null'), e.payload, c.name);
      if (e.log) assert.ok(logs.some((l) => l.includes(e.log!)), `${c.name}: said in the log\n${logs.join('\n')}`);
    }

    // Exact sums: units, what each is made of, Hype Chat per currency, charity as money.
    assert.equal(db.prepare("SELECT count(*) FROM events WHERE source_id = ? AND kind = 'chat' AND external_id != 'fixture-end'").pluck().get(source), FIXTURE.totals.chat_messages);
    const units = db.prepare<[string], { unit: string; count: number }>('SELECT unit, count FROM pledge_totals WHERE source_id = ? ORDER BY unit').all(source);
    assert.deepEqual(Object.fromEntries(units.map((u) => [u.unit, u.count])), FIXTURE.totals.pledge_totals);
    const expectedUnits: Record<string, number> = {};
    for (const c of FIXTURE.cases) {
      const p = c.expect.pledge;
      if (p) expectedUnits[p.unit] = (expectedUnits[p.unit] ?? 0) + p.count;
    }
    // The gift bomb's three subgift lines carry their month each beside the announcement's none.
    expectedUnits.sub_tier3 = (expectedUnits.sub_tier3 ?? 0) + 3;
    assert.deepEqual(expectedUnits, FIXTURE.totals.pledge_totals, 'the per-case pledges add up to the totals');
    assert.deepEqual(
      db.prepare('SELECT unit, part, lines, count FROM pledge_parts WHERE source_id = ? ORDER BY unit, part').all(source),
      FIXTURE.totals.pledge_parts,
    );
    assert.deepEqual(
      db.prepare('SELECT currency, messages, amount_minor FROM paid_message_totals WHERE source_id = ? ORDER BY currency').all(source),
      FIXTURE.totals.paid_message_totals,
    );
    const paidCases = FIXTURE.cases.filter((c) => c.expect.paid).map((c) => c.expect.paid!);
    assert.deepEqual(
      paidCases.map((p) => ({ currency: p.currency, messages: 1, amount_minor: p.minor })).sort((a, b) => a.currency.localeCompare(b.currency)),
      FIXTURE.totals.paid_message_totals,
    );
    assert.deepEqual(db.prepare('SELECT amount_minor, currency FROM donations WHERE source_id = ?').all(source), FIXTURE.totals.donations);

    // The named CLEARCHAT hid ronni's /me line only.
    const visible = new HiddenChat(db).recent(source, 100).map((m) => (m.external_id.startsWith('derived-') ? 'derived' : m.external_id)).filter((id) => id !== 'fixture-end');
    assert.deepEqual(visible.sort(), [...FIXTURE.totals.visible_chat_after_clear].sort());

    // The API shows the same: Hype Chat apart from money raised, each pledge line's parts.
    const totals = (await t.api('GET', '/api/totals')).body;
    assert.deepEqual(totals.pledges.paid_messages.map((p: { amount: unknown }) => p.amount), [
      { value: '1000', currency: 'JPY' },
      { value: '5.00', currency: 'USD' },
    ]);
  });
});
