import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ChatterSets } from '../chat/chatters.js';
import type { ChatEvent } from '../ingest/ingest.js';
import { openDatabase } from '../store/database.js';
import { type TestCore, startTestCore, tempDir } from '../testing/harness.js';
import { MARATHON_10M, type SeedConfig, seedFile } from '../testing/marathon-seed.js';
import { BestMinute } from './best-minute.js';

const opened: { close(): Promise<void> }[] = [];
const temp = tempDir();
after(async () => {
  for (const o of opened.reverse()) await o.close();
  temp.remove();
});

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** The hand-built campaign's first day, midnight UTC. */
const D0 = Date.UTC(2026, 10, 20);

async function start(): Promise<TestCore> {
  const t = await startTestCore();
  opened.push(t);
  t.core.services.sources.ensure('tw', 'twitch', '#relay');
  t.core.services.sources.ensure('yt', 'youtube', 'Relay on YouTube');
  return t;
}

let sent = 0;
/** Each person in `people` writes twice in the ten minutes from `at` (a person counts once). */
function chat(t: TestCore, sourceId: 'tw' | 'tw2' | 'yt', people: number[], at: number) {
  const platform = sourceId === 'yt' ? 'youtube' : 'twitch';
  for (const [i, person] of people.entries()) {
    for (const offset of [0, 5]) {
      sent += 1;
      const event: ChatEvent = {
        sourceId,
        externalId: `m-${sent}`,
        userKey: `${platform}:${person}`,
        displayName: `viewer${person}`,
        text: 'hello chat',
        occurredAt: at + ((i + offset) % 10) * MIN,
        payload: {},
      };
      t.core.services.ingest.chat(event);
    }
  }
  t.core.services.ingest.flushChat();
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('the best minute to call', () => {
  it('predicts from the same clock time on earlier days, weighted toward the day before, and compares past moments exactly', async () => {
    const t = await start();
    const created = await t.api('POST', '/api/targets', { name: 'President', hashtags: ['CallNow'], ask: 'help', call_starts_at: new Date(D0).toISOString() });
    const targetId = created.body.target.id as string;
    const db = t.core.services.db;
    const moment = (id: string, at: number) =>
      db.prepare("INSERT INTO call_moments (id, target_id, at, created_by, created_at) VALUES (?, ?, ?, 'owner', ?)").run(id, targetId, at, D0);

    chat(t, 'tw', [999], D0); // the marathon's first chat: midnight of day 1
    // 20:00–20:09 on three days: twitch 30, 50, 70 people; YouTube 10, 20, 5.
    chat(t, 'tw', range(1, 30), D0 + 20 * HOUR);
    chat(t, 'yt', range(101, 110), D0 + 20 * HOUR);
    chat(t, 'tw', range(1, 50), D0 + DAY + 20 * HOUR);
    chat(t, 'yt', range(101, 120), D0 + DAY + 20 * HOUR);
    chat(t, 'tw', range(1, 70), D0 + 2 * DAY + 20 * HOUR);
    chat(t, 'yt', range(101, 105), D0 + 2 * DAY + 20 * HOUR);
    moment('past', D0 + 2 * DAY + 20 * HOUR);
    moment('first-day', D0 + 20 * HOUR); // no earlier day: no prediction
    moment('ahead', D0 + 3 * DAY + 2 * HOUR);

    const now = D0 + 2 * DAY + 21 * HOUR;
    const view = new BestMinute(db, t.core.services.ingest.chatters, () => now).view(10, 24);
    assert.equal(view.state, 'ready');
    assert.equal(view.basis.first_chat_at, new Date(D0).toISOString());
    assert.equal(view.basis.chat_minutes, 2 * 1440 + 21 * 60);

    // The past moment: predicted from the day before (weight 1) and the one before (½).
    const past = view.past.find((p) => p.moment_id === 'past')!;
    assert.equal(past.days, 2);
    assert.equal(past.predicted, 60); // (70 + ½·40) / 1.5
    assert.equal(past.actual, 75);
    assert.deepEqual(past.by_platform, [
      { platform: 'twitch', predicted: 43, actual: 70 }, // (50 + ½·30) / 1.5 = 43.3
      { platform: 'youtube', predicted: 17, actual: 5 }, // (20 + ½·10) / 1.5 = 16.7
    ]);
    const firstDay = view.past.find((p) => p.moment_id === 'first-day')!;
    assert.deepEqual([firstDay.predicted, firstDay.actual, firstDay.days], [null, 40, 0]);
    assert.deepEqual(view.past.map((p) => p.moment_id), ['past', 'first-day'], 'newest first, nothing not yet passed');

    // Tomorrow 20:00: three earlier days, 1, ½ and ¼.
    const best = view.suggestions[0]!;
    assert.equal(best.start, new Date(D0 + 3 * DAY + 20 * HOUR).toISOString());
    assert.equal(best.end, new Date(D0 + 3 * DAY + 20 * HOUR + 10 * MIN).toISOString());
    assert.equal(best.predicted, 69); // (75 + ½·70 + ¼·40) / 1.75 = 68.6
    assert.equal(best.days, 3);
    assert.deepEqual(best.by_platform, [
      { platform: 'twitch', predicted: 59 }, // (70 + 25 + 7.5) / 1.75 = 58.6
      { platform: 'youtube', predicted: 10 }, // (5 + 10 + 2.5) / 1.75
    ]);
    assert.equal(view.suggestions.length, 3);
    for (const s of view.suggestions.slice(1)) assert.ok(Math.abs(Date.parse(s.start) - Date.parse(best.start)) >= HOUR, 'an hour apart');
    // The window with a call already scheduled is shown as taken and never suggested.
    const taken = view.ahead.find((w) => w.start === new Date(D0 + 3 * DAY + 2 * HOUR).toISOString())!;
    assert.equal(taken.taken_by, 'President');
    assert.ok(!view.suggestions.some((s) => s.taken_by !== null));
    assert.equal(view.ahead.length, 24 * 6 - 1, 'every 10-minute window that starts after now and ends within 24 h');
  });

  it('counts a person on two channels of one platform once, on that platform and in all', async () => {
    const t = await start();
    t.core.services.sources.ensure('tw2', 'twitch', '#other-relay');
    chat(t, 'tw', range(1, 10), D0 + 20 * HOUR);
    chat(t, 'tw2', range(5, 15), D0 + 20 * HOUR); // 5–10 on both channels
    chat(t, 'yt', range(1, 4), D0 + 20 * HOUR); // youtube:1–4 are other people than twitch:1–4
    const view = new BestMinute(t.core.services.db, t.core.services.ingest.chatters, () => D0 + 21 * HOUR).view(10, 24);
    const evening = view.ahead.find((w) => w.start === new Date(D0 + DAY + 20 * HOUR).toISOString())!;
    assert.equal(evening.predicted, 19);
    assert.deepEqual(evening.by_platform, [
      { platform: 'twitch', predicted: 15 },
      { platform: 'youtube', predicted: 4 },
    ]);
  });

  it('says there is too little data in the first hours instead of guessing, and nothing without chat', async () => {
    const t = await start();
    const chatters = t.core.services.ingest.chatters;
    const db = t.core.services.db;
    const first = D0 + 8 * HOUR;
    assert.equal(new BestMinute(db, chatters, () => first).view(10, 6).state, 'no_chat');
    for (let h = 0; h < 5; h += 1) chat(t, 'tw', range(1, 20 + h * 10), first + h * HOUR);
    const now = first + 5 * HOUR;
    const view = new BestMinute(db, chatters, () => now).view(10, 6);
    assert.equal(view.state, 'too_little_data');
    assert.deepEqual(view.suggestions, []);
    assert.ok(view.ahead.every((w) => w.predicted === null && w.days === 0));
    assert.equal(view.basis.chat_minutes, 300);
    // A window 6 h ahead was seen the day before once the marathon has run 18 h 10 min.
    assert.equal(view.ready_at, new Date(first + DAY + 10 * MIN - 6 * HOUR).toISOString());
    // The day after, at the same time, the hours ahead have been seen once.
    const later = new BestMinute(db, chatters, () => first + DAY - HOUR).view(10, 6);
    assert.equal(later.state, 'ready');
    assert.equal(later.suggestions[0]!.start, new Date(first + DAY + 4 * HOUR).toISOString(), 'the busiest hour seen, 60 people');
    assert.equal(later.suggestions[0]!.predicted, 60);
  });

  it('is read by the owner and moderators, not viewers; refuses a bad window in words', async () => {
    const t = await start();
    const token = async (role: string) => (await t.api('POST', '/api/invites', { role, name: role })).body.token as string;
    const moderator = await token('moderator');
    const viewer = await token('viewer');
    const owner = await t.api('GET', '/api/best-minute');
    assert.equal(owner.status, 200);
    assert.equal(owner.body.state, 'no_chat');
    assert.equal(owner.body.window_minutes, 10);
    assert.equal(owner.body.horizon_hours, 6);
    assert.equal((await t.api('GET', '/api/best-minute?window=30&hours=12', undefined, moderator)).status, 200);
    assert.equal((await t.api('GET', '/api/best-minute', undefined, viewer)).status, 403);
    assert.equal((await t.api('GET', '/api/best-minute', undefined, null)).status, 401);
    const bad = await t.api('GET', '/api/best-minute?window=7');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /window/);
    assert.equal((await t.api('GET', '/api/best-minute?hours=25')).status, 400);
  });

  it('points at the busiest hours of a seeded 48-hour marathon (day-night curve peaking at 20:00 UTC)', () => {
    const config: SeedConfig = { ...MARATHON_10M, messages: 150_000, chatters: 40_000, donations: 200, donors: 100 };
    const file = join(temp.path, 'seeded.sqlite');
    seedFile(file, config);
    const db = openDatabase(file);
    try {
      // 36 hours in (06:00 UTC on day 2): the next 24 hours were all seen the day before.
      const now = config.startsAt + 36 * HOUR;
      const view = new BestMinute(db, new ChatterSets(db), () => now).view(60, 24);
      assert.equal(view.state, 'ready');
      assert.equal(view.ahead.length, 23);
      assert.equal(view.suggestions.length, 3);
      const hours = view.suggestions.map((s) => new Date(s.start).getUTCHours());
      // The seeder's curve, 0.55 + 0.45·cos(2π(h − 20)/24), is highest from 18:00 to 22:00.
      for (const h of hours) assert.ok(h >= 18 && h <= 22, `suggested ${h}:00 UTC: ${JSON.stringify(hours)}`);
      const quietest = Math.min(...view.ahead.map((w) => w.predicted ?? Infinity));
      assert.ok(view.suggestions.every((s) => s.predicted! > 3 * quietest), 'far above the night');
    } finally {
      db.close();
    }
  });
});
