import { randomBytes } from 'node:crypto';
import { hookPath } from '../../shared/contract.js';
import type { CurrencyCode } from '../../shared/currencies.js';
import { formatMinor } from '../../shared/money.js';
import { type Result, fail, ok } from '../../shared/result.js';
import { SOURCE_CREDENTIAL_FIELDS } from '../../shared/source-credentials.js';
import { SOURCE_KINDS, type SourceKind, type SourcePollingView, type SourceStatus, type SourceView, type YouTubeSourceState } from '../../shared/views.js';
import type { Db } from '../store/database.js';
import { type SourceConnector, connectorRegistry } from './connectors.js';
import { type CredentialStore, webhookSecretEntry } from './credentials.js';
import { RefusalCounter } from './refusals.js';
import type { ReportInternal } from '../health.js';
import { guarded, logInternal } from '../safety/guard.js';

/** A flood of unverified requests updates a source's view on the dashboards at most this often. */
const UNVERIFIED_ANNOUNCE_MS = 1_000;
/** A source's counts move with every event: dashboards hear of them at most this often. */
const EVENTS_ANNOUNCE_MS = 250;

export interface SourceRecord {
  id: string;
  kind: SourceKind;
  name: string;
  config: Record<string, unknown>;
  events: number;
  rejected: number;
  lastEventAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
}

interface SourceRow {
  id: string;
  kind: string;
  name: string;
  config: string;
  events: number;
  rejected: number;
  last_event_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
}

/** The sources every campaign has without asking: manual entry. */
export const MANUAL_SOURCE_ID = 'manual';


const toRecord = (row: SourceRow): SourceRecord => ({
  id: row.id,
  kind: row.kind as SourceKind,
  name: row.name,
  config: JSON.parse(row.config) as Record<string, unknown>,
  events: row.events,
  rejected: row.rejected,
  lastEventAt: row.last_event_at,
  lastError: row.last_error,
  lastErrorAt: row.last_error_at,
});

/**
 * The registry of sources: what is stored (counters, last event, last error) plus the live
 * connection state that connectors report. Every change is announced to `onChange`.
 */
export class Sources {
  private readonly live = new Map<string, SourceStatus>();
  /** Failures kept in memory too: when the database is what failed, it cannot record them. */
  private readonly failures = new Map<string, { reason: string; at: number }>();
  /** Warnings connectors raise and clear (webhooks that stopped while polling keeps up). */
  private readonly warnings = new Map<string, string>();
  /** YouTube sources' broadcast state and quota, as their readers last reported. */
  private readonly youtube = new Map<string, YouTubeSourceState>();
  /** What polled platforms report of their polling (last poll, rate limit): in memory, like the live status. */
  private readonly polling = new Map<string, SourcePollingView>();
  /** Requests that did not prove they come from the platform: counted apart, in memory only. */
  private readonly unverified = new Map<string, RefusalCounter>();
  /** Sources whose view is due to go out, each at most once per its delay. */
  private readonly announceTimers = new Map<string, NodeJS.Timeout>();
  private readonly selectOne;
  private readonly selectAll;
  private readonly selectPlatformTotal;
  private readonly selectCounted;

  constructor(
    private readonly db: Db,
    private readonly onChange: (view: SourceView) => void = () => {},
    private readonly connectors: Map<SourceKind, SourceConnector> = connectorRegistry(),
    /** Where a new source's webhook secret and platform credential are kept (not the database). */
    private readonly credentials: CredentialStore | null = null,
    /** Where a failure inside the announce timers goes (the health banner); it never ends the app. */
    private readonly onError: ReportInternal = logInternal,
  ) {
    this.selectOne = db.prepare<[string], SourceRow>('SELECT * FROM sources WHERE id = ? AND archived_at IS NULL');
    this.selectAll = db.prepare<[], SourceRow>('SELECT * FROM sources WHERE archived_at IS NULL ORDER BY created_at, id');
    this.selectPlatformTotal = db.prepare<[string], { minor: number; currency: string; at: number }>(
      `SELECT total_minor AS minor, total_currency AS currency, total_at AS at FROM platform_sync
       WHERE source_id = ? AND total_minor IS NOT NULL AND total_currency IS NOT NULL AND total_at IS NOT NULL`,
    );
    this.selectCounted = db.prepare<[string, string], { minor: number }>(
      'SELECT amount_minor AS minor FROM money_totals WHERE source_id = ? AND currency = ?',
    );
  }

  get(id: string): SourceRecord | null {
    const row = this.selectOne.get(id);
    return row ? toRecord(row) : null;
  }

  list(): SourceView[] {
    return this.selectAll.all().map((row) => this.view(toRecord(row)));
  }

