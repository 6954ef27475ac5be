import { type CurrencyCode, minorUnitExponent } from '../../shared/currencies.js';
import { type AssignmentPartView, type AssignmentView, lookalikeKey, matchKey } from '../../shared/incentives.js';
import { formatMinor, parseDecimalMinor } from '../../shared/money.js';
import type { Caller } from '../people/invites.js';
import type { AuditLog } from '../screening/audit.js';
import type { Db } from '../store/database.js';
import { type IncentiveRow, IncentiveRefused, type Incentives, type OptionRow, amount } from './incentives.js';
import { type DonorChoice, namesInMessage } from './matching.js';
import { settleIncentiveShares } from './running.js';
import { DONATION_NOW_SQL, partShares } from './totals.js';

/** One part of a moderator's assignment, as the API takes it. */
export interface PartInput {
  incentive_id: number;
  option_id?: number | null | undefined;
  /** Campaign currency; may be left out when the one part takes the whole donation. */
  amount?: string | undefined;
}

export interface AssignInput {
  /** The version the moderator saw (0: none yet): another moderator's change since is a 409. */
  expected_version: number;
  parts: PartInput[];
  /** What stays with the campaign when the parts do not take it all ("0" when left out). */
  to_campaign?: string | undefined;
  reason?: string | null | undefined;
}

interface DonationRow {
  seq: number;
  type: 'donation' | 'refund';
  campaign_currency: string;
  now_minor: number | null;
}

interface CurrentRow {
  id: number;
  version: number;
  status: 'suggested' | 'accepted';
  basis_minor: number | null;
  actor: string;
  actor_name: string;
  reason: string | null;
  at: number;
}

/** Who writes the suggestions read from donors at ingest. */
const INGEST_CALLER: Caller = { role: 'owner', actor: 'ingest', name: 'Donor’s choice' };

/**
 * Where each donation's money goes among the incentives: suggested at ingest from what the
 * donor wrote or chose, then accepted, changed or split by a moderator. Each assignment is a
 * new version written in one transaction with its parts and its audit entry.
 */
