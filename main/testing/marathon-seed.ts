/**
 * A realistic 48-hour marathon database, written in bulk through the same schema ingest writes:
 * the event log, donations, money totals, per-minute rollups, exact chatter sets, tags and
 * target minutes, each row as the real Ingest (with the targets' chat tap) would leave it for
 * the same events. marathon-seed.test.ts checks that against the real Ingest on a small seed.
 *
 * Used by `npm run bench dashboard` and the charts e2e test; the 10M file is cached under the
 * OS temp folder, keyed by schema and seeder version, so one machine seeds it once.
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, constants, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CurrencyCode } from '../../shared/currencies.js';
import { convert } from '../../shared/money.js';
import { saveCampaign, validateCampaign } from '../campaign/campaign.js';
import { ALL_SOURCES, encodePeople } from '../chat/chatters.js';
import { type ChatTags, extractTags } from '../chat/tags.js';
import type { ChatEvent, DonationEvent } from '../ingest/ingest.js';
import { DATABASE_FILE } from '../store/files.js';
import { alive } from '../store/lock.js';
import { type Db, LATEST_SCHEMA_VERSION, openDatabase } from '../store/database.js';
import { MIGRATIONS } from '../store/migrations.js';
import { platformCallerSetKey } from '../targets/platforms.js';

/** Bump when the generated data or the way it is written changes: cached files are then re-seeded. */
export const SEEDER_VERSION = 3;

export interface SeedConfig {
  /** Chat messages over the whole marathon. */
  messages: number;
  /** Distinct people who may chat (most of them do). */
  chatters: number;
  donations: number;
  /** Distinct donors (many give more than once). */
  donors: number;
  hours: number;
  startsAt: number;
  /** Every PRNG draw derives from this. */
  seed: number;
}

export const MARATHON_10M: SeedConfig = {
  messages: 10_000_000,
  chatters: 6_000,
  donations: 18_000,
  donors: 5_000,
  hours: 48,
  startsAt: Date.UTC(2026, 10, 6, 18, 0, 0),
  seed: 20261106,
};

export const CAMPAIGN_CURRENCY = 'EUR';

/** The chat channels: the organiser's and the creators relaying the call (share of chat). */
export const SEED_CHANNELS = [
  { id: 'twitch-relief', channel: 'rohingya_relief', share: 0.55 },
  { id: 'twitch-alca', channel: 'alca', share: 0.2 },
  { id: 'twitch-mira', channel: 'mira_plays', share: 0.15 },
  { id: 'twitch-dunya', channel: 'dunya_live', share: 0.1 },
] as const;

export const SEED_DONATION_SOURCES = [
  { id: 'donation-form', kind: 'webhook', name: 'Donation form', share: 0.7 },
  { id: 'offline', kind: 'manual', name: 'Offline pledges', share: 0.3 },
] as const;

/** Who the campaign calls on, and when (hours after the start). */
export const SEED_TARGETS = [
  { id: 'a1e2d0c0ffee', name: 'President Erdoğan', hashtag: 'erdoganhelprohingya', tag: '#ErdoganHelpRohingya', handles: [{ platform: 'x', handle: 'RTErdogan' }], callHour: 3 },
  { id: 'b2f3e1c0ffee', name: 'YouTube', hashtag: 'youtubehelprohingya', tag: '#YoutubeHelpRohingya', handles: [{ platform: 'twitch', handle: 'youtube' }], callHour: 12 },
  { id: 'c3a4f2c0ffee', name: 'UNHCR', hashtag: 'unhcrhelprohingya', tag: '#UNHCRHelpRohingya', handles: [{ platform: 'x', handle: 'Refugees' }], callHour: 30 },
] as const;

/** Moments the whole chat posts a call at once (hours after the start): chat surges. */
const SURGE_HOURS = [3, 12, 21, 30, 40];

const RATES: Record<string, string> = { USD: '0.92', GBP: '1.17', JPY: '0.0062', TRY: '0.027', CAD: '0.68' };
const CURRENCY_MIX: [string, number][] = [['EUR', 0.55], ['USD', 0.25], ['GBP', 0.1], ['JPY', 0.04], ['TRY', 0.04], ['CAD', 0.02]];
const AMOUNTS = [2, 5, 5, 10, 10, 10, 15, 20, 20, 25, 50, 50, 100, 100, 250, 500, 1000];

