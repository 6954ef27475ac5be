import { type FormEvent, useState } from 'react';
import { isCurrencyCode, minorUnitExponent } from '../../shared/currencies.js';
import {
  PLEDGE_VALUE_KEYS,
  type CampaignInput,
  type CampaignView,
  type PledgePart,
  type PledgeUnit,
  type PledgeUnitTotal,
  type PledgeValueKey,
} from '../../shared/views.js';
import { readAmountInput } from '../lib/amount-input.js';
import { callApi, failureMessage } from '../lib/api.js';
import './TwitchChat.css';
import { displayAmount } from '../lib/format.js';
import { useDashboard } from './store.js';

const VALUE_LABELS: Record<PledgeValueKey, string> = {
  sub_tier1: 'Tier 1 sub month',
  sub_tier2: 'Tier 2 sub month',
  sub_tier3: 'Tier 3 sub month',
  sub_prime: 'Prime sub month',
  bits_100: '100 bits',
  yt_membership: 'YouTube membership month',
};
/** Subs count in months: a 6-month gift or a sub bought 6 months up front is 6 (issue 20). */
const UNIT_WORDS: Record<PledgeUnit, [string, string]> = {
  sub_tier1: ['tier 1 sub month', 'tier 1 sub months'],
  sub_tier2: ['tier 2 sub month', 'tier 2 sub months'],
  sub_tier3: ['tier 3 sub month', 'tier 3 sub months'],
  sub_prime: ['Prime sub month', 'Prime sub months'],
  bits: ['bit', 'bits'],
  yt_membership: ['YouTube membership month', 'YouTube membership months'],
};

/** How each kind of line is said under its pledge line: one, many. */
const PART_WORDS: Record<PledgePart, [string, string]> = {
  sub: ['sub', 'subs'],
  resub: ['resub', 'resubs'],
  gift: ['gift', 'gifts'],
  prime_upgrade: ['Prime upgrade', 'Prime upgrades'],
  gift_upgrade: ['gift continued', 'gifts continued'],
  cheer: ['cheer', 'cheers'],
  earlier: ['counted earlier', 'counted earlier'],
  member: ['new member', 'new members'],
  member_milestone: ['member milestone', 'member milestones'],
  member_gift: ['gifted batch', 'gifted batches'],
};

/** "5 subs", "1 gift (6 months)", "3 cheers (1,050 bits)", "12 counted earlier". */
function partText(unit: PledgeUnitTotal, part: PledgeUnitTotal['parts'][number]): string {
  if (part.part === 'earlier') return `${part.count.toLocaleString('en')} counted earlier`;
  const words = PART_WORDS[part.part][part.lines === 1 ? 0 : 1];
  const what = unit.unit === 'bits' ? 'bits' : 'months';
  const extra = part.count === part.lines && unit.unit !== 'bits' ? '' : ` (${part.count.toLocaleString('en')} ${part.count === 1 ? what.slice(0, -1) : what})`;
  return `${part.lines.toLocaleString('en')} ${words}${extra}`;
}

/**
 * Under the total: Twitch subs, bits and Hype Chat, apart from the money, with what they are
 * worth and what each line is made of.
 */
