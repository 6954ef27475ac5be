import type { AlertSettings } from '../../shared/alert-tiers.js';
import type { OverlayTeam, TeamView } from '../../shared/team.js';
import {
  audienceIncludes,
  type OverlayCampaign,
  type OverlayChange,
  type OverlayLeader,
  type OverlaySnapshot,
  type OverlayTotals,
  STAFF_CHANGE_AUDIENCE,
  STAFF_ROLES,
  STAFF_SNAPSHOT_AUDIENCE,
  type StaffChange,
  type SequencedBatch,
  type StaffSnapshot,
} from '../../shared/contract.js';
import type { AssignmentView, IncentiveAlert, IncentiveView, PublicIncentiveView, ScheduleView } from '../../shared/incentives.js';
import type { CampaignView, ChecklistView, DonationView, HealthView, Role, ScreeningState, ScreeningView, SourceView, TargetView, TotalsView } from '../../shared/views.js';
import type { MinuteQueries } from '../chat/stats.js';
import { type DonationQueries, overlayDonation } from '../donations/queries.js';
import type { Committed } from '../ingest/ingest.js';
import { moneyOverflow } from '../ingest/money-volume.js';
import { type MomentScreened, type TwitchMoments, overlayMoment } from '../moments/moments.js';
import { overlayTarget } from '../overlay/overlay-target.js';
import type { ReportInternal } from '../health.js';
import { guarded, logInternal } from '../safety/guard.js';
import { publicHealth, publicTarget } from './public-forms.js';
import type { PrizeView } from '../../shared/prizes.js';
import { publicPrize } from '../prizes/prizes.js';
import { HubStream } from './stream.js';

export interface HubReaders {
  campaign(): CampaignView | null;
  sources(): SourceView[];
  health(): HealthView;
  donations: DonationQueries;
  minutes: MinuteQueries;
  targets: { list(): TargetView[]; get(id: string): TargetView | null };
  screening: { view(): ScreeningView; messageAllowed(donation: DonationView): boolean };
  moments: Pick<TwitchMoments, 'get' | 'forOverlay'>;
  alerts: { settings(): AlertSettings };
  /** The overlay's donors leaderboard; forget(): a shown donation was hidden, names are checked again. */
  leaders: { top(): OverlayLeader[]; forget(): void };
  checklist: { view(): ChecklistView };
  /** Prizes not archived, with their eligible counts and winners. */
  prizes: { list(): PrizeView[] };
  /** Incentives, bid wars and the run schedule (main/incentives/desk.ts). */
  incentives: { list(): IncentiveView[]; publicList(staff?: IncentiveView[]): PublicIncentiveView[]; scheduleView(): ScheduleView; checkMet(): boolean };
  /** The team event's public form (null: no team). */
  team: () => OverlayTeam | null;
  /** The Team tab's view (GET /api/team). */
  teamView: () => TeamView;
}

interface ChangeTarget<C> {
  emit(event: 'changes', batch: SequencedBatch<C>): unknown;
}

const SNAPSHOT_MINUTES = 6 * 60;
/** The viewers' feed starts from as many screened donations as the staff's starts from. */
const PUBLIC_DONATIONS = 50;
const CHAT_COALESCE_MS = 250;
/**
 * Totals and minute points go out at most this often while donations pour in: each goes to
 * every dashboard and overlay socket, and a flood of hundreds a second would send as many.
 */
const TOTALS_INTERVAL_MS = 100;
const TARGET_COALESCE_MS = 1_000;
const SCREENING_COALESCE_MS = 200;
/** A gift bomb's twenty lines, a cheer flood: the feed hears of them in one message per burst. */
const MOMENTS_COALESCE_MS = 250;
/** What an overlay's snapshot carries of the Twitch moments (for a resync to announce the missed ones). */
const OVERLAY_MOMENTS = 20;
/** The leaderboard goes out at most once a second, and only when it changed. */
const LEADERS_COALESCE_MS = 1_000;
const VISIBLE: readonly ScreeningState[] = ['approved', 'read'];
/** Incentive totals go out at most this often (a donation train, a moderator assigning fast). */
const INCENTIVES_COALESCE_MS = 250;

/**
 * Turns committed changes into what each audience may see. Each staff role (owner, moderator,
 * viewer) has its own stream, and receives the change types and snapshot fields that
 * STAFF_CHANGE_AUDIENCE and STAFF_SNAPSHOT_AUDIENCE give it; the overlay sees only screened
 * donations, through overlayDonation(), and only totals and campaign facts.
 */