const PLAIN = [
  "Let's go!!", 'hello from Dhaka', 'sending love to the camps', 'PogChamp', 'LUL', 'just donated, keep going',
  "what's the total?", 'greetings from Berlin', 'this is amazing', '<3 <3 <3', 'how much for the next milestone?',
  'first time here, great cause', 'hype hype hype', 'o7', 'shoutout to the volunteers', 'water is life', 'KEKW',
  'we can do this', 'stay strong', 'GG', 'love this community', 'almost at the goal?', 'who is the next guest?',
  'clip that!', 'hi chat', 'keep it up', 'the stream quality is great', 'bump', 'shared it on my socials',
  'from Jakarta with love', 'Selamat pagi!', 'merhaba from Istanbul', 'salam from Kuala Lumpur', 'no sleep tonight',
  'day 2 lets gooo', '<img src=x onerror=alert(1)> lol', 'can someone explain the milestones?', 'mods are the best',
  'ধন্যবাদ সবাইকে', '¡vamos!', 'Grüße aus Wien', 'ありがとう', 'so proud of this chat', 'W stream', 'F',
];
const CAMPAIGN_TAGGED = [
  '#WaterForTheCamps', 'every euro counts #WaterForTheCamps', '#Rohingya we see you', 'share it! #WaterForTheCamps #Rohingya',
  '@unicef please share this', 'thank you @rohingya_relief', '@alca you legend', '#ＷａｔｅｒＦｏｒＴｈｅＣａｍｐｓ',
];
/** Per target: ways chat calls on it (spellings fold to one tag; some @mention its handle). */
const CALLS = [
  ['#ErdoganHelpRohingya', '#ErdoganHelpRohingya please answer', '#erdoganhelprohingya!!', '@RTErdogan #ErdoganHelpRohingya', '#ERDOGANHELPROHINGYA.'],
  ['#YoutubeHelpRohingya', '@youtube can you help? #YoutubeHelpRohingya', '#youtubehelprohingya', 'YouTube answer us #YoutubeHelpRohingya'],
  ['#UNHCRHelpRohingya', '@Refugees #UNHCRHelpRohingya', '#unhcrhelprohingya please', 'we need you #UNHCRHelpRohingya @unicef'],
];

export const HOSTILE_DONOR = '<img src=x onerror=alert(1)>';

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A cumulative table for weighted picks with a binary search. */
function picker(weights: number[]): (r: number) => number {
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    cumulative[i] = sum;
  });
  return (r: number) => {
    const x = r * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

const SYLLABLES = ['ka', 'ri', 'mo', 'zen', 'lu', 'ta', 'vio', 'ne', 'sha', 'dor', 'xi', 'pa', 'ru', 'bel', 'an', 'kit'];
function personName(index: number, salt: number): string {
  let n = index * 7919 + salt;
  let name = '';
  for (let i = 0; i < 3; i += 1) {
    name += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length) + 3;
  }
  return `${name}_${index % 97}`;
}

/** A message template: its text, tags (as chat extraction finds them) and the targets it calls on. */
interface Template {
  text: string;
  tags: ChatTags;
  targets: number[];
}

function templates(): { plain: Template[]; campaign: Template[]; calls: Template[][] } {
  const make = (text: string): Template => {
    const tags = extractTags(text);
    const targets: number[] = [];
    SEED_TARGETS.forEach((target, i) => {
      const mentions = target.handles.map((h) => h.handle.toLowerCase());
      if (tags.hashtags.includes(target.hashtag) || tags.mentions.some((m) => mentions.includes(m))) targets.push(i);
    });
    return { text, tags, targets };
  };
  return { plain: PLAIN.map(make), campaign: CAMPAIGN_TAGGED.map(make), calls: CALLS.map((list) => list.map(make)) };
}

/** Messages per minute: a day-night curve, a busy opening and finale, surges at call moments. */
function minuteCounts(config: SeedConfig, random: () => number): Int32Array {
  const minutes = config.hours * 60;
  const weights = new Float64Array(minutes);
  let total = 0;
  const startHour = new Date(config.startsAt).getUTCHours() + new Date(config.startsAt).getUTCMinutes() / 60;
  for (let m = 0; m < minutes; m += 1) {
    const hourOfDay = (startHour + m / 60) % 24;
    let w = 0.55 + 0.45 * Math.cos((2 * Math.PI * (hourOfDay - 20)) / 24);
    if (m < 120) w *= 1.6;
    if (m > minutes - 180) w *= 1.8;
    for (const h of SURGE_HOURS) {
      const d = m - h * 60;
      w *= 1 + 2.5 * Math.exp(-(d * d) / (2 * 10 * 10));
    }
    w *= 0.85 + 0.3 * random();
    weights[m] = w;
    total += w;
  }
  const counts = new Int32Array(minutes);
  let cumulative = 0;
  let given = 0;
  for (let m = 0; m < minutes; m += 1) {
    cumulative += weights[m] ?? 0;
    const upTo = Math.round((cumulative / total) * config.messages);
    counts[m] = upTo - given;
    given = upTo;
  }
  return counts;
}

