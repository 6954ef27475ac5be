import { randomBytes } from 'node:crypto';
import { type CurrencyCode, isCurrencyCode, minorUnitExponent } from '../../shared/currencies.js';
import { formatMinor, parseDecimalMinor, parseRate } from '../../shared/money.js';
import { type OverlayTeam, TEAM_SILENT_MS, type TeamDeskView, type TeamInvite, type TeamTargetView, type TeamView, teamBeatSubjects, teamStreamName, teamSubjects } from '../../shared/team.js';
import type { Ingest } from '../ingest/ingest.js';
import { HttpError } from '../server/http.js';
import type { CredentialStore } from '../sources/credentials.js';
import type { Db } from '../store/database.js';
import { accountPublicKey, mintAdminCreds, mintDeskCreds } from './credentials.js';
import { decodeInvite, encodeInvite } from './invite.js';
import { TeamLedger } from './ledger.js';
import { type Membership, TEAM_ACCOUNT_SEED_ENTRY, TEAM_CREDS_ENTRY, TEAM_SECRET_ENTRY, readMembership, writeMembership } from './membership.js';
import { connectNats, loadNats } from './nats.js';
import { TeamOutbox, teamTargetKey } from './outbox.js';
import { TeamPublisher, describe } from './publisher.js';
import { TeamReader } from './reader.js';

const PACE_MINUTES = 10;
const newId = () => randomBytes(9).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x');

export interface TeamCreateInput {
  name: string;
  goal: string;
  currency: string;
  servers: string[];
  account_seed?: string | null | undefined;
  replicas?: number | undefined;
  duplicate_window_s?: number | undefined;
  desk_name: string;
  team_rate?: string | undefined;
}

interface OwnedRow {
  team_id: string;
  name: string;
  currency: string;
  goal_minor: number;
  servers: string;
  stream: string;
  auth: 'jwt' | 'none';
}

export interface TeamDeps {
  db: Db;
  ingest: Ingest;
  mentionedBy: (tags: { hashtags: string[]; mentions: string[] }) => string[];
  credentials: CredentialStore;
  log?: (line: string) => void;
  now?: () => number;
  /** The team numbers moved (for the hub). */
  onChanged?: () => void;
}

/**
 * This desk's team: set-up (the organizer), joining with an invite (every desk), and once in a
 * team, the outbox (in ingest's transactions), the publisher and the reader. Without a team none
 * of it runs and the NATS client is never loaded.
 */
export class Team {
  private membership: Membership | null;
  private outbox: TeamOutbox | null = null;
  private publisher: TeamPublisher | null = null;
  private reader: TeamReader | null = null;
  private ledger: TeamLedger | null = null;
  private readonly now: () => number;
  private changedTargets = new Set<string>();
  private answersTimer: NodeJS.Timeout | null = null;
  private chatTimer: NodeJS.Timeout | null = null;
  private silenceTimer: NodeJS.Timeout | null = null;
  /** The desks the board called silent when last told (a change in it is news even without a message). */
  private silentSeen = '';

  constructor(private readonly deps: TeamDeps) {
    this.now = deps.now ?? Date.now;
    this.membership = readMembership(deps.db);
    deps.ingest.onCommitted(() => this.publisher?.kick());
  }

  /** Starts publishing and reading when this desk is in a team (not waited on: the network may be away). */
  start(): void {
    if (this.membership && !this.outbox) this.attach(this.membership);
  }

  async close(): Promise<void> {
    if (this.answersTimer) clearTimeout(this.answersTimer);
    this.answersTimer = null;
    for (const timer of [this.chatTimer, this.silenceTimer]) if (timer) clearInterval(timer);
    this.chatTimer = null;
    this.silenceTimer = null;
    const publisher = this.publisher;
    const reader = this.reader;
    this.publisher = null;
    this.reader = null;
    await Promise.all([publisher?.stop(), reader?.stop()]);
  }

