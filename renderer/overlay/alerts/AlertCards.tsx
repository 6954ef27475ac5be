import type { AlertSettings } from '../../../shared/alert-tiers.js';
import type { OverlayMomentView } from '../../../shared/views.js';
import { bombGifts, momentAction, momentActor } from '../../lib/moment-words.js';
import type { Alert, MomentAlert } from '../alert-queue.js';
import { overlayAmount } from '../format.js';
import type { OverlayOptions } from '../options.js';
import type { AlertStyle } from './alert-tier.js';
import { sampleAmount } from './alert-tier.js';
import { ALERT_WORDS } from './alert-words.js';

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} more ${n === 1 ? one : many}`;

/** "And 12 more donations", "And 30 more subs and cheers", or both. */
function moreHead(donations: number, moments: number): string {
  const parts = [donations > 0 ? count(donations, 'donation', 'donations') : null, moments > 0 ? count(moments, 'sub or cheer', 'subs and cheers') : null];
  return `And ${parts.filter(Boolean).join(' and ')}`;
}

/** The big line of a Twitch alert: the count that matters (subs gifted, bits, raiders) or what was paid. */
function momentMain(moment: OverlayMomentView): string | null {
  const n = (value: number) => value.toLocaleString('en-US');
  switch (moment.kind) {
    case 'gift_bomb':
      return `${n(bombGifts(moment))} ${bombGifts(moment) === 1 ? 'sub' : 'subs'}`;
    case 'cheer':
      return `${n(moment.count)} bits`;
    case 'raid':
      return `${n(moment.count)} ${moment.count === 1 ? 'raider' : 'raiders'}`;
    case 'resub':
      return moment.cumulative ? `${n(moment.cumulative)} months` : null;
    default:
      return null;
  }
}

/**
 * A Twitch moment: who, what (a gift bomb is one alert with its count; a raid says how many
 * came), and the message once a moderator (or the rules) approved it.
 */
function MomentCard({ alert, className, options }: { alert: MomentAlert; className: string; options: OverlayOptions }) {
  const { moment } = alert;
  const main = moment.kind === 'paid_message' ? (moment.amount ? overlayAmount(moment.amount, options) : null) : momentMain(moment);
  return (
    <div className={`${className} moment-${moment.kind}`} data-testid="alert" data-kind="moment" data-moment-kind={moment.kind} data-id={moment.id}>
      <div className="alert-head ov-text">
        <span className="donor" data-testid="alert-donor">{momentActor(moment)}</span> {momentAction(moment, { amounts: false })}
      </div>
      {main && <div className="alert-main ov-text" data-testid="alert-amount">{main}</div>}
      {options.messages && moment.message && <p className="alert-message ov-text" data-testid="alert-message">{moment.message}</p>}
    </div>
  );
}

/** The owner's test alert: clearly fake, a sample donor and an amount in its tier. */
function TestCard({ className, tier, settings, currency, options }: { className: string; tier: number; settings: AlertSettings; currency: string; options: OverlayOptions }) {
  const amount = sampleAmount(settings, tier, currency);
  return (
    <div className={className} data-testid="alert" data-kind="test">
      <div className="alert-tag ov-text" data-testid="alert-test-tag">{ALERT_WORDS.testHead}</div>
      <div className="alert-head ov-text">
        <span className="donor" data-testid="alert-donor">{ALERT_WORDS.testDonor}</span> {ALERT_WORDS.donated}
      </div>
      {amount && <div className="alert-main ov-text" data-testid="alert-amount">{overlayAmount(amount, options)}</div>}
      <div className="alert-sub ov-text">{ALERT_WORDS.testNote}</div>
    </div>
  );
}

export interface AlertCardProps {
  alert: Alert;
  style: AlertStyle;
  leaving: boolean;
  options: OverlayOptions;
  settings: AlertSettings;
  currency: string;
}

/** One alert, in its tier's look (`look-standard`, `look-big`, `look-epic`). */
export function AlertCard({ alert, style, leaving, options, settings, currency }: AlertCardProps) {
  const className = `alert card alert-${alert.kind} look-${style.look}${leaving ? ' leaving' : ''}`;
  if (alert.kind === 'test') return <TestCard className={className} tier={alert.tier} settings={settings} currency={currency} options={options} />;
  if (alert.kind === 'milestone') {
    return (
      <div className={className} data-testid="alert" data-kind="milestone">
        <div className="alert-head ov-text">{alert.goal ? 'Goal reached!' : 'Milestone reached!'}</div>
        <div className="alert-main ov-text">{alert.goal ? overlayAmount(alert.amount, options) : alert.label}</div>
        {!alert.goal && <div className="alert-sub ov-text">{overlayAmount(alert.amount, options)}</div>}
      </div>
    );
  }
  if (alert.kind === 'more') {
    return (
      <div className={className} data-testid="alert" data-kind="more" data-count={alert.count} data-moments={alert.moments}>
        <div className="alert-head ov-text">{moreHead(alert.count, alert.moments)}</div>
        {alert.sum && <div className="alert-main ov-text">{overlayAmount(alert.sum, options)}</div>}
        <div className="alert-sub ov-text">Thank you all!</div>
      </div>
    );
  }
  if (alert.kind === 'moment') return <MomentCard alert={alert} className={className} options={options} />;
  return (
    <div className={className} data-testid="alert" data-kind="donation" data-id={alert.id}>
      <div className="alert-head ov-text">
        <span className="donor" data-testid="alert-donor">{alert.donor ?? 'Anonymous'}</span> donated
      </div>
      <div className="alert-main ov-text" data-testid="alert-amount">{overlayAmount(alert.amount, options)}</div>
      {options.messages && alert.message && <p className="alert-message ov-text" data-testid="alert-message">{alert.message}</p>}
    </div>
  );
}
