/**
 * Team events: what a desk publishes on its team's JetStream stream, and what every desk reads
 * back. A message is one fact from one desk's outbox, numbered by that desk (seq, from 1, in the
 * order of its commits). Everything read from the stream is another desk's word: checked here
 * before it is applied.
 */
import { z } from 'zod';

export const TEAM_FACT_VERSION = 1;
/** Ids of teams and desks: they are NATS subject tokens, so no dots, spaces or wildcards. */
export const TEAM_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

export const teamSubject = (teamId: string, deskId: string, kind: string) => `team.${teamId}.desk.${deskId}.${kind}`;
export const teamSubjects = (teamId: string) => `team.${teamId}.desk.*.>`;
export const teamStreamName = (teamId: string) => `TEAM_${teamId}`;
/** Heartbeats: core NATS, outside the stream (nobody needs last night's heartbeats). */
export const teamBeatSubject = (teamId: string, deskId: string) => `team.${teamId}.beat.${deskId}`;
export const teamBeatSubjects = (teamId: string) => `team.${teamId}.beat.*`;
/** A desk sends a heartbeat this often; the board calls it silent after TEAM_SILENT_MS without one. */
export const TEAM_HEARTBEAT_MS = 15_000;
export const TEAM_SILENT_MS = 45_000;
/** The stream's de-duplication id: the stream drops a second message with it (within its window). */
export const teamMessageId = (deskId: string, seq: number) => `${deskId}:${seq}`;

const token = z.string().regex(TEAM_TOKEN);
const minor = z.number().int().safe();
const count = z.number().int().nonnegative().safe();
const currency = z.string().regex(/^[A-Z]{3}$/);
const name = z.string().min(1).max(200);

const money = z.object({
  minute: z.number().int().nonnegative(),
  amount: z.object({ minor, currency }),
  campaign_minor: minor.nullable(),
  campaign_currency: currency,
  /** The desk's rate snapshot: campaign units per unit of the donation's currency. */
  rate: z.string().max(60).nullable(),
  /** In the team currency, at the desk's team rate; null while the desk has no rate for it. */
  team_minor: minor.nullable(),
  team_rate: z.string().max(60),
  event_seq: count,
  donation_seq: count.nullable(),
  /**
   * 1 when first sent; higher when the desk sends the same event again with more known (its rate
   * came later): a reader keeps the highest version of each event, moving the total by the difference.
   */
  version: z.number().int().positive().max(1_000).optional(),
});

export const teamFactBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('opening'), team_minor: minor, donations: count, refunds: count, unconverted: count }),
  money.extend({ kind: z.literal('donation') }),
  money.extend({ kind: z.literal('refund') }),
  money.extend({ kind: z.literal('correction') }),
  z.object({
    kind: z.literal('chat'),
    minutes: z.array(z.object({ minute: count, messages: count })).max(1_000),
    pledges: z.array(z.object({ unit: z.string().max(20), count })).max(20),
    mentions: z
      .array(
        z.object({
          target: z.string().min(1).max(200),
          name,
          minute: count,
          mentions: count,
          /** HMAC-SHA256 (team secret) of the caller's platform id, hex. */
          callers: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(10_000),
        }),
      )
      .max(200),
  }),
  z.object({ kind: z.literal('answer'), target: z.string().min(1).max(200), name, answered_at: count, response_kind: z.string().max(40).nullable() }),
  z.object({ kind: z.literal('control'), action: z.enum(['revoke', 'remove', 'restore']), desk: token, reason: z.string().max(500).nullable() }),
]);
export type TeamFactBody = z.infer<typeof teamFactBody>;
export type TeamFactKind = TeamFactBody['kind'];

export const teamFact = z.object({
  v: z.literal(TEAM_FACT_VERSION),
  team: token,
  desk: token,
  desk_name: name,
  seq: z.number().int().positive().safe(),
  /** When the desk committed it (ms). */
  at: count,
  fact: teamFactBody,
});
export type TeamFact = z.infer<typeof teamFact>;

/** What an organizer hands one desk, once: who the team is, where it lives, and the desk's keys. */
export const teamInvite = z.object({
  v: z.literal(1),
  team_id: token,
  team_name: name,
  currency,
  goal_minor: z.number().int().positive().safe(),
  servers: z.array(z.string().min(1).max(300)).min(1).max(10),
  stream: z.string().min(1).max(100),
  organizer_desk: token,
  desk_id: token,
  desk_name: name,
  /** A NATS user credentials file (JWT + seed), or null on a server without authentication. */
  creds: z.string().max(10_000).nullable(),
  /** Hex: keys the HMAC of callers' ids. */
  secret: z.string().regex(/^[0-9a-f]{64}$/),
});
export type TeamInvite = z.infer<typeof teamInvite>;

/** What the overlay shows of the team: totals and names only (no desk ids, no health). */
export interface OverlayTeam {
  name: string;
  total: { value: string; currency: string };
  goal: { value: string; currency: string };
  desks: { name: string; raised: { value: string; currency: string } }[];
  targets: { name: string; mentions: number; callers: number; answered: boolean; answered_on: string | null }[];
}

/** One desk as every desk of the team sees it. */
export interface TeamDeskView {
  desk_id: string;
  name: string;
  raised: { value: string; currency: string };
  raised_minor: number;
  donations: number;
  refunds: number;
  unconverted: number;
  messages: number;
  /** Team currency per minute over the last 10 minutes. */
  pace_per_minute: { value: string; currency: string };
  last_event_at: string | null;
  /** Seconds between the desk's commit and this reader applying it, for its last fact. */
  lag_s: number | null;
  revoked: boolean;
  removed: { reason: string | null; at: string } | null;
  /**
   * No heartbeat from the desk for TEAM_SILENT_MS: since when (its last heartbeat, or its last
   * fact when it never sent one). null while it is heard.
   */
  silent_since: string | null;
}

export interface TeamTargetView {
  key: string;
  name: string;
  mentions: number;
  callers: number;
  first_answer: { at: string; desk_id: string; desk_name: string; kind: string | null } | null;
}

export interface TeamView {
  joined: boolean;
  team_id: string | null;
  name: string | null;
  desk_id: string | null;
  organizer: boolean;
  currency: string | null;
  goal: { value: string; currency: string } | null;
  total: { value: string; currency: string } | null;
  total_minor: number;
  desks: TeamDeskView[];
  targets: TeamTargetView[];
  /** This desk's own link to the team. */
  health: { connected: boolean; outbox_waiting: number; last_published_at: string | null; last_error: string | null; reader_stream_seq: number; stopped_reason: string | null };
}
