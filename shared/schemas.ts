/**
 * One schema per HTTP route: the body and the query each route takes. The contract's request
 * types (shared/contract.ts) are inferred from these, and the router checks every request
 * against them before a handler runs, so the types and the checks cannot drift.
 *
 * The schemas check shape: types, lengths, formats, control characters. Rules that need the
 * domain (a currency's decimals, whether a source exists, the campaign's currency) stay in the
 * domain. Queries arrive as strings from URLSearchParams; their schemas read strings and turn
 * them into numbers and times. Unknown fields are refused, in bodies and in queries alike.
 */
import { REPORT_DONOR_NAMES } from './report.js';
import { z } from 'zod';
import { CHART_WINDOWS } from './charts.js';
import type { RouteKey } from './contract.js';
import { CAMPAIGN_LOCALES } from './locales/index.js';
import { canonicalTimeZone } from './time-zone.js';
import { PRIZE_ENTRY_MODES, PRIZE_WINNERS_MAX } from './prizes.js';
import { BEST_MINUTE_MAX_HOURS, BEST_MINUTE_WINDOWS } from './best-minute.js';
import {
  MOMENT_DECISIONS,
  type PledgeValueKey,
  RESPONSE_KINDS,
  SCREEN_DECISIONS,
  SCREENING_MODES,
  SCREENING_STATES,
  SOURCE_KINDS,
  TARGET_PLATFORMS,
  TWITCH_MOMENT_KINDS,
} from './views.js';
import { ALERT_DURATION_MAX_S, ALERT_DURATION_MIN_S, ALERT_LOOKS, ALERT_SOUNDS, MAX_ALERT_TIERS, MAX_SOUND_FILE_BYTES, OWN_SOUND, type OwnSound } from './alert-tiers.js';

// ── Text ──────────────────────────────────────────────────────────────────────────────────
// Names, labels, titles, reasons and ids are one line: no control character at all (NUL,
// escape, DEL, C1). Free text people write (messages, quotes, a cause, an ask) may also hold
// line breaks and tabs. Lone surrogates (broken UTF-16 from "\ud800" escapes) are refused in
// both: they cannot be stored or shown as the text that was meant.