export function PledgeTotalsLine() {
  const pledges = useDashboard((s) => s.totals?.pledges);
  if (!pledges || (pledges.units.length === 0 && pledges.paid_messages.length === 0)) return null;
  const paid = pledges.paid_messages;
  const valued = pledges.units.some((u) => u.value !== null) || paid.some((p) => p.value !== null);
  const unvalued = pledges.units.filter((u) => u.value === null);
  const unconverted = paid.filter((p) => p.value === null);
  const messages = paid.reduce((n, p) => n + p.messages, 0);
  return (
    <div className="pledge-line" data-testid="pledge-line" data-value={pledges.value.value}>
      {valued && (
        <p>
          <strong>+ {displayAmount(pledges.value)}</strong> pledged in {paid.length > 0 ? 'subs, bits and Hype Chat' : 'subs and bits'}
          <span className="hint"> · {displayAmount(pledges.with_pledges)} with pledges</span>
        </p>
      )}
      <ul className="pledge-units">
        {pledges.units.map((u) => (
          <li key={u.unit} data-testid="pledge-unit" data-unit={u.unit} data-count={u.count}>
            <span className="pledge-count">{u.count.toLocaleString('en')} {UNIT_WORDS[u.unit][u.count === 1 ? 0 : 1]}</span>
            {u.each && u.value && <span className="hint"> × {displayAmount(u.each)} = {displayAmount(u.value)}</span>}
            {u.parts.length > 0 && <span className="pledge-parts" data-testid="pledge-parts">: {u.parts.map((p) => partText(u, p)).join(', ')}</span>}
          </li>
        ))}
        {paid.length > 0 && (
          <li data-testid="pledge-paid-messages" data-messages={messages}>
            <span className="pledge-count">{messages.toLocaleString('en')} Hype {messages === 1 ? 'Chat' : 'Chats'}</span>
            <span className="pledge-parts">
              : {paid.map((p) => `${displayAmount(p.amount)}${p.value && p.currency !== p.value.currency ? ` (${displayAmount(p.value)})` : ''}`).join(' + ')}
            </span>
            <span className="hint"> at what viewers paid Twitch</span>
          </li>
        )}
      </ul>
      {(unvalued.length > 0 || unconverted.length > 0) && (
        <p className="hint pledge-missing" data-testid="pledge-missing">
          Not in this figure:
          {unvalued.length > 0 && ` ${unvalued.map((u) => UNIT_WORDS[u.unit][1]).join(', ')} (no value set)`}
          {unvalued.length > 0 && unconverted.length > 0 && ';'}
          {unconverted.length > 0 && ` Hype Chat in ${unconverted.map((p) => p.currency).join(', ')} (no exchange rate yet)`}
        </p>
      )}
    </div>
  );
}

type Drafts = Record<PledgeValueKey, string>;
const draftsOf = (campaign: CampaignView): Drafts =>
  Object.fromEntries(PLEDGE_VALUE_KEYS.map((k) => [k, campaign.pledge_values[k]?.value ?? ''])) as Drafts;

function inputOf(campaign: CampaignView): Omit<CampaignInput, 'pledge_values'> {
  const { title, cause, currency, goal, milestones, starts_at, duration_hours } = campaign;
  return { title, cause, currency, goal, milestones, starts_at, duration_hours };
}

/**
 * What one month of a sub of each tier and 100 bits are worth to the campaign (a 6-month gift
 * counts six). Empty: not counted. Subs
 * and bits are promises Twitch pays later, so they stay apart from the money raised.
 */
export function PledgeValuesForm({ campaign }: { campaign: CampaignView }) {
  const [drafts, setDrafts] = useState<Drafts>(() => draftsOf(campaign));
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [saving, setSaving] = useState(false);
  const places = isCurrencyCode(campaign.currency) ? minorUnitExponent(campaign.currency) : 2;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const values: Record<string, string | null> = {};
    for (const key of PLEDGE_VALUE_KEYS) {
      const typed = drafts[key].trim();
      if (typed === '') {
        values[key] = null;
        continue;
      }
      const read = readAmountInput(typed, campaign.currency, `the value of a ${VALUE_LABELS[key].toLowerCase()}`, campaign.locale);
      if (!read.ok) {
        setError(read.error);
        return;
      }
      values[key] = read.value.value;
    }
    setError(null);
    setSaving(true);
    try {
      const saved = await callApi('PUT /api/campaign', { body: { ...inputOf(campaign), pledge_values: values } });
      useDashboard.getState().applyChange({ type: 'campaign', campaign: saved.campaign });
      setDrafts(draftsOf(saved.campaign));
      setDone(true);
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="panel pledge-values">
      <h2>What subs and bits are worth</h2>
      <form data-testid="pledge-values-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="pledge-value-grid">
          {PLEDGE_VALUE_KEYS.map((key) => (
            <label key={key}>
              {VALUE_LABELS[key]}
              <span className="with-unit">
                <input data-testid={`pledge-value-${key}`} inputMode="decimal" value={drafts[key]} placeholder="not counted"
                  onChange={(e) => { setDrafts((d) => ({ ...d, [key]: e.target.value })); setDone(false); }} />
                <span className="unit">{campaign.currency}</span>
              </span>
            </label>
          ))}
        </div>
        <p className="hint">
          In {campaign.currency}{places === 0 ? ', whole numbers' : `, up to ${places} decimals`}. Leave empty to not count it. Shown
          apart from the money raised.
        </p>
        {error && <p className="form-error" role="alert" data-testid="pledge-values-error">{error}</p>}
        {done && <p className="form-done" role="status" data-testid="pledge-values-done">Saved.</p>}
        <button type="submit" className="secondary" data-testid="pledge-values-submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save values'}
        </button>
      </form>
    </div>
  );
}