export class Hub {
  readonly staff: Readonly<Record<Role, HubStream<StaffChange>>>;
  readonly overlay: HubStream<OverlayChange>;
  private pendingMinutes = new Set<number>();
  /** Subs or bits were counted in a chat batch: totals go out with the coalesced minutes. */
  private pendingTotals = false;
  /** Totals past the money limits are reported once, not at every chat burst. */
  private totalsOverflowReported = false;
  private minuteTimer: NodeJS.Timeout | null = null;
  private totalsTimer: NodeJS.Timeout | null = null;
  private lastTotalsAt = 0;
  private pendingTargets = new Set<string>();
  private targetTimer: NodeJS.Timeout | null = null;
  private screeningTimer: NodeJS.Timeout | null = null;
  private pendingMoments = new Set<number>();
  private momentsTimer: NodeJS.Timeout | null = null;
  private leadersTimer: NodeJS.Timeout | null = null;
  /** The leaderboard as the overlay was last told it (JSON), so an unchanged one is not sent again. */
  private leadersSent = '';
  private incentivesTimer: NodeJS.Timeout | null = null;
  /** The public incentives as last sent (viewers and the overlay), so an unchanged list is not sent again. */
  private publicIncentivesSent = '';
  private incentivesSent = '';
  private teamTimer: NodeJS.Timeout | null = null;
  private teamSent = '';
  private teamViewSent = '';
  /** undefined: not told yet (the first push tells the owner there is no error). */
  private teamErrorSent: string | null | undefined = undefined;
  /** What the overlay was last told of each target: mention counts move every second, the board rarely. */
  private overlayTargets = new Map<string, string>();
  /**
   * The same for the viewers' forms: a change only moderators can see (a response flagged, a
   * backup made) sends viewers nothing, not even an identical copy that tells them it happened.
   */
  private publicTargets = new Map<string, string>();
  private publicHealthText = '';
  /** The prizes as last sent, whole and in public form: eligible counts are re-read often, and rarely move. */
  private prizesText = '';
  private publicPrizesText = '';
  /**
   * Set by close(): closing the sockets frees what departing moderators had open, which reports
   * a screening change; no timer may be armed then to read the database after it is closed.
   */
  private closed = false;

  constructor(
    private readonly readers: HubReaders,
    /** The staff room of each role: every socket in it has that role. */
    staffRoom: (role: Role) => ChangeTarget<StaffChange>,
    overlayTarget: ChangeTarget<OverlayChange>,
    private readonly now: () => number = Date.now,
    /** Where a failure inside one of the hub's timers goes (the health banner); it never ends the app. */
    private readonly onError: ReportInternal = logInternal,
  ) {
    this.staff = {
      owner: new HubStream(staffRoom('owner')),
      moderator: new HubStream(staffRoom('moderator')),
      viewer: new HubStream(staffRoom('viewer')),
    };
    this.overlay = new HubStream(overlayTarget);
  }

  /** What a role's dashboard starts from: each field read only for a role that receives it. */
  staffSnapshot(role: Role): StaffSnapshot {
    const nowMinute = Math.floor(this.now() / 60_000);
    const may = (field: keyof StaffSnapshot) => audienceIncludes(STAFF_SNAPSHOT_AUDIENCE[field], role);
    const health = may('health') || may('public_health') ? this.readers.health() : null;
    const targets = may('targets') || may('public_targets') ? this.readers.targets.list() : null;
    const prizes = may('prizes') || may('public_prizes') ? this.readers.prizes.list() : null;
    return this.staff[role].stamp({
      role,
      campaign: this.readers.campaign(),
      totals: this.readers.donations.totals(this.now()),
      minutes: this.readers.minutes.points(nowMinute - SNAPSHOT_MINUTES, nowMinute),
      sources: may('sources') ? this.readers.sources() : null,
      donations: may('donations') ? this.readers.donations.list({ limit: 50 }) : null,
      public_donations: may('public_donations') ? this.publicDonations() : null,
      health: may('health') ? health : null,
      public_health: may('public_health') && health ? publicHealth(health) : null,
      targets: may('targets') ? targets : null,
      public_targets: may('public_targets') && targets ? targets.map(publicTarget) : null,
      screening: may('screening') ? this.readers.screening.view() : null,
      checklist: may('checklist') ? this.readers.checklist.view() : null,
      prizes: may('prizes') ? prizes : null,
      public_prizes: may('public_prizes') && prizes ? prizes.map(publicPrize) : null,
      incentives: may('incentives') ? this.readers.incentives.list() : null,
      public_incentives: may('public_incentives') ? this.readers.incentives.publicList() : null,
      schedule: may('schedule') ? this.readers.incentives.scheduleView() : null,
    });
  }

