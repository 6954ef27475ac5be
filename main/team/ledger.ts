import { type TeamFact, teamFact } from '../../shared/team.js';
import type { Db } from '../store/database.js';

/** One message as read from the team stream. */
export interface StreamMessage {
  subject: string;
  data: string;
  streamSeq: number;
  /** When the stream stored it (ms). */
  storedAt: number;
}

export interface ApplyResult {
  applied: number;
  duplicates: number;
  refused: number;
  /** Desks whose numbers moved. */
  desks: Set<string>;
  /** The organizer revoked this set of desks. */
  revoked: string[];
}

/**
 * The team tables every desk keeps from the stream. Each fact is applied once per (desk, seq),
 * whatever the stream's de-duplication window did, in one transaction with the reader's
 * position, so a crash between the two neither loses nor doubles anything.
 */
const REVOKED_CACHE_MAX = 10_000;

export class TeamLedger {
  private readonly sql;
  private readonly revoked = new Map<string, number | null>();

  constructor(
    private readonly db: Db,
    private readonly team: { teamId: string; organizerDeskId: string },
    private readonly options: { now?: () => number; onRefused?: (reason: string) => void } = {},
  ) {
    this.sql = {
      claim: db.prepare('INSERT INTO team_applied (desk_id, seq) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      desk: db.prepare(
        `INSERT INTO team_desks (desk_id, desk_name, last_seq, last_fact_at, last_commit_at, applied_at) VALUES (@desk, @name, @seq, @at, @at, @now)
         ON CONFLICT (desk_id) DO UPDATE SET desk_name = @name, last_seq = MAX(last_seq, @seq), last_fact_at = MAX(COALESCE(last_fact_at, 0), @at),
           last_commit_at = @at, applied_at = @now`,
      ),
      revokedAt: db.prepare<[string], { revoked_at: number | null }>('SELECT revoked_at FROM team_desks WHERE desk_id = ?'),
      money: db.prepare(
        `UPDATE team_desks SET raised_minor = raised_minor + @minor, donations = donations + @donations, refunds = refunds + @refunds,
           unconverted = unconverted + @unconverted WHERE desk_id = @desk`,
      ),
      moneyGet: db.prepare<[string, number], { version: number; team_minor: number | null }>('SELECT version, team_minor FROM team_money WHERE desk_id = ? AND event_seq = ?'),
      moneyPut: db.prepare(
        `INSERT INTO team_money (desk_id, event_seq, version, team_minor) VALUES (?, ?, ?, ?)
         ON CONFLICT (desk_id, event_seq) DO UPDATE SET version = excluded.version, team_minor = excluded.team_minor`,
      ),
      heartbeat: db.prepare('UPDATE team_desks SET heartbeat_at = MAX(COALESCE(heartbeat_at, 0), ?) WHERE desk_id = ?'),
      messages: db.prepare('UPDATE team_desks SET messages = messages + ? WHERE desk_id = ?'),
      minute: db.prepare(
        `INSERT INTO team_minutes (desk_id, minute, raised_minor, messages) VALUES (?, ?, ?, ?)
         ON CONFLICT (desk_id, minute) DO UPDATE SET raised_minor = raised_minor + excluded.raised_minor, messages = messages + excluded.messages`,
      ),
      target: db.prepare(
        `INSERT INTO team_targets (target_key, name, mentions, callers) VALUES (?, ?, ?, ?)
         ON CONFLICT (target_key) DO UPDATE SET mentions = mentions + excluded.mentions, callers = callers + excluded.callers`,
      ),
      caller: db.prepare('INSERT INTO team_target_callers (target_key, caller) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      answer: db.prepare(
        `INSERT INTO team_targets (target_key, name, first_answer_at, first_answer_desk, first_answer_kind) VALUES (@key, @name, @at, @desk, @kind)
         ON CONFLICT (target_key) DO UPDATE SET first_answer_at = @at, first_answer_desk = @desk, first_answer_kind = @kind
         WHERE first_answer_at IS NULL OR first_answer_at > @at`,
      ),
      control: {
        revoke: db.prepare('UPDATE team_desks SET revoked_at = COALESCE(revoked_at, ?) WHERE desk_id = ?'),
        remove: db.prepare('UPDATE team_desks SET removed_at = ?, removed_reason = ? WHERE desk_id = ?'),
        restore: db.prepare('UPDATE team_desks SET removed_at = NULL, removed_reason = NULL WHERE desk_id = ?'),
      },
      ensureDesk: db.prepare("INSERT INTO team_desks (desk_id, desk_name) VALUES (?, ?) ON CONFLICT DO NOTHING"),
      position: db.prepare<[], { stream_seq: number }>('SELECT stream_seq FROM team_reader WHERE id = 1'),
      setPosition: db.prepare(
        'INSERT INTO team_reader (id, stream_seq, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET stream_seq = MAX(stream_seq, excluded.stream_seq), updated_at = excluded.updated_at',
      ),
    };
  }

  /**
   * A desk's heartbeat came (core NATS, its subject checked by the server): only a desk the
   * stream already introduced is marked, so a stray heartbeat adds no desk to the board.
   */
  heartbeat(deskId: string, at: number): boolean {
    return this.sql.heartbeat.run(at, deskId).changes > 0;
  }

