import type { CurrencyCode } from '../../shared/currencies.js';
import { type Money, parseAmount } from '../../shared/money.js';
import { readCampaign, saveCampaign } from '../campaign/campaign.js';
import type { ChatEvent, DonationEvent } from '../ingest/ingest.js';
import { seedDefaultRates } from '../rates/rates.js';
import type { Services } from '../services.js';

/** Small seeded PRNG (mulberry32) so a demo run looks the same each time. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CHATTERS = [
  'ayse_k', 'LunaPlays', 'mehmet_tr', 'RohingyaAid', 'kaito_jp', 'ClaraDE', 'nour.h', 'PixelPaws', 'sam_uk', 'Zeynep',
  'юлия', 'جمال', 'Mateo_AR', 'aiko', 'FatimaB', 'OliverK', 'relay_bot_fan', 'Ines', 'DevGamer', 'Priya',
];
const LINES = [
  '#ErdoganHelpRohingya please answer!', '#YoutubeHelpRohingya 🙏', 'just donated, keep going!', 'hello from Istanbul',
  'LET\'S GOOO', 'how far to the next milestone?', '#ErdoganHelpRohingya', 'sending love to Cox\'s Bazar ❤️',
  'the relay from @LunaPlays brought me here', 'is the total live?', 'PogChamp PogChamp', 'we can do this',
];
const DONORS = ['Anonymous', 'Ada', 'Kemal', 'Hiroshi', 'Maria', 'Yusuf', 'Grace', 'Lena', 'Omar', 'Sofia'];
const MESSAGES = [
  'For the children in the camp.', 'Keep the stream going!', '#ErdoganHelpRohingya', null, 'From our whole class ❤️',
  'Matching my friend\'s donation', null, 'Good luck for the last hours',
];
const DONATION_CURRENCIES: { currency: CurrencyCode; amounts: string[] }[] = [
  { currency: 'EUR' as CurrencyCode, amounts: ['5', '10', '20', '25.50', '50', '100'] },
  { currency: 'USD' as CurrencyCode, amounts: ['5', '10', '15', '42.00', '100'] },
  { currency: 'JPY' as CurrencyCode, amounts: ['500', '1000', '3000', '10000'] },
];

export const DEMO_CHAT_SOURCE = 'demo-chat';
export const DEMO_DONATION_SOURCE = 'demo-donations';

/** The demo's own moderator: approves most donations after a short look, so the overlay moves. */
const DEMO_MODERATOR = { role: 'moderator', actor: 'demo:moderator', name: 'Demo moderator' } as const;
const DEMO_SCREEN_AFTER_MS = 8_000;
/** A response needs two people: the demo's second moderator confirms what the first flagged. */
const DEMO_CO_MODERATOR = { role: 'moderator', actor: 'demo:co-moderator', name: 'Demo co-moderator' } as const;

/** The target that answers a few minutes in, so a newcomer sees an answered card on the board. */
export const DEMO_ANSWER = {
  target: 'YouTube',
  account: 'YouTube',
  words: "We hear you, chat. YouTube will match every donation made during tonight's stream, up to €10,000. #YoutubeHelpRohingya",
} as const;

export interface DemoOptions {
  seed?: number;
  tickMs?: number;
  /** When, after the demo starts playing, the answer appears in chat and is flagged (3 min). */
  answerAfterMs?: number;
  /** How long the flagged answer waits for the second moderator's confirmation (30 s). */
  confirmAfterMs?: number;
}

export interface DemoPlayer {
  stop(): void;
}

/**
 * Plays a simulated marathon through the real ingest path: a campaign that started three hours
 * ago with its history, then live chat bursts and donations in EUR, USD and JPY. The first
 * milestone is crossed within the first minute of playing.
 */
