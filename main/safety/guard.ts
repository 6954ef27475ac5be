import type { ReportInternal } from '../health.js';

/**
 * Wraps a callback that runs outside any request (a timer, a socket event, a platform's
 * callback) so that an unexpected throw is reported with its context instead of reaching the
 * process's last-resort handler without one. Returns undefined when `run` threw.
 */
export function guarded<A extends unknown[], R>(report: ReportInternal, context: string, run: (...args: A) => R): (...args: A) => R | undefined {
  return (...args: A) => {
    try {
      return run(...args);
    } catch (error) {
      report(context, error);
      return undefined;
    }
  };
}

/** Logs only: for code that runs before or without a core's health (tests, tools). */
export const logInternal: ReportInternal = (context, error) => console.error(`Internal error while ${context}:`, error);
