import { create } from 'zustand';
import { type AlertSettings, NO_ALERT_SETTINGS } from '../../shared/alert-tiers.js';
import type { OverlayCampaign, OverlayChange, OverlayLeader, OverlaySnapshot, OverlayTotals } from '../../shared/contract.js';
import type { IncentiveAlert, PublicIncentiveView, ScheduleView } from '../../shared/incentives.js';
import type { Amount } from '../../shared/money.js';
import type { OverlayTeam } from '../../shared/team.js';
import type { OverlayDonationView, OverlayMomentView, OverlayTargetView } from '../../shared/views.js';
import type { PublicPrizeView } from '../../shared/prizes.js';
import { amountMinor } from '../lib/format.js';
import { MilestoneGate } from './milestone-gate.js';
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
  | { kind: 'milestone'; label: string; amount: Amount; goal: boolean; after: number | null }
  /** The owner's test alert, in one tier. */
  | { kind: 'test'; tier: number }
  /** An incentive met its goal, or a bid war closed with its winner(s). */
  | { kind: 'incentive'; alert: IncentiveAlert };

export interface OverlayState {
  ready: boolean;
  connection: ConnectionState;
  campaign: OverlayCampaign | null;
  totals: OverlayTotals | null;
  /** Newest first, at most DONATIONS_KEPT. */
  donations: OverlayDonationView[];
  targets: OverlayTargetView[];
  /** The owner's alert tiers. */
  alerts: AlertSettings;
  /** The donors leaderboard, best first (LEADERS_MAX at most). */
  leaders: OverlayLeader[];
  /** Prizes not archived, in their public form. */
  prizes: PublicPrizeView[];
  /** Incentives and bid wars (approved options only), and the run schedule. */
  incentives: PublicIncentiveView[];
  schedule: ScheduleView;
  /** The team event this desk is in, or null. */
  team: OverlayTeam | null;
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
/** Donations denied before they were ever shown (their ids only): no alert will come for them. */
const deniedUnseen = new Set<number>();

type MilestoneEvent = Extract<OverlayEvent, { kind: 'milestone' }>;
/** Milestones wait for the alert of the donation that reached them (bounded, see MilestoneGate). */
const milestones = new MilestoneGate<MilestoneEvent>((id) => seen.has(id) || deniedUnseen.has(id), emit);
let milestoneTimer: ReturnType<typeof setTimeout> | null = null;

/** Releases what may go, and wakes up again when the first held milestone is due anyway. */
function releaseMilestones(): void {
  milestones.releaseDue(Date.now());
  if (milestoneTimer) clearTimeout(milestoneTimer);
  milestoneTimer = null;
  const deadline = milestones.deadline;
  if (deadline !== null) milestoneTimer = setTimeout(releaseMilestones, Math.max(0, deadline - Date.now()));
}

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
    // The donation counted last when the total crossed: new since the totals before, or none
    // (Twitch money, a refund undone): then the milestone plays at once.
    const reachedBy = after.last_donation_id !== null && after.last_donation_id !== before.last_donation_id ? after.last_donation_id : null;
    const goal = mark.goal || mark.amount.value === campaign.goal.value;
    milestones.crossed({ kind: 'milestone', label: mark.label, amount: mark.amount, goal, after: reachedBy }, reachedBy, Date.now());
  }
  releaseMilestones();
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
  alerts: NO_ALERT_SETTINGS,
  leaders: [],
  prizes: [],
  incentives: [],
  schedule: { segments: [], current_id: null, next_id: null },
  team: null,
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
    set({ ready: true, campaign: snapshot.campaign, totals: snapshot.totals, donations, targets: snapshot.targets, alerts: snapshot.alerts, leaders: snapshot.leaders, prizes: snapshot.prizes ?? [], incentives: snapshot.incentives, schedule: snapshot.schedule, team: snapshot.team });
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
        releaseMilestones();
        return;
      case 'donation_hidden':
        emit({ kind: 'hidden', id: change.id });
        if (!seen.has(change.id)) remember(change.id, deniedUnseen);
        releaseMilestones();
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
      case 'donation_early':
        // An alert only: the ticker shows a donation once it is approved. Its approval later
        // alerts nothing more (the id is remembered).
        if (remember(change.donation.id)) emit({ kind: 'donation', donation: change.donation });
        releaseMilestones();
        return;
      case 'alert_settings':
        set({ alerts: change.alerts });
        return;
      case 'test_alert':
        emit({ kind: 'test', tier: change.tier });
        return;
      case 'team':
        set({ team: change.team });
        return;
      case 'leaders':
        set({ leaders: change.leaders });
        return;
      case 'prizes':
        set({ prizes: change.prizes });
        return;
      case 'incentives':
        set({ incentives: change.incentives });
        return;
      case 'schedule':
        set({ schedule: change.schedule });
        return;
      case 'incentive_alert':
        emit({ kind: 'incentive', alert: change.alert });
        return;
    }
  },
  setConnection: (connection) => set({ connection }),
}));
