import { type FormEvent, useEffect, useState } from 'react';
import type { CampaignLocale } from '../../../shared/locales/index.js';
import { typedValue } from '../../../shared/locales/typed-amount.js';
import type { CampaignView, Milestone } from '../../../shared/views.js';
import { callApi } from '../../lib/api.js';
import { teamTime } from '../../lib/format.js';
import { readAmountInput } from '../../lib/amount-input.js';
import { useAction } from '../../lib/use-action.js';
import { useNow } from '../../lib/use-now.js';
import { type MilestoneDraft, readMilestoneDrafts } from '../campaign-draft.js';
import { MilestonesEditor, milestoneKey } from '../MilestonesEditor.js';
import { useDashboard } from '../store.js';
import { ClosePanel } from './ClosePanel.js';
import { ReportPanel } from './ReportPanel.js';
import { LocaleZoneForm } from './LocaleZoneForm.js';
import './campaign.css';

interface EditDraft {
  title: string;
  cause: string;
  goal: string;
  stretchGoals: MilestoneDraft[];
  milestones: MilestoneDraft[];
}

/** Amounts shown the way the campaign's language types them ("10000,00" in French). */
const rows = (marks: Milestone[], locale: CampaignLocale): MilestoneDraft[] =>
  marks.map((m) => ({ key: milestoneKey(), amount: typedValue(m.amount.value, locale), label: m.label }));

function draftOf(campaign: CampaignView): EditDraft {
  return {
    title: campaign.title,
    cause: campaign.cause,
    goal: typedValue(campaign.goal.value, campaign.locale),
    stretchGoals: rows(campaign.stretch_goals, campaign.locale),
    milestones: rows(campaign.milestones, campaign.locale),
  };
}

/** The owner's page for the campaign on air: goal, stretch goals, milestones, words and the end. */
export function CampaignEditor() {
  const campaign = useDashboard((s) => s.campaign);
  if (!campaign) return null;
  return (
    <div className="campaign-editor" data-testid="campaign-editor">
      <GoalsForm campaign={campaign} />
      <div className="campaign-side">
        <EndPanel campaign={campaign} />
        <LocaleZoneForm campaign={campaign} />
        <ReportPanel />
        <ClosePanel campaign={campaign} />
      </div>
    </div>
  );
}

function GoalsForm({ campaign }: { campaign: CampaignView }) {
  const [draft, setDraft] = useState(() => draftOf(campaign));
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState(false);
  const { busy, error, setError, run } = useAction();
  const edit = (patch: Partial<EditDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
    setSaved(false);
  };
  // Another dashboard (or this one's save) changed the campaign: show it, unless typing is under way.
  useEffect(() => {
    if (!dirty) setDraft(draftOf(campaign));
  }, [campaign, dirty]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const goal = readAmountInput(draft.goal, campaign.currency, 'the goal', campaign.locale);
    const stretchGoals = readMilestoneDrafts(draft.stretchGoals, campaign.currency, 'Stretch goal', campaign.locale);
    const milestones = readMilestoneDrafts(draft.milestones, campaign.currency, 'Milestone', campaign.locale);
    const problem = [goal, stretchGoals, milestones].find((r) => !r.ok);
    if (problem && !problem.ok) return setError(problem.error);
    if (!goal.ok || !stretchGoals.ok || !milestones.ok) return;
    const answer = await run(() =>
      callApi('PATCH /api/campaign', {
        body: { title: draft.title, cause: draft.cause, goal: goal.value, stretch_goals: stretchGoals.value, milestones: milestones.value },
      }),
    );
    if (!answer) return;
    // The hub announces it too; applying the answer now spares a wait when the socket lags.
    useDashboard.getState().applyChange({ type: 'campaign', campaign: answer.campaign });
    setDirty(false);
    setSaved(true);
  };

  return (
    <form className="panel setup-form campaign-goals" data-testid="campaign-edit-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Goal, stretch goals and milestones</h2>
      <p className="hint">
        Changes show at once on every dashboard and on the overlay. Each change is kept in the Audit tab. A goal below
        what is raised is allowed: the overlay then says the goal is reached.
      </p>
      <label>
        Title
        <input data-testid="edit-title" value={draft.title} maxLength={120} onChange={(e) => edit({ title: e.target.value })} />
      </label>
      <label>
        Cause
        <textarea data-testid="edit-cause" value={draft.cause} rows={2} maxLength={500} onChange={(e) => edit({ cause: e.target.value })} />
      </label>
      <label>
        Goal in {campaign.currency}
        <input data-testid="edit-goal" inputMode="decimal" value={draft.goal} onChange={(e) => edit({ goal: e.target.value })} />
      </label>
      <MilestonesEditor kind="stretch" milestones={draft.stretchGoals} currency={campaign.currency}
        onChange={(stretchGoals) => edit({ stretchGoals })} />
      <MilestonesEditor milestones={draft.milestones} currency={campaign.currency} onChange={(milestones) => edit({ milestones })} />
      <p className="hint">To move a milestone, change its amount: they are kept lowest first.</p>
      {error && <p className="form-error" role="alert" data-testid="edit-error">{error}</p>}
      <div className="campaign-actions">
        <button type="submit" className="primary" data-testid="edit-save" disabled={busy || !dirty}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
        {dirty && (
          <button type="button" className="quiet" data-testid="edit-discard" onClick={() => { setDirty(false); setError(null); }}>
            Discard changes
          </button>
        )}
        {saved && !dirty && <span className="badge good" data-testid="edit-saved">Saved · on air now</span>}
      </div>
    </form>
  );
}

function hoursAndMinutes(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function EndPanel({ campaign }: { campaign: CampaignView }) {
  const [hours, setHours] = useState('1');
  const { busy, error, setError, run } = useAction();
  const now = useNow(30_000);
  const endsAt = Date.parse(campaign.ends_at);
  const left = endsAt - now;

  const extend = async (event: FormEvent) => {
    event.preventDefault();
    const typed = hours.trim();
    if (!/^-?\d{1,3}$/.test(typed) || Number(typed) === 0) return setError('Extend by a whole number of hours, like 6 (or -1 to take one back).');
    const answer = await run(() => callApi('PATCH /api/campaign', { body: { extend_hours: Number(typed) } }));
    if (answer) useDashboard.getState().applyChange({ type: 'campaign', campaign: answer.campaign });
  };

  return (
    <form className="panel setup-form campaign-end" data-testid="campaign-end" onSubmit={(e) => void extend(e)} noValidate>
      <h2>End of the marathon</h2>
      <p>
        Ends <strong data-testid="campaign-ends-at">{teamTime(endsAt, { now })}</strong>
        {' · '}
        <span data-testid="campaign-time-left">{left > 0 ? `${hoursAndMinutes(left)} to go` : 'ended'}</span>
        {' · '}
        {campaign.duration_hours} hours in all
      </p>
      <div className="field-row">
        <label>
          Extend by (hours)
          <input data-testid="extend-hours" inputMode="numeric" value={hours} onChange={(e) => setHours(e.target.value)} />
        </label>
        <button type="submit" className="primary" data-testid="extend-submit" disabled={busy}>
          {busy ? 'Extending…' : 'Extend'}
        </button>
      </div>
      {error && <p className="form-error" role="alert" data-testid="extend-error">{error}</p>}
    </form>
  );
}
