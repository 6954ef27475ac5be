import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import type { CampaignView, ResponsesExport } from '../../shared/views.js';
import { csvCell } from '../csv/cell.js';
import { exportDonationsCsv, exportDonationsJson } from '../donations/export.js';
import type { Db } from '../store/database.js';
import { createPrivateFile, tightenFile } from '../store/private-files.js';
import { exportResponses, responsesCsv } from '../targets/export.js';
import { REPORT_HTML, REPORT_PDF } from '../report/report.js';
import type { Responses } from '../targets/responses.js';
import type { Targets } from '../targets/targets.js';
import type { CallMomentReportRow } from '../../shared/views.js';

/** The archives' folder in the data folder; one sub-folder per closing. */
export const ARCHIVE_FOLDER = 'archives';
/** sha256sum's own format, so an auditor can check an archive with `sha256sum -c SHA256SUMS`. */
export const CHECKSUMS_FILE = 'SHA256SUMS';
export const MANIFEST_FILE = 'manifest.json';
export const DATABASE_COPY = 'telethon.sqlite';
/** A folder still being written: never taken for an archive, removed when the next one starts. */
const PARTIAL = '.partial';

export interface ArchiveFile {
  name: string;
  bytes: number;
  sha256: string;
}

export interface ArchiveResult {
  dir: string;
  files: ArchiveFile[];
}

export interface ArchiveParts {
  db: Db;
  dataDir: string;
  /** A consistent copy of the live database into `file` (the maintenance worker's backup). */
  copySnapshot(file: string): Promise<void>;
  campaign(): CampaignView | null;
  targets: Targets;
  responses: Responses;
  now?: () => number;
  /** Makes the marathon report (main/report): its HTML and PDF go in the archive. */
  makeReport?: () => Promise<{ dir: string }>;
  /** better-sqlite3's binding for Electron's ABI, under the desktop shell. */
  nativeBinding?: string;
}

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  actor_name: string | null;
  subject_kind: string;
  subject_id: string;
  subject_label: string | null;
  action: string;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
}

