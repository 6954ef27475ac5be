import { create } from 'zustand';
import type { OverlayCampaign, OverlayChange, OverlayLeader, OverlaySnapshot, OverlayTotals } from '../../shared/contract.js';
import type { Amount } from '../../shared/money.js';
import type { OverlayDonationView, OverlayMomentView, OverlayTargetView } from '../../shared/views.js';
import { amountMinor } from '../lib/format.js';
import type { ConnectionState } from '../lib/hub-client.js';

/** The ticker shows at most 10; a few more are kept so a hidden one can be replaced. */
export const DONATIONS_KEPT = 20;
/** Donation ids already announced (bounded): a resync announces only what was missed. */
const SEEN_KEPT = 1_000;

/** What happened live, for the alerts: donations that became visible, hidden ones, milestones, Twitch moments. */
export type OverlayEvent =
  | { kind: 'donation'; donation: OverlayDonationView }
  | { kind: 'moment'; moment: OverlayMomentView }
  | { kind: 'hidden'; id: number }
  | { kind: 'milestone'; label: string; amount: Amount; goal: boolean };

export interface OverlayState {
  ready: boolean;
  connection: ConnectionState;
  campaign: OverlayCampaign | null;
  totals: OverlayTotals | null;
  /** Newest first, at most DONATIONS_KEPT. */
  donations: OverlayDonationView[];
  targets: OverlayTargetView[];
  /** The donors leaderboard, best first (LEADERS_MAX at most). */
  leaders: OverlayLeader[];
  applySnapshot(snapshot: OverlaySnapshot): void;
  applyChange(change: OverlayChange): void;
  setConnection(connection: ConnectionState): void;
}

const listeners = new Set<(event: OverlayEvent) => void>();
const seen = new Set<number>();
/** The same for Twitch moments (their own ids). */
const seenMoments = new Set<number>();
/** Milestones already celebrated on this page: a refund and a new gift do not repeat one. */
const celebrated = new Set<string>();

/** Listens to live events (not to what a page load finds already there). */
export function onOverlayEvent(listener: (event: OverlayEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit(event: OverlayEvent): void {
  for (const listener of listeners) listener(event);
}

function remember(id: number, kept: Set<number> = seen): boolean {
  if (kept.has(id)) return false;
  kept.add(id);
  if (kept.size > SEEN_KEPT) {
    const oldest = kept.values().next().value;
    if (oldest !== undefined) kept.delete(oldest);
  }
  return true;
}

/** A moment for the alerts, once per page whatever the number of times it is sent. */
function announceMoment(moment: OverlayMomentView): void {
  if (remember(moment.id, seenMoments)) emit({ kind: 'moment', moment });
}

/** Milestones (and the goal) that lie in (before, after], lowest first, each once per page. */
function announceCrossings(before: OverlayTotals | null, after: OverlayTotals, campaign: OverlayCampaign | null): void {
  if (!before || !campaign) return;
  const from = amountMinor(before.raised);
  const to = amountMinor(after.raised);
  if (from === null || to === null || to <= from) return;
  const marks = campaign.milestones.map((m) => ({ label: m.label, amount: m.amount, goal: false }));
  if (!marks.some((m) => m.amount.value === campaign.goal.value)) marks.push({ label: 'Goal', amount: campaign.goal, goal: true });
  // A stretch goal reached is celebrated as a goal.
  for (const stretch of campaign.stretch_goals) marks.push({ label: stretch.label, amount: stretch.amount, goal: true });
  const crossed = marks
    .map((m) => ({ ...m, minor: amountMinor(m.amount) ?? 0 }))
    .filter((m) => m.minor > from && m.minor <= to)
    .sort((a, b) => a.minor - b.minor);
  for (const mark of crossed) {
    const key = `${mark.amount.value}\u0000${mark.label}`;
    if (celebrated.has(key)) continue;
    celebrated.add(key);
    emit({ kind: 'milestone', label: mark.label, amount: mark.amount, goal: mark.goal || mark.amount.value === campaign.goal.value });
  }
}

function withDonation(list: OverlayDonationView[], donation: OverlayDonationView): OverlayDonationView[] {
  const next = [donation, ...list.filter((d) => d.id !== donation.id)].sort((a, b) => b.id - a.id);
  return next.length > DONATIONS_KEPT ? next.slice(0, DONATIONS_KEPT) : next;
}

export const useOverlay = create<OverlayState>()((set, get) => ({
  ready: false,
  connection: 'connecting',
  campaign: null,
  totals: null,
  donations: [],
  targets: [],
  leaders: [],
  applySnapshot: (snapshot) => {
    const before = get();
    const donations = [...snapshot.donations].sort((a, b) => b.id - a.id).slice(0, DONATIONS_KEPT);
    if (before.ready) {
      // A resync (a gap, or the app restarted): what became visible meanwhile is announced now,
      // oldest first; what was already on screen is not announced twice.
      const oldestKnown = before.donations[before.donations.length - 1]?.id ?? 0;
      for (const donation of [...donations].reverse()) {
        if (donation.id > oldestKnown && remember(donation.id)) emit({ kind: 'donation', donation });
      }
      announceCrossings(before.totals, snapshot.totals, snapshot.campaign);
      // Moments are announced by id, not by position: one approved during the gap is older than
      // those shown since, and still missed.
      for (const moment of [...snapshot.moments].reverse()) announceMoment(moment);
    } else {
      for (const donation of donations) remember(donation.id);
      for (const moment of snapshot.moments) remember(moment.id, seenMoments);
    }
    set({ ready: true, campaign: snapshot.campaign, totals: snapshot.totals, donations, targets: snapshot.targets, leaders: snapshot.leaders });
  },
  applyChange: (change) => {
    switch (change.type) {
      case 'campaign':
        set({ campaign: change.campaign });
        return;
      case 'totals':
        announceCrossings(get().totals, change.totals, get().campaign);
        set({ totals: change.totals });
        return;
      case 'donation':
        if (remember(change.donation.id)) emit({ kind: 'donation', donation: change.donation });
        set((state) => ({ donations: withDonation(state.donations, change.donation) }));
        return;
      case 'donation_hidden':
        emit({ kind: 'hidden', id: change.id });
        set((state) => ({ donations: state.donations.filter((d) => d.id !== change.id) }));
        return;
      case 'target':
        set((state) => ({
          targets: state.targets.some((t) => t.id === change.target.id)
            ? state.targets.map((t) => (t.id === change.target.id ? change.target : t))
            : [...state.targets, change.target],
        }));
        return;
      case 'target_removed':
        set((state) => ({ targets: state.targets.filter((t) => t.id !== change.id) }));
        return;
      case 'twitch_moment':
        announceMoment(change.moment);
        return;
      case 'leaders':
        set({ leaders: change.leaders });
        return;
    }
  },
  setConnection: (connection) => set({ connection }),
}));
