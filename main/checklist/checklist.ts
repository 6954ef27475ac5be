import { CHECKLIST_STEPS, type ChecklistStep, type ChecklistView } from '../../shared/views.js';
import type { Db } from '../store/database.js';

/** When an overlay page first connected with the overlay key (ms since epoch). */
const OVERLAY_SEEN_SETTING = 'checklist.overlay_seen_at';
const DISMISSED_SETTING = 'checklist.dismissed_at';

/**
 * Sources that bring money in (YouTube through Super Chats and Super Stickers); Twitch chat, X
 * posts, manual entry, CSV imports and the demo's do not count.
 */
const DONATION_SOURCE_KINDS = ['webhook', 'tiltify', 'streamlabs', 'streamelements', 'twitch-charity', 'youtube'] as const;

/**
 * The owner's first five minutes: each step is read from what the database holds, never from a
 * flag a browser keeps, so every dashboard of the owner sees the same ticks, and a restart
 * forgets nothing. `changed()` is called after anything that may tick a step; the owner's
 * dashboards hear of it only when the view actually differs.
 */
export class Checklist {
  private readonly statements;
  private lastSent: string;

  constructor(
    private readonly db: Db,
    private readonly onChanged: (view: ChecklistView) => void,
    private readonly now: () => number = Date.now,
  ) {
    const kinds = DONATION_SOURCE_KINDS.map(() => '?').join(', ');
    this.statements = {
      donationSource: db.prepare<string[], { found: number }>(`SELECT 1 AS found FROM sources WHERE kind IN (${kinds}) AND archived_at IS NULL LIMIT 1`),
      moderator: db.prepare<[], { found: number }>("SELECT 1 AS found FROM invites WHERE role = 'moderator' AND revoked_at IS NULL LIMIT 1"),
      target: db.prepare<[], { found: number }>('SELECT 1 AS found FROM targets WHERE archived_at IS NULL LIMIT 1'),
      setting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      saveSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
    };
    this.lastSent = JSON.stringify(this.view());
  }

  view(): ChecklistView {
    const done: Record<ChecklistStep, boolean> = {
      donation_source: this.statements.donationSource.get(...DONATION_SOURCE_KINDS) !== undefined,
      overlay: this.statements.setting.get(OVERLAY_SEEN_SETTING) !== undefined,
      moderator: this.statements.moderator.get() !== undefined,
      target: this.statements.target.get() !== undefined,
    };
    const steps = CHECKLIST_STEPS.map((id) => ({ id, done: done[id] }));
    const dismissed = this.statements.setting.get(DISMISSED_SETTING) !== undefined;
    return { steps, dismissed, open: !dismissed && steps.some((step) => !step.done) };
  }

  /** An overlay page connected with the overlay key: OBS (or a browser) has loaded it. */
  overlayConnected(): void {
    if (this.statements.setting.get(OVERLAY_SEEN_SETTING) !== undefined) return;
    this.statements.saveSetting.run(OVERLAY_SEEN_SETTING, String(this.now()));
    this.changed();
  }

  /** The owner closed the checklist: it stays closed, on every dashboard and after restarts. */
  dismiss(): ChecklistView {
    this.statements.saveSetting.run(DISMISSED_SETTING, String(this.now()));
    this.changed();
    return this.view();
  }

  /** Something that may tick a step happened (a source, an invite, a target): tell the owner if it did. */
  changed(): void {
    const view = this.view();
    const text = JSON.stringify(view);
    if (text === this.lastSent) return;
    this.lastSent = text;
    this.onChanged(view);
  }
}