  /**
   * Sends a change to every role that receives its type, each on its own stream: built once,
   * whatever the number of sockets.
   */
  private publishStaff(change: StaffChange): void {
    const audience = STAFF_CHANGE_AUDIENCE[change.type];
    for (const role of STAFF_ROLES) if (audienceIncludes(audience, role)) this.staff[role].publish(change);
  }

  private publicDonations() {
    return this.readers.donations.forOverlay(PUBLIC_DONATIONS, (d) => this.readers.screening.messageAllowed(d));
  }

  overlaySnapshot(): OverlaySnapshot {
    return this.overlay.stamp({
      campaign: overlayCampaign(this.readers.campaign()),
      totals: this.overlayTotals(this.readers.donations.totals(this.now())),
      donations: this.readers.donations.forOverlay(20, (d) => this.readers.screening.messageAllowed(d)),
      targets: this.readers.targets.list().map(overlayTarget),
      moments: this.readers.moments.forOverlay(OVERLAY_MOMENTS),
      alerts: this.readers.alerts.settings(),
      leaders: this.readers.leaders.top(),
      prizes: this.readers.prizes.list().map(publicPrize),
      incentives: this.readers.incentives.publicList(),
      schedule: this.readers.incentives.scheduleView(),
      team: this.readers.team(),
    });
  }

  /**
   * Incentive totals, options or states changed (or money moved under them): goals met are
   * announced, and each audience gets the list in its form, at most every 250 ms.
   */
  incentivesChanged(): void {
    if (this.closed || this.incentivesTimer) return;
    this.incentivesTimer = setTimeout(guarded(this.onError, 'sending the incentives to the dashboards and the overlay', () => {
      this.incentivesTimer = null;
      let incentives = this.readers.incentives.list();
      // A goal met just now: marked (and announced), so the list is read again with it.
      if (this.readers.incentives.checkMet()) incentives = this.readers.incentives.list();
      const staffText = JSON.stringify(incentives);
      // Money moved elsewhere (a donation not assigned): nothing to send.
      if (staffText === this.incentivesSent) return;
      this.incentivesSent = staffText;
      this.publishStaff({ type: 'incentives', incentives });
      const shown = this.readers.incentives.publicList(incentives);
      const text = JSON.stringify(shown);
      if (text === this.publicIncentivesSent) return;
      this.publicIncentivesSent = text;
      this.publishStaff({ type: 'public_incentives', incentives: shown });
      this.overlay.publish({ type: 'incentives', incentives: shown });
    }), INCENTIVES_COALESCE_MS);
    this.incentivesTimer.unref?.();
  }

  scheduleChanged(): void {
    const schedule = this.readers.incentives.scheduleView();
    this.publishStaff({ type: 'schedule', schedule });
    this.overlay.publish({ type: 'schedule', schedule });
    this.incentivesChanged();
  }

  /** A donation's assignment changed: the moderators' screening room shows it. */
  assignmentChanged(assignment: AssignmentView): void {
    this.publishStaff({ type: 'assignment', assignment });
  }

  /** An incentive met its goal or a bid war closed: the overlay's alerts (names the owner or a moderator approved). */
  incentiveAlert(alert: IncentiveAlert): void {
    this.overlay.publish({ type: 'incentive_alert', alert });
  }

  /**
   * The team's numbers moved: the overlay and the Team tabs read them again within a second
   * (pushed, where the tab used to ask every 2 s).
   */
  teamChanged(): void {
    if (this.closed || this.teamTimer) return;
    this.teamTimer = setTimeout(guarded(this.onError, 'sending the team to the overlay and the dashboards', () => {
      this.teamTimer = null;
      const view = this.readers.teamView();
      const lastError = view.health.last_error;
      const shared: TeamView = { ...view, health: { ...view.health, last_error: null } };
      const viewText = JSON.stringify(shared);
      if (viewText !== this.teamViewSent) {
        this.teamViewSent = viewText;
        this.publishStaff({ type: 'team', team: shared });
      }
      if (lastError !== this.teamErrorSent) {
        this.teamErrorSent = lastError;
        this.publishStaff({ type: 'team_error', last_error: lastError });
      }
      const team = this.readers.team();
      const text = JSON.stringify(team);
      if (text === this.teamSent) return;
      this.teamSent = text;
      this.overlay.publish({ type: 'team', team });
    }), LEADERS_COALESCE_MS);
    this.teamTimer.unref?.();
  }

