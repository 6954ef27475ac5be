import { useRef } from 'react';
import type { TeamView } from '../../shared/team.js';
import { create } from 'zustand';
import type { StaffChange, StaffSnapshot } from '../../shared/contract.js';
import type {
  CampaignView,
  ChecklistView,
  DonationView,
  MinutePoint,
  OverlayDonationView,
  HealthView,
  PublicHealthView,
  PublicTargetView,
  Role,
  ScreeningView,
  SourceView,
  TargetView,
  TotalsView,
} from '../../shared/views.js';
import { showAmountsIn, showTimesIn } from '../lib/format.js';
import type { PrizeView, PublicPrizeView } from '../../shared/prizes.js';
import type { AssignmentView, IncentiveView, PublicIncentiveView, ScheduleView } from '../../shared/incentives.js';
import type { ConnectionState } from '../lib/hub-client.js';

const FEED_LIMIT = 200;
const MINUTES_KEPT = 6 * 60;

/**
 * What the dashboard knows, fed only by the staff hub (and never edited locally). The hub sends
 * each role only what it may see (STAFF_SNAPSHOT_AUDIENCE): a viewer's dashboard has no sources,
 * no screening room, and donations and targets only in their public forms.
 */
export interface DashboardState {
  /** loading until the first snapshot; then setup (no campaign yet) or ready. */
  phase: 'loading' | 'setup' | 'ready';
  connection: ConnectionState;
  role: Role;
  campaign: CampaignView | null;
  totals: TotalsView | null;
  /** Empty for viewers. */
  sources: SourceView[];
  /** Latest first, at most FEED_LIMIT, in every screening state (empty for viewers). */
  donations: DonationView[];
  /** Viewers: the donations the overlay shows (approved or read), latest first, at most FEED_LIMIT. */
  publicDonations: OverlayDonationView[];
  /** Keyed by the minute's epoch number (ms / 60 000). */
  minutes: ReadonlyMap<number, MinutePoint>;
  /** Viewers get the public form; the banner reads only the problems, present in both. */
  health: HealthView | PublicHealthView | null;
  /** Counts the hub's word that moderators cleared chat: recent-chat lists read again. */
  chatCleared: number;
  /**
   * Counts minute changes that moved a chat count (not only money): chat panels read again on
   * these, not when a donation moves a minute's money.
   */
  chatMoves: number;
  /** Targets not archived, in the order they were added (empty for viewers). */
  targets: TargetView[];
  /** Viewers: the same board in its public form (no handles, no pending responses). */
  publicTargets: PublicTargetView[];
  /** The moderators' room: mode, counts per state, who has which item open (null for viewers). */
  screening: ScreeningView | null;
  /** The owner's first steps (null for moderators and viewers). */
  checklist: ChecklistView | null;
  /** Prizes not archived, whole (moderators and the owner; empty for viewers). */
  prizes: PrizeView[];
  /** Viewers: the prizes as the overlay shows them. */
  publicPrizes: PublicPrizeView[];
  /** Counts donations changed by screening or arrival: screening queues read again. */
  donationChanges: number;
  /** Counts the hub's word that Twitch moments arrived or were screened: the Twitch feed reads again. */
  momentChanges: number;
  /** Incentives and bid wars: the staff's form (moderators and the owner), or the viewers' (approved options only). */
  incentives: (IncentiveView | PublicIncentiveView)[];
  schedule: ScheduleView | null;
  /** The latest assignment the hub announced per donation (the screening room shows the one it has open). */
  assignments: ReadonlyMap<number, AssignmentView>;
  /** The team event as last read (GET /api/team) or pushed (the 'team' change); null: not read yet. */
  team: TeamView | null;
  /** A snapshot came (a new connection, or a gap): the Team tab reads the team again. */
  teamStale: number;
  /** The Team tab read the team over HTTP (the socket brings the changes after). */
  setTeam(team: TeamView): void;
  applySnapshot(snapshot: StaffSnapshot): void;
  applyChange(change: StaffChange): void;
  /** Every change of one hub batch, in order, as one update. */
  applyChanges(changes: readonly StaffChange[]): void;
  setConnection(connection: ConnectionState): void;
}

const minuteKey = (point: MinutePoint): number => Math.floor(Date.parse(point.minute) / 60_000);