/** The share of a minute's chat that calls on a target, and on which one. */
function callShare(minute: number): { share: number; target: number } {
  let best = { share: 0.08, target: 0 };
  SEED_TARGETS.forEach((target, i) => {
    const since = minute - target.callHour * 60;
    if (since < 0) return;
    // A surge when the call starts, then a steady background that fades over a day.
    const share = 0.05 + 0.5 * Math.exp(-since / 40) + 0.1 * Math.exp(-since / 1440);
    if (share > best.share || (minute >= target.callHour * 60 && best.target < i && share >= best.share * 0.6)) best = { share, target: i };
  });
  for (const h of SURGE_HOURS) {
    const d = Math.abs(minute - h * 60);
    if (d < 15 && minute >= (SEED_TARGETS[0]?.callHour ?? 0) * 60) best = { ...best, share: Math.max(best.share, 0.45) };
  }
  return best;
}

/**
 * The marathon's events in the order they happen: chat (ordered by time) with donations and a
 * few refunds in between. One cursor, read field by field, so ten million messages make no
 * garbage; `chatEvent()` / `donationEvent()` give the same event as Ingest's input types.
 */
export class MarathonCursor {
  kind: 'chat' | 'donation' | 'none' = 'none';
  occurredAt = 0;
  minute = 0;
  // chat
  chatIndex = -1;
  channel = 0;
  user = 0;
  template!: Template;
  // donation
  donationIndex = -1;
  donationSource = 0;
  donor = 0;
  anonymous = false;
  amountMinor = 0;
  currency = 'EUR';
  refundOf = -1;

  private readonly random: () => number;
  private readonly counts: Int32Array;
  private readonly pickUser: (r: number) => number;
  private readonly pickChannel: (r: number) => number;
  private readonly pickDonor: (r: number) => number;
  private readonly pickCurrency: (r: number) => number;
  private readonly texts = templates();
  private readonly donationTimes: Float64Array;
  private minuteIndex = -1;
  private call = { share: 0, target: 0 };
  private inMinute = 0;
  private leftInMinute = 0;
  private nextDonation = 0;
  private readonly start: number;
  /** Donations so far: currency and amount, so a refund takes one back exactly. */
  readonly given: { currency: string; amountMinor: number; source: number; donor: number; anonymous: boolean }[] = [];

  constructor(readonly config: SeedConfig) {
    this.random = prng(config.seed);
    this.start = Math.floor(config.startsAt / 60_000) * 60_000;
    this.counts = minuteCounts(config, this.random);
    // A few people write much of the chat (Zipf-like), many write a little.
    this.pickUser = picker(Array.from({ length: config.chatters }, (_, i) => 1 / (i + 1) ** 0.75));
    this.pickChannel = picker(SEED_CHANNELS.map((c) => c.share));
    this.pickDonor = picker(Array.from({ length: config.donors }, (_, i) => 1 / (i + 1) ** 0.6));
    this.pickCurrency = picker(CURRENCY_MIX.map(([, w]) => w));
    // Donations follow chat's curve: pick each one's minute by the same weights.
    const byMinute = picker(Array.from(this.counts, (c) => c + 1));
    const times = new Float64Array(config.donations);
    for (let i = 0; i < config.donations; i += 1) times[i] = this.start + byMinute(this.random()) * 60_000 + Math.floor(this.random() * 60_000);
    times.sort();
    this.donationTimes = times;
  }

  /** Advances to the next event; false at the end. */
  next(): boolean {
    const chatAt = this.peekChatTime();
    const donationAt = this.nextDonation < this.donationTimes.length ? (this.donationTimes[this.nextDonation] ?? Infinity) : Infinity;
    if (chatAt === Infinity && donationAt === Infinity) {
      this.kind = 'none';
      return false;
    }
    if (donationAt < chatAt) this.takeDonation(donationAt);
    else this.takeChat(chatAt);
    this.minute = Math.floor(this.occurredAt / 60_000);
    return true;
  }

