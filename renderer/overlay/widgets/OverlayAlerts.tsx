import { useEffect, useRef, useState } from 'react';
import { parseDecimalMinor } from '../../../shared/money.js';
import { isCurrencyCode, minorUnitExponent } from '../../../shared/currencies.js';
import { amountMinor } from '../../lib/format.js';
import { type Alert, AlertQueue } from '../alert-queue.js';
import { AlertCard } from '../alerts/AlertCards.js';
import { playAlertSound, preloadAlertSounds } from '../alerts/alert-sound.js';
import { type AlertStyle, alertStyle } from '../alerts/alert-tier.js';
import type { OverlayOptions } from '../options.js';
import { onOverlayEvent, useOverlay } from '../store.js';

/** The leaving animation of an alert, then a short pause, before the next one comes in. */
const LEAVE_MS = 450;
/** Test alerts shown on this page, for their keys. */
let tests = 0;

/** The threshold in minor units of the campaign currency; null when it cannot be read. */
function thresholdMinor(min: string, currency: string | undefined): number | null {
  if (!currency || !isCurrencyCode(currency)) return null;
  const parsed = parseDecimalMinor(min, minorUnitExponent(currency));
  return parsed.ok ? parsed.value : null;
}

/**
 * One alert at a time, each for its tier's duration (the URL's `duration` when the owner set no
 * tiers), in its tier's look and with its sound; new ones wait in an AlertQueue (bounded, see
 * its policy). Only one alert element is ever in the page, whatever arrives.
 */
export function OverlayAlerts({ options }: { options: OverlayOptions }) {
  const currency = useOverlay((s) => s.campaign?.currency);
  const settings = useOverlay((s) => s.alerts);
  useEffect(() => preloadAlertSounds(settings), [settings]);
  const queue = useRef(new AlertQueue());
  const [current, setCurrent] = useState<{ alert: Alert; style: AlertStyle } | null>(null);
  const [leaving, setLeaving] = useState(false);
  const [queued, setQueued] = useState(0);
  const currentRef = useRef<{ alert: Alert; style: AlertStyle } | null>(null);

  useEffect(() => {
    const minimum = thresholdMinor(options.min, currency) ?? 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const show = () => {
      const alert = queue.current.take();
      // The tiers as they are now: an owner's change applies from the next alert.
      const next = alert && { alert, style: alertStyle(alert, useOverlay.getState().alerts, currency, options.duration) };
      currentRef.current = next;
      setCurrent(next);
      setLeaving(false);
      setQueued(queue.current.length);
      if (!next) return;
      playAlertSound(next.style.sound, next.style.volume, next.style.durationMs / 1000);
      timer = setTimeout(leave, next.style.durationMs);
    };
    const leave = () => {
      if (timer) clearTimeout(timer);
      setLeaving(true);
      timer = setTimeout(show, LEAVE_MS);
    };
    // Options or the campaign currency changed while an alert was on: it still leaves in time.
    if (currentRef.current) timer = setTimeout(leave, currentRef.current.style.durationMs);
    const unsubscribe = onOverlayEvent((event) => {
      if (event.kind === 'hidden') {
        queue.current.hide(event.id);
        const shown = currentRef.current?.alert;
        if (shown?.kind === 'donation' && shown.id === event.id) leave();
        setQueued(queue.current.length);
        return;
      }
      if (event.kind === 'incentive') {
        if (!options.milestones) return;
        queue.current.push({ kind: 'incentive', key: `i-${event.alert.kind}-${event.alert.id}`, alert: event.alert });
      } else if (event.kind === 'test') {
        queue.current.push({ kind: 'test', key: `test-${++tests}`, tier: event.tier });
      } else if (event.kind === 'milestone') {
        if (!options.milestones) return;
        queue.current.push({ kind: 'milestone', key: `m-${event.amount.value}-${event.label}`, label: event.label, amount: event.amount, goal: event.goal, after: event.after });
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
    <div
      className="overlay-alerts"
      data-testid="alerts"
      data-queued={queued}
      data-showing={current?.alert.kind ?? 'none'}
      data-tier={current?.style.tier ?? 'none'}
      data-look={current?.style.look ?? 'none'}
      data-sound={current?.style.sound ?? 'none'}
    >
      {current && (
        <AlertCard key={current.alert.key} alert={current.alert} style={current.style} leaving={leaving} options={options} settings={settings} currency={currency ?? ''} />
      )}
    </div>
  );
}