interface LateRow {
  event_seq: number;
  source_id: string;
  external_id: string;
  type: string;
  amount: number;
  currency: string;
  donor_name: string | null;
  anonymous: number;
  occurred_at: number;
  received_at: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** One row per call moment and platform, and one for all platforms together ('all'). */
const CALL_MOMENT_COLUMNS = ['target', 'hashtags', 'moment_at', 'command', 'window_minutes', 'state', 'platform', 'signed_up', 'followed_through', 'others_who_joined', 'posts', 'peak_minute', 'peak_posts', 'lift', 'posts_in_window', 'posts_before', 'minutes_before', 'mentions_per_minute_before', 'mentions_per_minute_after', 'answer_kind', 'answer_after_s', 'answer_url'] as const;

/** Every call moment with its sign-ups, follow-through, lift and the answer that followed. */
export function callMomentsCsv(moments: CallMomentReportRow[]): string {
  return csv(CALL_MOMENT_COLUMNS, moments.flatMap((m) => [{ platform: 'all', ...m.result }, ...m.by_platform].map((r) => [
    m.target_name, m.hashtags.map((h) => `#${h}`).join(' '), m.at, m.command, m.window_minutes, m.state, r.platform,
    r.signups, r.followed, r.others, r.posts, r.peak?.minute ?? null, r.peak?.posts ?? null, r.lift.lift, r.lift.posts_in_window, r.lift.posts_before, r.lift.minutes_before,
    m.before_per_minute, m.after_per_minute, m.answer?.kind ?? null, m.answer?.after_s ?? null, m.answer?.url ?? null,
  ])));
}

const AUDIT_COLUMNS = ['id', 'at', 'actor', 'actor_name', 'subject_kind', 'subject_id', 'subject_label', 'action', 'from_state', 'to_state', 'reason'] as const;
const LATE_COLUMNS = ['event_seq', 'source_id', 'external_id', 'type', 'amount_minor', 'currency', 'donor_name', 'anonymous', 'occurred_at', 'received_at'] as const;

function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function writeDurably(file: string, pieces: readonly string[] | string | Buffer): void {
  writeFileSync(file, typeof pieces === 'string' || Buffer.isBuffer(pieces) ? pieces : pieces.join(''));
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * "2026-12-04T21-00-00Z-water-for-the-camps": when it was written, then the campaign's title in
 * plain letters (a title is typed by the owner: nothing in it reaches the path as it is).
 */
function folderName(now: number, title: string): string {
  const slug = title.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().toLowerCase().replace(/[\s_-]+/g, '-').slice(0, 40).replace(/-+$/, '');
  return `${iso(now).slice(0, 19).replace(/:/g, '-')}Z${slug ? `-${slug}` : ''}`;
}

/** The audit log and the responses' own audit, oldest first: what each person did, and when. */
function auditRows(db: Db): AuditRow[] {
  return db.prepare<[], AuditRow>(
    'SELECT id, at, actor, actor_name, subject_kind, subject_id, subject_label, action, from_state, to_state, reason FROM audit_log ORDER BY id',
  ).all();
}

/** Money that arrived after the marathon closed: stored, never counted. */
export function lateRows(db: Db, limit = -1): LateRow[] {
  return db.prepare<[number], LateRow>(
    `SELECT l.event_seq, l.source_id, e.external_id, l.type, l.amount, l.currency, l.donor_name, l.anonymous, e.occurred_at, l.received_at
     FROM late_events l JOIN events e ON e.seq = l.event_seq ORDER BY l.event_seq LIMIT ?`,
  ).all(limit);
}

function csv(columns: readonly string[], rows: (string | number | null)[][]): string {
  return `\uFEFF${[columns.join(','), ...rows.map((row) => row.map((cell) => csvCell(cell)).join(','))].join('\r\n')}\r\n`;
}

/**
 * Writes the marathon's archive: a consistent copy of the database, the donations, responses,
 * audit log and late money as CSV and JSON, the campaign as it closed, and a manifest with each
 * file's SHA-256 (and SHA256SUMS for sha256sum -c). Written into "<name>.partial", every file
 * read back and checked, then renamed: a crash leaves a folder that never looks complete.
 */
export async function writeArchive(parts: ArchiveParts): Promise<ArchiveResult> {
  const now = (parts.now ?? Date.now)();
  const campaign = parts.campaign();
  if (!campaign) throw new Error('there is no campaign to archive');
  const root = join(parts.dataDir, ARCHIVE_FOLDER);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  // A folder left by a crash while writing: never complete, never kept.
  for (const name of readdirSync(root)) if (name.endsWith(PARTIAL)) rmSync(join(root, name), { recursive: true, force: true });
  const name = folderName(now, campaign.title);
  const final = join(root, name);
  if (existsSync(final)) throw new Error(`an archive named ${name} exists already: try again in a second`);
  const dir = `${final}${PARTIAL}`;
  mkdirSync(dir, { mode: 0o700 });
  try {
    // The copy holds everything the database does: private before its first page is written.
    createPrivateFile(join(dir, DATABASE_COPY));
    await parts.copySnapshot(join(dir, DATABASE_COPY));
    // Out of WAL mode: a reader (an auditor's sqlite3) then adds no -wal/-shm files beside it.
    const copy = new Database(join(dir, DATABASE_COPY), { fileMustExist: true, ...(parts.nativeBinding ? { nativeBinding: parts.nativeBinding } : {}) });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    tightenFile(join(dir, DATABASE_COPY));
    writeDurably(join(dir, 'donations.csv'), await exportDonationsCsv(parts.db));
    writeDurably(join(dir, 'donations.json'), await exportDonationsJson(parts.db, now));
    const responses: ResponsesExport = exportResponses(parts.targets, parts.responses, now);
    writeDurably(join(dir, 'responses.csv'), responsesCsv(responses));
    writeDurably(join(dir, 'responses.json'), JSON.stringify(responses, null, 1));
    const moments = parts.targets.callMoments();
    writeDurably(join(dir, 'call-moments.csv'), callMomentsCsv(moments));
    writeDurably(join(dir, 'call-moments.json'), JSON.stringify(moments, null, 1));
    const audit = auditRows(parts.db);
    writeDurably(join(dir, 'audit.csv'), csv(AUDIT_COLUMNS, audit.map((r) => [r.id, iso(r.at), r.actor, r.actor_name, r.subject_kind, r.subject_id, r.subject_label, r.action, r.from_state, r.to_state, r.reason])));
    writeDurably(join(dir, 'audit.json'), JSON.stringify(audit.map((r) => ({ ...r, at: iso(r.at) })), null, 1));
    const late = lateRows(parts.db);
    writeDurably(join(dir, 'late-money.csv'), csv(LATE_COLUMNS, late.map((r) => [r.event_seq, r.source_id, r.external_id, r.type, r.amount, r.currency, r.anonymous ? null : r.donor_name, r.anonymous, iso(r.occurred_at), iso(r.received_at)])));
    writeDurably(join(dir, 'late-money.json'), JSON.stringify(late.map((r) => ({ ...r, donor_name: r.anonymous ? null : r.donor_name, occurred_at: iso(r.occurred_at), received_at: iso(r.received_at) })), null, 1));
    writeDurably(join(dir, 'campaign.json'), JSON.stringify({ campaign, archived_at: iso(now) }, null, 1));
    if (parts.makeReport) {
      // The report of the campaign as it closed: its page, and its PDF when one could be printed.
      const report = await parts.makeReport();
      for (const file of [REPORT_HTML, REPORT_PDF]) {
        if (existsSync(join(report.dir, file))) writeDurably(join(dir, file), readFileSync(join(report.dir, file)));
      }
    }

    const files: ArchiveFile[] = readdirSync(dir).sort().map((file) => ({ name: file, bytes: statSync(join(dir, file)).size, sha256: sha256Of(join(dir, file)) }));
    writeDurably(join(dir, MANIFEST_FILE), JSON.stringify({ archive: name, campaign: campaign.title, closed_at: campaign.closed_at, archived_at: iso(now), files }, null, 1));
    // Last, over every other file including the manifest: its presence says the rest was written.
    const withManifest = [...files, { name: MANIFEST_FILE, bytes: 0, sha256: sha256Of(join(dir, MANIFEST_FILE)) }];
    writeDurably(join(dir, CHECKSUMS_FILE), withManifest.map((f) => `${f.sha256}  ${f.name}\n`).join(''));
    const problems = verifyArchive(dir);
    if (problems.length > 0) throw new Error(`the archive did not verify after writing: ${problems.join('; ')}`);
    renameSync(dir, final);
    return { dir: final, files };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Checks an archive against its SHA256SUMS: every file listed is there with its checksum, and
 * nothing is there that is not listed. Answers the problems in words; none when it verifies.
 */
export function verifyArchive(dir: string): string[] {
  const sums = join(dir, CHECKSUMS_FILE);
  if (!existsSync(sums)) return [`${basename(dir)} has no ${CHECKSUMS_FILE}: it is not a finished archive`];
  const problems: string[] = [];
  const listed = new Set<string>();
  for (const line of readFileSync(sums, 'utf8').split('\n').filter(Boolean)) {
    const match = /^([0-9a-f]{64}) {2}([^/\\]+)$/.exec(line);
    if (!match) {
      problems.push(`${CHECKSUMS_FILE} has a line that is not "<sha256>  <file>": ${JSON.stringify(line.slice(0, 80))}`);
      continue;
    }
    const [, expected, file] = match as unknown as [string, string, string];
    listed.add(file);
    const path = join(dir, file);
    if (!existsSync(path)) problems.push(`${file} is missing`);
    else if (sha256Of(path) !== expected) problems.push(`${file} was changed after the archive was written (its SHA-256 differs)`);
  }
  for (const file of readdirSync(dir)) {
    if (file !== CHECKSUMS_FILE && !listed.has(file)) problems.push(`${file} is not part of the archive (added afterwards)`);
  }
  return problems;
}