  chatEvent(): ChatEvent {
    const channel = SEED_CHANNELS[this.channel]!;
    return {
      sourceId: channel.id,
      externalId: chatExternalId(this.chatIndex),
      userKey: userKey(this.user),
      displayName: personName(this.user, 11),
      text: this.template.text,
      occurredAt: this.occurredAt,
    };
  }

  donationEvent(): DonationEvent {
    const source = SEED_DONATION_SOURCES[this.donationSource]!;
    return {
      sourceId: source.id,
      externalId: this.refundOf >= 0 ? `refund-${this.donationIndex}` : `gift-${this.donationIndex}`,
      type: this.refundOf >= 0 ? 'refund' : 'donation',
      amount: { minor: this.amountMinor, currency: this.currency as CurrencyCode },
      donorName: donorName(this.donor),
      anonymous: this.anonymous,
      message: this.refundOf >= 0 ? null : donationMessage(this.donationIndex),
      occurredAt: this.occurredAt,
      ...(this.refundOf >= 0 ? { refunds: `gift-${this.refundOf}` } : {}),
    };
  }

  private peekChatTime(): number {
    while (this.leftInMinute === 0) {
      this.minuteIndex += 1;
      if (this.minuteIndex >= this.counts.length) return Infinity;
      this.leftInMinute = this.counts[this.minuteIndex] ?? 0;
      this.inMinute = 0;
      this.call = callShare(this.minuteIndex);
    }
    const count = this.counts[this.minuteIndex] ?? 1;
    return this.start + this.minuteIndex * 60_000 + Math.floor((this.inMinute * 60_000) / count);
  }

  private takeChat(at: number): void {
    this.kind = 'chat';
    this.occurredAt = at;
    this.chatIndex += 1;
    this.inMinute += 1;
    this.leftInMinute -= 1;
    this.channel = this.pickChannel(this.random());
    this.user = this.pickUser(this.random());
    const r = this.random();
    const call = this.call;
    const texts = this.texts;
    if (r < call.share) {
      const list = texts.calls[this.random() < 0.8 ? call.target : Math.floor(this.random() * texts.calls.length)]!;
      this.template = list[Math.floor(this.random() * list.length)]!;
    } else if (r < call.share + 0.12) {
      this.template = texts.campaign[Math.floor(this.random() * texts.campaign.length)]!;
    } else {
      this.template = texts.plain[Math.floor(this.random() * texts.plain.length)]!;
    }
  }

  private takeDonation(at: number): void {
    this.kind = 'donation';
    this.occurredAt = at;
    this.donationIndex = this.nextDonation;
    this.nextDonation += 1;
    // About one in 150 is a refund of an earlier donation (same donor, currency and amount).
    if (this.given.length > 20 && this.random() < 1 / 150) {
      const index = Math.floor(this.random() * this.given.length);
      const original = this.given[index]!;
      if (original.amountMinor > 0) {
        this.refundOf = this.originalIndex[index] ?? 0;
        this.donationSource = original.source;
        this.donor = original.donor;
        this.anonymous = original.anonymous;
        this.currency = original.currency;
        this.amountMinor = original.amountMinor;
        original.amountMinor = 0;
        return;
      }
    }
    this.refundOf = -1;
    this.donationSource = this.random() < SEED_DONATION_SOURCES[0].share ? 0 : 1;
    this.donor = this.pickDonor(this.random());
    // The hostile name gives often and much, so it is always among the top donors.
    if (this.donationIndex % 97 === 5) this.donor = HOSTILE_DONOR_INDEX;
    this.anonymous = this.donor !== HOSTILE_DONOR_INDEX && this.donor % 13 === 7;
    this.currency = CURRENCY_MIX[this.pickCurrency(this.random())]![0];
    const units = AMOUNTS[Math.floor(this.random() * AMOUNTS.length)]!;
    this.amountMinor = this.currency === 'JPY' ? units * 150 : this.donor === HOSTILE_DONOR_INDEX ? units * 1000 : units * 100;
    this.given.push({ currency: this.currency, amountMinor: this.amountMinor, source: this.donationSource, donor: this.donor, anonymous: this.anonymous });
    this.originalIndex.push(this.donationIndex);
  }

  private readonly originalIndex: number[] = [];
}

const HOSTILE_DONOR_INDEX = 3;
const chatExternalId = (index: number) => `seed-${index.toString(36).padStart(6, '0')}`;
const userKey = (user: number) => String(40_000_000 + user * 37);
function donorName(donor: number): string {
  return donor === HOSTILE_DONOR_INDEX ? HOSTILE_DONOR : personName(donor, 5).replace(/_/, ' ');
}
function donationMessage(index: number): string | null {
  if (index % 3 === 0) return null;
  return ['For the kids in the camps', 'Clean water for everyone!', 'From our office, with love', 'Keep going chat', 'In memory of my grandmother'][index % 5] ?? null;
}

