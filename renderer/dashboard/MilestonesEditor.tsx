import type { MilestoneDraft } from './campaign-draft.js';

interface Props {
  milestones: MilestoneDraft[];
  currency: string;
  onChange(milestones: MilestoneDraft[]): void;
}

let nextKey = 1;

/** Milestones as rows of amount + label; viewers see the label when the total passes it. */
export function MilestonesEditor({ milestones, currency, onChange }: Props) {
  const update = (key: number, patch: Partial<MilestoneDraft>) =>
    onChange(milestones.map((m) => (m.key === key ? { ...m, ...patch } : m)));

  return (
    <fieldset className="milestones">
      <legend>Milestones</legend>
      {milestones.length === 0 && <p className="hint">Optional: what each step of money buys, like “1000 — a water pump”.</p>}
      {milestones.map((milestone, index) => (
        <div className="milestone-row" key={milestone.key} data-testid="milestone-row">
          <label>
            <span className="sr-only">Milestone {index + 1} amount in {currency}</span>
            <input
              data-testid="milestone-amount"
              inputMode="decimal"
              placeholder={`Amount (${currency})`}
              value={milestone.amount}
              onChange={(e) => update(milestone.key, { amount: e.target.value })}
            />
          </label>
          <label className="grow">
            <span className="sr-only">Milestone {index + 1} label</span>
            <input
              data-testid="milestone-label"
              maxLength={80}
              placeholder="What it buys"
              value={milestone.label}
              onChange={(e) => update(milestone.key, { label: e.target.value })}
            />
          </label>
          <button
            type="button"
            className="quiet"
            data-testid="milestone-remove"
            aria-label={`Remove milestone ${index + 1}`}
            onClick={() => onChange(milestones.filter((m) => m.key !== milestone.key))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="quiet"
        data-testid="milestone-add"
        onClick={() => onChange([...milestones, { key: nextKey++, amount: '', label: '' }])}
      >
        + Add a milestone
      </button>
    </fieldset>
  );
}
