import type { OverlayLeader } from '../../shared/contract.js';
import type { CurrencyCode } from '../../shared/currencies.js';
import { formatMinor } from '../../shared/money.js';
import type { Db } from '../store/database.js';

/** The most places the leaderboard widget shows (its count option goes up to 10). */
export const LEADERS_MAX = 10;
/** Named donors read to fill those places: some may have no approved donation yet. */
const CANDIDATES = 40;

/**
 * Of the names given (a JSON array), those the overlay has shown: on a donation approved or
 * read, not anonymous, under its current name. The one rule for naming a donor to the public,
 * shared by the viewers' top donors (charts) and the overlay's leaderboard.
 */
export const SHOWN_NAMES_SQL = `SELECT n.value AS name FROM json_each(?) n
  WHERE EXISTS (
    SELECT 1 FROM donations d LEFT JOIN donation_state s ON s.donation_seq = d.event_seq
    WHERE d.screening IN ('approved', 'read') AND d.type = 'donation'
      AND (CASE WHEN s.donation_seq IS NULL THEN d.anonymous ELSE s.anonymous END) = 0
      AND TRIM(CASE WHEN s.donation_seq IS NULL THEN d.donor_name ELSE s.donor_name END) = n.value)`;

interface DonorRow {
  donor: string;
  total: number;
  donations: number;
}

/**
 * The donors leaderboard for the overlay, from donor_totals (each donor's money in campaign
 * currency with refunds and corrections, kept at ingest). A donor is named only once a donation
 * under that name was approved; until then the donor is left off (their money stays in the
 * total). The anonymous donors are one place, "Anonymous", never named.
 */
export class Leaderboard {
  private readonly sql;
  /**
   * Names known to be shown. A name once shown stays shown until a shown donation is taken off
   * the screen, which clears this (forget()); only the names not shown yet are looked up again.
   */
  private readonly shown = new Set<string>();

  constructor(db: Db) {
    this.sql = {
      named: db.prepare<[number], DonorRow>(
        `SELECT donor, total_minor AS total, donations FROM donor_totals
         WHERE donor <> '' AND total_minor > 0 ORDER BY total_minor DESC, first_seq LIMIT ?`,
      ),
      anonymous: db.prepare<[], DonorRow>("SELECT donor, total_minor AS total, donations FROM donor_totals WHERE donor = '' AND total_minor > 0"),
      shownNames: db.prepare<[string], { name: string }>(SHOWN_NAMES_SQL),
    };
  }

  /** A shown donation was hidden again: its name may no longer be shown. */
  forget(): void {
    this.shown.clear();
  }

  top(currency: CurrencyCode): OverlayLeader[] {
    const candidates = this.sql.named.all(CANDIDATES);
    const unknown = candidates.map((c) => c.donor).filter((name) => !this.shown.has(name));
    if (unknown.length > 0) for (const row of this.sql.shownNames.all(JSON.stringify(unknown))) this.shown.add(row.name);
    const places: { name: string | null; row: DonorRow }[] = candidates.filter((c) => this.shown.has(c.donor)).map((row) => ({ name: row.donor, row }));
    const anonymous = this.sql.anonymous.get();
    if (anonymous) places.push({ name: null, row: anonymous });
    // Stable: among equal totals the named donors keep their order (who gave first) before "Anonymous".
    places.sort((a, b) => b.row.total - a.row.total);
    return places.slice(0, LEADERS_MAX).map((place, index) => ({
      rank: index + 1,
      name: place.name,
      total: { value: formatMinor(place.row.total, currency), currency },
      donations: place.row.donations,
    }));
  }
}

/** The hub's reader of the leaderboard: in the campaign's currency, empty before there is one. */
export function overlayLeaders(campaign: () => { currency: string } | null, board: Leaderboard): { top(): OverlayLeader[]; forget(): void } {
  return {
    top: () => {
      const current = campaign();
      return current ? board.top(current.currency as CurrencyCode) : [];
    },
    forget: () => board.forget(),
  };
}