  /** Money moved or a name was screened: the leaderboard is read again within a second. */
  private leadersSoon(): void {
    if (this.closed || this.leadersTimer) return;
    this.leadersTimer = setTimeout(guarded(this.onError, 'sending the donors leaderboard to the overlay', () => {
      this.leadersTimer = null;
      const leaders = this.readers.leaders.top();
      const text = JSON.stringify(leaders);
      if (text === this.leadersSent) return;
      this.leadersSent = text;
      this.overlay.publish({ type: 'leaders', leaders });
    }), LEADERS_COALESCE_MS);
    this.leadersTimer.unref?.();
  }

  committed(change: Committed): void {
    if (change.kind === 'donation') {
      const donation = this.readers.donations.get(change.seq);
      if (donation) this.publishStaff({ type: 'donation', donation });
      this.pendingTotals = true;
      this.pendingMinutes.add(change.minute);
      this.totalsSoon();
      if (change.moment) this.momentsChanged([change.moment.id]);
    } else {
      if (change.moments.length > 0) {
        for (const written of change.moments) if (written.alert) this.alertMoment(written.id);
        this.momentsChanged(change.moments.map((m) => m.id));
      }
      for (const minute of change.minutes) this.pendingMinutes.add(minute);
      if (change.pledges) this.pendingTotals = true;
      // Chat commits come every few tens of milliseconds at peak: send their effect in bursts.
      if (!this.minuteTimer && !this.closed) {
        this.minuteTimer = setTimeout(guarded(this.onError, 'sending new chat counts to the dashboards', () => this.flushMinutes()), CHAT_COALESCE_MS);
      }
    }
  }

  /**
   * After the commits of this turn (a group of donations commits together), and no sooner than
   * TOTALS_INTERVAL_MS after the last totals: one totals and one set of minutes for them all.
   */
  private totalsSoon(): void {
    if (this.totalsTimer || this.closed) return;
    const wait = Math.max(0, this.lastTotalsAt + TOTALS_INTERVAL_MS - this.now());
    this.totalsTimer = setTimeout(guarded(this.onError, 'sending the new totals to the dashboards and the overlay', () => {
      this.totalsTimer = null;
      this.lastTotalsAt = this.now();
      this.flushMinutes();
    }), wait);
  }

  campaignChanged(): void {
    const campaign = this.readers.campaign();
    this.publishStaff({ type: 'campaign', campaign });
    this.overlay.publish({ type: 'campaign', campaign: overlayCampaign(campaign) });
    this.publishTotals();
  }

  /** Moderators removed chat (CLEARCHAT / CLEARMSG) in a source. */
  chatHidden(sourceId: string): void {
    this.publishStaff({ type: 'chat_hidden', source_id: sourceId });
  }

  /**
   * Targets whose counts or responses changed. Chat moves mention counts many times a second:
   * each target goes out at most once a second, with its state at that moment.
   */
  targetsChanged(ids: string[]): void {
    if (this.closed) return;
    for (const id of ids) this.pendingTargets.add(id);
    if (this.targetTimer) return;
    this.targetTimer = setTimeout(guarded(this.onError, 'sending target changes to the dashboards and the overlay', () => {
      this.targetTimer = null;
      const due = [...this.pendingTargets];
      this.pendingTargets.clear();
      for (const id of due) {
        const target = this.readers.targets.get(id);
        if (target) {
          this.publishStaff({ type: 'target', target });
          const shown = publicTarget(target);
          const text = JSON.stringify(shown);
          if (this.publicTargets.get(id) !== text) {
            this.publicTargets.set(id, text);
            this.publishStaff({ type: 'public_target', target: shown });
          }
        }
        this.publishOverlayTarget(id, target);
      }
    }), TARGET_COALESCE_MS);
    this.targetTimer.unref?.();
  }

  private publishOverlayTarget(id: string, target: TargetView | null): void {
    if (!target || target.archived_at !== null) {
      if (this.overlayTargets.get(id) === 'removed') return;
      this.overlayTargets.set(id, 'removed');
      this.overlay.publish({ type: 'target_removed', id });
      return;
    }
    const view = overlayTarget(target);
    const text = JSON.stringify(view);
    if (this.overlayTargets.get(id) === text) return;
    this.overlayTargets.set(id, text);
    this.overlay.publish({ type: 'target', target: view });
  }

