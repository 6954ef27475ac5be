import { MAX_CAMPAIGN_VOLUME_MINOR, MoneyOutOfRange, formatMinor } from '../../shared/money.js';
import type { CurrencyCode } from '../../shared/currencies.js';
import type { Db } from '../store/database.js';

/** Money a write adds, without sign: in its own currency, and in campaign currency once converted. */
export interface VolumeDelta {
  currency: string;
  /** |amount| in `currency`'s minor units (0 when only the conversion is new). */
  amount: number;
  /** |amount| in campaign minor units (0 while it waits for a rate). */
  campaign: number;
}

/**
 * The campaign's money volume: every amount counted, added without its sign, in campaign
 * currency and per donation currency. Every total the app derives is a signed sum of some of
 * those amounts, so keeping the volume within MAX_CAMPAIGN_VOLUME_MINOR keeps every total exact.
 *
 * Summed once from the tables (TOTAL: a float that cannot overflow, good enough to compare with
 * the cap even for an old database past it), then kept current by the writers after each commit.
 * Writers check inside their transaction and add only once it has committed.
 */
export class MoneyVolume {
  private campaign: number | null = null;
  private readonly perCurrency = new Map<string, number>();
  private readonly sql;

  constructor(db: Db) {
    this.sql = {
      campaign: db.prepare<[], { total: number }>(
        `SELECT (SELECT TOTAL(ABS(campaign_minor)) FROM donations)
              + (SELECT TOTAL(ABS(campaign_delta_minor)) FROM donation_corrections) AS total`,
      ),
      perCurrency: db.prepare<[], { currency: string; total: number }>(
        `SELECT currency, TOTAL(amount) AS total FROM (
           SELECT currency, ABS(amount_minor) AS amount FROM donations
           UNION ALL
           SELECT d.currency, ABS(c.amount_delta_minor) FROM donation_corrections c JOIN donations d ON d.event_seq = c.donation_seq
         ) GROUP BY currency`,
      ),
    };
  }

  private load(): number {
    if (this.campaign === null) {
      this.campaign = this.sql.campaign.get()?.total ?? 0;
      this.perCurrency.clear();
      for (const row of this.sql.perCurrency.all()) this.perCurrency.set(row.currency, row.total);
    }
    return this.campaign;
  }

  /** Why adding `delta` would pass the campaign limit (in words), or null when it fits. */
  refusal(delta: VolumeDelta, campaignCurrency: CurrencyCode): string | null {
    const campaign = this.load();
    const limit = `${formatMinor(MAX_CAMPAIGN_VOLUME_MINOR, campaignCurrency)} ${campaignCurrency}`;
    if (campaign + delta.campaign > MAX_CAMPAIGN_VOLUME_MINOR) {
      return `this would take the campaign past the most money the app can count exactly (${limit} of donations, refunds and corrections together)`;
    }
    if ((this.perCurrency.get(delta.currency) ?? 0) + delta.amount > MAX_CAMPAIGN_VOLUME_MINOR) {
      const currency = delta.currency as CurrencyCode;
      return `this would take the ${currency} donations past the most money the app can count exactly (${formatMinor(MAX_CAMPAIGN_VOLUME_MINOR, currency)} ${currency})`;
    }
    return null;
  }

  /** After the write that `delta` describes has committed. */
  added(delta: VolumeDelta): void {
    if (this.campaign === null) return; // not loaded yet: the next load reads it from the tables
    this.campaign += delta.campaign;
    this.perCurrency.set(delta.currency, (this.perCurrency.get(delta.currency) ?? 0) + delta.amount);
  }

  /** Read again from the tables at the next check (after a restore, or a write outside the writers). */
  forget(): void {
    this.campaign = null;
  }
}

/**
 * A read that met money past the limits (an old database): a total that is not a safe integer,
 * or SQLite's SUM overflowing. Answered 503 with this sentence, never a crash.
 */
export function moneyOverflow(error: unknown): string | null {
  const overflow =
    error instanceof MoneyOutOfRange || (error instanceof Error && error.name === 'SqliteError' && /integer overflow/i.test(error.message));
  if (!overflow) return null;
  return `the database holds more money than the app can count exactly (more than ${MAX_CAMPAIGN_VOLUME_MINOR.toLocaleString('en')} minor units): totals cannot be shown; see "Limits" in the README`;
}
