import { TiltifyLinks } from '../sources/tiltify/links.js';
import type { AssignmentView, IncentiveAlert, IncentiveView, PublicIncentiveView, ScheduleView } from '../../shared/incentives.js';
import type { AuditLog } from '../screening/audit.js';
import { type Db, isStorageFailure } from '../store/database.js';
import { Assignments } from './assignments.js';
import { Incentives, type SuggestionRule, publicIncentive } from './incentives.js';
import type { DonorChoice } from './matching.js';
import { Schedule } from './schedule.js';
import { assignmentTotals } from './running.js';

/** What the desk tells the hub. */
export interface IncentiveEvents {
  incentivesChanged(): void;
  scheduleChanged(): void;
  assignmentChanged(view: AssignmentView): void;
  alert(alert: IncentiveAlert): void;
}

/** Deadlines are checked this often: an incentive closes within a second of its deadline. */
const DEADLINE_CHECK_MS = 1_000;

/**
 * The run schedule, incentives and bid wars, and the donations assigned to them, wired
 * together: what the routes, the hub and ingest use.
 */
export class IncentiveDesk {
  readonly schedule: Schedule;
  readonly incentives: Incentives;
  readonly assignments: Assignments;
  /** Tiltify's polls, targets and rewards, and their links to ours. */
  readonly tiltify: TiltifyLinks;
  private timer: NodeJS.Timeout | null = null;
  private events: IncentiveEvents | null = null;

  constructor(
    private readonly db: Db,
    audit: AuditLog,
    private readonly report: (context: string, error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.incentives = new Incentives(db, audit, { changed: () => this.events?.incentivesChanged(), alert: (a) => this.events?.alert(a) }, now);
    this.schedule = new Schedule(db, audit, (started) => {
      if (started !== null) this.incentives.segmentStarted(started);
      this.events?.scheduleChanged();
    }, now);
    this.assignments = new Assignments(db, this.incentives, audit, {
      changed: (seq) => {
        const view = this.assignments.get(seq);
        if (view) this.events?.assignmentChanged(view);
        this.events?.incentivesChanged();
      },
    }, now);
    this.tiltify = new TiltifyLinks(db, this, audit, now);
  }

  /** Links changed where donations went: the lists and totals are told again. */
  tiltifyLinked(): void {
    this.events?.incentivesChanged();
  }

  /** Donors' options and choices follow the campaign's screening mode and word list. */
  followScreening(rule: SuggestionRule, off: () => boolean): void {
    this.incentives.followScreening(rule, off);
  }

  /** Starts telling the hub, and closing incentives whose deadline passed. */
  start(events: IncentiveEvents): void {
    this.events = events;
    this.closeDue();
    this.timer = setInterval(() => this.closeDue(), DEADLINE_CHECK_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.events = null;
  }

  private closeDue(): void {
    try {
      this.incentives.closeDue();
    } catch (error) {
      this.report('closing the incentives whose deadline passed', error);
    }
  }

  /**
   * Ingest's tap, inside the donation's transaction: the suggestion is written in a savepoint
   * of its own, so that a failure there leaves the donation counted without a suggestion. A
   * storage failure (disk full) is the donation's too: it goes up, and the sender retries.
   */
  suggestAtIngest(seq: number, message: string | null, choice: DonorChoice | null): void {
    try {
      this.db.transaction(() => this.assignments.suggest(seq, message, choice))();
    } catch (error) {
      if (isStorageFailure(error)) throw error;
      this.report('suggesting an incentive for a new donation', error);
    }
  }

  /** The totals the last list() read, for checkMet() right after it (one scan per hub flush, not two). */
  private lastTotals: ReturnType<typeof assignmentTotals> | null = null;

  /** Staff view, once per read (totals computed once for all). */
  list(withArchived = false): IncentiveView[] {
    this.lastTotals = assignmentTotals(this.db, this.now());
    const reported = this.tiltify.reportedFor();
    const views = this.incentives.list(withArchived, this.lastTotals);
    if (reported.size === 0) return views;
    return views.map((view) => ({
      ...view,
      tiltify_raised: reported.get(`i:${view.id}`) ?? null,
      options: view.options.map((option) => ({ ...option, tiltify_raised: reported.get(`o:${option.id}`) ?? null })),
    }));
  }

  /** The viewers' form; `staff`: the staff list already read (totals are not computed twice). */
  publicList(staff: IncentiveView[] = this.list()): PublicIncentiveView[] {
    return staff.map(publicIncentive).filter((v): v is PublicIncentiveView => v !== null);
  }

  scheduleView(): ScheduleView {
    return this.schedule.view();
  }

  /**
   * Money moved (an assignment, a refund, a correction, a rate): met goals are marked and
   * announced, from the totals list() just read. True when one was met (the list changed).
   */
  checkMet(): boolean {
    const totals = this.lastTotals ?? assignmentTotals(this.db, this.now());
    this.lastTotals = null;
    return this.incentives.checkMet(totals);
  }
}
