import type { ScheduleView, SegmentView } from '../../shared/incentives.js';
import { type Result, fail, ok } from '../../shared/result.js';
import type { Caller } from '../people/invites.js';
import type { AuditLog } from '../screening/audit.js';
import type { Db } from '../store/database.js';

interface SegmentRow {
  id: number;
  title: string;
  runners: string;
  planned_start: number;
  planned_length_s: number;
  actual_start: number | null;
}

export interface SegmentInput {
  title: string;
  runners?: string | undefined;
  /** ISO-8601. */
  planned_start: string;
  planned_length_min: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const clock = (ms: number) => iso(ms).slice(0, 16).replace('T', ' ');

/**
 * The run schedule: segments planned back to back (never overlapping), each started with one
 * click; the segments after a started one are expected to slide by its drift.
 */
export class Schedule {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly onChanged: (startedId: number | null) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.sql = {
      all: db.prepare<[], SegmentRow>('SELECT id, title, runners, planned_start, planned_length_s, actual_start FROM schedule_segments ORDER BY planned_start, id'),
      get: db.prepare<[number], SegmentRow>('SELECT id, title, runners, planned_start, planned_length_s, actual_start FROM schedule_segments WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO schedule_segments (title, runners, planned_start, planned_length_s, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      update: db.prepare('UPDATE schedule_segments SET title = ?, runners = ?, planned_start = ?, planned_length_s = ?, updated_at = ? WHERE id = ?'),
      start: db.prepare('UPDATE schedule_segments SET actual_start = ?, updated_at = ? WHERE id = ?'),
      incentivesOf: db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM incentives WHERE segment_id = ?'),
      remove: db.prepare('DELETE FROM schedule_segments WHERE id = ?'),
    };
  }

  exists(id: number): boolean {
    return this.sql.get.get(id) !== undefined;
  }

  view(): ScheduleView {
    const rows = this.sql.all.all();
    const segments: SegmentView[] = [];
    let lastStarted = -1;
    rows.forEach((row, i) => {
      if (row.actual_start !== null) lastStarted = i;
    });
    let drift = 0;
    rows.forEach((row, i) => {
      if (row.actual_start !== null) drift = row.actual_start - row.planned_start;
      const start = row.actual_start ?? row.planned_start + drift;
      segments.push({
        id: row.id,
        title: row.title,
        runners: row.runners,
        planned_start: iso(row.planned_start),
        planned_length_min: Math.round(row.planned_length_s / 60),
        actual_start: row.actual_start === null ? null : iso(row.actual_start),
        expected_start: iso(start),
        expected_end: iso(start + row.planned_length_s * 1000),
        state: i < lastStarted ? 'done' : i === lastStarted ? 'live' : 'upcoming',
      });
    });
    const current = lastStarted >= 0 ? segments[lastStarted] : undefined;
    const next = segments[lastStarted + 1];
    return { segments, current_id: current?.id ?? null, next_id: next?.id ?? null };
  }

  create(input: SegmentInput, caller: Caller): Result<SegmentView> {
    const checked = this.checked(input, null);
    if (!checked.ok) return checked;
    const { start, lengthS } = checked.value;
    const at = this.now();
    const id = this.db.transaction(() => {
      const inserted = Number(this.sql.insert.run(input.title, input.runners ?? '', start, lengthS, at, at).lastInsertRowid);
      this.audit.record(caller, { kind: 'segment', id: String(inserted), label: input.title }, 'segment_planned', { to: `${clock(start)} UTC, ${input.planned_length_min} min` });
      return inserted;
    })();
    this.onChanged(null);
    return ok(this.segment(id));
  }

  update(id: number, input: Partial<SegmentInput>, caller: Caller): Result<SegmentView> | null {
    const row = this.sql.get.get(id);
    if (!row) return null;
    const merged: SegmentInput = {
      title: input.title ?? row.title,
      runners: input.runners ?? row.runners,
      planned_start: input.planned_start ?? iso(row.planned_start),
      planned_length_min: input.planned_length_min ?? Math.round(row.planned_length_s / 60),
    };
    const checked = this.checked(merged, id);
    if (!checked.ok) return checked;
    this.db.transaction(() => {
      this.sql.update.run(merged.title, merged.runners ?? '', checked.value.start, checked.value.lengthS, this.now(), id);
      this.audit.record(caller, { kind: 'segment', id: String(id), label: merged.title }, 'segment_changed', {
        from: `${clock(row.planned_start)} UTC, ${Math.round(row.planned_length_s / 60)} min`,
        to: `${clock(checked.value.start)} UTC, ${merged.planned_length_min} min`,
      });
    })();
    this.onChanged(null);
    return ok(this.segment(id));
  }

  /** Records that the segment started now (or at `at`): one click; the later ones slide with it. */
  start(id: number, caller: Caller, at?: number): SegmentView | null {
    const row = this.sql.get.get(id);
    if (!row) return null;
    const when = at ?? this.now();
    this.db.transaction(() => {
      this.sql.start.run(when, this.now(), id);
      this.audit.record(caller, { kind: 'segment', id: String(id), label: row.title }, 'segment_started', {
        from: row.actual_start === null ? null : iso(row.actual_start),
        to: iso(when),
      });
    })();
    this.onChanged(id);
    return this.segment(id);
  }

  /** Removes a planned segment no incentive refers to (a segment with incentives is kept: archive them or move them first). */
  remove(id: number, caller: Caller): Result<{ id: number }> | null {
    const row = this.sql.get.get(id);
    if (!row) return null;
    const attached = this.sql.incentivesOf.get(id)?.n ?? 0;
    if (attached > 0) return fail(`“${row.title}” has ${attached} incentive(s) or bid war(s) attached: move them to another segment first`);
    if (row.actual_start !== null) return fail(`“${row.title}” has started: it stays in the schedule`);
    this.db.transaction(() => {
      this.sql.remove.run(id);
      this.audit.record(caller, { kind: 'segment', id: String(id), label: row.title }, 'segment_removed', { from: `${clock(row.planned_start)} UTC` });
    })();
    this.onChanged(null);
    return ok({ id });
  }

  private segment(id: number): SegmentView {
    const found = this.view().segments.find((s) => s.id === id);
    if (!found) throw new Error(`segment ${id} vanished`);
    return found;
  }

  /** The planned times, or why they cannot be: a bad time, or an overlap with another segment. */
  private checked(input: SegmentInput, self: number | null): Result<{ start: number; lengthS: number }> {
    const start = Date.parse(input.planned_start);
    if (!Number.isFinite(start)) return fail('planned_start must be an ISO-8601 time');
    const lengthS = input.planned_length_min * 60;
    const end = start + lengthS * 1000;
    for (const other of this.sql.all.all()) {
      if (other.id === self) continue;
      const otherEnd = other.planned_start + other.planned_length_s * 1000;
      if (start < otherEnd && other.planned_start < end) {
        return fail(
          `“${input.title}” (${clock(start)}–${clock(end).slice(11)} UTC) would overlap “${other.title}” ` +
            `(${clock(other.planned_start)}–${clock(otherEnd).slice(11)} UTC): segments run one after another`,
        );
      }
    }
    return ok({ start, lengthS });
  }
}
