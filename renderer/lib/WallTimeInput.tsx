import type { InputHTMLAttributes } from 'react';
import { shownTimeZone, zoneName } from './format.js';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & {
  testId: string;
  /** The zone the time is typed in when it is not yet the campaign's (the setup form's choice). */
  zone?: string;
};

/**
 * A date and time the team types in the campaign's zone (not this browser's), with the zone
 * named beside it ("CET"); the value is a datetime-local string, read with instantOfWallTime().
 */
export function WallTimeInput({ testId, zone, ...props }: Props) {
  return (
    <span className="wall-time">
      <input type="datetime-local" data-testid={testId} {...props} />
      <abbr className="wall-time-zone" title={zone ?? shownTimeZone()} data-testid={`${testId}-zone`}>
        {zone ?? zoneName(Date.now())}
      </abbr>
    </span>
  );
}
