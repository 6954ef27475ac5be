import { createHash } from 'node:crypto';
import {
  type AlertSettings, MAX_SOUND_FILE_BYTES, MAX_SOUND_FILES, type SoundFileView, ownSoundId,
} from '../../shared/alert-tiers.js';
import type { Result } from '../../shared/result.js';
import type { Caller } from '../people/invites.js';
import type { AuditLog } from '../screening/audit.js';
import { type Db, durably } from '../store/database.js';

/**
 * What a file is, from its own first bytes: the audio containers every Chromium (and so OBS's
 * browser source) decodes. Anything else is refused, whatever name or type it came with.
 */
export function sniffAudio(bytes: Buffer): string | null {
  const ascii = (from: number, to: number) => bytes.subarray(from, to).toString('latin1');
  if (bytes.length < 12) return null;
  if (ascii(0, 4) === 'OggS') return 'audio/ogg';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'audio/wav';
  if (ascii(0, 4) === 'fLaC') return 'audio/flac';
  if (ascii(4, 8) === 'ftyp' && /^(M4A |M4B |mp4[12]|isom|dash)$/.test(ascii(8, 12))) return 'audio/mp4';
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'audio/webm';
  if (ascii(0, 3) === 'ID3') return 'audio/mpeg';
  // An MPEG audio frame with no tag: the 11-bit sync, a valid version and layer III/II.
  if (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0 && ((bytes[1] ?? 0) & 0x18) !== 0x08 && ((bytes[1] ?? 0) & 0x06) !== 0) return 'audio/mpeg';
  return null;
}

interface SoundRow {
  id: string;
  name: string;
  type: string;
  size: number;
  uploaded_at: number;
}

/**
 * The owner's own alert sounds: uploaded once, kept in the database (backups carry them), played
 * by the overlays through /overlay-sound/<id> with the overlay key. A file a tier plays cannot
 * be removed; every upload and removal is in the audit log.
 */
export class SoundFiles {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: Pick<AuditLog, 'record'>,
    private readonly alerts: () => AlertSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.sql = {
      list: db.prepare<[], SoundRow>('SELECT id, name, type, length(bytes) AS size, uploaded_at FROM alert_sound_files ORDER BY uploaded_at, id'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM alert_sound_files'),
      one: db.prepare<[string], SoundRow>('SELECT id, name, type, length(bytes) AS size, uploaded_at FROM alert_sound_files WHERE id = ?'),
      bytes: db.prepare<[string], { type: string; bytes: Buffer }>('SELECT type, bytes FROM alert_sound_files WHERE id = ?'),
      insert: db.prepare('INSERT INTO alert_sound_files (id, name, type, bytes, uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?, ?)'),
      remove: db.prepare('DELETE FROM alert_sound_files WHERE id = ?'),
    };
  }

  list(): SoundFileView[] {
    return this.sql.list.all().map((row) => this.view(row));
  }

  has(id: string): boolean {
    return this.sql.one.get(id) !== undefined;
  }

  /** The bytes for the overlay, with the type read at upload. */
  file(id: string): { type: string; bytes: Buffer } | null {
    return /^[0-9a-f]{16}$/.test(id) ? (this.sql.bytes.get(id) ?? null) : null;
  }

  upload(name: string, base64: string, caller: Caller): Result<SoundFileView> {
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length === 0) return { ok: false, error: 'the file is empty' };
    if (bytes.length > MAX_SOUND_FILE_BYTES) {
      return { ok: false, error: `the file is ${Math.ceil(bytes.length / 1024)} KB, over ${MAX_SOUND_FILE_BYTES / 1024} KB: use a shorter or more compressed sound (MP3 or Ogg)` };
    }
    const type = sniffAudio(bytes);
    if (!type) return { ok: false, error: 'this is not a sound file the overlay can play: use MP3, Ogg, WAV, FLAC, M4A or WebM' };
    const id = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
    const known = this.sql.one.get(id);
    if (known) return { ok: true, value: this.view(known) };
    if (this.sql.count.get()!.n >= MAX_SOUND_FILES) {
      return { ok: false, error: `${MAX_SOUND_FILES} sounds are kept already: remove one that no tier plays first` };
    }
    const label = name.trim();
    durably(this.db, () => {
      this.sql.insert.run(id, label, type, bytes, this.now(), caller.actor);
      this.audit.record(caller, { kind: 'settings', id: `sound:${id}`, label: `Alert sound "${label}"` }, 'sound_uploaded', { to: `${type}, ${bytes.length} bytes` });
    });
    return { ok: true, value: this.view(this.sql.one.get(id)!) };
  }

  remove(id: string, caller: Caller): Result<string> | null {
    const row = /^[0-9a-f]{16}$/.test(id) ? this.sql.one.get(id) : undefined;
    if (!row) return null;
    const used = this.usedBy(id);
    if (used.length > 0) {
      return { ok: false, error: `tier${used.length > 1 ? 's' : ''} ${used.join(', ')} play${used.length > 1 ? '' : 's'} this sound: choose another sound there first` };
    }
    durably(this.db, () => {
      this.sql.remove.run(id);
      this.audit.record(caller, { kind: 'settings', id: `sound:${id}`, label: `Alert sound "${row.name}"` }, 'sound_removed', { from: row.type });
    });
    return { ok: true, value: id };
  }

  private usedBy(id: string): number[] {
    return this.alerts().tiers.flatMap((tier, index) => (ownSoundId(tier.sound) === id ? [index + 1] : []));
  }

  private view(row: SoundRow): SoundFileView {
    return { id: row.id, name: row.name, type: row.type, bytes: row.size, uploaded_at: new Date(row.uploaded_at).toISOString(), used_by: this.usedBy(row.id) };
  }
}
