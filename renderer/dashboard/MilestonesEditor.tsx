import type { MilestoneDraft } from './campaign-draft.js';

interface Props {
  milestones: MilestoneDraft[];
  currency: string;
  onChange(milestones: MilestoneDraft[]): void;
  /** The same rows for stretch goals: their own legend, words and test ids. */
  kind?: 'milestone' | 'stretch';
}

let nextKey = 1;

/** A new row's key, unique on the page (rows made from a saved campaign need them too). */
export function milestoneKey(): number {
  return nextKey++;
}

const WORDS = {
  milestone: { legend: 'Milestones', name: 'Milestone', hint: 'Optional: what each step of money buys, like “1000 — a water pump”.', add: '+ Add a milestone' },
  stretch: { legend: 'Stretch goals', name: 'Stretch goal', hint: 'Once the goal is reached the bar runs on to the next of these, each above the one before.', add: '+ Add a stretch goal' },
};

/** Milestones as rows of amount + label; viewers see the label when the total passes it. */
export function MilestonesEditor({ milestones, currency, onChange, kind = 'milestone' }: Props) {
  const words = WORDS[kind];
  const testId = (part: string) => (kind === 'milestone' ? `milestone-${part}` : `stretch-${part}`);
  const update = (key: number, patch: Partial<MilestoneDraft>) =>
    onChange(milestones.map((m) => (m.key === key ? { ...m, ...patch } : m)));

  return (
    <fieldset className="milestones" data-testid={testId('list')}>
      <legend>{words.legend}</legend>
      {milestones.length === 0 && <p className="hint">{words.hint}</p>}
      {milestones.map((milestone, index) => (
        <div className="milestone-row" key={milestone.key} data-testid={testId('row')}>
          <label>
            <span className="sr-only">{words.name} {index + 1} amount in {currency}</span>
            <input
              data-testid={testId('amount')}
              inputMode="decimal"
              placeholder={`Amount (${currency})`}
              value={milestone.amount}
              onChange={(e) => update(milestone.key, { amount: e.target.value })}
            />
          </label>
          <label className="grow">
            <span className="sr-only">{words.name} {index + 1} label</span>
            <input
              data-testid={testId('label')}
              maxLength={80}
              placeholder="What it buys"
              value={milestone.label}
              onChange={(e) => update(milestone.key, { label: e.target.value })}
            />
          </label>
          <button
            type="button"
            className="quiet"
            data-testid={testId('remove')}
            aria-label={`Remove ${words.name.toLowerCase()} ${index + 1}`}
            onClick={() => onChange(milestones.filter((m) => m.key !== milestone.key))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="quiet"
        data-testid={testId('add')}
        onClick={() => onChange([...milestones, { key: milestoneKey(), amount: '', label: '' }])}
      >
        {words.add}
      </button>
    </fieldset>
  );
}
