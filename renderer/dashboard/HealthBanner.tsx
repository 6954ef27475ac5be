import { clockTime } from '../lib/format.js';
import { useDashboard } from './store.js';

/** Problems of the whole app (the database refused a write, ...), impossible to miss. */
const NO_PROBLEMS: never[] = [];

export function HealthBanner() {
  const all = useDashboard((s) => s.health?.problems ?? NO_PROBLEMS);
  if (all.length === 0) return null;
  // A viewer is told every problem in the same public words: say them once.
  const problems = all.filter((problem, i) => all.findIndex((p) => p.message === problem.message) === i);
  return (
    <div className="health-banner" role="alert" data-testid="health-banner">
      <strong>Needs attention:</strong>
      <ul>
        {problems.map((problem) => (
          <li key={problem.code} data-testid="health-problem" data-code={problem.code}>
            {problem.message} <span className="since">(since {clockTime(problem.since)})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
