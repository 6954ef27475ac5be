import { clockTime } from '../lib/format.js';
import { useDashboard } from './store.js';

/** Problems of the whole app (the database refused a write, ...), impossible to miss. */
const NO_PROBLEMS: never[] = [];

export function HealthBanner() {
  const problems = useDashboard((s) => s.health?.problems ?? NO_PROBLEMS);
  if (problems.length === 0) return null;
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