  /** Writes a fact through the outbox, in its own transaction. */
  private writeFact(write: (outbox: TeamOutbox) => void): void {
    const outbox = this.outbox;
    if (!outbox) throw new HttpError(409, 'no_team', 'this desk is in no team');
    this.deps.db.transaction(() => write(outbox))();
    this.publisher?.kick();
  }

  private attach(m: Membership): void {
    const { db, credentials, ingest } = this.deps;
    const secret = credentials.get(TEAM_SECRET_ENTRY);
    if (!secret) {
      this.deps.log?.('team: the team secret is missing from the credential store; join the team again with a new invite');
      return;
    }
    const creds = credentials.get(TEAM_CREDS_ENTRY);
    this.outbox = new TeamOutbox(db, m, Buffer.from(secret, 'hex'), this.deps.mentionedBy, this.now);
    ingest.setCommitTap(this.outbox);
    this.ledger = new TeamLedger(db, { teamId: m.teamId, organizerDeskId: m.organizerDeskId }, { now: this.now, onRefused: (reason) => this.deps.log?.(`team: ${reason}`) });
    const outbox = this.outbox;
    this.guard('sending money converted while this desk ran an older version', () => db.transaction(() => outbox.resendConverted())());
    // Chat counts gathered for a second become one fact; checked four times a second.
    this.chatTimer = setInterval(() => this.guard('sending the chat counts to the team', () => {
      if (outbox.sealChat()) this.publisher?.kick();
    }), 250);
    this.chatTimer.unref?.();
    this.silenceTimer = setInterval(() => this.guard('checking which desks are silent', () => this.silenceChanged()), 5_000);
    this.silenceTimer.unref?.();
    if (m.stoppedReason) return;
    this.publisher = new TeamPublisher(m, this.outbox, creds, { now: this.now, ...(this.deps.log ? { log: this.deps.log } : {}) });
    this.reader = new TeamReader({ servers: m.servers, creds, stream: m.stream, name: `telethon-desk ${m.deskId}`, beats: teamBeatSubjects(m.teamId) }, this.ledger, {
      now: this.now,
      onHeartbeat: () => this.silenceChanged(),
      onApplied: (result) => {
        if (result.revoked.includes(m.deskId)) void this.stopPublishing('the organizer revoked this desk');
        if (result.applied > 0) this.deps.onChanged?.();
      },
    });
    this.publisher.start();
    this.reader.start();
  }

