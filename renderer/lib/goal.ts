import type { Amount } from '../../shared/money.js';
import type { Milestone } from '../../shared/views.js';
import { amountMinor } from './format.js';

export interface GoalProgress {
  /** 0..1 for the bar; a float ratio of two exact integers, only for drawing. */
  fraction: number;
  reached: boolean;
  /** Each milestone's place on the bar (0..1) and whether the total has passed it. */
  ticks: { label: string; amount: Amount; at: number; passed: boolean }[];
  next: Milestone | null;
}

/** Where the total stands against the goal and milestones, compared in exact minor units. */
export function goalProgress(raised: Amount, goal: Amount, milestones: Milestone[]): GoalProgress {
  const raisedMinor = amountMinor(raised) ?? 0;
  const goalMinor = amountMinor(goal) ?? 0;
  const scale = Math.max(goalMinor, 1);
  const sorted = milestones
    .map((m) => ({ milestone: m, minor: amountMinor(m.amount) ?? 0 }))
    .sort((a, b) => a.minor - b.minor);
  return {
    fraction: Math.min(1, Math.max(0, raisedMinor / scale)),
    reached: goalMinor > 0 && raisedMinor >= goalMinor,
    ticks: sorted
      .filter((m) => m.minor <= goalMinor)
      .map((m) => ({ label: m.milestone.label, amount: m.milestone.amount, at: m.minor / scale, passed: raisedMinor >= m.minor })),
    next: sorted.find((m) => m.minor > raisedMinor)?.milestone ?? null,
  };
}