function mergeMinutes(kept: ReadonlyMap<number, MinutePoint>, points: MinutePoint[]): Map<number, MinutePoint> {
  const merged = new Map(kept);
  let newest = 0;
  for (const point of points) merged.set(minuteKey(point), point);
  for (const key of merged.keys()) newest = Math.max(newest, key);
  for (const key of merged.keys()) if (key <= newest - MINUTES_KEPT) merged.delete(key);
  return merged;
}

/** A new donation goes on top; a known one (screened, refunded) is replaced where it is. */
function mergeDonation(feed: DonationView[], donation: DonationView): DonationView[] {
  const index = feed.findIndex((d) => d.id === donation.id);
  if (index >= 0) return feed.map((d, i) => (i === index ? donation : d));
  const next = [donation, ...feed];
  next.sort((a, b) => b.id - a.id);
  return next.length > FEED_LIMIT ? next.slice(0, FEED_LIMIT) : next;
}

/** A screened donation goes on top; one taken off the overlay leaves the viewers' feed. */
function mergePublicDonation(feed: OverlayDonationView[], donation: OverlayDonationView): OverlayDonationView[] {
  const next = [donation, ...feed.filter((d) => d.id !== donation.id)];
  next.sort((a, b) => b.id - a.id);
  return next.length > FEED_LIMIT ? next.slice(0, FEED_LIMIT) : next;
}

/** A changed target replaces itself; an archived one leaves the board. */
function mergeTarget<T extends PublicTargetView>(targets: T[], target: T): T[] {
  if (target.archived_at !== null) return targets.filter((t) => t.id !== target.id);
  return targets.some((t) => t.id === target.id) ? targets.map((t) => (t.id === target.id ? target : t)) : [...targets, target];
}

function mergeSource(sources: SourceView[], source: SourceView): SourceView[] {
  return sources.some((s) => s.id === source.id)
    ? sources.map((s) => (s.id === source.id ? source : s))
    : [...sources, source];
}

/** What one change from the hub does to the state (a pure step, so a whole batch is one update). */
function changeOf(state: DashboardState, change: StaffChange): Partial<DashboardState> {
  switch (change.type) {
    case 'campaign':
      return { campaign: change.campaign, phase: change.campaign ? 'ready' : 'setup' };
    case 'totals':
      return { totals: change.totals };
    case 'donation':
      return { donations: mergeDonation(state.donations, change.donation), donationChanges: state.donationChanges + 1 };
    case 'public_donation':
      return { publicDonations: mergePublicDonation(state.publicDonations, change.donation) };
    case 'public_donation_hidden':
      return { publicDonations: state.publicDonations.filter((d) => d.id !== change.id) };
    case 'screening':
      return { screening: change.screening };
    case 'checklist':
      return { checklist: change.checklist };
    case 'source':
      return { sources: mergeSource(state.sources, change.source) };
    case 'minutes': {
      const chatMoved = change.points.some((p) => state.minutes.get(minuteKey(p))?.messages !== p.messages);
      return { minutes: mergeMinutes(state.minutes, change.points), ...(chatMoved ? { chatMoves: state.chatMoves + 1 } : {}) };
    }
    case 'health':
    case 'public_health':
      return { health: change.health };
    case 'chat_hidden':
      return { chatCleared: state.chatCleared + 1 };
    case 'twitch_moments':
      return { momentChanges: state.momentChanges + 1 };
    case 'target':
      return { targets: mergeTarget(state.targets, change.target) };
    case 'public_target':
      return { publicTargets: mergeTarget(state.publicTargets, change.target) };
    case 'prizes':
      return { prizes: change.prizes };
    case 'public_prizes':
      return { publicPrizes: change.prizes };
    case 'incentives':
    case 'public_incentives':
      return { incentives: change.incentives };
    case 'schedule':
      return { schedule: change.schedule };
    case 'assignment': {
      const assignments = new Map(state.assignments);
      assignments.set(change.assignment.donation_id, change.assignment);
      // Bounded: only the latest few hundred are kept (the room reads one it opens over HTTP).
      if (assignments.size > FEED_LIMIT) assignments.delete(assignments.keys().next().value as number);
      return { assignments };
    }
    case 'team':
      // The owner's last error comes apart (team_error): kept from what was known.
      return { team: { ...change.team, health: { ...change.team.health, last_error: state.team?.health.last_error ?? null } } };
    case 'team_error':
      return state.team ? { team: { ...state.team, health: { ...state.team.health, last_error: change.last_error } } } : {};
    default:
      return {};
  }
}

