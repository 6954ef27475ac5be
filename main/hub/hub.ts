import type {
  OverlayCampaign,
  OverlayChange,
  OverlaySnapshot,
  OverlayTotals,
  StaffChange,
  StaffSnapshot,
} from '../../shared/contract.js';
import type { CampaignView, DonationView, HealthView, Role, ScreeningState, ScreeningView, SourceView, TargetView, TotalsView } from '../../shared/views.js';
import type { MinuteQueries } from '../chat/stats.js';
import { type DonationQueries, overlayDonation } from '../donations/queries.js';
import type { Committed } from '../ingest/ingest.js';
import { moneyOverflow } from '../ingest/money-volume.js';
import { overlayTarget } from '../overlay/overlay-target.js';
import { HubStream } from './stream.js';

export interface HubReaders {
  campaign(): CampaignView | null;
  sources(): SourceView[];
  health(): HealthView;
  donations: DonationQueries;
  minutes: MinuteQueries;
  targets: { list(): TargetView[]; get(id: string): TargetView | null };
  screening: { view(): ScreeningView; messageAllowed(donation: DonationView): boolean };
}

interface ChangeTarget<C> {
  emit(event: 'change', change: { epoch: string; seq: number; change: C }): unknown;
}

const SNAPSHOT_MINUTES = 6 * 60;
const CHAT_COALESCE_MS = 250;
const TARGET_COALESCE_MS = 1_000;
const SCREENING_COALESCE_MS = 200;
const VISIBLE: readonly ScreeningState[] = ['approved', 'read'];

/**
 * Turns committed changes into what each audience may see. Staff (owner, moderators, viewers of
 * the dashboard) see everything; the overlay sees only screened donations, through
 * overlayDonation(), and only totals and campaign facts.
 */
export class Hub {
  readonly staff: HubStream<StaffChange>;
  readonly overlay: HubStream<OverlayChange>;
  private pendingMinutes = new Set<number>();
  /** Subs or bits were counted in a chat batch: totals go out with the coalesced minutes. */
  private pendingTotals = false;
  /** Totals past the money limits are logged once, not at every chat burst. */
  private totalsOverflowLogged = false;
  private minuteTimer: NodeJS.Timeout | null = null;
  private pendingTargets = new Set<string>();
  private targetTimer: NodeJS.Timeout | null = null;
  private screeningTimer: NodeJS.Timeout | null = null;
  /** What the overlay was last told of each target: mention counts move every second, the board rarely. */
  private overlayTargets = new Map<string, string>();

  constructor(
    private readonly readers: HubReaders,
    staffTarget: ChangeTarget<StaffChange>,
    overlayTarget: ChangeTarget<OverlayChange>,
    private readonly now: () => number = Date.now,
  ) {
    this.staff = new HubStream(staffTarget);
    this.overlay = new HubStream(overlayTarget);
  }

  staffSnapshot(role: Role): StaffSnapshot {
    const nowMinute = Math.floor(this.now() / 60_000);
    return this.staff.stamp({
      role,
      campaign: this.readers.campaign(),
      totals: this.readers.donations.totals(this.now()),
      sources: this.readers.sources(),
      donations: this.readers.donations.list({ limit: 50 }),
      minutes: this.readers.minutes.points(nowMinute - SNAPSHOT_MINUTES, nowMinute),
      health: this.readers.health(),
      targets: this.readers.targets.list(),
      screening: role === 'viewer' ? null : this.readers.screening.view(),
    });
  }

  overlaySnapshot(): OverlaySnapshot {
    return this.overlay.stamp({
      campaign: overlayCampaign(this.readers.campaign()),
      totals: overlayTotals(this.readers.donations.totals(this.now())),
      donations: this.readers.donations.forOverlay(20, (d) => this.readers.screening.messageAllowed(d)),
      targets: this.readers.targets.list().map(overlayTarget),
    });
  }