const LINE_FORBIDDEN = /[\p{Cc}\p{Cs}]/u;
const TEXT_FORBIDDEN = /[\p{Cs}\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/u;

function codePoint(found: string): string {
  return `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function textRule(forbidden: RegExp, max: number, min: number) {
  return z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const found = forbidden.exec(value);
      if (found) {
        const what = /\p{Cs}/u.test(found[0]) ? 'a broken character' : `a control character (${codePoint(found[0])})`;
        ctx.addIssue({ code: 'custom', message: `must not contain ${what}` });
        return;
      }
      const length = [...value].length;
      if (length < min) ctx.addIssue({ code: 'custom', message: min === 1 ? 'must not be empty' : `must be at least ${min} characters` });
      if (length > max) ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
    });
}

/** One line of text (a name, a label, a reason), trimmed. */
export const line = (max: number, min = 0) => textRule(LINE_FORBIDDEN, max, min);
/** Free text that may hold line breaks and tabs (a message, a quote), trimmed. */
export const text = (max: number, min = 0) => textRule(TEXT_FORBIDDEN, max, min);

/** An ISO-8601 time such as "2026-12-01T18:00:00Z" (a date and a time, with its zone). */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)$/;
const ISO_TIME_MESSAGE = 'must be an ISO-8601 time such as "2026-12-01T18:00:00Z"';
export const isoTime = z
  .string()
  .max(40, ISO_TIME_MESSAGE)
  .refine((value) => ISO_TIME.test(value) && Number.isFinite(Date.parse(value)), ISO_TIME_MESSAGE);
/** A call moment's sign-up command as sent; call-command.ts says in words what is wrong with it. */
const callCommand = z.string().max(100);

const currencyCode = z.string({ error: 'must be an ISO 4217 currency code such as "EUR"' }).regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as "EUR"');
const decimal = z.string({ error: 'must be a decimal string such as "12.50"' }).max(40, 'must be a decimal string such as "12.50"');

/** Money on the wire; the domain checks the currency's decimals and the largest amount. */
export const amountSchema = z.strictObject({ value: decimal, currency: currencyCode });
/** An amount whose currency may be left out (it is the campaign's). */
const campaignAmount = z.strictObject({ value: decimal, currency: currencyCode.optional() });

// ── Queries: strings in, numbers and times out ────────────────────────────────────────────

const wholeNumber = z
  .string()
  .regex(/^[0-9]{1,16}$/, 'must be a whole number such as 50')
  .transform(Number)
  .refine((value) => Number.isSafeInteger(value) && value >= 1, 'must be a whole number from 1 up');
const queryTime = isoTime.transform((value) => Date.parse(value));
const queryEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });
/** A source id, or "" / "*" for every source together. */
const querySource = line(120).transform((value) => (value === '' || value === '*' ? undefined : value));

/** A query schema: an object of optional string fields; unknown keys are refused. */
const query = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject(shape);
const noQuery = z.strictObject({});

// ── Bodies ────────────────────────────────────────────────────────────────────────────────

/** Routes that take no body: nothing, or an empty object. */
const noBody = z.strictObject({}).optional();

const pledgeValue = z
  .union([campaignAmount, decimal, z.null()], { error: 'must be an amount, a decimal string such as "2.50", or null' })
  .optional();
const pledgeValueShape = {
  sub_tier1: pledgeValue,
  sub_tier2: pledgeValue,
  sub_tier3: pledgeValue,
  sub_prime: pledgeValue,
  bits_100: pledgeValue,
  yt_membership: pledgeValue,
} satisfies Record<PledgeValueKey, typeof pledgeValue>;

const campaignLocale = z.enum(CAMPAIGN_LOCALES, { error: `must be one of ${CAMPAIGN_LOCALES.join(', ')}` });
/** An IANA zone name, checked against this runtime's Intl ("Europe/Paris"). */
const timeZone = z.string().max(64).refine((zone) => canonicalTimeZone(zone) !== null, 'must be an IANA time zone such as "Europe/Paris"');
const campaignMarks = z.array(z.strictObject({ amount: campaignAmount, label: line(80, 1) }));
const campaignBody = z.strictObject({
  title: line(120, 1),
  cause: text(500).optional(),
  currency: currencyCode,
  goal: campaignAmount,
  milestones: campaignMarks.max(50).optional(),
  stretch_goals: campaignMarks.max(20).optional(),
  starts_at: isoTime,
  duration_hours: z.number().int('must be a whole number of hours').min(1).max(24 * 14).optional(),
  pledge_values: z.strictObject(pledgeValueShape).nullable().optional(),
  locale: campaignLocale.optional(),
  time_zone: timeZone.optional(),
});
/** A running campaign's edit: only the fields sent change; the currency and start stay. */
const campaignEditBody = z.strictObject({
  title: line(120, 1).optional(),
  cause: text(500).optional(),
  goal: campaignAmount.optional(),
  milestones: campaignMarks.max(50).optional(),
  stretch_goals: campaignMarks.max(20).optional(),
  /** Moves the end by whole hours: later (positive) or, to undo a slip, earlier (negative). */
  locale: campaignLocale.optional(),
  time_zone: timeZone.optional(),
  extend_hours: z.number().int('must be a whole number of hours').min(-24 * 14).max(24 * 14).refine((h) => h !== 0, 'must not be zero').optional(),
});

const token = z.string().trim().max(500).regex(/^[\x21-\x7e]*$/, 'must be the token as shown, without spaces or control characters');
const url = line(500);
const jwtToken = z.string().trim().max(4_000).regex(/^[\x21-\x7e]*$/, 'must be the JWT as shown, without spaces or control characters');
const optionalToken = z.union([token, z.null()]).optional();

/** The kinds the owner can add through the API (the others are the app's own). */
const CREATABLE_SOURCE_KINDS = ['webhook', 'twitch', 'tiltify', 'streamlabs', 'streamelements', 'twitch-charity', 'youtube', 'x'] as const;

/** A source's new credential: which of these its kind takes is the server's to say (SOURCE_CREDENTIAL_FIELDS). */
const credentialBody = z.strictObject({
  oauth_token: optionalToken,
  login: z.union([line(40), z.null()]).optional(),
  client_id: token.optional(),
  client_secret: token.optional(),
  webhook_signing_key: optionalToken,
  api_key: token.optional(),
  socket_token: token.optional(),
  jwt: jwtToken.optional(),
  bearer_token: token.optional(),
});

// Platform fields are checked for type and length here; whether they are there at all is the
// connector's to say, with where to find them ("Streamlabs → Settings → API Tokens").
const sourceBody = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('webhook'), name: line(80, 1) }),
    z.strictObject({
      kind: z.literal('twitch'),
      name: line(80, 1),
      channel: line(40).optional(),
      server: z.union([url, z.null()]).optional(),
      login: z.union([line(40), z.null()]).optional(),
      oauth_token: optionalToken,
    }),
    z.strictObject({
      kind: z.literal('tiltify'),
      name: line(80, 1),
      campaign_id: line(100).optional(),
      base_url: z.union([url, z.null()]).optional(),
      client_id: token.optional(),
      client_secret: token.optional(),
      webhook_signing_key: optionalToken,
    }),
    z.strictObject({
      kind: z.literal('youtube'),
      name: line(80, 1),
      video: line(300).optional(),
      api_key: token.optional(),
      base_url: z.union([url, z.null()]).optional(),
      daily_quota: z.number().int('must be a whole number of units').min(100).max(100_000_000).optional(),
    }),
    z.strictObject({
      kind: z.literal('streamlabs'),
      name: line(80, 1),
      socket_token: token.optional(),
      base_url: z.union([url, z.null()]).optional(),
    }),
    z.strictObject({
      kind: z.literal('streamelements'),
      name: line(80, 1),
      jwt: jwtToken.optional(),
      channel_id: z.union([line(40), z.null()]).optional(),
      base_url: z.union([url, z.null()]).optional(),
    }),
    z.strictObject({
      kind: z.literal('twitch-charity'),
      name: line(80, 1),
      channel: line(40).optional(),
      oauth_token: token.optional(),
      server: z.union([url, z.null()]).optional(),
      api_url: z.union([url, z.null()]).optional(),
      auth_url: z.union([url, z.null()]).optional(),
    }),
    z.strictObject({
      kind: z.literal('x'),
      name: line(80, 1),
      bearer_token: token.optional(),
      base_url: z.union([url, z.null()]).optional(),
      poll_interval_s: z.number().int('must be a whole number of seconds').min(15).max(3_600).optional(),
    }),
  ],
  {
    error: (issue) => {
      if (typeof issue.input !== 'object' || issue.input === null || Array.isArray(issue.input)) return 'must be a JSON object with a kind and a name';
      const kind = (issue.input as { kind?: unknown }).kind;
      const creatable = CREATABLE_SOURCE_KINDS.join(', ');
      if (typeof kind === 'string' && (SOURCE_KINDS as readonly string[]).includes(kind)) {
        return `"${kind}" is not available to add here (the app makes those itself); you can add: ${creatable}`;
      }
      return kind === undefined ? `is required: one of ${creatable}` : `must be one of ${creatable}`;
    },
  },
);

const pledgeBody = z.strictObject({
  id: z.string().regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 visible ASCII characters').optional(),
  amount: amountSchema,
  donor: z.strictObject({ name: line(200).optional(), anonymous: z.boolean().optional() }).optional(),
  message: text(2_000).optional(),
  /**
   * The one entering it has read its name and message (the dashboard's pledge form says so):
   * the rules approve it at once. Without it, the pledge is screened like a platform's.
   */
  reviewed: z.boolean().optional(),
});

const rateEntry = z.strictObject({ currency: currencyCode, rate: decimal });
const csvUpload = z
  .strictObject({ csv_base64: z.string().optional(), csv: z.string().optional() })
  .refine((body) => (body.csv_base64 === undefined) !== (body.csv === undefined), {
    message: 'send the file as { "csv_base64": "..." } or its text as { "csv": "..." }',
  });

const handle = z.strictObject({ platform: z.enum(TARGET_PLATFORMS, { error: `must be one of ${TARGET_PLATFORMS.join(', ')}` }), handle: line(100, 1) });
const targetFields = {
  name: line(80, 1),
  handles: z.array(handle).max(10),
  hashtags: z.array(line(100, 1)).max(10),
  ask: text(500),
  call_starts_at: z.union([isoTime, z.null()]).optional(),
};
const targetBody = z.strictObject({ ...targetFields, handles: targetFields.handles.optional(), hashtags: targetFields.hashtags.optional(), ask: targetFields.ask.optional() });
const targetUpdateBody = z.strictObject({
  name: targetFields.name.optional(),
  handles: targetFields.handles.optional(),
  hashtags: targetFields.hashtags.optional(),
  ask: targetFields.ask.optional(),
  call_starts_at: targetFields.call_starts_at,
});

const responseBody = z.strictObject({
  kind: z.enum(RESPONSE_KINDS, { error: `must be one of ${RESPONSE_KINDS.join(', ')}` }),
  quote: text(1_000).optional(),
  url: z.union([z.string().max(2_000).regex(/^[^\p{Cc}\s]*$/u, 'must be a link without spaces or control characters'), z.null()]).optional(),
  chat_message_id: z.union([z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), z.null()]).optional(),
  responded_at: isoTime.optional(),
});
const reason = line(300);

const screeningSettingsBody = z
  .strictObject({
    mode: z.enum(SCREENING_MODES as readonly ['none', 'one_pass', 'two_pass'], { error: `must be one of ${SCREENING_MODES.join(', ')}` }).optional(),
    words: z.array(line(60)).max(500).optional(),
    overlay_min: z.union([amountSchema, z.null()]).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one of mode, words or overlay_min' });

const QUEUE_STAGES = ['pending', 'first_pass', 'flagged', 'approved'] as const;
const QUEUE_ORDERS = ['age', 'amount'] as const;
/** A minimum amount in the campaign currency, such as "20" or "20.00"; the domain checks its decimals. */
const queueMin = z.string().regex(/^\d{1,13}(?:\.\d{1,4})?$/, 'must be an amount such as "20" or "20.00" in the campaign currency');

// ── Overlay alerts ────────────────────────────────────────────────────────────────────────

/** One alert tier; its threshold's decimals are checked against the campaign currency by the domain. */
const alertTier = z.strictObject({
  from: queueMin,
  duration_s: z.number().int('must be a whole number of seconds').min(ALERT_DURATION_MIN_S).max(ALERT_DURATION_MAX_S),
  look: z.enum(ALERT_LOOKS, { error: `must be one of ${ALERT_LOOKS.join(', ')}` }),
  sound: z.union([z.enum(ALERT_SOUNDS), z.custom<OwnSound>((value) => typeof value === 'string' && OWN_SOUND.test(value))], {
    error: `must be one of ${ALERT_SOUNDS.join(', ')}, or file:<id> of an uploaded sound`,
  }),
  volume: z.number().int('must be a whole number from 0 to 100').min(0).max(100),
});
const alertSettingsBody = z.strictObject({
  tiers: z.array(alertTier).max(MAX_ALERT_TIERS, `at most ${MAX_ALERT_TIERS} tiers`),
  early: z.boolean().optional(),
});
/** An alert sound the owner uploads: its file name, and its bytes in base64 (checked for what they are by the domain). */
const soundUpload = z.strictObject({
  name: z.string().trim().min(1, 'give the sound a name').max(80, 'at most 80 characters'),
  data: z.string()
    .max(Math.ceil(MAX_SOUND_FILE_BYTES / 3) * 4, `the file is over ${MAX_SOUND_FILE_BYTES / 1024} KB: use a shorter or more compressed sound (MP3 or Ogg)`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be the file in base64'),
});
/** A test alert in one tier (its index); without one, in the lowest. */
const testAlertBody = z.strictObject({ tier: z.number().int().min(0).max(MAX_ALERT_TIERS - 1).optional() }).optional();

// ── Prizes ───────────────────────────────────────────────────────────────────────────────

const prizeEntryMode = z.enum(PRIZE_ENTRY_MODES, { error: `must be one of ${PRIZE_ENTRY_MODES.join(', ')}` });
const prizeWinners = z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(PRIZE_WINNERS_MAX, `must be at most ${PRIZE_WINNERS_MAX}`);
const prizeFields = {
  title: line(120, 1),
  rules: text(2_000).optional(),
  /** In the campaign currency; the domain checks its decimals and that it is more than zero. */
  minimum: campaignAmount,
  opens_at: isoTime,
  closes_at: isoTime,
  winners: prizeWinners,
  entry_mode: prizeEntryMode.optional(),
};
const windowInOrder = (body: { opens_at?: string | undefined; closes_at?: string | undefined }) =>
  body.opens_at === undefined || body.closes_at === undefined || Date.parse(body.closes_at) > Date.parse(body.opens_at);
const WINDOW_ORDER = { message: 'the window must end after it starts: closes_at is before or at opens_at', path: ['closes_at'] };
const prizeBody = z.strictObject(prizeFields).refine(windowInOrder, WINDOW_ORDER);
const prizeEditBody = z
  .strictObject({
    title: prizeFields.title.optional(),
    rules: prizeFields.rules,
    minimum: campaignAmount.optional(),
    opens_at: isoTime.optional(),
    closes_at: isoTime.optional(),
    winners: prizeWinners.optional(),
    entry_mode: prizeEntryMode.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' })
  .refine(windowInOrder, WINDOW_ORDER);
const redrawBody = z.strictObject({
  position: z.number({ error: 'must be the place to redraw, such as 1' }).int('must be a whole number').min(1).max(PRIZE_WINNERS_MAX),
  reason: line(300, 1),
});

// ── Incentives, bid wars and the run schedule (issue 14) ──────────────────────────────────

const recordId = z.number({ error: 'must be an id (a whole number)' }).int('must be an id (a whole number)').min(1).max(Number.MAX_SAFE_INTEGER);
const campaignDecimal = z.string({ error: 'must be an amount such as "12.50" in the campaign currency' }).regex(/^\d{1,13}(?:\.\d{1,4})?$/, 'must be an amount such as "12.50" in the campaign currency');
const segmentFields = {
  title: line(120, 1),
  runners: line(200).optional(),
  planned_start: isoTime,
  planned_length_min: z.number().int('must be a whole number of minutes').min(1, 'must be at least 1 minute').max(24 * 60 * 7),
};
const segmentBody = z.strictObject(segmentFields);
const segmentEditBody = z
  .strictObject({ title: segmentFields.title.optional(), runners: segmentFields.runners, planned_start: isoTime.optional(), planned_length_min: segmentFields.planned_length_min.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one of title, runners, planned_start or planned_length_min' });
const external = z.union([z.strictObject({ platform: line(40, 1), id: line(200, 1) }), z.null()]).optional();
const incentiveFields = {
  name: line(120, 1),
  tag: line(60, 1).optional(),
  description: text(500).optional(),
  goal: z.union([campaignDecimal, z.null()]).optional(),
  segment_id: z.union([recordId, z.null()]).optional(),
  deadline: z.union([isoTime, z.null()]).optional(),
  allow_suggestions: z.boolean().optional(),
  external,
};
const incentiveBody = z.strictObject({
  kind: z.enum(['incentive', 'bid_war'], { error: 'must be "incentive" or "bid_war"' }),
  ...incentiveFields,
  options: z.array(line(80, 1)).max(50).optional(),
});
const incentiveEditBody = z.strictObject({ ...incentiveFields, name: incentiveFields.name.optional() }).refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' });
const assignmentBody = z.strictObject({
  expected_version: z.number({ error: 'must be the version you saw (0 when none)' }).int().min(0).max(Number.MAX_SAFE_INTEGER),
  parts: z
    .array(z.strictObject({ incentive_id: recordId, option_id: z.union([recordId, z.null()]).optional(), amount: campaignDecimal.optional() }))
    .max(20, 'at most 20 parts'),
  to_campaign: campaignDecimal.optional(),
  reason: z.union([reason, z.null()]).optional(),
});

const tiltifyId = z.string().regex(/^[0-9a-fA-F-]{1,64}$/, 'must be a Tiltify id (a UUID)');
const tiltifyKind = z.enum(['poll', 'target', 'reward'], { error: 'must be "poll", "target" or "reward"' });
const tiltifyLinkBody = z.strictObject({
  kind: tiltifyKind,
  tiltify_id: tiltifyId,
  incentive_id: z.union([recordId, z.null()]),
  options: z.record(tiltifyId, z.union([recordId, z.null()])).refine((o) => Object.keys(o).length <= 100, 'at most 100 options').optional(),
});
const tiltifyCreateBody = z.strictObject({ kind: tiltifyKind, tiltify_id: tiltifyId });

const INCENTIVE_ROUTE_SCHEMAS = {
  'GET /api/schedule': { body: noBody, query: noQuery },
  'POST /api/schedule': { body: segmentBody, query: noQuery },
  'PUT /api/schedule/:id': { body: segmentEditBody, query: noQuery },
  'POST /api/schedule/:id/start': { body: z.strictObject({ at: isoTime.optional() }).optional(), query: noQuery },
  'DELETE /api/schedule/:id': { body: noBody, query: noQuery },
  'GET /api/incentives': { body: noBody, query: query({ archived: queryEnum(['0', '1'] as const).transform((v) => v === '1').optional() }) },
  'POST /api/incentives': { body: incentiveBody, query: noQuery },
  'PUT /api/incentives/:id': { body: incentiveEditBody, query: noQuery },
  'POST /api/incentives/:id/close': { body: noBody, query: noQuery },
  'POST /api/incentives/:id/archive': { body: noBody, query: noQuery },
  'GET /api/tiltify/:source': { body: noBody, query: noQuery },
  'POST /api/tiltify/:source/link': { body: tiltifyLinkBody, query: noQuery },
  'POST /api/tiltify/:source/create': { body: tiltifyCreateBody, query: noQuery },
  'POST /api/incentives/:id/options': { body: z.strictObject({ name: line(80, 1) }), query: noQuery },
  'PUT /api/options/:id': { body: z.strictObject({ name: line(80, 1) }), query: noQuery },
  'POST /api/options/:id/approve': { body: noBody, query: noQuery },
  'POST /api/options/:id/refuse': { body: z.strictObject({ reason: z.union([reason, z.null()]).optional() }).optional(), query: noQuery },
  'GET /api/donations/:id/assignment': { body: noBody, query: noQuery },
  'PUT /api/donations/:id/assignment': { body: assignmentBody, query: noQuery },
} as const;

// ── The generic signed webhook (SPEC.md) ──────────────────────────────────────────────────

const eventId = z.string({ error: 'must be text' }).regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 visible ASCII characters, unique per donation');

/**
 * The generic webhook's body: { id, type, amount, donor, message, occurred_at, refunds? }.
 * Unlike the API's bodies, fields it does not know are let through (and ignored): the senders
 * are other people's tools (a bank bridge, a donation form) that may add their own, and
 * refusing a donation for an extra field would lose real money.
 */
export const genericWebhookSchema = z
  .looseObject({
    id: eventId,
    type: z.enum(['donation', 'refund'], { error: 'must be "donation" or "refund"' }),
    amount: z.object({ value: decimal, currency: currencyCode }),
    donor: z
      .looseObject({ name: z.union([line(200), z.null()]).optional(), anonymous: z.boolean().optional() })
      .nullable()
      .optional(),
    message: z.union([text(2_000), z.null()]).optional(),
    occurred_at: isoTime.optional(),
    refunds: z.union([eventId, z.null()]).optional(),
    /** What the donor chose the money for: an incentive or bid war, or an option, by name or tag (issue 14). */
    incentive: z.union([line(120), z.null()]).optional(),
    /** A new option the donor proposes for the bid war named in `incentive`; waits for a moderator. */
    new_option: z.union([line(80), z.null()]).optional(),
  })
  .refine((body) => body.refunds === undefined || body.refunds === null || body.type === 'refund', {
    message: 'refunds names the id of the refunded donation, and only on a refund',
  });

// ── The table ─────────────────────────────────────────────────────────────────────────────

export interface RouteSchema {
  body: z.ZodType;
  query: z.ZodType;
}

/** A team's NATS servers: nats://, tls:// or ws(s):// URLs, or host:port. */
const natsServer = line(300, 1).regex(/^((nats|tls|wss?):\/\/)?[A-Za-z0-9.\-[\]:@_%]+(:\d{1,5})?$/, 'must be a NATS server URL such as "nats://127.0.0.1:4222"');
const teamCreateBody = z.strictObject({
  name: line(120, 1),
  goal: decimal,
  currency: currencyCode,
  servers: z.array(natsServer).min(1, 'give at least one NATS server').max(10),
  /** The team's NATS account seed (SA...): signs each desk's credentials. Absent: a server without authentication. */
  account_seed: z.union([line(200, 1), z.null()]).optional(),
  replicas: z.union([z.literal(1), z.literal(3), z.literal(5)], { error: 'must be 1, 3 or 5' }).optional(),
  duplicate_window_s: z.number().int().min(10).max(86_400).optional(),
  desk_name: line(80, 1),
  team_rate: decimal.optional(),
});

/** Every route's body and query schema; a route cannot be added to the contract without them. */
export const ROUTE_SCHEMAS = {
  'GET /api/campaign': { body: noBody, query: noQuery },
  'PUT /api/campaign': { body: campaignBody, query: noQuery },
  'POST /api/campaign/close': {
    body: z.strictObject({
      title: z.string().max(200),
      reason: z.string().trim().max(500, 'at most 500 characters').optional(),
    }),
    query: noQuery,
  },
  'POST /api/campaign/archive': { body: noBody, query: noQuery },
  'POST /api/campaign/reopen': {
    body: z.strictObject({ reason: z.string().trim().min(3, 'say why it is reopened (it goes in the audit log)').max(500, 'at most 500 characters') }),
    query: noQuery,
  },
  'GET /api/campaign/late': { body: noBody, query: noQuery },
  'GET /api/report': { body: noBody, query: noQuery },
  'POST /api/report': {
    body: z.strictObject({ donor_names: z.enum(REPORT_DONOR_NAMES, { error: 'must be "full", "initials" or "none"' }).optional() }).optional(),
    query: noQuery,
  },
  'GET /api/report/report.html': { body: noBody, query: noQuery },
  'GET /api/report/report.pdf': { body: noBody, query: noQuery },
  'PATCH /api/campaign': { body: campaignEditBody, query: noQuery },
  'GET /api/sources': { body: noBody, query: noQuery },
  'POST /api/sources': { body: sourceBody, query: noQuery },
  'PUT /api/sources/:id/credential': { body: credentialBody, query: noQuery },
  'POST /api/donations': { body: pledgeBody, query: noQuery },
  'GET /api/donations': {
    body: noBody,
    query: query({ state: queryEnum(SCREENING_STATES as readonly ['pending', 'approved', 'denied', 'flagged', 'read']).optional(), limit: wholeNumber.optional(), before: wholeNumber.optional() }),
  },
  'GET /api/totals': { body: noBody, query: noQuery },
  'GET /api/chat/stats': { body: noBody, query: query({ from: queryTime.optional(), to: queryTime.optional(), source: querySource.optional() }) },
  'GET /api/charts': {
    body: noBody,
    query: query({
      window: queryEnum(CHART_WINDOWS.map((w) => w.key) as unknown as readonly ['15m', '1h', '6h', '24h', 'marathon']).optional(),
      from: queryTime.optional(),
      to: queryTime.optional(),
      source: querySource.optional(),
    }).refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'give both from and to, or a window' }),
  },
  'GET /api/charts/incentives': {
    body: noBody,
    query: query({
      window: queryEnum(CHART_WINDOWS.map((w) => w.key) as unknown as readonly ['15m', '1h', '6h', '24h', 'marathon']).optional(),
      from: queryTime.optional(),
      to: queryTime.optional(),
    }).refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'give both from and to, or a window' }),
  },
  'GET /api/charts/pace': { body: noBody, query: noQuery },
  'GET /api/chat/messages': { body: noBody, query: query({ source: querySource.optional(), before: wholeNumber.optional(), limit: wholeNumber.optional() }) },
  'GET /api/rates': { body: noBody, query: noQuery },
  'PUT /api/rates': { body: z.strictObject({ rates: z.array(rateEntry).min(1).max(500) }), query: noQuery },
  /** Without currencies: every rate still marked as a built-in estimate. */
  'POST /api/rates/confirm': { body: z.strictObject({ currencies: z.array(currencyCode).min(1).max(500).optional() }).optional(), query: noQuery },
  'POST /api/rates/import': { body: z.strictObject({ text: z.string().max(64 * 1024, 'must be at most 64 KB of text') }), query: noQuery },
  'POST /api/import/donations/preview': { body: csvUpload, query: noQuery },
  'POST /api/import/donations': { body: csvUpload, query: noQuery },
  'GET /api/export/donations.csv': { body: noBody, query: noQuery },
  'GET /api/export/donations.json': { body: noBody, query: noQuery },
  'GET /api/export/responses.csv': { body: noBody, query: noQuery },
  'GET /api/export/responses.json': { body: noBody, query: noQuery },
  'GET /api/overlay': { body: noBody, query: noQuery },
  'POST /api/overlay/rotate-key': { body: noBody, query: noQuery },
  'GET /api/overlay/alerts': { body: noBody, query: noQuery },
  'PUT /api/overlay/alerts': { body: alertSettingsBody, query: noQuery },
  'GET /api/overlay/sounds': { body: noBody, query: noQuery },
  'POST /api/overlay/sounds': { body: soundUpload, query: noQuery },
  'DELETE /api/overlay/sounds/:id': { body: noBody, query: noQuery },
  'POST /api/overlay/test-alert': { body: testAlertBody, query: noQuery },
  'GET /api/health': { body: noBody, query: noQuery },
  'GET /api/me': { body: noBody, query: noQuery },
  'GET /api/targets': { body: noBody, query: query({ archived: queryEnum(['0', '1'] as const).transform((v) => v === '1').optional() }) },
  'POST /api/targets': { body: targetBody, query: noQuery },
  'PUT /api/targets/:id': { body: targetUpdateBody, query: noQuery },
  'POST /api/targets/:id/archive': { body: noBody, query: noQuery },
  'GET /api/targets/:id/minutes': { body: noBody, query: query({ from: queryTime.optional(), to: queryTime.optional() }) },
  'POST /api/targets/:id/moments': { body: z.strictObject({ at: isoTime, command: callCommand.optional(), window_minutes: z.number().optional() }), query: noQuery },
  'PUT /api/targets/:id/moments/:momentId': {
    body: z.strictObject({ at: isoTime.optional(), command: callCommand.optional(), window_minutes: z.number().optional() }),
    query: noQuery,
  },
  'GET /api/targets/:id/responses': { body: noBody, query: noQuery },
  'GET /api/best-minute': {
    body: noBody,
    query: query({
      window: queryEnum(BEST_MINUTE_WINDOWS.map(String) as [string, ...string[]]).transform(Number).optional(),
      hours: wholeNumber.refine((n) => n <= BEST_MINUTE_MAX_HOURS, `must be a whole number from 1 to ${BEST_MINUTE_MAX_HOURS}`).optional(),
    }),
  },
  'POST /api/targets/:id/responses': { body: responseBody, query: noQuery },
  'POST /api/responses/:id/confirm': { body: noBody, query: noQuery },
  'POST /api/responses/:id/reject': { body: z.strictObject({ reason: z.union([reason, z.null()]).optional() }).optional(), query: noQuery },
  'POST /api/responses/:id/undo': { body: z.strictObject({ reason }), query: noQuery },
  'GET /api/invites': { body: noBody, query: noQuery },
  'POST /api/invites': {
    body: z.strictObject({ role: z.enum(['moderator', 'viewer'], { error: 'must be "moderator" or "viewer"' }), name: line(60, 1) }),
    query: noQuery,
  },
  'DELETE /api/invites/:id': { body: noBody, query: noQuery },
  'POST /api/demo': { body: noBody, query: noQuery },
  'GET /api/checklist': { body: noBody, query: noQuery },
  'POST /api/checklist/dismiss': { body: noBody, query: noQuery },
  'GET /api/screening': { body: noBody, query: noQuery },
  'PUT /api/screening/settings': { body: screeningSettingsBody, query: noQuery },
  'GET /api/screening/queue': {
    body: noBody,
    query: query({
      stage: queryEnum(['pending', 'first_pass', 'flagged', 'approved', 'denied'] as const).optional(),
      limit: wholeNumber.optional(),
      order: queryEnum(QUEUE_ORDERS).optional(),
      min: queueMin.optional(),
      // "<seq>" (age) or "<amount>:<seq>" (amount), as the previous page's `next` gave it.
      after: z.string().regex(/^(-?\d{1,16}:)?\d{1,16}$/, 'must be the `next` of the previous page').optional(),
    }),
  },
  'POST /api/screening/next': {
    body: z
      .strictObject({
        stage: z.enum(QUEUE_STAGES, { error: `must be one of ${QUEUE_STAGES.join(', ')} (denied messages are opened by their id)` }).optional(),
        order: z.enum(QUEUE_ORDERS, { error: `must be one of ${QUEUE_ORDERS.join(', ')}` }).optional(),
        min: queueMin.optional(),
      })
      .optional(),
    query: noQuery,
  },
  'POST /api/screening/read-older': {
    body: z.strictObject({ through: z.number().int().min(1, 'must be a donation id').max(Number.MAX_SAFE_INTEGER) }),
    query: noQuery,
  },
  'POST /api/donations/:id/undo': { body: noBody, query: noQuery },
  'POST /api/donations/:id/claim': { body: noBody, query: noQuery },
  'POST /api/donations/:id/release': { body: noBody, query: noQuery },
  'POST /api/donations/:id/screen': {
    body: z.strictObject({
      decision: z.enum(SCREEN_DECISIONS as readonly ['approve', 'deny', 'flag', 'read'], { error: `must be one of ${SCREEN_DECISIONS.join(', ')}` }),
      reason: z.union([reason, z.null()]).optional(),
    }),
    query: noQuery,
  },
  'GET /api/network': { body: noBody, query: noQuery },
  'PUT /api/network': { body: z.strictObject({ enabled: z.boolean() }), query: noQuery },
  'GET /api/audit': { body: noBody, query: query({ before: line(60).optional(), limit: wholeNumber.optional() }) },
  'GET /api/twitch/moments': {
    body: noBody,
    query: query({
      source: querySource.optional(),
      kind: queryEnum(TWITCH_MOMENT_KINDS).optional(),
      waiting: queryEnum(['0', '1'] as const).optional(),
      before: wholeNumber.optional(),
      limit: wholeNumber.optional(),
    }),
  },
  'POST /api/twitch/moments/:id/screen': {
    body: z.strictObject({
      decision: z.enum(MOMENT_DECISIONS, { error: `must be one of ${MOMENT_DECISIONS.join(', ')}` }),
      reason: z.union([reason, z.null()]).optional(),
    }),
    query: noQuery,
  },
  'GET /api/prizes': { body: noBody, query: query({ archived: queryEnum(['0', '1'] as const).transform((v) => v === '1').optional() }) },
  'POST /api/prizes': { body: prizeBody, query: noQuery },
  'PUT /api/prizes/:id': { body: prizeEditBody, query: noQuery },
  'POST /api/prizes/:id/archive': { body: noBody, query: noQuery },
  'POST /api/prizes/:id/draw': { body: noBody, query: noQuery },
  'POST /api/prizes/:id/redraw': { body: redrawBody, query: noQuery },
  'GET /api/prizes/:id/draw': { body: noBody, query: noQuery },
  'POST /api/prizes/:id/verify': { body: noBody, query: noQuery },
  'GET /api/prizes/:id/winners.csv': { body: noBody, query: noQuery },
  ...INCENTIVE_ROUTE_SCHEMAS,
  'GET /api/team': { body: noBody, query: noQuery },
  'POST /api/team': { body: teamCreateBody, query: noQuery },
  'POST /api/team/join': { body: z.strictObject({ invite: z.string().min(1).max(20_000), team_rate: decimal.optional() }), query: noQuery },
  'POST /api/team/invites': { body: z.strictObject({ desk_name: line(80, 1) }), query: noQuery },
  'POST /api/team/desks/:id/revoke': { body: z.strictObject({ reason: z.union([reason, z.null()]).optional() }).optional(), query: noQuery },
  'POST /api/team/desks/:id/remove': { body: z.strictObject({ reason: line(300, 1), restore: z.boolean().optional() }), query: noQuery },
} as const satisfies { readonly [K in RouteKey]: RouteSchema };

export type RouteSchemas = typeof ROUTE_SCHEMAS;
/** What a client sends (the wire shape). */
export type SchemaBodyInput<K extends RouteKey> = z.input<RouteSchemas[K]['body']>;
export type SchemaQueryInput<K extends RouteKey> = z.input<RouteSchemas[K]['query']>;
/** What a handler receives once the request passed its schema. */
export type SchemaBody<K extends RouteKey> = z.output<RouteSchemas[K]['body']>;
export type SchemaQuery<K extends RouteKey> = z.output<RouteSchemas[K]['query']>;

export { type Checked, checkAgainst } from './schema-check.js';