  /**
   * A donation's screening state changed. The overlay hears of it only when it becomes visible
   * (approved, or read on air) or stops being visible: pending and denied content never
   * leaves the server on the overlay's socket.
   */
  screened(donation: DonationView, from: ScreeningState, to: ScreeningState): void {
    this.publishStaff({ type: 'donation', donation });
    const wasVisible = VISIBLE.includes(from);
    const isVisible = VISIBLE.includes(to);
    if (wasVisible !== isVisible) this.leadersSoon();
    if (isVisible && !wasVisible && donation.type === 'donation') {
      const shown = overlayDonation(donation, this.readers.screening.messageAllowed(donation));
      this.overlay.publish({ type: 'donation', donation: shown });
      this.publishStaff({ type: 'public_donation', donation: shown });
    } else if (wasVisible && !isVisible) {
      this.readers.leaders.forget();
      this.overlay.publish({ type: 'donation_hidden', id: donation.id });
      this.publishStaff({ type: 'public_donation_hidden', id: donation.id });
    } else if (to === 'denied' && donation.type === 'donation') {
      // Never shown and now never will be: the overlay hears its id only, so that a milestone
      // waiting for this donation's alert plays now.
      this.overlay.publish({ type: 'donation_hidden', id: donation.id });
    }
  }

  /**
   * A Twitch moment's message was approved or denied: the alerts get it now (with the message
   * only when approved); a first pass in two-pass mode changes only the feed.
   */
  momentScreened({ moment, from, to }: MomentScreened): void {
    if (from === 'pending' && to !== 'pending') this.alertMoment(moment.id);
    this.momentsChanged([moment.id]);
  }

  /**
   * The screening rules have run on new donations: those left waiting for a moderator get their
   * alert now, when the owner allows it, with name and amount only.
   */
  earlyAlerts(seqs: readonly number[]): void {
    if (!this.readers.alerts.settings().early) return;
    for (const seq of seqs) {
      const donation = this.readers.donations.get(seq);
      if (!donation || donation.type !== 'donation' || donation.screening !== 'pending') continue;
      this.overlay.publish({ type: 'donation_early', donation: { ...overlayDonation(donation, false), message: null } });
    }
  }

  /** The owner changed the alert tiers: every overlay uses them from its next alert. */
  alertSettingsChanged(alerts: AlertSettings): void {
    this.overlay.publish({ type: 'alert_settings', alerts });
  }

  /** A fake alert for the owner to see a tier's look and hear its sound; it carries no data. */
  testAlert(tier: number): void {
    this.overlay.publish({ type: 'test_alert', tier });
  }

  private alertMoment(id: number): void {
    const moment = this.readers.moments.get(id);
    const shown = moment && overlayMoment(moment);
    if (shown) this.overlay.publish({ type: 'twitch_moment', moment: shown });
  }

  /** The feed and the count of waiting messages move: moderators hear it once per burst. */
  private momentsChanged(ids: number[]): void {
    if (this.closed) return;
    for (const id of ids) this.pendingMoments.add(id);
    if (this.momentsTimer) return;
    this.momentsTimer = setTimeout(guarded(this.onError, 'sending Twitch moments to the moderators', () => {
      this.momentsTimer = null;
      const due = [...this.pendingMoments];
      this.pendingMoments.clear();
      this.publishStaff({ type: 'twitch_moments', ids: due });
      this.screeningChanged();
    }), MOMENTS_COALESCE_MS);
    this.momentsTimer.unref?.();
  }

  /** Screening counts, settings or claims changed: moderators hear it within 200 ms. */
  screeningChanged(): void {
    if (this.closed || this.screeningTimer) return;
    this.screeningTimer = setTimeout(guarded(this.onError, 'sending the screening queue to the moderators', () => {
      this.screeningTimer = null;
      this.publishStaff({ type: 'screening', screening: this.readers.screening.view() });
    }), SCREENING_COALESCE_MS);
    this.screeningTimer.unref?.();
  }

