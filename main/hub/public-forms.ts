import type { HealthView, PublicHealthView, PublicTargetView, TargetView } from '../../shared/views.js';

/**
 * The viewers' forms of what moderators and the owner see in full, used by the HTTP routes and
 * the staff socket alike so the two cannot differ (see STAFF_CHANGE_AUDIENCE in the contract).
 * The viewers' form of a donation is the overlay's: overlayDonation() in donations/queries.ts.
 */

/** A target without the handles chat is matched against and the count of unconfirmed responses. */
export function publicTarget(target: TargetView): PublicTargetView {
  const { handles: _handles, pending: _pending, ...board } = target;
  return board;
}

/**
 * Problems are written for the organiser and may carry raw error text with the folders of their
 * computer (a backup that failed): a viewer is told that something is wrong, and since when.
 */
export const PUBLIC_PROBLEM_MESSAGE = 'The organisers’ app has a problem they are looking at: figures here may lag behind until it is fixed.';

export function publicHealth(health: HealthView): PublicHealthView {
  return {
    ok: health.ok,
    problems: health.problems.map((problem) => ({ code: problem.code, message: PUBLIC_PROBLEM_MESSAGE, since: problem.since })),
  };
}
