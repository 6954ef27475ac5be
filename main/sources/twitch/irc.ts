import { createHash } from 'node:crypto';
import { isCurrencyCode, minorUnitExponent } from '../../../shared/currencies.js';
import { amountLimitError, formatMinor, parseDecimalMinor } from '../../../shared/money.js';
import type { Money } from '../../../shared/money.js';
import type { PledgePart } from '../../../shared/views.js';
import type { ChatEvent, DonationEvent, PledgeUnit } from '../../ingest/ingest.js';
import type { MomentInput } from '../../moments/moments.js';

/** A line as tmi.js's parser gives it: tag values still IRC-escaped, `true` for an empty value. */
export interface IrcLine {
  raw?: string;
  tags: Record<string, string | true | undefined>;
  prefix: string | null;
  command: string | null;
  params: string[];
}

/** A moderator's CLEARCHAT/CLEARMSG, as a rule over the stored chat of one source. */
export interface ChatClear {
  messageId: string | null;
  userKey: string | null;
  through: number;
  reason: string;
}

/**
 * What one line means for the campaign. Plain data: items cross from the reader thread by
 * structured clone. `problem`: part of the line could not be counted (said in the log).
 */
export type TwitchItem =
  | { type: 'chat'; event: ChatEvent; problem?: string }
  | { type: 'donation'; event: DonationEvent }
  | { type: 'clear'; clear: ChatClear }
  | { type: 'skip'; reason: string };

const ID_MAX = 128;
const EARLIEST_TS = Date.UTC(2011, 0, 1);
const BITS_MAX = 10_000_000;
/** Twitch's account for anonymous gifts. */
const ANONYMOUS_GIFTER_ID = '274598607';
const PLAN_UNITS: Record<string, PledgeUnit> = {
  Prime: 'sub_prime',
  '1000': 'sub_tier1',
  '2000': 'sub_tier2',
  '3000': 'sub_tier3',
};
const SUB_NOTICES = new Set(['sub', 'resub', 'subgift', 'anonsubgift']);
/** A Prime sub turned paid: the subscriber's own line, valued at the tier it names. */
const PAID_UPGRADES = new Set(['primepaidupgrade']);
/**
 * A gifted sub the subscriber now pays for; "anon" here is the original gifter, the line is the
 * subscriber's own. Twitch's tag reference gives these lines no msg-param-sub-plan (only the
 * gifter's login and name, and promotion tags): the sub continues at tier 1, so a line without
 * a plan is valued at tier 1 (marked plan_assumed), one that names a plan at that plan.
 */
const GIFT_UPGRADES = new Set(['giftpaidupgrade', 'anongiftpaidupgrade']);
const GIFT_UPGRADE_PLAN: PledgeUnit = 'sub_tier1';
/** The kind of line each pledge came from, shown under its pledge line. */
const PARTS: Record<string, PledgePart> = {
  sub: 'sub',
  resub: 'resub',
  subgift: 'gift',
  anonsubgift: 'gift',
  primepaidupgrade: 'prime_upgrade',
  giftpaidupgrade: 'gift_upgrade',
  anongiftpaidupgrade: 'gift_upgrade',
};
/** Twitch sells gifts and subs of at most 12 months at once. */
const MONTHS_MAX = 12;
const GIFT_ANNOUNCEMENTS = new Set(['submysterygift', 'anonsubmysterygift']);

/** How many logins a connection remembers the user id of (for a CLEARCHAT that names a login). */
const RECENT_CHATTERS_MAX = 50_000;

/**
 * Who spoke lately on one connection, login → user id, oldest forgotten first. Twitch's
 * documented `CLEARCHAT #dallas :ronni` names a login with no target-user-id; stored chat is
 * keyed by user id, so the id is looked up here rather than hiding the whole channel.
 */
export class RecentChatters {
  private readonly ids = new Map<string, string>();

  constructor(private readonly max = RECENT_CHATTERS_MAX) {}

