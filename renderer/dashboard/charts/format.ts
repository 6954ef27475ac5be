import type { Amount } from '../../../shared/money.js';
import { displayAmount, hourMinute, weekday } from '../../lib/format.js';

/** A bucket's start as the axis shows it: the time, with the day when the window spans days. */
export function bucketTime(iso: string, withDay: boolean): string {
  const date = new Date(iso);
  const time = hourMinute(date);
  return withDay ? `${weekday(date)} ${time}` : time;
}

export function bucketRange(iso: string, minutes: number): string {
  const start = Date.parse(iso);
  const end = new Date(start + minutes * 60_000).toISOString();
  return `${bucketTime(iso, true)} – ${bucketTime(end, false)}`;
}

export const count = (n: number) => n.toLocaleString('en');

export const money = (amount: Amount) => displayAmount(amount);
