import { useEffect, useRef, useState } from 'react';
import type { PublicTargetView, TargetMinuteView } from '../../../shared/views.js';
import { callApi } from '../../lib/api.js';

const MINUTE = 60_000;
/** The sparkline shows the last two hours at most (one point per minute), and at least half an hour. */
const WINDOW_MIN = 120;
const WINDOW_MIN_LEAST = 30;
/** Live counts move every second in a flood; the series is read again at most this often. */
const REFRESH_MS = 5_000;

interface Series {
  fromMinute: number;
  values: number[];
}

/** Mentions per minute since the call started (last two hours), zeros filled in; read again as mentions grow. */
function useMinuteSeries(target: PublicTargetView): { series: Series | null; error: boolean } {
  const [series, setSeries] = useState<Series | null>(null);
  const [error, setError] = useState(false);
  const lastRead = useRef(0);
  const [tick, setTick] = useState(0);

  // The window slides even when nobody calls: once a minute.
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), MINUTE);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    let live = true;
    const wait = Math.max(0, lastRead.current + REFRESH_MS - Date.now());
    const timer = setTimeout(() => {
      lastRead.current = Date.now();
      const toMinute = Math.floor(Date.now() / MINUTE);
      const fromMinute = Math.min(toMinute - WINDOW_MIN_LEAST + 1, Math.max(Math.floor(Date.parse(target.call_started_at) / MINUTE), toMinute - WINDOW_MIN + 1));
      callApi('GET /api/targets/:id/minutes', {
        params: { id: target.id },
        query: { from: new Date(fromMinute * MINUTE).toISOString(), to: new Date(toMinute * MINUTE + MINUTE - 1).toISOString() },
      })
        .then(({ minutes }) => {
          if (!live) return;
          setSeries({ fromMinute, values: fill(minutes, fromMinute, toMinute) });
          setError(false);
        })
        .catch(() => live && setError(true));
    }, wait);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [target.id, target.call_started_at, target.mentions, tick]);
  return { series, error };
}

function fill(minutes: TargetMinuteView[], fromMinute: number, toMinute: number): number[] {
  const values = new Array<number>(toMinute - fromMinute + 1).fill(0);
  for (const m of minutes) {
    const index = Math.floor(Date.parse(m.minute) / MINUTE) - fromMinute;
    if (index >= 0 && index < values.length) values[index] = m.mentions;
  }
  return values;
}

/** A small per-minute chart of mentions (SVG, no axes): the shape of the call at a glance. */
export function MentionSparkline({ target }: { target: PublicTargetView }) {
  const { series, error } = useMinuteSeries(target);
  if (error && !series) return <p className="hint">The per-minute series could not be read.</p>;
  if (!series) return <div className="sparkline" aria-hidden="true" />;
  const { values } = series;
  const max = Math.max(1, ...values);
  const width = 300;
  const height = 44;
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`);
  const area = `0,${height} ${points.join(' ')} ${((values.length - 1) * step).toFixed(1)},${height}`;
  const current = values[values.length - 1] ?? 0;
  const minutesShown = values.length;
  return (
    <figure className="sparkline" data-testid="target-sparkline" data-points={values.length} data-sum={values.reduce((a, b) => a + b, 0)}>
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={`Mentions per minute over the last ${minutesShown} minutes, at most ${max}`}>
        <polygon points={area} className="sparkline-area" />
        <polyline points={points.join(' ')} className="sparkline-line" />
      </svg>
      <figcaption>
        <span>per minute, last {minutesShown >= 60 ? `${Math.round(minutesShown / 60)} h` : `${minutesShown} min`}</span>
        <span>this minute: {current}</span>
      </figcaption>
    </figure>
  );
}