  remember(login: string, userId: string): void {
    if (!login || !userId) return;
    const key = login.toLowerCase();
    this.ids.delete(key);
    this.ids.set(key, userId);
    if (this.ids.size > this.max) {
      const oldest = this.ids.keys().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }

  userIdOf(login: string): string | null {
    return this.ids.get(login.toLowerCase()) ?? null;
  }
}

/**
 * How many months a sub line pays for: a gift of 6 months, or a sub bought 6 months up front,
 * pays for 6 (issue 20). A number Twitch does not sell (over 12, unreadable) counts as one. A
 * resub shared later inside a prepaid period (msg-param-multimonth-tenure past 0) is not
 * multiplied again: its months were counted when they were bought, and it counts as one, as
 * every resub did before.
 */
function paidMonths(line: IrcLine, kind: string): number {
  const gift = kind === 'subgift' || kind === 'anonsubgift';
  if (!gift && wholeNumber(tag(line, 'msg-param-multimonth-tenure'), MONTHS_MAX) !== null) return 1;
  return wholeNumber(tag(line, gift ? 'msg-param-gift-months' : 'msg-param-multimonth-duration'), MONTHS_MAX) ?? 1;
}

const TAG_ESCAPES: Record<string, string> = { s: ' ', ':': ';', '\\': '\\', r: '', n: '' };

/**
 * Tag value escapes decoded as tmi.js decodes them (its utils.unescapeIRC), so system-msg and
 * every other tag read the same here as in any tmi.js client: \s space, \: semicolon, \\
 * backslash; \r and \n dropped (a tag is one line of text); any other backslash kept as sent.
 */
export function unescapeTag(value: string | true | undefined): string {
  if (value === undefined || value === true) return '';
  if (!value.includes('\\')) return value;
  return value.replace(/\\([sn:r\\])/g, (_, c: string) => TAG_ESCAPES[c] ?? c);
}

/** Badges we keep: broadcaster, moderator, subscriber (with its months or tier). */
export function parseBadges(raw: string): Record<string, string> {
  const badges: Record<string, string> = {};
  for (const part of raw.split(',', 50)) {
    const [name = '', version = ''] = part.split('/', 2);
    if (name === 'broadcaster' || name === 'moderator' || name === 'subscriber') badges[name] = version.slice(0, 16);
  }
  return badges;
}

/**
 * Translates one line of a channel's IRC into what the store takes. Lines we do not count
 * (JOIN, ROOMSTATE, USERSTATE...) are `skip`; so are malformed ones, with the reason to log.
 */
export function readTwitchLine(line: IrcLine, sourceId: string, now: number, recent: RecentChatters = new RecentChatters(0)): TwitchItem {
  switch (line.command) {
    case 'PRIVMSG':
      return chatMessage(line, sourceId, now, recent);
    case 'USERNOTICE':
      return userNotice(line, sourceId, now);
    case 'CLEARCHAT': {
      const through = sentAt(line, now);
      const reason = tag(line, 'ban-duration') ? 'timeout' : 'ban';
      const target = tag(line, 'target-user-id');
      if (target) return { type: 'clear', clear: { messageId: null, userKey: userKeyOf(target), through, reason } };
      // The documented form without tags names the login only: that user's messages, never the
      // whole channel. A login we have not seen speak is matched as a login-keyed chatter.
      const login = (line.params[1] ?? '').trim().slice(0, 25);
      if (login) {
        const userId = recent.userIdOf(login);
        return { type: 'clear', clear: { messageId: null, userKey: userKeyOf(userId ?? `login:${login.toLowerCase()}`), through, reason } };
      }
      return { type: 'clear', clear: { messageId: null, userKey: null, through, reason: 'chat cleared' } };
    }
    case 'CLEARMSG': {
      const messageId = tag(line, 'target-msg-id');
      if (!validId(messageId)) return { type: 'skip', reason: 'CLEARMSG without a message id' };
      return { type: 'clear', clear: { messageId, userKey: null, through: sentAt(line, now), reason: 'message deleted' } };
    }
    default:
      return { type: 'skip', reason: `not counted: ${String(line.command).slice(0, 20)}` };
  }
}

function chatMessage(line: IrcLine, sourceId: string, now: number, recent: RecentChatters): TwitchItem {
  if (!line.params[0]?.startsWith('#') || line.params[1] === undefined) return { type: 'skip', reason: 'malformed chat line (no channel or text)' };
  const id = lineId(line);
  if (!validId(id)) return { type: 'skip', reason: 'chat line without a usable message id' };
  const login = (line.prefix ?? '').split('!', 1)[0]?.slice(0, 25) ?? '';
  const userId = tag(line, 'user-id');
  if (!userId && !login) return { type: 'skip', reason: 'chat line without a sender' };
  recent.remember(login, userId);
  const bits = wholeNumber(tag(line, 'bits'), BITS_MAX);
  const occurredAt = sentAt(line, now);
  const { text, action } = withoutActionWrapper(line.params[1] ?? '');
  const hype = hypeChat(line);
  return {
    type: 'chat',
    ...(hype?.problem ? { problem: hype.problem } : {}),
    event: {
      sourceId,
      externalId: id,
      userKey: userKeyOf(userId || `login:${login}`),
      displayName: tag(line, 'display-name') || login,
      text,
      occurredAt,
      payload: {
        user_id: userId || null,
        login,
        ...(action ? { action: true } : {}),
        badges: parseBadges(tag(line, 'badges')),
        ...(bits ? { bits } : {}),
        ...(hype ? { paid: hype.payload } : {}),
        sent_ts: occurredAt,
      },
      pledge: bits ? { unit: 'bits', count: bits, part: 'cheer' } : null,
      ...(hype?.money ? { paid: hype.money } : {}),
      moment: chatMoment(bits, hype, text),
    },
  };
}

/**
 * A cheer or a Hype Chat in the events feed, with what the viewer typed (a Hype Chat whose text
 * Twitch filled in itself has none). A line that is both is the paid message, its bits still
 * counted as a pledge.
 */
function chatMoment(bits: number | null, hype: ReturnType<typeof hypeChat>, text: string): MomentInput | null {
  if (hype?.money) {
    const typed = hype.payload.system_message !== true;
    return { kind: 'paid_message', count: 1, amount: hype.money, message: typed ? text : null };
  }
  if (bits) return { kind: 'cheer', unit: 'bits', count: bits, message: withoutCheermotes(text) };
  return null;
}

/**
 * The words of a cheer without its cheermotes ("cheer100 Go team!" reads "Go team!"), as alert
 * boxes show it; a message made of cheermotes only has no text to screen.
 */
function withoutCheermotes(text: string): string {
  return text
    .split(/\s+/)
    .filter((word) => !CHEERMOTE.test(word))
    .join(' ')
    .trim();
}
const CHEERMOTE = /^(cheer|biblethump|cheerwhal|corgo|uni|showlove|party|seemsgood|pride|kappa|frankerz|heyguys|dansgame|elegiggle|trihard|kreygasm|4head|swiftrage|notlikethis|failfish|vohiyo|pjsalt|mrdestructoid|bday|ripcheer|shamrock|streamlabs|muxy|holidaycheer|goal|anon|charity)\d+$/i;

/**
 * A Hype Chat (a paid pinned message): the amount in minor units of its currency at the
 * exponent the line gives, read exactly (no floats). An amount that is not exact in the
 * currency, an unknown currency or an unreadable exponent is not counted, and said (`problem`);
 * the message itself is still chat.
 */
function hypeChat(line: IrcLine): { money: Money | null; payload: Record<string, unknown>; problem?: string } | null {
  const digits = tag(line, 'pinned-chat-paid-amount');
  if (!digits) return null;
  const currency = tag(line, 'pinned-chat-paid-currency');
  const exponent = tag(line, 'pinned-chat-paid-exponent');
  const payload: Record<string, unknown> = {
    amount: digits.slice(0, 20),
    currency: currency.slice(0, 10),
    exponent: exponent.slice(0, 4),
    level: tag(line, 'pinned-chat-paid-level').slice(0, 16),
    system_message: tag(line, 'pinned-chat-paid-is-system-message') === '1',
  };
  const refuse = (why: string) => ({ money: null, payload: { ...payload, not_counted: why }, problem: `Hype Chat not counted: ${why}` });
  if (!isCurrencyCode(currency)) return refuse(`unknown currency "${currency.slice(0, 10)}"`);
  if (!/^[0-9]{1,15}$/.test(digits) || !/^[0-9]$/.test(exponent)) return refuse(`unreadable amount "${digits.slice(0, 20)}" at exponent "${exponent.slice(0, 4)}"`);
  const minor = parseDecimalMinor(decimalOf(digits, Number(exponent)), minorUnitExponent(currency));
  if (!minor.ok || minor.value <= 0) return refuse(`${digits} at exponent ${exponent} is not an exact amount of ${currency}`);
  const tooLarge = amountLimitError(minor.value, currency, 'the Hype Chat');
  if (tooLarge) return refuse(tooLarge);
  return { money: { minor: minor.value, currency }, payload: { ...payload, value: formatMinor(minor.value, currency) } };
}

function userNotice(line: IrcLine, sourceId: string, now: number): TwitchItem {
  const id = lineId(line);
  if (!validId(id)) return { type: 'skip', reason: 'USERNOTICE without a usable message id' };
  const kind = tag(line, 'msg-id').slice(0, 40);
  const occurredAt = sentAt(line, now);
  const userId = tag(line, 'user-id');
  const login = tag(line, 'login').slice(0, 25);
  const anonymous = (kind.startsWith('anon') && !GIFT_UPGRADES.has(kind)) || userId === ANONYMOUS_GIFTER_ID;
  const displayName = anonymous ? 'An anonymous gifter' : tag(line, 'display-name') || login;

  if (kind === 'charitydonation') return charityDonation(line, sourceId, id, displayName, occurredAt);

  const named = PLAN_UNITS[tag(line, 'msg-param-sub-plan')] ?? null;
  const planAssumed = named === null && GIFT_UPGRADES.has(kind);
  const plan = planAssumed ? GIFT_UPGRADE_PLAN : named;
  // A mystery gift is announced once, then each recipient gets its own subgift line: only the
  // subgift lines count, so every gifted sub is counted exactly once.
  const counts = (SUB_NOTICES.has(kind) || PAID_UPGRADES.has(kind) || GIFT_UPGRADES.has(kind)) && plan !== null;
  const months = paidMonths(line, kind);
  const payload: Record<string, unknown> = {
    msg_id: kind,
    user_id: userId || null,
    login,
    anonymous,
    badges: parseBadges(tag(line, 'badges')),
    sent_ts: occurredAt,
  };
  if (plan) payload.plan = plan;
  if (planAssumed) payload.plan_assumed = true;
  const systemMsg = tag(line, 'system-msg');
  if (systemMsg) payload.system_msg = systemMsg.slice(0, 500);
  for (const [key, name] of [
    ['msg-param-recipient-id', 'recipient_id'],
    ['msg-param-recipient-user-name', 'recipient_login'],
    ['msg-param-mass-gift-count', 'mass_gift_count'],
    ['msg-param-gift-months', 'gift_months'],
    ['msg-param-multimonth-duration', 'multimonth_duration'],
    ['msg-param-cumulative-months', 'cumulative_months'],
    ['msg-param-community-gift-id', 'community_gift_id'],
  ] as const) {
    const value = tag(line, key);
    if (value) payload[name] = value.slice(0, 64);
  }
  if (GIFT_ANNOUNCEMENTS.has(kind)) payload.counted_by = 'the subgift lines that follow';
  if (kind === 'raid') {
    const viewers = wholeNumber(tag(line, 'msg-param-viewerCount'), 100_000_000);
    payload.viewers = viewers;
    payload.raider = tag(line, 'msg-param-displayName').slice(0, 25) || null;
  }
  return {
    type: 'chat',
    event: {
      sourceId,
      externalId: id,
      kind: `twitch.${kind || 'usernotice'}`,
      userKey: userKeyOf(userId || `login:${login}`),
      displayName,
      text: line.params[1] ?? systemMsg,
      occurredAt,
      payload,
      pledge: counts && plan ? { unit: plan, count: months, part: PARTS[kind] ?? 'sub' } : null,
      moment: noticeMoment(line, kind, id, plan, counts ? months : 0, anonymous),
    },
  };
}

/** What a USERNOTICE adds to the events feed; null for the kinds a streamer does not thank (announcements, rituals...). */
function noticeMoment(line: IrcLine, kind: string, id: string, plan: PledgeUnit | null, months: number, anonymous: boolean): MomentInput | null {
  const typed = line.params[1] ?? null;
  switch (kind) {
    case 'sub':
    case 'resub':
      if (!plan) return null;
      return {
        kind,
        unit: plan,
        count: months,
        message: typed,
        cumulative: kind === 'resub' ? wholeNumber(tag(line, 'msg-param-cumulative-months'), 10_000) : null,
      };
    case 'subgift':
    case 'anonsubgift':
      if (!plan) return null;
      return {
        kind: 'gift',
        unit: plan,
        count: months,
        anonymous,
        recipient: (tag(line, 'msg-param-recipient-display-name') || tag(line, 'msg-param-recipient-user-name')).slice(0, 25) || null,
        bombKey: tag(line, 'msg-param-community-gift-id').slice(0, 64) || null,
      };
    case 'submysterygift':
    case 'anonsubmysterygift':
      return {
        kind: 'gift_bomb',
        unit: plan,
        count: 0,
        anonymous,
        announced: wholeNumber(tag(line, 'msg-param-mass-gift-count'), 100_000),
        // Without the id its subgift lines share, the announcement stands alone.
        bombKey: tag(line, 'msg-param-community-gift-id').slice(0, 64) || `line:${id}`,
      };
    case 'primepaidupgrade':
      return plan ? { kind: 'prime_upgrade', unit: plan, count: 1 } : null;
    case 'giftpaidupgrade':
    case 'anongiftpaidupgrade':
      return plan ? { kind: 'gift_upgrade', unit: plan, count: 1 } : null;
    case 'raid': {
      const viewers = wholeNumber(tag(line, 'msg-param-viewerCount'), 100_000_000);
      return { kind: 'raid', count: viewers ?? 0 };
    }
    default:
      return null;
  }
}

function charityDonation(line: IrcLine, sourceId: string, id: string, donor: string, occurredAt: number): TwitchItem {
  const currency = tag(line, 'msg-param-donation-currency');
  if (!isCurrencyCode(currency)) return { type: 'skip', reason: `charity donation in an unknown currency "${currency.slice(0, 10)}"` };
  const digits = tag(line, 'msg-param-donation-amount');
  const exponent = tag(line, 'msg-param-exponent');
  if (!/^[0-9]{1,15}$/.test(digits) || !/^[0-9]$/.test(exponent)) {
    return { type: 'skip', reason: 'charity donation with an unreadable amount' };
  }
  const minor = parseDecimalMinor(decimalOf(digits, Number(exponent)), minorUnitExponent(currency));
  if (!minor.ok || minor.value <= 0) return { type: 'skip', reason: `charity donation amount not exact in ${currency}` };
  const tooLarge = amountLimitError(minor.value, currency, 'the charity donation');
  if (tooLarge) return { type: 'skip', reason: tooLarge };
  return {
    type: 'donation',
    event: {
      sourceId,
      externalId: id,
      type: 'donation',
      amount: { minor: minor.value, currency },
      donorName: donor || null,
      anonymous: false,
      message: null,
      occurredAt,
      payload: {
        kind: 'twitch.charitydonation',
        charity: tag(line, 'msg-param-charity-name').slice(0, 200),
        amount: digits,
        exponent,
        currency,
        user_id: tag(line, 'user-id') || null,
        login: tag(line, 'login').slice(0, 25),
      },
      moment: { kind: 'charity', count: 1, amount: { minor: minor.value, currency } },
    },
  };
}

/** "1500" at exponent 2 → "15" ; "1505" → "15.05": an exact decimal without trailing zeros. */
export function decimalOf(digits: string, exponent: number): string {
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  if (exponent === 0) return trimmed;
  const padded = trimmed.padStart(exponent + 1, '0');
  const whole = padded.slice(0, -exponent).replace(/^0+(?=\d)/, '');
  const fraction = padded.slice(-exponent).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

const userKeyOf = (id: string) => `twitch:${id.slice(0, 64)}`;

/**
 * The line's own id, or, when Twitch left it out, one derived from everything the line says
 * (command, sender, channel, text and every tag, in a fixed order): a paid line is never dropped
 * for a missing tag, and the same line delivered again gets the same id and counts once.
 */
function lineId(line: IrcLine): string {
  const own = tag(line, 'id');
  if (own) return own;
  const tags = Object.keys(line.tags)
    .filter((name) => name !== 'id')
    .sort()
    .map((name) => `${name}=${unescapeTag(line.tags[name])}`);
  const canonical = JSON.stringify([line.command, line.prefix, line.params, tags]);
  return `derived-${createHash('sha256').update(canonical).digest('hex').slice(0, 32)}`;
}

/** "/me waves" arrives as "\u0001ACTION waves\u0001": the text is "waves", marked as an action. */
function withoutActionWrapper(raw: string): { text: string; action: boolean } {
  const match = /^\u0001ACTION ?([\s\S]*?)\u0001?$/.exec(raw);
  return match ? { text: match[1] ?? '', action: true } : { text: raw, action: false };
}
const tag = (line: IrcLine, name: string): string => unescapeTag(line.tags[name]);
const validId = (id: string): boolean => id.length > 0 && id.length <= ID_MAX && !/\s/.test(id);

function wholeNumber(value: string, max: number): number | null {
  if (!/^[0-9]{1,10}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 && n <= max ? n : null;
}

/** tmi-sent-ts when it is a plausible time, otherwise when we received the line. */
function sentAt(line: IrcLine, now: number): number {
  const raw = tag(line, 'tmi-sent-ts');
  if (!/^[0-9]{10,14}$/.test(raw)) return now;
  const ts = Number(raw);
  return ts >= EARLIEST_TS && ts <= now + 3_600_000 ? ts : now;
}
