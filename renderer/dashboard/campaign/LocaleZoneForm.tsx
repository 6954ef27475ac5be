import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { CAMPAIGN_LOCALES, type CampaignLocale, LOCALES } from '../../../shared/locales/index.js';
import { typedExample } from '../../../shared/locales/typed-amount.js';
import { canonicalTimeZone } from '../../../shared/time-zone.js';
import type { CampaignView } from '../../../shared/views.js';
import { callApi } from '../../lib/api.js';
import { browserTimeZone, localeAmount } from '../../lib/format.js';
import { useAction } from '../../lib/use-action.js';
import { useDashboard } from '../store.js';

/** The language list, each in its own words ("Français"), for the setup form and the Campaign tab. */
export function LocaleSelect({ locale, onChange }: { locale: CampaignLocale; onChange: (locale: CampaignLocale) => void }) {
  return (
    <label>
      Language on stream
      <select data-testid="campaign-locale" value={locale} onChange={(e) => onChange(e.target.value as CampaignLocale)}>
        {CAMPAIGN_LOCALES.map((code) => (
          <option key={code} value={code}>{LOCALES[code].language}</option>
        ))}
      </select>
    </label>
  );
}

/** Every IANA zone this browser knows, for the field's suggestions; made once. */
let zoneList: readonly string[] | null = null;
function knownZones(): readonly string[] {
  zoneList ??= Intl.supportedValuesOf('timeZone');
  return zoneList;
}

/**
 * The owner's choice of the words and number format viewers read on stream, and of the zone the
 * team reads every time in. Saved together; each change is kept in the Audit tab.
 */
export function LocaleZoneForm({ campaign }: { campaign: CampaignView }) {
  const [locale, setLocale] = useState<CampaignLocale>(campaign.locale);
  const [zone, setZone] = useState(campaign.time_zone);
  const [saved, setSaved] = useState(false);
  const { busy, error, setError, run } = useAction();
  const browserZone = useMemo(browserTimeZone, []);
  useEffect(() => {
    setLocale(campaign.locale);
    setZone(campaign.time_zone);
  }, [campaign.locale, campaign.time_zone]);
  const dirty = locale !== campaign.locale || zone.trim() !== campaign.time_zone;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const canonical = canonicalTimeZone(zone.trim());
    if (!canonical) return setError(`"${zone.trim()}" is not a time zone this browser knows: pick one from the list, like Europe/Paris.`);
    const answer = await run(() => callApi('PATCH /api/campaign', { body: { locale, time_zone: canonical } }));
    if (!answer) return;
    useDashboard.getState().applyChange({ type: 'campaign', campaign: answer.campaign });
    setSaved(true);
  };

  return (
    <form className="panel setup-form campaign-locale" data-testid="campaign-locale-form" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Language and time zone</h2>
      <LocaleSelect locale={locale} onChange={(next) => { setLocale(next); setSaved(false); }} />
      <p className="hint" data-testid="campaign-locale-sample">
        On stream, money reads <strong>{localeAmount({ value: '10340.94', currency: campaign.currency }, locale)}</strong>;
        amounts here are typed like {typedExample(locale)}.
      </p>
      <label>
        Time zone
        <input data-testid="campaign-time-zone" list="campaign-time-zones" value={zone} spellCheck={false}
          onChange={(e) => { setZone(e.target.value); setSaved(false); }} />
        <datalist id="campaign-time-zones">
          {knownZones().map((name) => <option key={name} value={name} />)}
        </datalist>
      </label>
      <p className="hint">
        Every time on the dashboard is shown in this zone, with its name, for the whole team.
        {zone.trim() !== browserZone && (
          <>
            {' '}
            <button type="button" className="quiet" data-testid="campaign-zone-browser" onClick={() => { setZone(browserZone); setSaved(false); }}>
              Use this browser&apos;s zone ({browserZone})
            </button>
          </>
        )}
      </p>
      {error && <p className="form-error" role="alert" data-testid="campaign-locale-error">{error}</p>}
      <div className="campaign-actions">
        <button type="submit" className="primary" data-testid="campaign-locale-save" disabled={busy || !dirty}>
          {busy ? 'Saving…' : 'Save language and zone'}
        </button>
        {saved && !dirty && <span className="badge good" data-testid="campaign-locale-saved">Saved</span>}
      </div>
    </form>
  );
}
