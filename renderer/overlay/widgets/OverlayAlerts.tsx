import { useEffect, useRef, useState } from 'react';
import { parseDecimalMinor } from '../../../shared/money.js';
import { isCurrencyCode, minorUnitExponent } from '../../../shared/currencies.js';
import { amountMinor } from '../../lib/format.js';
import type { OverlayMomentView } from '../../../shared/views.js';
import { bombGifts, momentAction, momentActor } from '../../lib/moment-words.js';
import { type Alert, AlertQueue, type MomentAlert } from '../alert-queue.js';
import { overlayAmount } from '../format.js';
import type { OverlayOptions } from '../options.js';
import { onOverlayEvent, useOverlay } from '../store.js';
import { Isolated } from '../../lib/isolated.js';
import { countIn } from '../../lib/format.js';
import { Sentence, isSingular, useOverlayLocale } from '../words.js';

/** The leaving animation of an alert, then a short pause, before the next one comes in. */
const LEAVE_MS = 450;

/** The threshold in minor units of the campaign currency; null when it cannot be read. */
function thresholdMinor(min: string, currency: string | undefined): number | null {
  if (!currency || !isCurrencyCode(currency)) return null;
  const parsed = parseDecimalMinor(min, minorUnitExponent(currency));
  return parsed.ok ? parsed.value : null;
}

/**
 * One alert at a time, each for `duration` seconds; new ones wait in an AlertQueue (bounded, see
 * its policy). Only one alert element is ever in the page, whatever arrives.
 */
export function OverlayAlerts({ options }: { options: OverlayOptions }) {
  const currency = useOverlay((s) => s.campaign?.currency);
  const queue = useRef(new AlertQueue());
  const [current, setCurrent] = useState<Alert | null>(null);
  const [leaving, setLeaving] = useState(false);
  const [queued, setQueued] = useState(0);
  const currentRef = useRef<Alert | null>(null);

  useEffect(() => {
    const minimum = thresholdMinor(options.min, currency) ?? 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const show = () => {
      const next = queue.current.take();
      currentRef.current = next;
      setCurrent(next);
      setLeaving(false);
      setQueued(queue.current.length);
      if (next) timer = setTimeout(leave, options.duration * 1000);
    };
    const leave = () => {
      if (timer) clearTimeout(timer);
      setLeaving(true);
      timer = setTimeout(show, LEAVE_MS);
    };
    // Options or the campaign currency changed while an alert was on: it still leaves in time.
    if (currentRef.current) timer = setTimeout(leave, options.duration * 1000);
    const unsubscribe = onOverlayEvent((event) => {
      if (event.kind === 'hidden') {
        queue.current.hide(event.id);
        const shown = currentRef.current;
        if (shown?.kind === 'donation' && shown.id === event.id) leave();
        setQueued(queue.current.length);
        return;
      }
      if (event.kind === 'milestone') {
        if (!options.milestones) return;
        queue.current.push({ kind: 'milestone', key: `m-${event.amount.value}-${event.label}`, label: event.label, amount: event.amount, goal: event.goal });
      } else if (event.kind === 'moment') {
        if (!options.twitch) return;
        const { moment } = event;
        const size = moment.value ? (amountMinor(moment.value) ?? 0) : 0;
        // The threshold is money: a raid is not, and always shows; an unvalued sub passes only a zero threshold.
        if (moment.kind !== 'raid' && minimum > 0 && size < minimum) return;
        queue.current.push({ kind: 'moment', key: `t-${moment.id}`, id: moment.id, moment, size });
      } else {
        const { donation } = event;
        const size = donation.converted ? (amountMinor(donation.converted) ?? 0) : 0;
        // Below the threshold: no alert. A donation without a rate yet only passes a zero threshold.
        if (minimum > 0 && (donation.converted === null || size < minimum)) return;
        queue.current.push({
          kind: 'donation',
          key: `d-${donation.id}`,
          id: donation.id,
          donor: donation.donor_name,
          amount: donation.amount,
          message: donation.message,
          converted: donation.converted,
          size,
        });
      }
      if (currentRef.current === null) show();
      else setQueued(queue.current.length);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [options.min, options.duration, options.milestones, options.twitch, currency]);

  return (
    <div className="overlay-alerts" data-testid="alerts" data-queued={queued} data-showing={current?.kind ?? 'none'}>
      {current && <AlertCard key={current.key} alert={current} leaving={leaving} options={options} />}
    </div>
  );
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} more ${n === 1 ? one : many}`;

/** "And 12 more donations", "And 30 more subs and cheers", or both. */
function moreHead(donations: number, moments: number): string {
  const parts = [donations > 0 ? count(donations, 'donation', 'donations') : null, moments > 0 ? count(moments, 'sub or cheer', 'subs and cheers') : null];
  return `And ${parts.filter(Boolean).join(' and ')}`;
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

function AlertCard({ alert, leaving, options }: { alert: Alert; leaving: boolean; options: OverlayOptions }) {
  const className = `alert card alert-${alert.kind}${leaving ? ' leaving' : ''}`;
  const { locale, words } = useOverlayLocale();
  if (alert.kind === 'milestone') {
    return (
      <div className={className} data-testid="alert" data-kind="milestone">
        <div className="alert-head ov-text">{alert.goal ? words.goalReachedAlert : words.milestoneReachedAlert}</div>
        <div className="alert-main ov-text">{alert.goal ? overlayAmount(alert.amount, options, locale) : <Isolated text={alert.label} />}</div>
        {!alert.goal && <div className="alert-sub ov-text">{overlayAmount(alert.amount, options, locale)}</div>}
      </div>
    );
  }
  if (alert.kind === 'more') {
    return (
      <div className={className} data-testid="alert" data-kind="more" data-count={alert.count} data-moments={alert.moments}>
        <div className="alert-head ov-text">
          {alert.moments > 0 ? (
            moreHead(alert.count, alert.moments)
          ) : (
            <Sentence template={isSingular(locale, alert.count) ? words.moreDonationsOne : words.moreDonationsOther} values={{ count: countIn(locale, alert.count) }} />
          )}
        </div>
        {alert.sum && <div className="alert-main ov-text">{overlayAmount(alert.sum, options, locale)}</div>}
        <div className="alert-sub ov-text">{words.thankYouAll}</div>
      </div>
    );
  }
  if (alert.kind === 'moment') return <MomentCard alert={alert} className={className} options={options} />;
  return (
    <div className={className} data-testid="alert" data-kind="donation" data-id={alert.id}>
      <div className="alert-head ov-text">
        <Sentence template={words.donated} values={{ donor: <Isolated className="donor" testId="alert-donor" text={alert.donor ?? words.anonymous} /> }} />
      </div>
      <div className="alert-main ov-text" data-testid="alert-amount">{overlayAmount(alert.amount, options, locale)}</div>
      {options.messages && alert.message && <p className="alert-message ov-text" data-testid="alert-message" dir="auto">{alert.message}</p>}
    </div>
  );
}
