/**
 * Prizes drawn among donors: what the API, the staff socket and the overlay carry of them.
 * Plain types (no node:, no DOM): both ends use them.
 */
import type { Amount } from './money.js';

/**
 * How a prize counts entries. per_donation (the default): every eligible donation is one entry,
 * so two donations of the minimum are two chances, as on Tiltify's rewards. per_donor: each named
 * donor enters once (by their earliest eligible donation) and can win at most one place, as in
 * GDQ's tracker; anonymous and unnamed donations cannot be told apart, so each stays its own entry.
 */
export const PRIZE_ENTRY_MODES = ['per_donation', 'per_donor'] as const;
export type PrizeEntryMode = (typeof PRIZE_ENTRY_MODES)[number];

export const PRIZE_STATES = ['open', 'drawn', 'archived'] as const;
export type PrizeState = (typeof PRIZE_STATES)[number];

/** The most winners one prize can have. */
export const PRIZE_WINNERS_MAX = 100;

/** Who may enter right now (or entered, once drawn: the draw's own list). */
export interface PrizeEligibility {
  /** Entries: donations (or donors) that would be drawn among now. */
  entries: number;
  /** Donations made in the window whose amount has no exchange rate yet: not counted until it has one. */
  waiting_for_rate: number;
}

/** One place of a drawn prize as moderators and the owner see it. */
export interface PrizeWinnerView {
  /** 1-based place. */
  position: number;
  donation_id: number;
  /** The donor's name as given (null: none); `anonymous` says whether it may be said on stream. */
  donor_name: string | null;
  anonymous: boolean;
  /** The donation in campaign currency, corrections applied. */
  amount: Amount | null;
  source_name: string;
  /** Whether the overlay names this winner: not anonymous, and the donation approved in screening. */
  named_on_stream: boolean;
  /** This place's earlier winners (no-shows), oldest first, with why they were redrawn. */
  replaced: { donation_id: number; donor_name: string | null; reason: string | null; at: string }[];
}

export interface PrizeDrawSummary {
  id: number;
  drawn_at: string;
  drawn_by_name: string;
  seed: string;
  /** Entries the draw was made among (the whole list: GET /api/prizes/:id/draw). */
  entries: number;
  /** Fewer winners than asked when there were fewer entries. */
  winners_wanted: number;
  /** Entries not drawn yet, in line for a redraw. */
  alternates_left: number;
}

/** A prize as moderators and the owner see it. */
export interface PrizeView {
  id: number;
  title: string;
  /** The rules in plain words, as the owner wrote them. */
  rules: string;
  minimum: Amount;
  opens_at: string;
  closes_at: string;
  winners: number;
  entry_mode: PrizeEntryMode;
  state: PrizeState;
  created_at: string;
  updated_at: string;
  /** Who may enter now (before the draw), or the draw's count (after). */
  eligibility: PrizeEligibility;
  draw: PrizeDrawSummary | null;
  winners_drawn: PrizeWinnerView[];
}

/**
 * A prize as the overlay and viewers see it: no donation ids, no amounts, no contact, no seed.
 * A winner is named only when the overlay could name them anyway: not anonymous, and their
 * donation approved in screening; otherwise `name` is null and the widget says "Anonymous".
 */
export interface PublicPrizeView {
  id: number;
  title: string;
  rules: string;
  minimum: Amount;
  opens_at: string;
  closes_at: string;
  winners: number;
  state: 'open' | 'drawn';
  entries: number;
  drawn_at: string | null;
  winners_drawn: { position: number; name: string | null }[];
}

/** The whole record of a draw: everything needed to re-run it by hand. */
export interface PrizeDrawRecord {
  prize_id: number;
  draw_id: number;
  /** 64 hex digits: the 32 random bytes of the seed. */
  seed: string;
  /** The rule the eligible list was made with. */
  rule: PrizeRule;
  /** The entries drawn among: donation ids, ascending. */
  entries: number[];
  entries_sha256: string;
  winners_wanted: number;
  drawn_at: string;
  drawn_by_name: string;
  /** Every pick in order: the winners, then each redraw. */
  picks: { pick: number; position: number; donation_id: number; replaces_pick: number | null; reason: string | null; at: string; by_name: string }[];
  /** How to re-run it, in words. */
  method: string;
}

export interface PrizeRule {
  opens_at: string;
  closes_at: string;
  minimum: Amount;
  entry_mode: PrizeEntryMode;
  algorithm: typeof PRIZE_DRAW_ALGORITHM;
}

export const PRIZE_DRAW_ALGORITHM = 'hmac-sha256-fisher-yates/1';

export interface PrizeVerification {
  matches: boolean;
  /** What differs, in words (empty when it matches). */
  problems: string[];
  /** The picks recomputed from the stored seed and entries. */
  recomputed: number[];
  stored: number[];
}