  /**
   * A prize changed, or its eligible count may have (donations arrived or were screened): each
   * audience hears the list again only when its own form of it differs from what it was sent.
   */
  prizesChanged(): void {
    if (this.closed) return;
    const prizes = this.readers.prizes.list();
    const text = JSON.stringify(prizes);
    if (text !== this.prizesText) {
      this.prizesText = text;
      this.publishStaff({ type: 'prizes', prizes });
    }
    const shown = prizes.map(publicPrize);
    const shownText = JSON.stringify(shown);
    if (shownText === this.publicPrizesText) return;
    this.publicPrizesText = shownText;
    this.publishStaff({ type: 'public_prizes', prizes: shown });
    this.overlay.publish({ type: 'prizes', prizes: shown });
  }

  /** One of the owner's first steps was done, or the checklist dismissed. */
  checklistChanged(checklist: ChecklistView): void {
    this.publishStaff({ type: 'checklist', checklist });
  }

  sourceChanged(source: SourceView): void {
    this.publishStaff({ type: 'source', source });
  }

  healthChanged(): void {
    const health = this.readers.health();
    this.publishStaff({ type: 'health', health });
    const shown = publicHealth(health);
    const text = JSON.stringify(shown);
    if (text === this.publicHealthText) return;
    this.publicHealthText = text;
    this.publishStaff({ type: 'public_health', health: shown });
  }

  close(): void {
    this.closed = true;
    if (this.minuteTimer) clearTimeout(this.minuteTimer);
    this.minuteTimer = null;
    if (this.totalsTimer) clearTimeout(this.totalsTimer);
    this.totalsTimer = null;
    if (this.targetTimer) clearTimeout(this.targetTimer);
    this.targetTimer = null;
    if (this.screeningTimer) clearTimeout(this.screeningTimer);
    this.screeningTimer = null;
    if (this.momentsTimer) clearTimeout(this.momentsTimer);
    this.momentsTimer = null;
    if (this.leadersTimer) clearTimeout(this.leadersTimer);
    this.leadersTimer = null;
    if (this.incentivesTimer) clearTimeout(this.incentivesTimer);
    this.incentivesTimer = null;
    if (this.teamTimer) clearTimeout(this.teamTimer);
    this.teamTimer = null;
    for (const stream of [...Object.values(this.staff), this.overlay]) stream.close();
  }

  /** The overlay's totals, with the newest donation counted in them (its milestone waits for its alert). */
  private overlayTotals(totals: TotalsView): OverlayTotals {
    return { raised: totals.raised, donations: totals.donations, last_donation_id: this.readers.donations.newestDonationId() };
  }

  private publishTotals(): void {
    let totals: TotalsView;
    try {
      totals = this.readers.donations.totals(this.now());
    } catch (error) {
      // Runs from timers and commit listeners: a throw here would end the process. Totals past
      // the money limits (an older database) are not sent; clients keep the last ones, their
      // next snapshot request is told why (snapshot_failed), and the banner says it once, like
      // every other failure the hub survives.
      const overflow = moneyOverflow(error);
      if (!overflow) throw error;
      if (!this.totalsOverflowReported) this.onError('sending the totals to the dashboards and the overlay', new Error(overflow));
      this.totalsOverflowReported = true;
      return;
    }
    this.publishStaff({ type: 'totals', totals });
    this.overlay.publish({ type: 'totals', totals: this.overlayTotals(totals) });
    this.leadersSoon();
    // A refund, a correction or a rate moves the money of the incentives it was assigned to.
    this.incentivesChanged();
  }

  private flushMinutes(): void {
    if (this.minuteTimer) clearTimeout(this.minuteTimer);
    this.minuteTimer = null;
    if (this.pendingTotals) {
      this.pendingTotals = false;
      this.publishTotals();
    }
    if (this.pendingMinutes.size === 0) return;
    const minutes = [...this.pendingMinutes].sort((a, b) => a - b);
    this.pendingMinutes.clear();
    const first = minutes[0] ?? 0;
    const last = minutes[minutes.length - 1] ?? 0;
    const wanted = new Set(minutes);
    const points = this.readers.minutes
      .points(first, last)
      .filter((p) => wanted.has(Math.floor(Date.parse(p.minute) / 60_000)));
    if (points.length > 0) this.publishStaff({ type: 'minutes', points });
  }
}

function overlayCampaign(campaign: CampaignView | null): OverlayCampaign | null {
  if (!campaign) return null;
  return {
    title: campaign.title,
    currency: campaign.currency,
    goal: campaign.goal,
    milestones: campaign.milestones,
    stretch_goals: campaign.stretch_goals,
    starts_at: campaign.starts_at,
    ends_at: campaign.ends_at,
    locale: campaign.locale,
  };
}