export function playDemo(services: Services, options: DemoOptions = {}): DemoPlayer {
  const rand = random(options.seed ?? 2026);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const now = Date.now();
  const run = now.toString(36);
  let counter = 0;
  const nextId = () => `${run}-${(counter += 1)}`;

  if (!readCampaign(services.db)) {
    services.db.transaction(() => {
      saveCampaign(services.db, {
        title: 'Demo: 48 hours for the Rohingya camps',
        cause: "Clean water and schooling in Cox's Bazar (a simulated marathon: none of this money is real)",
        currency: 'EUR' as CurrencyCode,
        goalMinor: 5_000_000,
        milestones: [
          { minor: 100_000, label: 'A water pump' },
          { minor: 500_000, label: 'A classroom for a year' },
          { minor: 2_000_000, label: 'A health post' },
        ],
        startsAt: now - 3 * 3_600_000,
        durationHours: 48,
        demo: true,
      });
      seedDefaultRates(services.db, 'EUR' as CurrencyCode);
    })();
    services.hub.campaignChanged();
  }
  // Who the demo campaign calls on: the simulated chat carries their hashtags.
  if (services.targets.list(true).length === 0) {
    const calledSince = new Date(now - 3 * 3_600_000).toISOString();
    services.targets.create({ name: 'President Erdoğan', handles: [{ platform: 'x', handle: '@RTErdogan' }], hashtags: ['#ErdoganHelpRohingya'], ask: 'Open a corridor for water trucks', call_starts_at: calledSince }, DEMO_MODERATOR);
    services.targets.create({ name: 'YouTube', handles: [{ platform: 'youtube', handle: '@YouTube' }], hashtags: ['#YoutubeHelpRohingya'], ask: 'Match every donation made tonight', call_starts_at: calledSince }, DEMO_MODERATOR);
  }
  services.sources.ensure(DEMO_CHAT_SOURCE, 'demo', 'Simulated Twitch chat');
  services.sources.ensure(DEMO_DONATION_SOURCE, 'demo', 'Simulated donation form');

  const chat = (at: number): ChatEvent => {
    // A few regulars and a few hundred others, as in a real relay.
    const base = pick(CHATTERS);
    const user = rand() < 0.3 ? base : `${base}${Math.floor(rand() * 400)}`;
    return { sourceId: DEMO_CHAT_SOURCE, externalId: nextId(), userKey: user.toLowerCase(), displayName: user, text: pick(LINES), occurredAt: at };
  };
  const donation = (at: number, value?: string, currency?: CurrencyCode): DonationEvent => {
    const choice = pick(DONATION_CURRENCIES);
    const donor = pick(DONORS);
    return {
      sourceId: DEMO_DONATION_SOURCE,
      externalId: nextId(),
      type: 'donation',
      amount: demoAmount(value ?? pick(choice.amounts), currency ?? choice.currency),
      donorName: donor === 'Anonymous' ? null : donor,
      anonymous: donor === 'Anonymous',
      message: pick(MESSAGES),
      occurredAt: at,
    };
  };
  const donate = (at: number, value?: string, currency?: CurrencyCode) => {
    services.acceptDonation(donation(at, value, currency)).catch((error: unknown) => {
      console.error('demo donation not saved:', error instanceof Error ? error.message : error);
    });
  };

  // History: three hours of chat and about 930 EUR, just under the first milestone.
  const campaign = readCampaign(services.db);
  if (campaign && services.donations.totals().donations === 0) {
    for (let minute = 180; minute > 0; minute -= 1) {
      const at = now - minute * 60_000;
      const perMinute = 20 + Math.round(60 * (1 + Math.sin(minute / 17)) + rand() * 40);
      for (let i = 0; i < perMinute; i += 1) services.ingest.chat(chat(at + Math.floor((i * 60_000) / perMinute)));
      // Committed at once, so the past hours' donations are screened below.
      if (minute % 6 === 0) services.ingest.donation(donation(at, '31', 'EUR' as CurrencyCode));
    }
    services.ingest.flushChat();
    // The past hours were screened at the time.
    for (const item of services.screening.queue('pending', { limit: 200 }).items) services.screening.decide(item.donation.id, { decision: 'approve' }, DEMO_MODERATOR);
  }

  const answer = demoAnswer(services, now, nextId, options);
  let tick = 0;
  const tickMs = options.tickMs ?? 200;
  const timer = setInterval(() => {
    tick += 1;
    const at = Date.now();
    // Bursts: quiet, then a relay raid every ~40 s.
    const burst = tick % 200 < 25 ? 12 : 1;
    const messages = Math.round(rand() * 3 * burst);
    for (let i = 0; i < messages; i += 1) services.ingest.chat(chat(at));
    if (tick === 10) donate(at, '100', 'EUR' as CurrencyCode);
    else if (rand() < tickMs / 2_500) donate(at);
    // Every second the demo moderator screens the oldest message that waited long enough,
    // leaving a few in the queue for whoever looks at the Screening tab.
    if (tick % 5 === 0) screenOne(services, at);
    answer(at);
  }, tickMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

function screenOne(services: Services, now: number): void {
  const [oldest] = services.screening.queue('pending', { limit: 1 }).items;
  if (!oldest || now - Date.parse(oldest.donation.received_at) < DEMO_SCREEN_AFTER_MS) return;
  if (services.screening.claims.isHeldByOther(oldest.donation.id, DEMO_MODERATOR)) return;
  try {
    services.screening.decide(oldest.donation.id, { decision: 'approve' }, DEMO_MODERATOR);
  } catch (error) {
    console.error('demo screening:', error instanceof Error ? error.message : error);
  }
}

/**
 * A few minutes in, the YouTube account answers in chat; the demo moderator picks that message
 * as a commitment, and the second demo moderator confirms it a little later: the same calls,
 * checks and audit as a moderator's POST /api/targets/:id/responses and /api/responses/:id/confirm.
 * A demo started again over its own folder carries on where it was (a flagged answer is
 * confirmed; an answered target is left alone).
 */
function demoAnswer(services: Services, startedAt: number, nextId: () => string, options: DemoOptions): (now: number) => void {
  const answerAt = startedAt + (options.answerAfterMs ?? 3 * 60_000);
  const confirmAfterMs = options.confirmAfterMs ?? 30_000;
  let flaggedAt: number | null = null;
  let finished = false;
  return (now) => {
    if (finished || now < answerAt) return;
    try {
      const target = services.targets.list().find((t) => t.name === DEMO_ANSWER.target);
      if (!target) {
        finished = true;
        return;
      }
      const responses = services.responses.list(target.id);
      if (responses.some((r) => r.state === 'confirmed')) {
        finished = true;
        return;
      }
      const flagged = responses.find((r) => r.state === 'flagged');
      if (!flagged) {
        const externalId = nextId();
        services.ingest.chat({ sourceId: DEMO_CHAT_SOURCE, externalId, userKey: DEMO_ANSWER.account.toLowerCase(), displayName: DEMO_ANSWER.account, text: DEMO_ANSWER.words, occurredAt: now });
        services.ingest.flushChat();
        const stored = services.db
          .prepare<[string, string], { seq: number }>('SELECT seq FROM events WHERE source_id = ? AND external_id = ?')
          .get(DEMO_CHAT_SOURCE, externalId);
        if (!stored) throw new Error('the answer in chat was not stored');
        const picked = services.responses.flag(target.id, { kind: 'commitment', chat_message_id: stored.seq }, DEMO_MODERATOR);
        if (!picked.ok) throw new Error(picked.error);
        services.targets.markChanged(target.id);
        flaggedAt = now;
        return;
      }
      flaggedAt ??= now;
      if (now - flaggedAt < confirmAfterMs) return;
      services.responses.confirm(flagged.id, DEMO_CO_MODERATOR);
      services.targets.markChanged(target.id);
      finished = true;
    } catch (error) {
      finished = true;
      console.error('demo answer:', error instanceof Error ? error.message : error);
    }
  };
}

function demoAmount(value: string, currency: CurrencyCode): Money {
  const parsed = parseAmount({ value, currency });
  if (!parsed.ok) throw new Error(`demo amount ${value} ${currency}: ${parsed.error}`);
  return parsed.value;
}
