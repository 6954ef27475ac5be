import { WallTimeInput } from '../lib/WallTimeInput.js';
import { type FormEvent, useState } from 'react';
import { isCurrencyCode, minorUnitExponent } from '../../shared/currencies.js';
import { typedExample } from '../../shared/locales/typed-amount.js';
import { LocaleSelect } from './campaign/LocaleZoneForm.js';
import { callApi, failureMessage } from '../lib/api.js';
import { type CampaignDraft, emptyCampaignDraft, readCampaignDraft } from './campaign-draft.js';
import { DemoButton } from './demo/DemoButton.js';
import { CurrencyPicker } from './currency/CurrencyPicker.js';
import { MilestonesEditor } from './MilestonesEditor.js';
import { useDashboard } from './store.js';

function decimalsHint(currency: string): string {
  if (!isCurrencyCode(currency)) return '';
  const places = minorUnitExponent(currency);
  return places === 0 ? `${currency} has no decimals` : `up to ${places} decimals`;
}

/** The first-run screen: one form that creates the campaign, or a way to look at the demo first. */
export function CampaignSetup() {
  const [draft, setDraft] = useState<CampaignDraft>(() => emptyCampaignDraft(new Date(), navigator.languages));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const edit = (patch: Partial<CampaignDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = readCampaignDraft(draft);
    if (!checked.ok) {
      setError(checked.error);
      return;
    }
    setError(null);
    setSaving(true);
    try {
      const { campaign } = await callApi('PUT /api/campaign', { body: checked.value });
      // The hub announces it too; applying the answer now spares a wait when the socket lags.
      useDashboard.getState().applyChange({ type: 'campaign', campaign });
    } catch (failure) {
      setError(failureMessage(failure));
      setSaving(false);
    }
  };

  return (
    <main className="setup">
      <header className="setup-intro">
        <h1>Set up your marathon</h1>
        <p>
          Tell Telethon Desk what you are raising money for. You can connect donation sources and the OBS overlay
          next.
        </p>
        <DemoButton className="setup-demo" />
        <p className="hint">The demo runs a simulated marathon in a separate data folder; nothing here is touched.</p>
      </header>

      <form className="panel setup-form" data-testid="campaign-form" onSubmit={(e) => void submit(e)} noValidate>
        <label>
          Title
          <input data-testid="campaign-title" value={draft.title} maxLength={120} autoFocus
            placeholder="48 hours for the Rohingya camps" onChange={(e) => edit({ title: e.target.value })} />
        </label>
        <label>
          Cause
          <textarea data-testid="campaign-cause" value={draft.cause} rows={2} maxLength={500}
            placeholder="Clean water and schooling in Cox's Bazar" onChange={(e) => edit({ cause: e.target.value })} />
        </label>
        <div className="field-row">
          <label>
            Currency
            <CurrencyPicker testId="campaign-currency" value={draft.currency} onChange={(currency) => edit({ currency })} />
          </label>
          <label className="grow">
            Goal in {draft.currency}
            <input data-testid="campaign-goal" inputMode="decimal" value={draft.goal} placeholder="50000"
              onChange={(e) => edit({ goal: e.target.value })} />
            <span className="hint">Written like {typedExample(draft.locale)} ({decimalsHint(draft.currency)}).</span>
          </label>
        </div>
        <MilestonesEditor milestones={draft.milestones} currency={draft.currency} onChange={(milestones) => edit({ milestones })} />
        <div className="field-row">
          <label className="grow">
            Starts at
            <WallTimeInput testId="campaign-starts-at" zone={draft.timeZone} value={draft.startsAt}
              onChange={(e) => edit({ startsAt: e.target.value })} />
          </label>
          <label>
            Duration (hours)
            <input data-testid="campaign-duration" inputMode="numeric" value={draft.durationHours}
              onChange={(e) => edit({ durationHours: e.target.value })} />
          </label>
        </div>
        <LocaleSelect locale={draft.locale} onChange={(locale) => edit({ locale })} />
        <p className="hint" data-testid="campaign-zone-hint">
          Times are shown in {draft.timeZone}, this browser&apos;s time zone; the Campaign tab can change it.
        </p>
        {error && <p className="form-error" role="alert" data-testid="campaign-error">{error}</p>}
        <button type="submit" className="primary" data-testid="campaign-submit" disabled={saving}>
          {saving ? 'Saving…' : 'Start the campaign'}
        </button>
      </form>
    </main>
  );
}
