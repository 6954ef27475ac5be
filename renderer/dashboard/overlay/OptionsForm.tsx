import type { OverlayWidget } from '../../../shared/contract.js';
import { COMBINED_EXTRAS, type CombinedExtra, DEFAULT_OPTIONS, FONTS, type FontKey, type OptionName, type OverlayOptions, WIDGET_OPTIONS, extrasOf, parseColor, readOption } from '../../overlay/options.js';

const FONT_NAMES: Record<FontKey, string> = {
  system: 'System (clean)',
  rounded: 'Rounded',
  condensed: 'Condensed',
  serif: 'Serif',
  mono: 'Monospace',
  heavy: 'Heavy (Impact)',
};

function ColorField({ label, name, value, onChange, allowNone = false }: {
  label: string;
  name: OptionName;
  value: string | null;
  onChange: (value: string | null) => void;
  allowNone?: boolean;
}) {
  const hex = value && /^#[0-9a-f]{6}$/i.test(value) ? value : '#000000';
  return (
    <label className="ov-field">
      <span>{label}</span>
      <span className="ov-color">
        {allowNone && (
          <input type="checkbox" checked={value !== null} data-testid={`opt-${name}-on`} onChange={(e) => onChange(e.target.checked ? '#000000aa' : null)} aria-label={`${label} on`} />
        )}
        {value !== null && (
          <>
            <input type="color" value={hex} data-testid={`opt-${name}-picker`} onChange={(e) => onChange(e.target.value)} aria-label={`${label} colour`} />
            <TextColor value={value} name={name} onChange={onChange} />
          </>
        )}
        {value === null && <span className="hint">none</span>}
      </span>
    </label>
  );
}

/** Typed colours are checked like the overlay checks them: a bad one is shown, never sent. */
function TextColor({ value, name, onChange }: { value: string; name: OptionName; onChange: (value: string) => void }) {
  return (
    <input
      type="text"
      className="ov-color-text"
      defaultValue={value}
      key={value}
      data-testid={`opt-${name}`}
      spellCheck={false}
      onBlur={(e) => {
        const parsed = parseColor(e.target.value);
        if (parsed) onChange(parsed);
        else e.target.value = value;
      }}
    />
  );
}

function NumberField({ label, name, value, min, max, step, onChange, unit }: {
  label: string;
  name: OptionName;
  value: number;
  min: number;
  max: number;
  step: number;
  unit?: string;
  onChange: (value: number) => void;
}) {
  return (
    <label className="ov-field">
      <span>{label}</span>
      <span className="ov-number">
        <input
          type="number"
          min={min}
          max={max}
          step={step}
          value={value}
          data-testid={`opt-${name}`}
          onChange={(e) => {
            const number = Number(e.target.value);
            if (Number.isFinite(number) && number >= min && number <= max) onChange(number);
          }}
        />
        {unit && <span className="hint">{unit}</span>}
      </span>
    </label>
  );
}