  /** The last stream sequence applied (0: none). */
  position(): number {
    return this.sql.position.get()?.stream_seq ?? 0;
  }

  /** Applies messages in one transaction; the position moves to the last of them. */
  apply(messages: StreamMessage[]): ApplyResult {
    const result: ApplyResult = { applied: 0, duplicates: 0, refused: 0, desks: new Set(), revoked: [] };
    if (messages.length === 0) return result;
    const now = (this.options.now ?? Date.now)();
    this.db.transaction(() => {
      for (const message of messages) {
        const fact = this.read(message);
        if (!fact) {
          result.refused += 1;
          continue;
        }
        if (this.sql.claim.run(fact.desk, fact.seq).changes === 0) {
          result.duplicates += 1;
          continue;
        }
        const revokedAt = this.revokedAt(fact.desk);
        // A revoked desk's later messages are not counted (what it sent before stays).
        if (revokedAt !== null && message.storedAt > revokedAt) {
          result.refused += 1;
          continue;
        }
        this.sql.desk.run({ desk: fact.desk, name: fact.desk_name, seq: fact.seq, at: fact.at, now });
        this.applyFact(fact, message, result);
        result.applied += 1;
        result.desks.add(fact.desk);
      }
      this.sql.setPosition.run(messages[messages.length - 1]?.streamSeq ?? 0, now);
    })();
    return result;
  }

  /** Read once per desk, not once per message (a revocation read from the stream updates it). */
  private revokedAt(deskId: string): number | null {
    let at = this.revoked.get(deskId);
    if (at === undefined) {
      at = this.sql.revokedAt.get(deskId)?.revoked_at ?? null;
      // A team has tens of desks; the bound is for a stream that names many more.
      if (this.revoked.size >= REVOKED_CACHE_MAX) this.revoked.clear();
      this.revoked.set(deskId, at);
    }
    return at;
  }

  private read(message: StreamMessage): TeamFact | null {
    const parts = message.subject.split('.');
    let json: unknown;
    try {
      json = JSON.parse(message.data);
    } catch {
      this.options.onRefused?.(`stream message ${message.streamSeq} is not JSON`);
      return null;
    }
    const parsed = teamFact.safeParse(json);
    if (!parsed.success) {
      this.options.onRefused?.(`stream message ${message.streamSeq} is not a team fact: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return null;
    }
    const fact = parsed.data;
    // The subject is what the server's permissions checked: a desk cannot speak for another.
    if (parts[0] !== 'team' || parts[1] !== this.team.teamId || parts[2] !== 'desk' || parts[3] !== fact.desk || fact.team !== this.team.teamId || parts[4] !== fact.fact.kind) {
      this.options.onRefused?.(`stream message ${message.streamSeq} names desk ${fact.desk} on subject ${message.subject}`);
      return null;
    }
    return fact;
  }

  private applyFact(fact: TeamFact, message: StreamMessage, result: ApplyResult): void {
    const body = fact.fact;
    const desk = fact.desk;
    switch (body.kind) {
      case 'opening':
        this.sql.money.run({ desk, minor: body.team_minor, donations: body.donations, refunds: body.refunds, unconverted: body.unconverted });
        break;
      case 'donation':
      case 'refund':
      case 'correction': {
        // Each event counts once at its highest version: a later version (converted late) moves
        // the total by the difference; an older or equal one changes nothing.
        const version = body.version ?? 1;
        const before = this.sql.moneyGet.get(desk, body.event_seq);
        if (before && before.version >= version) return;
        const minor = (body.team_minor ?? 0) - (before?.team_minor ?? 0);
        this.sql.moneyPut.run(desk, body.event_seq, version, body.team_minor);
        this.sql.money.run({
          desk,
          minor,
          donations: !before && body.kind === 'donation' ? 1 : 0,
          refunds: !before && body.kind === 'refund' ? 1 : 0,
          unconverted: (body.team_minor === null ? 1 : 0) - (before ? (before.team_minor === null ? 1 : 0) : 0),
        });
        if (minor !== 0) this.sql.minute.run(desk, body.minute, minor, 0);
        break;
      }
      case 'chat': {
        let messages = 0;
        for (const m of body.minutes) {
          messages += m.messages;
          this.sql.minute.run(desk, m.minute, 0, m.messages);
        }
        this.sql.messages.run(messages, desk);
        for (const m of body.mentions) {
          let callers = 0;
          for (const caller of m.callers) callers += this.sql.caller.run(m.target, caller).changes;
          this.sql.target.run(m.target, m.name, m.mentions, callers);
        }
        break;
      }
      case 'answer':
        this.sql.answer.run({ key: body.target, name: body.name, at: body.answered_at, desk, kind: body.response_kind });
        break;
      case 'control':
        // Only the organizer decides about desks.
        if (desk !== this.team.organizerDeskId) {
          result.refused += 1;
          return;
        }
        this.sql.ensureDesk.run(body.desk, body.desk);
        this.revoked.delete(body.desk);
        if (body.action === 'revoke') {
          this.sql.control.revoke.run(message.storedAt, body.desk);
          result.revoked.push(body.desk);
        } else if (body.action === 'remove') this.sql.control.remove.run(fact.at, body.reason, body.desk);
        else this.sql.control.restore.run(body.desk);
        result.desks.add(body.desk);
        break;
    }
  }
}
