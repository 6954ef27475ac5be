import { useEffect, useRef, useState } from 'react';
import { parseDecimalMinor } from '../../../shared/money.js';
import { isCurrencyCode, minorUnitExponent } from '../../../shared/currencies.js';
import { amountMinor } from '../../lib/format.js';
import { type Alert, AlertQueue } from '../alert-queue.js';
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
  }, [options.min, options.duration, options.milestones, currency]);

  return (
    <div className="overlay-alerts" data-testid="alerts" data-queued={queued} data-showing={current?.kind ?? 'none'}>
      {current && <AlertCard key={current.key} alert={current} leaving={leaving} options={options} />}
    </div>
  );
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
      <div className={className} data-testid="alert" data-kind="more" data-count={alert.count}>
        <div className="alert-head ov-text">
          <Sentence template={isSingular(locale, alert.count) ? words.moreDonationsOne : words.moreDonationsOther} values={{ count: countIn(locale, alert.count) }} />
        </div>
        {alert.sum && <div className="alert-main ov-text">{overlayAmount(alert.sum, options, locale)}</div>}
        <div className="alert-sub ov-text">{words.thankYouAll}</div>
      </div>
    );
  }
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