/** The campaign, sources, rates and targets: the same for the bulk seed and for a real-Ingest replay. */
export function writeSetup(db: Db, config: SeedConfig): void {
  const campaign = validateCampaign({
    title: 'Water for the Rohingya camps — 48 h',
    cause: "Clean water and sanitation in Cox's Bazar",
    currency: CAMPAIGN_CURRENCY,
    goal: { value: '3000000.00', currency: CAMPAIGN_CURRENCY },
    milestones: [
      { amount: { value: '250000', currency: CAMPAIGN_CURRENCY }, label: 'A borehole' },
      { amount: { value: '1000000', currency: CAMPAIGN_CURRENCY }, label: 'Ten water points' },
      { amount: { value: '2000000', currency: CAMPAIGN_CURRENCY }, label: 'A treatment plant' },
      { amount: { value: '2750000', currency: CAMPAIGN_CURRENCY }, label: 'A year of maintenance' },
    ],
    starts_at: new Date(config.startsAt).toISOString(),
    duration_hours: config.hours,
  });
  if (!campaign.ok) throw new Error(`seed campaign refused: ${campaign.error}`);
  const saved = saveCampaign(db, campaign.value, config.startsAt - 86_400_000);
  if (!saved.ok) throw new Error(`seed campaign not saved: ${saved.error}`);
  const created = config.startsAt - 3_600_000;
  const source = db.prepare('INSERT INTO sources (id, kind, name, config, created_at) VALUES (?, ?, ?, ?, ?)');
  for (const channel of SEED_CHANNELS) {
    // Replayed data: the channels point at a closed local port, so opening a copy never joins real Twitch.
    source.run(channel.id, 'twitch', `#${channel.channel}`, JSON.stringify({ channel: channel.channel, server: 'ws://127.0.0.1:9', login: null, has_token: false }), created);
  }
  for (const s of SEED_DONATION_SOURCES) source.run(s.id, s.kind, s.name, '{}', created);
  const rate = db.prepare('INSERT INTO exchange_rates (currency, rate, updated_at) VALUES (?, ?, ?)');
  for (const [currency, value] of Object.entries(RATES)) rate.run(currency, value, created);
  const target = db.prepare(
    `INSERT INTO targets (id, name, handles, hashtags, ask, call_starts_at, created_at, created_by, updated_at, live_from_seq, backfill_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'owner', ?, 0, 0)`,
  );
  for (const t of SEED_TARGETS) {
    target.run(t.id, t.name, JSON.stringify(t.handles), JSON.stringify([t.hashtag]), 'Fund clean water in the camps', config.startsAt + t.callHour * 3_600_000, created, created);
  }
}

interface MinuteAccumulator {
  messages: Int32Array;
  raised: Float64Array;
  donations: Int32Array;
  /** Per key (channels, donation sources, then '*'): the people of this minute, in order seen. */
  people: number[][];
  mentions: Int32Array;
  callers: number[][];
  tags: Map<string, number>;
}

/**
 * Writes the marathon into an empty, migrated database in bulk (journal off, one transaction per
 * few hundred thousand events). The rows are those Ingest and the targets' tap would write.
 */
