import type { IncentiveAlert } from '../../shared/incentives.js';
import type { Amount } from '../../shared/money.js';
import type { OverlayMomentView } from '../../shared/views.js';
import { minorAmount } from '../lib/format.js';

export type Alert =
  | {
      kind: 'donation';
      key: string;
      id: number;
      donor: string | null;
      amount: Amount;
      message: string | null;
      /** In campaign currency; null while no exchange rate is known. */
      converted: Amount | null;
      /** Minor units of `converted` (0 when null): what "bigger" means. */
      size: number;
    }
  | {
      kind: 'moment';
      key: string;
      id: number;
      moment: OverlayMomentView;
      /** What the campaign counts it as, in campaign minor units (0 when unvalued): what "bigger" means. */
      size: number;
    }
  | {
      kind: 'milestone';
      key: string;
      label: string;
      amount: Amount;
      goal: boolean;
      /** The donation that reached it: while that one waits in the queue, it goes first. */
      after: number | null;
    }
  /** The owner's test alert in one tier (its index): a fake donation, nothing counted. */
  | { kind: 'test'; key: string; tier: number }
  /** An incentive met, or a bid war closed with its winner(s): few, never dropped, like milestones. */
  | { kind: 'incentive'; key: string; alert: IncentiveAlert }
  /**
   * What did not get an alert of its own during a flood, merged into one: `count` donations
   * (with their `sum`) and `moments` Twitch subs, gifts and cheers.
   */
  | { kind: 'more'; key: string; count: number; moments: number; sum: Amount | null };

export type DonationAlert = Extract<Alert, { kind: 'donation' }>;
export type MomentAlert = Extract<Alert, { kind: 'moment' }>;
/** Alerts that wait by size: donations, and Twitch moments other than raids. */
type SizedAlert = DonationAlert | MomentAlert;

/** Donations waiting for their own alert; the rest of a flood goes into one "and N more". */
export const MAX_WAITING_DONATIONS = 5;

/**
 * Alerts shown one at a time, each for its full duration. The policy in a flood (a streamer
 * wants the big gifts seen, and the screen not held for minutes):
 * - milestones, raids and test alerts are few and never dropped; they go before waiting
 *   donations, except the donation that reached a milestone, which goes before it;
 * - Twitch subs, gift bombs, cheers and Hype Chats wait beside donations, sized by what the
 *   campaign counts them as;
 * - at most MAX_WAITING_DONATIONS donations wait for their own alert; a newcomer larger than the
 *   smallest waiting one takes its place, the smaller one joins the summary;
 * - everything else is merged into one "and N more donations (sum)" alert, shown last;
 * - donations that wait are in arrival order.
 * Memory and DOM stay bounded: the queue holds at most the milestones, five donations and one
 * summary, which keeps a count and a sum only (so a donation denied after it was merged stays
 * counted in it: the summary shows no name or message, and the total counts the money anyway).
 */
export class AlertQueue {
  private milestones: Alert[] = [];
  private donations: SizedAlert[] = [];
  private summary: { count: number; moments: number; sum: number; currency: string | null; complete: boolean } | null = null;
  private summaries = 0;

  get length(): number {
    return this.milestones.length + this.donations.length + (this.summary ? 1 : 0);
  }

  /** How many donations and moments the summary holds now (0 when there is none). */
  get merged(): number {
    return (this.summary?.count ?? 0) + (this.summary?.moments ?? 0);
  }

  push(alert: Alert): void {
    if (alert.kind === 'milestone' || alert.kind === 'test' || alert.kind === 'incentive' || (alert.kind === 'moment' && alert.moment.kind === 'raid')) {
      this.milestones.push(alert);
      return;
    }
    if (alert.kind === 'more') throw new Error('summaries are made by the queue');
    if (this.donations.length < MAX_WAITING_DONATIONS && this.summary === null) {
      this.donations.push(alert);
      return;
    }
    let smallest = -1;
    this.donations.forEach((d, i) => {
      if (smallest < 0 || d.size < (this.donations[smallest]?.size ?? 0)) smallest = i;
    });
    const displaced = smallest >= 0 ? this.donations[smallest] : undefined;
    if (displaced && alert.size > displaced.size) {
      this.donations.splice(smallest, 1);
      this.donations.push(alert);
      this.merge(displaced);
    } else {
      this.merge(alert);
    }
  }

  /** A donation was denied or flagged after all: its own alert must not be shown. */
  hide(id: number): void {
    this.donations = this.donations.filter((d) => d.kind !== 'donation' || d.id !== id);
  }

  /** The next alert to show, or null when nothing waits. */
  take(): Alert | null {
    const first = this.milestones[0];
    const reachedBy = first?.kind === 'milestone' ? first.after : null;
    const crosserWaits = reachedBy !== null && this.donations.some((d) => d.kind === 'donation' && d.id === reachedBy);
    const next = crosserWaits ? this.donations.shift() : (this.milestones.shift() ?? this.donations.shift());
    if (next) return next;
    if (!this.summary) return null;
    const { count, moments, sum, currency, complete } = this.summary;
    this.summary = null;
    this.summaries += 1;
    return { kind: 'more', key: `more-${this.summaries}`, count, moments, sum: count > 0 && complete && currency ? minorAmount(sum, currency) : null };
  }

  private merge(alert: SizedAlert): void {
    this.summary ??= { count: 0, moments: 0, sum: 0, currency: null, complete: true };
    if (alert.kind === 'moment') {
      // Counted, not summed: subs and bits are pledges, not money raised.
      this.summary.moments += 1;
      return;
    }
    this.summary.count += 1;
    this.summary.sum += alert.size;
    if (alert.converted) this.summary.currency = alert.converted.currency;
    else this.summary.complete = false;
  }
}