  committed(change: Committed): void {
    if (change.kind === 'donation') {
      const donation = this.readers.donations.get(change.seq);
      if (donation) this.staff.publish({ type: 'donation', donation });
      this.publishTotals();
      this.pendingMinutes.add(change.minute);
      this.flushMinutes();
    } else {
      for (const minute of change.minutes) this.pendingMinutes.add(minute);
      if (change.pledges) this.pendingTotals = true;
      // Chat commits come every few tens of milliseconds at peak: send their effect in bursts.
      if (!this.minuteTimer) this.minuteTimer = setTimeout(() => this.flushMinutes(), CHAT_COALESCE_MS);
    }
  }

  campaignChanged(): void {
    const campaign = this.readers.campaign();
    this.staff.publish({ type: 'campaign', campaign });
    this.overlay.publish({ type: 'campaign', campaign: overlayCampaign(campaign) });
    this.publishTotals();
  }

  /** Moderators removed chat (CLEARCHAT / CLEARMSG) in a source. */
  chatHidden(sourceId: string): void {
    this.staff.publish({ type: 'chat_hidden', source_id: sourceId });
  }

  /**
   * Targets whose counts or responses changed. Chat moves mention counts many times a second:
   * each target goes out at most once a second, with its state at that moment.
   */
  targetsChanged(ids: string[]): void {
    for (const id of ids) this.pendingTargets.add(id);
    if (this.targetTimer) return;
    this.targetTimer = setTimeout(() => {
      this.targetTimer = null;
      const due = [...this.pendingTargets];
      this.pendingTargets.clear();
      for (const id of due) {
        const target = this.readers.targets.get(id);
        if (target) this.staff.publish({ type: 'target', target });
        this.publishOverlayTarget(id, target);
      }
    }, TARGET_COALESCE_MS);
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
    this.staff.publish({ type: 'donation', donation });
    const wasVisible = VISIBLE.includes(from);
    const isVisible = VISIBLE.includes(to);
    if (isVisible && !wasVisible && donation.type === 'donation') {
      this.overlay.publish({ type: 'donation', donation: overlayDonation(donation, this.readers.screening.messageAllowed(donation)) });
    } else if (wasVisible && !isVisible) {
      this.overlay.publish({ type: 'donation_hidden', id: donation.id });
    }
  }

  /** Screening counts, settings or claims changed: moderators hear it within 200 ms. */
  screeningChanged(): void {
    if (this.screeningTimer) return;
    this.screeningTimer = setTimeout(() => {
      this.screeningTimer = null;
      this.staff.publish({ type: 'screening', screening: this.readers.screening.view() });
    }, SCREENING_COALESCE_MS);
    this.screeningTimer.unref?.();
  }

  sourceChanged(source: SourceView): void {
    this.staff.publish({ type: 'source', source });
  }

  healthChanged(): void {
    this.staff.publish({ type: 'health', health: this.readers.health() });
  }

  close(): void {
    if (this.minuteTimer) clearTimeout(this.minuteTimer);
    this.minuteTimer = null;
    if (this.targetTimer) clearTimeout(this.targetTimer);
    this.targetTimer = null;
    if (this.screeningTimer) clearTimeout(this.screeningTimer);
    this.screeningTimer = null;
  }

  private publishTotals(): void {
    let totals: TotalsView;
    try {
      totals = this.readers.donations.totals(this.now());
    } catch (error) {
      // Runs from timers and commit listeners: a throw here would end the process. Totals past
      // the money limits (an older database) are not sent; clients keep the last ones, and
      // their next snapshot request is told why (snapshot_failed).
      const overflow = moneyOverflow(error);
      if (!overflow) throw error;
      if (!this.totalsOverflowLogged) console.error(`totals not sent: ${overflow}`);
      this.totalsOverflowLogged = true;
      return;
    }
    this.staff.publish({ type: 'totals', totals });
    this.overlay.publish({ type: 'totals', totals: overlayTotals(totals) });
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
    if (points.length > 0) this.staff.publish({ type: 'minutes', points });
  }
}

function overlayCampaign(campaign: CampaignView | null): OverlayCampaign | null {
  if (!campaign) return null;
  return {
    title: campaign.title,
    currency: campaign.currency,
    goal: campaign.goal,
    milestones: campaign.milestones,
    starts_at: campaign.starts_at,
    ends_at: campaign.ends_at,
  };
}

function overlayTotals(totals: TotalsView): OverlayTotals {
  return { raised: totals.raised, donations: totals.donations };
}