export function seedMarathon(db: Db, config: SeedConfig, onProgress?: (done: number) => void): { events: number; lastSeq: number } {
  writeSetup(db, config);
  const keys = [...SEED_CHANNELS.map((c) => c.id), ...SEED_DONATION_SOURCES.map((s) => s.id), ALL_SOURCES];
  const allKey = keys.length - 1;
  const channelKey = (i: number) => i;
  const donationKey = (i: number) => SEED_CHANNELS.length + i;
  const campaignCurrency = CAMPAIGN_CURRENCY as CurrencyCode;

  const ROWS = 50;
  const chatRow = '(?, ?, \'chat\', ?, ?, ?, ?, ?, NULL)';
  const sql = {
    chatMany: db.prepare(`INSERT INTO events (source_id, external_id, kind, occurred_at, received_at, actor_key, actor_name, body, payload) VALUES ${Array(ROWS).fill(chatRow).join(',')}`),
    chatOne: db.prepare(`INSERT INTO events (source_id, external_id, kind, occurred_at, received_at, actor_key, actor_name, body, payload) VALUES ${chatRow}`),
    event: db.prepare('INSERT INTO events (seq, source_id, external_id, kind, occurred_at, received_at, payload) VALUES (?, ?, ?, ?, ?, ?, NULL)'),
    donation: db.prepare(
      `INSERT INTO donations (event_seq, source_id, type, amount_minor, currency, campaign_minor, campaign_currency, rate, donor_name, anonymous, message, refunds_seq, occurred_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    chatter: db.prepare('INSERT INTO chatters (id, user_key) VALUES (?, ?)'),
    rollup: db.prepare('INSERT INTO minute_rollups (minute, source_id, raised_minor, donations, messages, chatters) VALUES (?, ?, ?, ?, ?, ?)'),
    set: db.prepare('INSERT INTO minute_chatter_sets (minute, source_id, users) VALUES (?, ?, ?)'),
    tag: db.prepare('INSERT INTO minute_tags (kind, minute, source_id, tag, count) VALUES (?, ?, ?, ?, ?)'),
    targetMinute: db.prepare('INSERT INTO target_minutes (target_id, minute, mentions, callers) VALUES (?, ?, ?, ?)'),
    targetPlatformMinute: db.prepare('INSERT INTO target_platform_minutes (target_id, platform, minute, mentions, callers) VALUES (?, ?, ?, ?, ?)'),
    moneyTotals: db.prepare(
      'INSERT INTO money_totals (source_id, currency, amount_minor, campaign_minor, donations, refunds, unconverted) VALUES (?, ?, ?, ?, ?, ?, 0)',
    ),
    touchSource: db.prepare('UPDATE sources SET events = ?, last_event_at = ? WHERE id = ?'),
    through: db.prepare("INSERT INTO settings (key, value) VALUES ('chatter_sets_through_seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
  };
  const rates = db.prepare<[], { currency: string; rate: string }>('SELECT currency, rate FROM exchange_rates').all();
  const rateOf = new Map(rates.map((r) => [r.currency, r.rate]));
  rateOf.set(CAMPAIGN_CURRENCY, '1');

  // Chatter ids in order of first appearance, as Ingest gives them.
  const chatterId = new Int32Array(config.chatters).fill(0);
  let nextChatterId = 1;
  const seenAt = keys.map(() => new Int32Array(config.chatters + 2).fill(-1));
  const callerSeenAt = SEED_TARGETS.map(() => new Int32Array(config.chatters + 2).fill(-1));
  const fresh = (): MinuteAccumulator => ({
    messages: new Int32Array(keys.length),
    raised: new Float64Array(keys.length),
    donations: new Int32Array(keys.length),
    people: keys.map(() => []),
    mentions: new Int32Array(SEED_TARGETS.length),
    callers: SEED_TARGETS.map(() => []),
    tags: new Map(),
  });
  let acc = fresh();
  let accMinute = -1;
  const rollupTouched = new Uint8Array(keys.length);

  const flushMinute = () => {
    if (accMinute < 0) return;
    for (let k = 0; k < keys.length; k += 1) {
      if (!rollupTouched[k]) continue;
      const people = acc.people[k]!;
      sql.rollup.run(accMinute, keys[k], acc.raised[k], acc.donations[k], acc.messages[k], people.length);
      if (people.length > 0) sql.set.run(accMinute, keys[k], encodePeople(people));
      rollupTouched[k] = 0;
    }
    for (const [key, count] of acc.tags) {
      const [kind, k, tag] = key.split('\u0000') as [string, string, string];
      sql.tag.run(kind, accMinute, keys[Number(k)], tag, count);
    }
    SEED_TARGETS.forEach((t, i) => {
      if (acc.mentions[i]! > 0) {
        const callers = acc.callers[i]!;
        sql.targetMinute.run(t.id, accMinute, acc.mentions[i], callers.length);
        sql.set.run(accMinute, `target:${t.id}`, encodePeople(callers));
        // Every seeded channel is a Twitch channel: the per-platform breakdown is Twitch's alone.
        sql.targetPlatformMinute.run(t.id, 'twitch', accMinute, acc.mentions[i], callers.length);
        sql.set.run(accMinute, platformCallerSetKey(t.id, 'twitch'), encodePeople(callers));
      }
    });
    acc = fresh();
  };

  const cursor = new MarathonCursor(config);
  const batch: unknown[] = [];
  let pending = 0;
  let seq = 0;
  const perSourceEvents = new Map<string, { events: number; last: number }>();
  const countSource = (id: string, received: number) => {
    const entry = perSourceEvents.get(id) ?? { events: 0, last: 0 };
    entry.events += 1;
    entry.last = Math.max(entry.last, received);
    perSourceEvents.set(id, entry);
  };
  const flushChat = () => {
    if (pending === ROWS) sql.chatMany.run(batch);
    else for (let i = 0; i < pending; i += 1) sql.chatOne.run(batch.slice(i * 7, i * 7 + 7));
    batch.length = 0;
    pending = 0;
  };
  const money = new Map<string, { source: string; currency: string; amount: number; campaign: number; donations: number; refunds: number }>();
  const donationSeqs: number[] = [];
  const donationRates: (string | null)[] = [];
  const tagsFor = (kind: string, list: string[], k: number) => {
    for (const tag of list) {
      for (const key of [`${kind}\u0000${k}\u0000${tag}`, `${kind}\u0000${allKey}\u0000${tag}`]) acc.tags.set(key, (acc.tags.get(key) ?? 0) + 1);
    }
  };

  const TRANSACTION_EVENTS = 500_000;
  let done = 0;
  let more = true;
  while (more) {
    db.transaction(() => {
      for (let n = 0; n < TRANSACTION_EVENTS; n += 1) {
        if (!cursor.next()) {
          more = false;
          break;
        }
        if (cursor.minute !== accMinute) {
          flushChat();
          flushMinute();
          accMinute = cursor.minute;
        }
        seq += 1;
        done += 1;
        if (cursor.kind === 'chat') {
          const k = channelKey(cursor.channel);
          const user = cursor.user;
          let id = chatterId[user]!;
          if (id === 0) {
            id = nextChatterId;
            nextChatterId += 1;
            chatterId[user] = id;
            sql.chatter.run(id, userKey(user));
          }
          const event = cursor.chatEvent();
          const received = event.occurredAt + 300;
          batch.push(event.sourceId, event.externalId, event.occurredAt, received, event.userKey, event.displayName, event.text);
          pending += 1;
          if (pending === ROWS) flushChat();
          countSource(event.sourceId, received);
          acc.messages[k]! += 1;
          acc.messages[allKey]! += 1;
          rollupTouched[k] = 1;
          rollupTouched[allKey] = 1;
          for (const key of [k, allKey]) {
            const seen = seenAt[key]!;
            if (seen[user] !== accMinute) {
              seen[user] = accMinute;
              acc.people[key]!.push(id);
            }
          }
          const template = cursor.template;
          tagsFor('hashtag', template.tags.hashtags, k);
          tagsFor('mention', template.tags.mentions, k);
          for (const t of template.targets) {
            acc.mentions[t]! += 1;
            const seen = callerSeenAt[t]!;
            if (seen[user] !== accMinute) {
              seen[user] = accMinute;
              acc.callers[t]!.push(id);
            }
          }
        } else {
          flushChat();
          const event = cursor.donationEvent();
          const received = event.occurredAt + 100;
          sql.event.run(seq, event.sourceId, event.externalId, event.type, event.occurredAt, received);
          const isRefund = event.type === 'refund';
          const rate = isRefund ? (donationRates[cursor.refundOf] ?? null) : (rateOf.get(event.amount.currency) ?? null);
          const amount = (isRefund ? -1 : 1) * event.amount.minor;
          const campaignMinor = rate === null ? null : convert({ minor: amount, currency: event.amount.currency }, rate, campaignCurrency).minor;
          sql.donation.run(
            seq, event.sourceId, event.type, amount, event.amount.currency, campaignMinor, campaignCurrency, rate,
            event.donorName, event.anonymous ? 1 : 0, event.message, isRefund ? (donationSeqs[cursor.refundOf] ?? null) : null, event.occurredAt,
          );
          if (!isRefund) {
            donationSeqs[cursor.donationIndex] = seq;
            donationRates[cursor.donationIndex] = rate;
          }
          const key = `${event.sourceId}\u0000${event.amount.currency}`;
          const totals = money.get(key) ?? { source: event.sourceId, currency: event.amount.currency, amount: 0, campaign: 0, donations: 0, refunds: 0 };
          totals.amount += amount;
          totals.campaign += campaignMinor ?? 0;
          if (isRefund) totals.refunds += 1;
          else totals.donations += 1;
          money.set(key, totals);
          countSource(event.sourceId, received);
          const k = donationKey(cursor.donationSource);
          for (const key2 of [k, allKey]) {
            acc.raised[key2]! += campaignMinor ?? 0;
            if (!isRefund) acc.donations[key2]! += 1;
            rollupTouched[key2] = 1;
          }
        }
      }
      flushChat();
      if (!more) {
        flushMinute();
        for (const t of money.values()) sql.moneyTotals.run(t.source, t.currency, t.amount, t.campaign, t.donations, t.refunds);
        for (const [id, s] of perSourceEvents) sql.touchSource.run(s.events, s.last, id);
        sql.through.run(String(seq));
      }
    })();
    onProgress?.(done);
  }
  return { events: seq, lastSeq: seq };
}

/** Opens a new database file at `file` and seeds it in bulk (journal off: a seed file, not live data). */
export function seedFile(file: string, config: SeedConfig, onProgress?: (done: number) => void): SeedTiming {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const db = openDatabase(file);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    db.pragma('foreign_keys = OFF');
    const { events } = seedMarathon(db, config, onProgress);
    db.pragma('foreign_keys = ON');
    // Opened again by the app, which expects WAL.
    db.pragma('journal_mode = WAL');
    const used = process.cpuUsage(cpu);
    return { events, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
  } finally {
    db.close();
  }
}

export interface SeedTiming {
  events: number;
  /** Wall-clock seconds, and the seeding process's CPU seconds (the machine may be busy with others). */
  seconds: number;
  cpuSeconds: number;
}

export interface CachedSeed {
  file: string;
  /** True when the file was seeded by this call, false when the cached one was reused. */
  seededNow: boolean;
  /** How long seeding took (now, or when the cached file was made). */
  timing: SeedTiming | null;
}

/**
 * The seeded database for `config`, cached under the OS temp folder by schema (its version and
 * a hash of the migrations: branches that number different migrations alike must not share a
 * file), seeder version and size: made once per machine, reused by the bench and the tests.
 */
export function cachedMarathon(config: SeedConfig = MARATHON_10M, log: (line: string) => void = () => {}): CachedSeed {
  const dir = join(tmpdir(), 'telethon-desk-seeds');
  mkdirSync(dir, { recursive: true });
  const schema = createHash('sha256').update(MIGRATIONS.map((m) => m.sql).join('\n')).digest('hex').slice(0, 8);
  const file = join(dir, `marathon-s${LATEST_SCHEMA_VERSION}-${schema}-v${SEEDER_VERSION}-${config.messages}-${config.seed}.sqlite`);
  const timingFile = `${file}.timing.json`;
  if (existsSync(file)) {
    const timing = existsSync(timingFile) ? (JSON.parse(readFileSync(timingFile, 'utf8')) as SeedTiming) : null;
    return { file, seededNow: false, timing };
  }
  // Test files run in parallel processes: one seeds, the others wait for its file instead of
  // each seeding the same minutes of work beside it.
  const lock = `${file}.lock`;
  for (let round = 0; ; round += 1) {
    if (existsSync(file)) return cachedMarathon(config, log);
    if (takeLock(lock)) break;
    if (round === 0) log(`waiting for another process to finish seeding ${file}…`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_000);
  }
  try {
    if (existsSync(file)) return cachedMarathon(config, log);
    const partial = `${file}.${process.pid}.partial`;
    log(`seeding ${config.messages.toLocaleString('en')} chat messages into ${file} (once per machine)…`);
    const timing = seedFile(partial, config, (done) => {
      if (done % 2_000_000 < 500_000) log(`  ${done.toLocaleString('en')} events`);
    });
    writeFileSync(timingFile, JSON.stringify(timing));
    renameSync(partial, file);
    return { file, seededNow: true, timing };
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Creates `lock` holding this process's id; a lock whose process has gone is taken over. */
function takeLock(lock: string): boolean {
  try {
    closeSync(openSync(lock, 'wx'));
    writeFileSync(lock, String(process.pid));
    return true;
  } catch {
    try {
      const holder = Number(readFileSync(lock, 'utf8'));
      if (holder > 0 && alive(holder)) return false;
      // Empty: just created (its pid is on the way), unless it has been empty for 10 s.
      if (!holder && Date.now() - statSync(lock).mtimeMs < 10_000) return false;
      rmSync(lock, { force: true });
    } catch {
      // Removed meanwhile: the next round tries again.
    }
    return false;
  }
}

/** A private copy of a seeded database as `<dir>/telethon.sqlite` (the app writes to what it opens). */
export function copySeedInto(seedFilePath: string, dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const target = join(dataDir, DATABASE_FILE);
  copyFileSync(seedFilePath, target, constants.COPYFILE_FICLONE);
  return target;
}
