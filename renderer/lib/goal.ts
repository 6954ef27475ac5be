import type { Amount } from '../../shared/money.js';
import type { Milestone } from '../../shared/views.js';
import { amountMinor } from './format.js';

export interface GoalProgress {
  /** 0..1 for the bar; a float ratio of two exact integers, only for drawing. */
  fraction: number;
  /** What the bar runs to: the goal, or once it is passed the first stretch goal not yet reached. */
  target: { amount: Amount; label: string; stretch: boolean };
  /** The goal itself is passed. */
  goalReached: boolean;
  /** The goal and every stretch goal are passed: nothing further to run to. */
  reached: boolean;
  /** Each milestone's place on the bar (0..1) and whether the total has passed it. */
  ticks: { label: string; amount: Amount; at: number; passed: boolean }[];
  next: Milestone | null;
}

/**
 * Where the total stands against the goal, stretch goals and milestones, compared in exact minor
 * units. Stretch goals extend the goal: the bar runs from zero to the first goal not yet reached,
 * with the milestones below it as ticks; milestones are markers, never where the bar ends.
 */
export function goalProgress(raised: Amount, goal: Amount, milestones: Milestone[], stretchGoals: Milestone[] = []): GoalProgress {
  const raisedMinor = amountMinor(raised) ?? 0;
  const goalMinor = amountMinor(goal) ?? 0;
  const first = { amount: goal, label: 'Goal', stretch: false, minor: goalMinor };
  const goals = [first, ...stretchGoals.map((g) => ({ amount: g.amount, label: g.label, stretch: true, minor: amountMinor(g.amount) ?? 0 }))];
  const target = goals.find((g) => g.minor > raisedMinor) ?? goals[goals.length - 1] ?? first;
  const scale = Math.max(target.minor, 1);
  const sorted = milestones
    .map((m) => ({ milestone: m, minor: amountMinor(m.amount) ?? 0 }))
    .sort((a, b) => a.minor - b.minor);
  return {
    fraction: Math.min(1, Math.max(0, raisedMinor / scale)),
    target: { amount: target.amount, label: target.label, stretch: target.stretch },
    goalReached: goalMinor > 0 && raisedMinor >= goalMinor,
    reached: target.minor > 0 && raisedMinor >= target.minor,
    ticks: sorted
      .filter((m) => m.minor <= target.minor)
      .map((m) => ({ label: m.milestone.label, amount: m.milestone.amount, at: m.minor / scale, passed: raisedMinor >= m.minor })),
    next: sorted.find((m) => m.minor > raisedMinor)?.milestone ?? null,
  };
}