  /**
   * Creates a source asked for through the API. Its connector checks the config; its webhook
   * secret and platform credential go to the CredentialStore, before the source is stored, so
   * a source never exists without them. The secret is handed back once, for the owner.
   */
  create(input: unknown, now = Date.now()): Result<{ source: SourceRecord; secret: string | null }> {
    if (typeof input !== 'object' || input === null) return fail('the source must be a JSON object');
    const { kind, name, ...rest } = input as Record<string, unknown>;
    const creatable = [...this.connectors.keys()].join(', ');
    if (typeof kind !== 'string' || !(SOURCE_KINDS as readonly string[]).includes(kind)) {
      return fail(`kind must be one of: ${creatable}`);
    }
    const connector = this.connectors.get(kind as SourceKind);
    if (!connector) return fail(`${kind} sources are not available in this version yet; available: ${creatable}`);
    if (typeof name !== 'string' || name.trim().length === 0 || name.trim().length > 80) {
      return fail('name is required (at most 80 characters)');
    }
    const configured = connector.configure(rest);
    if (!configured.ok) return configured;
    const id = `${kind}-${randomBytes(5).toString('hex')}`;
    const secret = configured.value.webhookSecret ? randomBytes(32).toString('base64url') : null;
    const credential = configured.value.credential ?? null;
    if (secret !== null || credential !== null) {
      if (!this.credentials) throw new Error(`${kind} sources need a credential store`);
      if (credential !== null) this.credentials.set(id, credential);
      if (secret !== null) this.credentials.set(webhookSecretEntry(id), secret);
    }
    this.insert({ id, kind: kind as SourceKind, name: name.trim(), config: configured.value.config }, now);
    const source = this.get(id);
    if (!source) throw new Error(`source ${id} vanished after insert`);
    this.onChange(this.view(source));
    return ok({ source, secret });
  }

  /**
   * Replaces a platform source's credential (a token the platform refused, a rotated secret):
   * only the fields SOURCE_CREDENTIAL_FIELDS lists for its kind, checked by its connector with
   * the stored settings, so the channel or campaign it reads, its cursors and its counts stay.
   * The caller restarts its live connection.
   */
  replaceCredential(id: string, input: Record<string, unknown>): Result<{ source: SourceRecord; fields: string[] }> | null {
    const source = this.get(id);
    if (!source) return null;
    const fields = SOURCE_CREDENTIAL_FIELDS[source.kind];
    const connector = this.connectors.get(source.kind);
    if (!fields || !connector || !this.credentials) return fail(`a ${source.kind} source has no credential to replace`);
    const allowed = new Set(fields.map((f) => f.key));
    const given = Object.keys(input).filter((key) => input[key] !== undefined);
    const foreign = given.filter((key) => !allowed.has(key));
    if (foreign.length > 0) return fail(`a ${source.kind} source's credential is ${fields.map((f) => f.key).join(', ')}; ${foreign.join(', ')} cannot be changed here`);
    if (given.length === 0) return fail(`give the new ${fields.filter((f) => !f.optional).map((f) => f.key).join(' and ') || fields[0]?.key}`);
    const stored = connector.editInput?.(source.config, this.credentials.get(id)) ?? source.config;
    const configured = connector.configure({ ...stored, ...input });
    if (!configured.ok) return configured;
    const credential = configured.value.credential ?? null;
    // Written before the database says so, like at creation: a source never claims a token it has not.
    if (credential === null) this.credentials.delete(id);
    else this.credentials.set(id, credential);
    this.db.prepare('UPDATE sources SET config = ? WHERE id = ?').run(JSON.stringify(configured.value.config), id);
    this.failures.delete(id);
    this.live.delete(id);
    const updated = this.get(id);
    if (!updated) throw new Error(`source ${id} vanished after its credential was replaced`);
    this.onChange(this.view(updated));
    return ok({ source: updated, fields: given });
  }

  /** Every source as stored (for starting the live ones). */
  records(): SourceRecord[] {
    return this.selectAll.all().map(toRecord);
  }

  /** Makes sure a built-in source (manual entry, the demo's) exists. */
  ensure(id: string, kind: SourceKind, name: string, now = Date.now()): SourceRecord {
    const existing = this.get(id);
    if (existing) return existing;
    this.insert({ id, kind, name, config: {} }, now);
    const source = this.get(id);
    if (!source) throw new Error(`source ${id} vanished after insert`);
    this.onChange(this.view(source));
    return source;
  }

  /** A request the source refused (bad signature, malformed body...): counted and shown. */
  recordRejection(id: string, reason: string, now = Date.now()): void {
    this.db
      .prepare('UPDATE sources SET rejected = rejected + 1, last_error = ?, last_error_at = ? WHERE id = ?')
      .run(reason, now, id);
    this.announce(id);
  }

  /**
   * A request that did not prove it comes from the platform (bad signature, too old, too large
   * to check). Not a failure of the source and not written to the database: a flood of forged
   * requests costs no disk writes and leaves the source's status to its genuine events.
   * Dashboards hear of it at most once a second per source.
   */
  recordUnverified(id: string, reason: string, now = Date.now()): void {
    let counter = this.unverified.get(id);
    if (!counter) {
      counter = new RefusalCounter();
      this.unverified.set(id, counter);
    }
    counter.add(reason, now);
    this.announceLater(id, UNVERIFIED_ANNOUNCE_MS);
  }

