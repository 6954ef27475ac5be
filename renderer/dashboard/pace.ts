import type { MinutePoint } from '../../shared/views.js';

export const PACE_WINDOW_MINUTES = 3 * 60;

export interface MoneyBucket {
  /** Start of the 5-minute bucket, epoch minutes. */
  minute: number;
  /** Exact integer minor units in campaign currency. */
  raisedMinor: number;
  donations: number;
}

export interface ChatMinute {
  minute: number;
  messages: number;
  chatters: number;
}

/**
 * The chart's rows for the window ending at `nowMinute`: every minute present (zero when
 * nothing happened), so a quiet spell shows as a gap rather than a straight line across it.
 */
export function paceRows(minutes: ReadonlyMap<number, MinutePoint>, nowMinute: number, windowMinutes = PACE_WINDOW_MINUTES) {
  let first = nowMinute - windowMinutes + 1;
  let earliest = nowMinute;
  for (const key of minutes.keys()) if (key >= first && key < earliest) earliest = key;
  // Early in a marathon, do not draw hours of empty history.
  first = Math.max(first, Math.min(earliest, nowMinute - 29));
  const chat: ChatMinute[] = [];
  const money = new Map<number, MoneyBucket>();
  for (let minute = first; minute <= nowMinute; minute += 1) {
    const point = minutes.get(minute);
    chat.push({ minute, messages: point?.messages ?? 0, chatters: point?.chatters ?? 0 });
    const bucketStart = minute - (((minute % 5) + 5) % 5);
    const bucket = money.get(bucketStart) ?? { minute: bucketStart, raisedMinor: 0, donations: 0 };
    bucket.raisedMinor += point?.raised_minor ?? 0;
    bucket.donations += point?.donations ?? 0;
    money.set(bucketStart, bucket);
  }
  return { chat, money: [...money.values()] };
}