  private guard(what: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      this.deps.log?.(`team: ${what} failed: ${describe(error)}`);
    }
  }

  /**
   * A desk fell silent or was heard again, or this desk's own link changed: the Team tab changes
   * though no fact came.
   */
  private silenceChanged(): void {
    const silent = this.desks((this.membership?.teamCurrency ?? 'EUR') as CurrencyCode)
      .filter((d) => d.silent_since !== null)
      .map((d) => d.desk_id)
      .join(',');
    const p = this.publisher?.status;
    const seen = `${silent}|${p?.connected}|${p?.lastError ?? this.reader?.status.lastError}|${this.outbox?.waiting()}|${this.membership?.stoppedReason}`;
    if (seen === this.silentSeen) return;
    this.silentSeen = seen;
    this.deps.onChanged?.();
  }

  /**
   * Donations converted late (their rate came after them): sent to the team again with their
   * amount, in the transaction that converted them. No team: nothing.
   */
  moneyConverted(): void {
    if (!this.outbox) return;
    if (this.outbox.resendConverted() > 0) this.publisher?.kick();
  }

  private async stopPublishing(reason: string): Promise<void> {
    this.deps.db.prepare('UPDATE team_membership SET stopped_reason = ? WHERE id = 1').run(reason);
    if (this.membership) this.membership.stoppedReason = reason;
    const publisher = this.publisher;
    this.publisher = null;
    await publisher?.stop();
  }

  // ── The organizer ────────────────────────────────────────────────────────────────────────

  async create(input: TeamCreateInput): Promise<{ team: TeamView; invite_self: string }> {
    if (this.membership) throw new HttpError(409, 'in_a_team', 'this desk is already in a team');
    if (!isCurrencyCode(input.currency)) throw new HttpError(400, 'bad_currency', `${input.currency} is not an ISO 4217 currency`);
    const currency = input.currency as CurrencyCode;
    const goal = parseDecimalMinor(input.goal, minorUnitExponent(currency));
    if (!goal.ok || goal.value <= 0) throw new HttpError(400, 'bad_goal', `the goal must be a positive amount in ${currency}, such as "100000.00"`);
    const seed = input.account_seed?.trim() || null;
    if (seed && !(await accountPublicKey(seed))) throw new HttpError(400, 'bad_account_seed', 'the account seed must be a NATS account seed (it starts with SA)');
    this.campaignCurrencyOrRefuse();
    const teamId = newId();
    const stream = teamStreamName(teamId);
    const replicas = input.replicas ?? 1;
    const windowS = input.duplicate_window_s ?? 120;
    const adminCreds = seed ? await mintAdminCreds(seed) : null;
    try {
      const nc = await connectNats({ servers: input.servers, creds: adminCreds, name: 'telethon-desk team set-up' }, { timeoutMs: 5_000 });
      try {
        const { jetstream } = await loadNats();
        const jsm = await jetstream.jetstreamManager(nc);
        await jsm.streams.add({
          name: stream,
          subjects: [teamSubjects(teamId)],
          num_replicas: replicas,
          duplicate_window: windowS * 1_000_000_000,
          storage: jetstream.StorageType.File,
        });
      } finally {
        await nc.close();
      }
    } catch (error) {
      throw new HttpError(422, 'nats_unreachable', `could not create the team stream on ${input.servers.join(', ')}: ${describe(error)}`);
    }
    const now = this.now();
    this.deps.db
      .prepare('INSERT INTO team_owned (team_id, name, currency, goal_minor, servers, stream, replicas, duplicate_window_s, auth, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(teamId, input.name, currency, goal.value, JSON.stringify(input.servers), stream, replicas, windowS, seed ? 'jwt' : 'none', now);
    if (seed) this.deps.credentials.set(TEAM_ACCOUNT_SEED_ENTRY, seed);
    this.deps.credentials.set(TEAM_SECRET_ENTRY, randomBytes(32).toString('hex'));
    const self = await this.invite({ desk_name: input.desk_name }, teamId);
    const invite = decodeInvite(self.invite);
    if (!invite) throw new Error('the organizer invite does not read back');
    this.joinWith(invite, input.team_rate);
    return { team: this.view(), invite_self: self.desk_id };
  }

  /** An invite for one desk: shown once (its credentials are not kept by the organizer). */
  async invite(input: { desk_name: string }, ownTeamId?: string): Promise<{ desk_id: string; invite: string }> {
    const owned = this.owned();
    if (!owned || (ownTeamId && owned.team_id !== ownTeamId)) throw new HttpError(409, 'not_organizer', 'only the desk that created the team gives invites');
    const secret = this.deps.credentials.get(TEAM_SECRET_ENTRY);
    if (!secret) throw new HttpError(409, 'no_team_secret', 'the team secret is missing from the credential store');
    const deskId = newId();
    const organizerDesk = this.membership?.organizerDeskId ?? deskId;
    let creds: string | null = null;
    let userKey: string | null = null;
    if (owned.auth === 'jwt') {
      const seed = this.deps.credentials.get(TEAM_ACCOUNT_SEED_ENTRY);
      if (!seed) throw new HttpError(409, 'no_account_seed', 'the team account seed is missing from the credential store');
      ({ creds, userKey } = await mintDeskCreds(seed, owned.team_id, deskId));
    }
    const now = this.now();
    this.deps.db.transaction(() => {
      this.deps.db.prepare('INSERT INTO team_invites (desk_id, team_id, desk_name, user_key, created_at) VALUES (?, ?, ?, ?, ?)').run(deskId, owned.team_id, input.desk_name, userKey, now);
      this.audit(deskId, 'invite', null);
    })();
    const invite: TeamInvite = {
      v: 1,
      team_id: owned.team_id,
      team_name: owned.name,
      currency: owned.currency,
      goal_minor: owned.goal_minor,
      servers: JSON.parse(owned.servers) as string[],
      stream: owned.stream,
      organizer_desk: organizerDesk,
      desk_id: deskId,
      desk_name: input.desk_name,
      creds,
      secret,
    };
    return { desk_id: deskId, invite: encodeInvite(invite) };
  }

  /** Revoked: the desk stops publishing (it reads its revocation) and what it sends after is not counted. */
  revoke(deskId: string, reason: string | null): TeamView {
    this.organizerDesk(deskId);
    this.deps.db.prepare('UPDATE team_invites SET revoked_at = COALESCE(revoked_at, ?) WHERE desk_id = ?').run(this.now(), deskId);
    this.writeFact((outbox) => {
      outbox.writeControl('revoke', deskId, reason);
      this.audit(deskId, 'revoke', reason);
    });
    return this.view();
  }

  /** What a desk sent leaves the team total (or comes back): the organizer says why, in the audit. */
  remove(deskId: string, reason: string, restore = false): TeamView {
    this.organizerDesk(deskId);
    this.writeFact((outbox) => {
      outbox.writeControl(restore ? 'restore' : 'remove', deskId, reason);
      this.audit(deskId, restore ? 'restore' : 'remove', reason);
    });
    return this.view();
  }

  private organizerDesk(deskId: string): void {
    const owned = this.owned();
    if (!owned || !this.membership || this.membership.organizerDeskId !== this.membership.deskId) {
      throw new HttpError(409, 'not_organizer', 'only the desk that created the team decides about desks');
    }
    const known = this.deps.db.prepare<[string], { desk_id: string }>('SELECT desk_id FROM team_invites WHERE desk_id = ?').get(deskId);
    if (!known) throw new HttpError(404, 'no_desk', 'there is no desk with that id in this team');
  }

  private audit(deskId: string, action: 'invite' | 'revoke' | 'remove' | 'restore', reason: string | null): void {
    this.deps.db.prepare("INSERT INTO team_audit (at, actor, desk_id, action, reason) VALUES (?, 'owner', ?, ?, ?)").run(this.now(), deskId, action, reason);
  }

  private owned(): OwnedRow | null {
    return this.deps.db.prepare<[], OwnedRow>('SELECT team_id, name, currency, goal_minor, servers, stream, auth FROM team_owned LIMIT 1').get() ?? null;
  }

  // ── Every desk ───────────────────────────────────────────────────────────────────────────

  join(input: { invite: string; team_rate?: string | undefined }): TeamView {
    if (this.membership) throw new HttpError(409, 'in_a_team', 'this desk is already in a team');
    const invite = decodeInvite(input.invite);
    if (!invite) throw new HttpError(400, 'bad_invite', 'this is not a team invite (it starts with tdteam1.)');
    this.joinWith(invite, input.team_rate);
    return this.view();
  }

  private campaignCurrencyOrRefuse(): string {
    const campaign = this.deps.db.prepare<[], { currency: string }>('SELECT currency FROM campaign WHERE id = 1').get();
    if (!campaign) throw new HttpError(409, 'no_campaign', 'create this desk’s campaign before joining a team');
    return campaign.currency;
  }

  private joinWith(invite: TeamInvite, teamRate: string | undefined): void {
    const campaignCurrency = this.campaignCurrencyOrRefuse();
    let rate = '1';
    if (campaignCurrency !== invite.currency) {
      const parsed = parseRate(teamRate);
      if (!teamRate || !parsed.ok) {
        throw new HttpError(400, 'team_rate_needed', `this desk counts in ${campaignCurrency} and the team in ${invite.currency}: give team_rate, the ${invite.currency} one ${campaignCurrency} is worth (fixed for the whole event)`);
      }
      rate = parsed.value;
    }
    const membership: Membership = {
      teamId: invite.team_id,
      teamName: invite.team_name,
      deskId: invite.desk_id,
      deskName: invite.desk_name,
      organizerDeskId: invite.organizer_desk,
      teamCurrency: invite.currency,
      teamGoalMinor: invite.goal_minor,
      teamRate: rate,
      servers: invite.servers,
      stream: invite.stream,
      joinedAt: this.now(),
      publishedSeq: 0,
      stoppedReason: null,
    };
    const { credentials, db } = this.deps;
    credentials.set(TEAM_SECRET_ENTRY, invite.secret);
    if (invite.creds) credentials.set(TEAM_CREDS_ENTRY, invite.creds);
    else credentials.delete(TEAM_CREDS_ENTRY);
    // Membership, and what the desk counted before, in one transaction; from the next commit on
    // the outbox writes in ingest's transactions (nothing commits in between: all synchronous).
    const outbox = new TeamOutbox(db, membership, Buffer.from(invite.secret, 'hex'), this.deps.mentionedBy, this.now);
    db.transaction(() => {
      writeMembership(db, membership);
      outbox.writeOpening();
    })();
    this.membership = membership;
    this.attach(membership);
    this.deps.onChanged?.();
  }

  // ── Reading ──────────────────────────────────────────────────────────────────────────────

  view(): TeamView {
    const m = this.membership;
    const health = {
      connected: this.publisher?.status.connected ?? false,
      outbox_waiting: this.outbox?.waiting() ?? 0,
      last_published_at: iso(this.publisher?.status.lastPublishedAt ?? null),
      last_error: this.publisher?.status.lastError ?? this.reader?.status.lastError ?? null,
      reader_stream_seq: this.ledger?.position() ?? 0,
      stopped_reason: m?.stoppedReason ?? null,
    };
    if (!m) {
      return { joined: false, team_id: null, name: null, desk_id: null, organizer: false, currency: null, goal: null, total: null, total_minor: 0, desks: [], targets: [], health };
    }
    const currency = m.teamCurrency as CurrencyCode;
    const money = (minor: number) => ({ value: formatMinor(minor, currency), currency });
    const desks = this.desks(currency);
    const total = desks.filter((d) => !d.removed).reduce((sum, d) => sum + d.raised_minor, 0);
    return {
      joined: true,
      team_id: m.teamId,
      name: m.teamName,
      desk_id: m.deskId,
      organizer: m.organizerDeskId === m.deskId,
      currency,
      goal: money(m.teamGoalMinor),
      total: money(total),
      total_minor: total,
      desks,
      targets: this.targets(desks),
      health,
    };
  }

  /**
   * This desk's targets changed: a first confirmed response not yet told to the team is written to
   * the outbox (the team board keeps the earliest answer, whichever desk saw it).
   */
  targetsChanged(ids: string[], read: (id: string) => { name: string; first_response_at: string | null; response: { kind: string } | null } | null): void {
    if (!this.outbox) return;
    // Mentions change targets at every chat commit: look at them at most once a second.
    for (const id of ids) this.changedTargets.add(id);
    this.answersTimer ??= setTimeout(() => {
      this.answersTimer = null;
      const targets = [...this.changedTargets].flatMap((id) => read(id) ?? []);
      this.changedTargets.clear();
      try {
        this.tellAnswers(targets);
      } catch (error) {
        this.deps.log?.(`team: could not write a target's answer to the outbox: ${describe(error)}`);
      }
    }, 1_000);
    this.answersTimer.unref?.();
  }

  private tellAnswers(targets: { name: string; first_response_at: string | null; response: { kind: string } | null }[]): void {
    const told = this.deps.db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM team_outbox WHERE kind = 'answer' AND body = ?");
    for (const target of targets) {
      if (!target.first_response_at) continue;
      const at = Date.parse(target.first_response_at);
      const body = JSON.stringify({ kind: 'answer', target: teamTargetKey(target.name), name: target.name, answered_at: at, response_kind: target.response?.kind ?? null });
      if ((told.get(body)?.n ?? 0) > 0) continue;
      this.writeFact((outbox) => outbox.writeAnswer(target.name, at, target.response?.kind ?? null));
    }
  }

  /** The overlay's form: names and totals of desks still counted, and the team board. */
  overlay(): OverlayTeam | null {
    const view = this.view();
    if (!view.joined || !view.total || !view.goal || !view.name) return null;
    return {
      name: view.name,
      total: view.total,
      goal: view.goal,
      desks: view.desks.filter((d) => !d.removed).map((d) => ({ name: d.name, raised: d.raised })),
      targets: view.targets.map((t) => ({ name: t.name, mentions: t.mentions, callers: t.callers, answered: t.first_answer !== null, answered_on: t.first_answer?.desk_name ?? null })),
    };
  }

  /** The team total as this desk's reader has it, in team minor units. */
  totalMinor(): number {
    return this.view().total_minor;
  }

  /** What this desk itself has put in the outbox, in team minor units. */
  ownTeamMinor(): number {
    return this.outbox?.ownTeamMinor() ?? 0;
  }

  private desks(currency: CurrencyCode): TeamDeskView[] {
    const now = this.now();
    const since = Math.floor(now / 60_000) - PACE_MINUTES + 1;
    const rows = this.deps.db
      .prepare<[number], { desk_id: string; desk_name: string; raised_minor: number; donations: number; refunds: number; unconverted: number; messages: number; last_fact_at: number | null; last_commit_at: number | null; applied_at: number | null; revoked_at: number | null; removed_at: number | null; removed_reason: string | null; heartbeat_at: number | null; pace: number | null }>(
        `SELECT d.*, (SELECT SUM(raised_minor) FROM team_minutes m WHERE m.desk_id = d.desk_id AND m.minute >= ?) AS pace
         FROM team_desks d ORDER BY d.raised_minor DESC, d.desk_name`,
      )
      .all(since);
    return rows.map((r) => ({
      desk_id: r.desk_id,
      name: r.desk_name,
      raised: { value: formatMinor(r.raised_minor, currency), currency },
      raised_minor: r.raised_minor,
      donations: r.donations,
      refunds: r.refunds,
      unconverted: r.unconverted,
      messages: r.messages,
      pace_per_minute: { value: formatMinor(Math.round((r.pace ?? 0) / PACE_MINUTES), currency), currency },
      last_event_at: iso(r.last_fact_at),
      lag_s: r.applied_at !== null && r.last_commit_at !== null ? Math.max(0, (r.applied_at - r.last_commit_at) / 1000) : null,
      revoked: r.revoked_at !== null,
      removed: r.removed_at !== null ? { reason: r.removed_reason, at: iso(r.removed_at) ?? '' } : null,
      silent_since: this.silentSince(r.desk_id, r.heartbeat_at ?? r.last_fact_at, now),
    }));
  }

  /** This desk hears itself while its own publisher is connected, whatever its reader heard. */
  private silentSince(deskId: string, lastHeard: number | null, now: number): string | null {
    if (deskId === this.membership?.deskId && this.publisher?.status.connected) return null;
    if (lastHeard !== null && now - lastHeard < TEAM_SILENT_MS) return null;
    return iso(lastHeard);
  }

  private targets(desks: TeamDeskView[]): TeamTargetView[] {
    const names = new Map(desks.map((d) => [d.desk_id, d.name]));
    return this.deps.db
      .prepare<[], { target_key: string; name: string; mentions: number; callers: number; first_answer_at: number | null; first_answer_desk: string | null; first_answer_kind: string | null }>(
        'SELECT * FROM team_targets ORDER BY mentions DESC, name',
      )
      .all()
      .map((t) => ({
        key: t.target_key,
        name: t.name,
        mentions: t.mentions,
        callers: t.callers,
        first_answer:
          t.first_answer_at !== null && t.first_answer_desk !== null
            ? { at: iso(t.first_answer_at) ?? '', desk_id: t.first_answer_desk, desk_name: names.get(t.first_answer_desk) ?? t.first_answer_desk, kind: t.first_answer_kind }
            : null,
      }));
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
