import { type AlertSettings, NO_ALERT_SETTINGS, checkTiers, describeTiers, ownSoundId } from '../../shared/alert-tiers.js';
import type { Result } from '../../shared/result.js';
import type { SchemaBody } from '../../shared/schemas.js';
import type { Caller } from '../people/invites.js';
import type { AuditLog } from '../screening/audit.js';
import { type Db, durably } from '../store/database.js';

const SETTINGS_KEY = 'alerts';

/**
 * The owner's alert tiers (settings row 'alerts'): read once, changed by the owner only, each
 * change audited and told to the overlays at once.
 */
export class AlertSettingsStore {
  private cache: AlertSettings;
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: Pick<AuditLog, 'record'>,
    private readonly onChanged: (settings: AlertSettings) => void,
  ) {
    this.sql = {
      get: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      save: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
    this.cache = this.read();
  }

  settings(): AlertSettings {
    return this.cache;
  }

  /** `hasSound` says whether an uploaded sound a tier names is kept (main/overlay/sound-files.ts). */
  update(body: SchemaBody<'PUT /api/overlay/alerts'>, caller: Caller, campaignCurrency: string | null, hasSound: (id: string) => boolean): Result<AlertSettings> {
    if (!campaignCurrency) return { ok: false, error: 'create the campaign first: tiers are amounts in its currency' };
    const tiers = checkTiers(body.tiers, campaignCurrency);
    if (!tiers.ok) return tiers;
    for (const [index, tier] of tiers.value.entries()) {
      const own = ownSoundId(tier.sound);
      if (own !== null && !hasSound(own)) return { ok: false, error: `tier ${index + 1}: no uploaded sound has the id ${own} (it may have been removed): upload it again` };
    }
    const next: AlertSettings = { tiers: tiers.value, early: body.early ?? this.cache.early };
    const before = this.cache;
    durably(this.db, () => {
      this.sql.save.run(SETTINGS_KEY, JSON.stringify(next));
      this.audit.record(caller, { kind: 'settings', id: 'alerts', label: 'Alert tiers' }, 'update', {
        from: describeTiers(before),
        to: `${describeTiers(next)} (${campaignCurrency})`,
      });
    });
    this.cache = next;
    this.onChanged(next);
    return { ok: true, value: next };
  }

  private read(): AlertSettings {
    const stored = this.sql.get.get(SETTINGS_KEY)?.value;
    if (!stored) return NO_ALERT_SETTINGS;
    try {
      const parsed = JSON.parse(stored) as Partial<AlertSettings>;
      return { tiers: Array.isArray(parsed.tiers) ? parsed.tiers : [], early: parsed.early === true };
    } catch {
      return NO_ALERT_SETTINGS;
    }
  }
}