  /** New events were stored for this source: its counts go out within 250 ms, once for them all. */
  eventsStored(id: string): void {
    this.announceLater(id, EVENTS_ANNOUNCE_MS);
  }

  private announceLater(id: string, delayMs: number): void {
    if (this.announceTimers.has(id)) return;
    const timer = setTimeout(guarded(this.onError, 'updating the sources list after new events', () => {
      this.announceTimers.delete(id);
      if (this.db.open) this.announce(id); // closed: the app is stopping, nobody to tell
    }), delayMs);
    timer.unref();
    this.announceTimers.set(id, timer);
  }

  /** A failure that is not the sender's fault (storage, connection): shown, not counted as refused. */
  recordFailure(id: string, reason: string, now = Date.now()): void {
    this.failures.set(id, { reason, at: now });
    try {
      this.db.prepare('UPDATE sources SET last_error = ?, last_error_at = ? WHERE id = ?').run(reason, now, id);
    } catch {
      // The database itself may be what failed; the in-memory failure still tells the user.
    }
    this.announce(id);
  }

  /** A warning shown on the source until cleared with null; announced only when it changes. */
  setWarning(id: string, warning: string | null): void {
    if ((this.warnings.get(id) ?? null) === warning) return;
    if (warning === null) this.warnings.delete(id);
    else this.warnings.set(id, warning);
    this.announce(id);
  }

  /** A YouTube reader's broadcast state and quota; announced with the source. */
  setYouTubeState(id: string, state: YouTubeSourceState): void {
    this.youtube.set(id, state);
    this.announce(id);
  }

  /** A poller's last poll and rate-limit state, shown on the source line. */
  setPolling(id: string, polling: SourcePollingView): void {
    this.polling.set(id, polling);
    this.announce(id);
  }

  setLiveStatus(id: string, status: SourceStatus): void {
    // The history of changes is kept, so a call moment's card can say what a platform missed.
    if (this.live.get(id) !== status && this.db.open) {
      try {
        this.db.prepare('INSERT INTO source_status_log (source_id, status, at) VALUES (?, ?, ?)').run(id, status, Date.now());
      } catch (error) {
        // Storage failing: the live status still goes out; the health banner reports storage.
        this.onError('recording a source\'s connection status', error);
      }
    }
    this.live.set(id, status);
    this.announce(id);
  }

  /** Ingest committed events for these sources: their counters moved. */
  announce(id: string): void {
    const source = this.get(id);
    if (source) this.onChange(this.view(source));
  }

  view(stored: SourceRecord): SourceView {
    const failure = this.failures.get(stored.id);
    const source =
      failure && (stored.lastErrorAt === null || failure.at > stored.lastErrorAt)
        ? { ...stored, lastError: failure.reason, lastErrorAt: failure.at }
        : stored;
    return {
      id: source.id,
      kind: source.kind,
      name: source.name,
      status: this.statusOf(source),
      last_event_at: iso(source.lastEventAt),
      last_error: source.lastError,
      last_error_at: iso(source.lastErrorAt),
      rejected: source.rejected,
      events: source.events,
      hook_path: source.kind === 'webhook' || source.kind === 'tiltify' ? hookPath(source.id) : null,
      platform_total: this.platformTotal(source.id),
      warning: this.warnings.get(source.id) ?? null,
      unverified_refusals: this.unverified.get(source.id)?.view(Date.now()) ?? null,
      ...(source.kind === 'youtube' ? { youtube: this.youtube.get(source.id) ?? null } : {}),
      ...(this.polling.has(source.id) ? { polling: this.polling.get(source.id) } : {}),
    };
  }

  /** The platform's total beside ours in its currency (money_totals: a row, not a scan). */
  private platformTotal(id: string): SourceView['platform_total'] {
    const total = this.selectPlatformTotal.get(id);
    if (!total) return null;
    const currency = total.currency as CurrencyCode;
    const counted = this.selectCounted.get(id, total.currency)?.minor ?? 0;
    return {
      amount: { value: formatMinor(total.minor, currency), currency },
      counted: { value: formatMinor(counted, currency), currency },
      reported_at: new Date(total.at).toISOString(),
    };
  }

  private statusOf(source: SourceRecord): SourceStatus {
    const live = this.live.get(source.id);
    if (live) return live;
    const lastErrorIsNewest =
      source.lastErrorAt !== null && (source.lastEventAt === null || source.lastErrorAt > source.lastEventAt);
    if (lastErrorIsNewest) return 'failing';
    if (source.kind === 'webhook') return 'listening';
    return source.lastEventAt === null ? 'idle' : 'connected';
  }

  private insert(
    source: { id: string; kind: SourceKind; name: string; config: Record<string, unknown> },
    now: number,
  ): void {
    this.db
      .prepare('INSERT INTO sources (id, kind, name, config, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(source.id, source.kind, source.name, JSON.stringify(source.config), now);
  }
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