export const useDashboard = create<DashboardState>()((set) => ({
  phase: 'loading',
  connection: 'connecting',
  role: 'viewer',
  campaign: null,
  totals: null,
  sources: [],
  donations: [],
  publicDonations: [],
  minutes: new Map(),
  health: null,
  chatCleared: 0,
  chatMoves: 0,
  targets: [],
  publicTargets: [],
  screening: null,
  checklist: null,
  prizes: [],
  publicPrizes: [],
  donationChanges: 0,
  momentChanges: 0,
  incentives: [],
  schedule: null,
  assignments: new Map(),
  team: null,
  teamStale: 0,
  setTeam: (team) => set({ team }),
  applySnapshot: (snapshot) =>
    set((state) => ({
      teamStale: Date.now(),
      phase: snapshot.campaign ? 'ready' : 'setup',
      role: snapshot.role,
      campaign: snapshot.campaign,
      totals: snapshot.totals,
      sources: snapshot.sources ?? [],
      donations: [...(snapshot.donations ?? [])].sort((a, b) => b.id - a.id).slice(0, FEED_LIMIT),
      publicDonations: [...(snapshot.public_donations ?? [])].sort((a, b) => b.id - a.id).slice(0, FEED_LIMIT),
      minutes: mergeMinutes(new Map(), snapshot.minutes),
      health: snapshot.health ?? snapshot.public_health,
      screening: snapshot.screening,
      checklist: snapshot.checklist,
      prizes: snapshot.prizes ?? [],
      publicPrizes: snapshot.public_prizes ?? [],
      donationChanges: Date.now(),
      momentChanges: Date.now(),
      targets: (snapshot.targets ?? []).filter((t) => t.archived_at === null),
      publicTargets: (snapshot.public_targets ?? []).filter((t) => t.archived_at === null),
      incentives: snapshot.incentives ?? snapshot.public_incentives ?? [],
      schedule: snapshot.schedule,
      // After a reconnection the chat panels read again: chat may have moved meanwhile.
      chatMoves: state.chatMoves + 1,
    })),
  applyChange: (change) => set((state) => changeOf(state, change)),
  // A batch from the hub (a burst of chat minutes, a donation with its totals and source) is one
  // store update: subscribers and React see it once, not once per change.
  applyChanges: (changes) =>
    set((state) => {
      let next = state;
      for (const change of changes) next = { ...next, ...changeOf(next, change) };
      return next;
    }),
  setConnection: (connection) => set({ connection }),
}));

// Every time on the dashboard is shown in the campaign's zone, and every amount written the way
// its locale writes it (the way amounts are typed in its forms). Subscribed here, before any
// component, so both are set before a component draws the campaign that changed them.
useDashboard.subscribe((state, previous) => {
  if (state.campaign?.time_zone !== previous.campaign?.time_zone) showTimesIn(state.campaign?.time_zone);
  if (state.campaign?.locale !== previous.campaign?.locale) showAmountsIn(state.campaign?.locale);
});

/**
 * `select(state)`, or the value it gave before while `same` says nothing the caller shows moved:
 * sources change at every event they bring (their last event time), and a panel that only needs
 * their names is then not drawn again each time.
 */
export function useDashboardSteady<T>(select: (state: DashboardState) => T, same: (a: T, b: T) => boolean): T {
  const held = useRef<{ value: T } | null>(null);
  return useDashboard((state) => {
    const next = select(state);
    if (held.current && same(held.current.value, next)) return held.current.value;
    held.current = { value: next };
    return next;
  });
}

/** What a chat panel shows of a source: which one, its name and platform. */
export type SourceLabel = Pick<SourceView, 'id' | 'name' | 'kind'>;

const sameLabels = (a: readonly SourceLabel[], b: readonly SourceLabel[]) =>
  a.length === b.length && a.every((x, i) => x.id === b[i]?.id && x.name === b[i]?.name && x.kind === b[i]?.kind);

/** The sources' ids, names and kinds (those `keep` keeps), the same array until one of those changes. */
export function useSourceLabels(keep: (source: SourceView) => boolean = () => true): SourceLabel[] {
  return useDashboardSteady((s) => s.sources.filter(keep).map(({ id, name, kind }) => ({ id, name, kind })), sameLabels);
}