export class Assignments {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly incentives: Incentives,
    private readonly audit: AuditLog,
    private readonly events: { changed(donationSeq: number): void },
    private readonly now: () => number = Date.now,
  ) {
    this.sql = {
      donation: db.prepare<[number], DonationRow>(
        `SELECT d.event_seq AS seq, d.type, d.campaign_currency, ${DONATION_NOW_SQL} AS now_minor FROM donations d WHERE d.event_seq = ?`,
      ),
      current: db.prepare<[number], CurrentRow>(
        'SELECT id, version, status, basis_minor, actor, actor_name, reason, at FROM donation_assignments WHERE donation_seq = ? ORDER BY version DESC LIMIT 1',
      ),
      parts: db.prepare<[number], { incentive_id: number; option_id: number | null; amount_minor: number | null }>(
        'SELECT incentive_id, option_id, amount_minor FROM donation_assignment_parts WHERE assignment_id = ? ORDER BY id',
      ),
      insert: db.prepare(
        'INSERT INTO donation_assignments (donation_seq, version, status, basis_minor, actor, actor_name, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      tiltifyLink: db.prepare<[string, string], { incentive_id: number; option_id: number | null }>(
        'SELECT incentive_id, option_id FROM tiltify_items WHERE kind = ? AND tiltify_id = ? AND incentive_id IS NOT NULL LIMIT 1',
      ),
      insertPart: db.prepare('INSERT INTO donation_assignment_parts (assignment_id, incentive_id, option_id, amount_minor) VALUES (?, ?, ?, ?)'),
    };
  }

  get(donationSeq: number): AssignmentView | null {
    const donation = this.sql.donation.get(donationSeq);
    if (!donation) return null;
    const currency = donation.campaign_currency as CurrencyCode;
    const current = this.sql.current.get(donationSeq);
    const rows = current ? this.sql.parts.all(current.id) : [];
    const shares = current?.status === 'accepted' ? partShares(current.basis_minor, donation.now_minor, rows.map((p) => p.amount_minor)) : rows.map((p) => p.amount_minor);
    const parts: AssignmentPartView[] = rows.map((p, k) => {
      const incentive = this.incentives.get(p.incentive_id);
      const option = p.option_id === null ? undefined : this.incentives.option(p.option_id);
      const share = shares[k];
      return {
        incentive_id: p.incentive_id,
        incentive_name: incentive?.name ?? '?',
        option_id: p.option_id,
        option_name: option?.name ?? null,
        amount: share === null || share === undefined ? null : amount(share, currency),
      };
    });
    const now = donation.now_minor;
    const taken = parts.every((p) => p.amount !== null) ? (shares as number[]).reduce((a, b) => a + b, 0) : now ?? 0;
    return {
      donation_id: donationSeq,
      version: current?.version ?? 0,
      status: current?.status ?? 'none',
      parts,
      donation_amount: now === null ? null : amount(now, currency),
      to_campaign: now === null ? null : amount(Math.max(0, now - taken), currency),
      reason: current?.reason ?? null,
      by: current ? { actor: current.actor, name: current.actor_name } : null,
      at: current ? new Date(current.at).toISOString() : null,
    };
  }

  /**
   * A moderator's assignment: accepted as given, or refused in words with nothing changed
   * (unknown, closed or archived incentive, an option that is not approved, parts that do not
   * sum to the donation); 409 when someone else assigned it since `expected_version`.
   */
  assign(donationSeq: number, input: AssignInput, caller: Caller): AssignmentView {
    const write = () => {
      const donation = this.sql.donation.get(donationSeq);
      if (!donation) throw new IncentiveRefused(404, 'no_donation', 'there is no donation with that id');
      if (donation.type !== 'donation') throw new IncentiveRefused(422, 'refund', 'a refund is not assigned: it takes back from wherever its donation went');
      const current = this.sql.current.get(donationSeq);
      const version = current?.version ?? 0;
      if (version !== input.expected_version) {
        throw new IncentiveRefused(
          409,
          'assignment_changed',
          `${current?.actor_name ?? 'Someone'} changed this donation's assignment at ${new Date(current?.at ?? 0).toISOString().slice(11, 19)} UTC ` +
            `(you saw version ${input.expected_version}, it is now version ${version}): look at it again, then assign it if it still needs it`,
        );
      }
      const currency = donation.campaign_currency as CurrencyCode;
      const parts = this.checkedParts(input, donation, currency);
      const basis = donation.now_minor;
      const next = version + 1;
      const before = current ? this.describe(this.sql.parts.all(current.id), currency) : 'the campaign';
      const after = this.describe(parts.map((p) => ({ incentive_id: p.incentive.id, option_id: p.option?.id ?? null, amount_minor: p.minor })), currency);
      const accepted = current?.status === 'suggested' && before === after;
      const id = Number(this.sql.insert.run(donationSeq, next, 'accepted', basis, caller.actor, caller.name, input.reason ?? null, this.now()).lastInsertRowid);
      for (const part of parts) this.sql.insertPart.run(id, part.incentive.id, part.option?.id ?? null, part.minor);
      this.audit.record(caller, { kind: 'donation', id: String(donationSeq), label: `Donation ${donationSeq}` }, accepted ? 'assignment_accepted' : parts.length > 1 ? 'assignment_split' : 'assigned', {
        from: current ? `${current.status}: ${before}` : before,
        to: after,
        reason: input.reason ?? null,
      });
      // The running totals move in the assignment's own transaction.
      settleIncentiveShares(this.db);
    };
    this.db.transaction(write).immediate();
    this.events.changed(donationSeq);
    const view = this.get(donationSeq);
    if (!view) throw new Error('the donation vanished');
    return view;
  }

  /**
   * At ingest, in the donation's transaction: what the donor chose (a field) or wrote (a
   * hashtag, "for ...") becomes a suggested assignment of the whole donation. A name that is
   * no open incentive or approved option suggests nothing: the money stays with the campaign.
   * A new option the donor proposes waits for a moderator where the bid war takes suggestions.
   */
  suggest(donationSeq: number, message: string | null, choice: DonorChoice | null): void {
    const found = this.findChoice(donationSeq, message, choice);
    if (!found) return;
    const donation = this.sql.donation.get(donationSeq);
    if (!donation || donation.type !== 'donation') return;
    // Screening off: no moderator looks, so the donor's choice counts at once (an approved option's);
    // otherwise it is a suggestion that counts once a moderator accepts it.
    const counts = this.incentives.screeningOff() && found.option?.state !== 'pending';
    const reason = counts ? `${found.reason}; screening is off, so it counts at once` : found.reason;
    const id = Number(this.sql.insert.run(donationSeq, 1, counts ? 'accepted' : 'suggested', donation.now_minor, INGEST_CALLER.actor, INGEST_CALLER.name, reason, this.now()).lastInsertRowid);
    this.sql.insertPart.run(id, found.incentive.id, found.option?.id ?? null, donation.now_minor);
    this.audit.record(INGEST_CALLER, { kind: 'donation', id: String(donationSeq), label: `Donation ${donationSeq}` }, counts ? 'assigned' : 'assignment_suggested', {
      to: `${found.incentive.name}${found.option ? ` → ${found.option.name}` : ''}`,
      reason,
    });
    settleIncentiveShares(this.db);
  }

  private findChoice(donationSeq: number, message: string | null, choice: DonorChoice | null): { incentive: IncentiveRow; option: OptionRow | null; reason: string } | null {
    const open = this.incentives.rows().filter((row) => row.state === 'open');
    if (open.length === 0) return null;
    const options = this.incentives.optionRows().filter((o) => o.state === 'approved' && open.some((row) => row.id === o.incentive_id));
    const byKey = (key: string) => {
      if (!key) return null;
      const incentive = open.find((row) => row.tag === key || matchKey(row.name) === key);
      if (incentive) return { incentive, option: null };
      const option = options.find((o) => matchKey(o.name) === key);
      const parent = option && open.find((row) => row.id === option.incentive_id);
      return option && parent ? { incentive: parent, option } : null;
    };
    const linked = this.tiltifyLinked(choice, open, options);
    if (linked) return linked;
    if (choice?.incentive) {
      const named = byKey(matchKey(choice.incentive));
      if (named && named.incentive.kind === 'bid_war' && named.option === null && choice.new_option) {
        const proposed = this.proposeOption(named.incentive, choice.new_option, donationSeq);
        if (proposed) return { incentive: named.incentive, option: proposed.option, reason: proposed.reason };
      }
      if (named && (named.incentive.kind === 'incentive' || named.option)) {
        return { ...named, reason: `the donor's choice: “${choice.incentive}”` };
      }
    }
    for (const key of message ? namesInMessage(message) : []) {
      const named = byKey(key);
      if (named && (named.incentive.kind === 'incentive' || named.option)) return { ...named, reason: `the message names “${named.option?.name ?? named.incentive.name}”` };
    }
    return null;
  }

  /** The incentive or option the owner linked to the Tiltify poll option, target or reward the donor picked. */
  private tiltifyLinked(choice: DonorChoice | null, open: IncentiveRow[], options: OptionRow[]): { incentive: IncentiveRow; option: OptionRow | null; reason: string } | null {
    const picked = choice?.tiltify;
    if (!picked) return null;
    const ids: [string, string | null, string][] = [
      ['poll_option', picked.poll_option_id, 'poll option'],
      ['target', picked.target_id, 'target'],
      ['reward', picked.reward_id, 'reward'],
    ];
    for (const [kind, id, what] of ids) {
      if (!id) continue;
      const link = this.sql.tiltifyLink.get(kind, id);
      if (!link) continue;
      const incentive = open.find((row) => row.id === link.incentive_id);
      if (!incentive) continue;
      const option = link.option_id === null ? null : options.find((o) => o.id === link.option_id) ?? null;
      if (incentive.kind === 'bid_war' && !option) continue;
      return { incentive, option, reason: `the donor picked the Tiltify ${what} linked to “${option?.name ?? incentive.name}”` };
    }
    return null;
  }

  /** A donor's proposed option: a new pending one, or the existing one it repeats. */
  private proposeOption(bidWar: IncentiveRow, name: string, donationSeq: number): { option: OptionRow; reason: string } | null {
    const key = lookalikeKey(name);
    const same = this.incentives.optionRows().find((o) => o.incentive_id === bidWar.id && o.state !== 'refused' && o.name_key === key);
    if (same) return same.state === 'approved' ? { option: same, reason: `the donor proposed “${name}”, which repeats the option “${same.name}”` } : null;
    const added = this.incentives.addOption(bidWar.id, name, INGEST_CALLER, donationSeq);
    if (!added.ok || added.value.state === 'refused') return null;
    const option = this.incentives.option(added.value.id);
    const waits = added.value.state === 'pending' ? ' (waiting for a moderator)' : '';
    return option ? { option, reason: `the donor proposed a new option “${name}”${waits}` } : null;
  }

  private checkedParts(input: AssignInput, donation: DonationRow, currency: CurrencyCode) {
    const exponent = minorUnitExponent(currency);
    const money = (value: string, what: string) => {
      const parsed = parseDecimalMinor(value, exponent);
      if (!parsed.ok) throw new IncentiveRefused(422, 'bad_amount', `${what}: ${parsed.error}`);
      return parsed.value;
    };
    const seen = new Set<string>();
    const parts = input.parts.map((part, k) => {
      const incentive = this.incentives.get(part.incentive_id);
      const which = `part ${k + 1}`;
      if (!incentive) throw new IncentiveRefused(422, 'unknown_incentive', `${which}: there is no incentive or bid war with id ${part.incentive_id}`);
      if (incentive.state === 'archived') throw new IncentiveRefused(422, 'incentive_archived', `${which}: “${incentive.name}” is archived: it takes no money; leave this part to the campaign`);
      if (incentive.state === 'closed') throw new IncentiveRefused(422, 'incentive_closed', `${which}: “${incentive.name}” is closed: it takes no more money; leave this part to the campaign`);
      let option: OptionRow | null = null;
      if (incentive.kind === 'bid_war') {
        if (part.option_id === undefined || part.option_id === null) throw new IncentiveRefused(422, 'no_option', `${which}: “${incentive.name}” is a bid war: say which option the money is for`);
        option = this.incentives.option(part.option_id) ?? null;
        if (!option || option.incentive_id !== incentive.id) throw new IncentiveRefused(422, 'unknown_option', `${which}: “${incentive.name}” has no option with id ${part.option_id}`);
        if (option.state === 'pending') throw new IncentiveRefused(422, 'option_pending', `${which}: the option “${option.name}” waits for a moderator's approval: approve it first`);
        if (option.state === 'refused') throw new IncentiveRefused(422, 'option_refused', `${which}: the option “${option.name}” was refused`);
      } else if (part.option_id !== undefined && part.option_id !== null) {
        throw new IncentiveRefused(422, 'not_a_bid_war', `${which}: “${incentive.name}” is an incentive with a goal: it has no options`);
      }
      const key = `${incentive.id}:${option?.id ?? ''}`;
      if (seen.has(key)) throw new IncentiveRefused(422, 'repeated_part', `${which}: “${option?.name ?? incentive.name}” is named twice: give it one part`);
      seen.add(key);
      const minor = part.amount === undefined ? null : money(part.amount, which);
      if (minor !== null && minor <= 0) throw new IncentiveRefused(422, 'bad_amount', `${which}: the amount must be more than zero`);
      return { incentive, option, minor };
    });
    const total = donation.now_minor;
    const show = (minor: number) => `${formatMinor(minor, currency)} ${currency}`;
    if (total === null) {
      if (parts.length > 1 || input.to_campaign !== undefined || parts.some((p) => p.minor !== null)) {
        throw new IncentiveRefused(422, 'no_campaign_amount', `this donation has no amount in ${currency} yet (no exchange rate for its currency): assign it whole to one incentive, or split it once the rate is set`);
      }
      return parts;
    }
    if (parts.length === 1 && parts[0]?.minor === null && input.to_campaign === undefined) return [{ ...parts[0], minor: total }];
    if (parts.some((p) => p.minor === null)) throw new IncentiveRefused(422, 'amount_missing', `a split gives every part its amount in ${currency}`);
    const toCampaign = input.to_campaign === undefined ? 0 : money(input.to_campaign, 'to_campaign');
    const sum = parts.reduce((a, p) => a + (p.minor ?? 0), 0) + toCampaign;
    if (sum !== total) {
      throw new IncentiveRefused(
        422,
        'split_does_not_sum',
        `the parts${toCampaign > 0 ? ' and what stays with the campaign' : ''} add up to ${show(sum)} but the donation is ${show(total)}: ` +
          `${sum < total ? `give the ${show(total - sum)} left to a part or to the campaign` : `take ${show(sum - total)} off`}`,
      );
    }
    return parts;
  }

  private describe(parts: { incentive_id: number; option_id: number | null; amount_minor: number | null }[], currency: CurrencyCode): string {
    if (parts.length === 0) return 'the campaign';
    return parts
      .map((p) => {
        const incentive = this.incentives.get(p.incentive_id);
        const option = p.option_id === null ? null : this.incentives.option(p.option_id);
        return `${incentive?.name ?? p.incentive_id}${option ? ` → ${option.name}` : ''}${p.amount_minor === null ? '' : ` ${formatMinor(p.amount_minor, currency)}`}`;
      })
      .join('; ');
  }
}