function Toggle({ label, name, value, onChange }: { label: string; name: OptionName; value: boolean; onChange: (value: boolean) => void }) {
  return (
    <label className="ov-field ov-toggle">
      <input type="checkbox" checked={value} data-testid={`opt-${name}`} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}

function Choice<T extends string>({ label, name, value, choices, onChange }: {
  label: string;
  name: OptionName;
  value: T;
  choices: [T, string][];
  onChange: (value: T) => void;
}) {
  return (
    <label className="ov-field">
      <span>{label}</span>
      <select value={value} data-testid={`opt-${name}`} onChange={(e) => onChange(e.target.value as T)}>
        {choices.map(([choice, words]) => (
          <option key={choice} value={choice}>{words}</option>
        ))}
      </select>
    </label>
  );
}

const EXTRA_NAMES: Record<CombinedExtra, string> = {
  schedule: 'Now / up next',
  incentives: 'Incentive bars',
  bidwar: 'Bid war',
  prize: 'Prize to win',
  'team-total': 'Team total',
  'team-board': 'Team targets board',
};

/** The combined layout's extra widgets, one checkbox each. */
function ExtrasField({ value, onChange }: { value: OverlayOptions; onChange: (extras: string) => void }) {
  const chosen = extrasOf(value);
  return (
    <fieldset className="ov-field ov-extras" data-testid="opt-extras">
      <legend>Also show</legend>
      {COMBINED_EXTRAS.map((extra) => (
        <label key={extra} className="ov-toggle">
          <input
            type="checkbox"
            checked={chosen.includes(extra)}
            data-testid={`opt-extra-${extra}`}
            onChange={(e) => onChange(COMBINED_EXTRAS.filter((n) => (n === extra ? e.target.checked : chosen.includes(n))).join(','))}
          />
          <span>{EXTRA_NAMES[extra]}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** The options of one widget (only those it reads); every change goes into its URL. */
export function OptionsForm({ widget, options, currency, onChange }: {
  widget: OverlayWidget;
  options: OverlayOptions;
  currency: string;
  onChange: (options: OverlayOptions) => void;
}) {
  const has = (name: OptionName) => WIDGET_OPTIONS[widget].includes(name);
  const set = <K extends OptionName>(name: K) => (value: OverlayOptions[K]) => onChange({ ...options, [name]: value });
  return (
    <form className="ov-options" data-testid="overlay-options" onSubmit={(e) => e.preventDefault()}>
      {has('color') && <ColorField label="Text" name="color" value={options.color} onChange={(v) => set('color')(v ?? DEFAULT_OPTIONS.color)} />}
      {has('accent') && <ColorField label="Accent" name="accent" value={options.accent} onChange={(v) => set('accent')(v ?? DEFAULT_OPTIONS.accent)} />}
      {has('panel') && <ColorField label="Backdrop" name="panel" value={options.panel} allowNone onChange={set('panel')} />}
      {has('font') && (
        <Choice label="Font" name="font" value={options.font} choices={(Object.keys(FONTS) as FontKey[]).map((f) => [f, FONT_NAMES[f]])} onChange={set('font')} />
      )}
      {has('scale') && <NumberField label="Size" name="scale" value={options.scale} min={0.5} max={3} step={0.05} unit="× (1 = 1080p)" onChange={set('scale')} />}
      {has('align') && <Choice label="Align" name="align" value={options.align} choices={[['left', 'Left'], ['center', 'Centre'], ['right', 'Right']]} onChange={set('align')} />}
      {has('currency') && (
        <Choice label="Currency" name="currency" value={options.currency} choices={[['symbol', 'Symbol (€12.50)'], ['code', 'Code (12.50 EUR)']]} onChange={set('currency')} />
      )}
      {has('cents') && <Toggle label="Show cents" name="cents" value={options.cents} onChange={set('cents')} />}
      {has('goal') && <Toggle label="Goal bar under the total" name="goal" value={options.goal} onChange={set('goal')} />}
      {has('count') && <NumberField label="Rows" name="count" value={options.count} min={1} max={10} step={1} onChange={set('count')} />}
      {has('bid') && <NumberField label="Bid war id" name="bid" value={options.bid} min={0} max={9999} step={1} unit="(0: the open one on now)" onChange={set('bid')} />}
      {has('title') && (
        <label className="ov-field">
          <span>Heading</span>
          <input
            type="text"
            defaultValue={options.title}
            key={options.title}
            maxLength={40}
            data-testid="opt-title"
            placeholder="None"
            onBlur={(e) => {
              const value = readOption('title', e.target.value);
              if (value !== null) set('title')(value);
              else e.target.value = options.title;
            }}
          />
        </label>
      )}
      {has('messages') && <Toggle label="Show donors' messages" name="messages" value={options.messages} onChange={set('messages')} />}
      {has('min') && (
        <label className="ov-field">
          <span>Alert from</span>
          <span className="ov-number">
            <input
              type="text"
              inputMode="decimal"
              defaultValue={options.min}
              key={options.min}
              data-testid="opt-min"
              onBlur={(e) => {
                const value = readOption('min', e.target.value.trim() || '0');
                if (value !== null) set('min')(value);
                else e.target.value = options.min;
              }}
            />
            <span className="hint">{currency} and more</span>
          </span>
        </label>
      )}
      {has('duration') && <NumberField label="Each alert" name="duration" value={options.duration} min={2} max={30} step={0.5} unit="seconds" onChange={set('duration')} />}
      {has('milestones') && <Toggle label="Alert on milestones and the goal" name="milestones" value={options.milestones} onChange={set('milestones')} />}
      {has('twitch') && <Toggle label="Alert on Twitch subs, gifts, cheers and raids" name="twitch" value={options.twitch} onChange={set('twitch')} />}
      {has('show') && (
        <Choice label="Show" name="show" value={options.show} choices={[['both', 'Elapsed and to go'], ['elapsed', 'Elapsed'], ['remaining', 'To go']]} onChange={set('show')} />
      )}
      {has('seconds') && <NumberField label="Card stays" name="seconds" value={options.seconds} min={10} max={600} step={1} unit="seconds" onChange={set('seconds')} />}
      {has('extras') && <ExtrasField value={options} onChange={set('extras')} />}
      <button type="button" className="quiet" data-testid="opt-reset" onClick={() => onChange(DEFAULT_OPTIONS)}>Back to defaults</button>
    </form>
  );
}
