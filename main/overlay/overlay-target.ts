import type { OverlayTargetView, TargetView } from '../../shared/views.js';

/**
 * The one place that decides what of a target the overlay may see. The status and times come
 * from confirmed responses only (TargetView derives them so); handles, pending responses, quotes
 * and links stay with the staff.
 */
export function overlayTarget(target: TargetView): OverlayTargetView {
  return {
    id: target.id,
    name: target.name,
    // Shown on stream as the campaign writes them.
    hashtags: target.hashtag_labels,
    ask: target.ask,
    call_started_at: target.call_started_at,
    status: target.status,
    response_kind: target.response_kind,
    first_response_at: target.first_response_at,
    time_to_response_s: target.time_to_response_s,
    callers: target.callers,
    moments: target.moments.map((moment) => moment.at),
    calls: target.moments.flatMap((moment) =>
      moment.command === null
        ? []
        : [{ id: moment.id, at: moment.at, ends_at: moment.ends_at, state: moment.state, command: moment.command, signups: moment.result.signups }],
    ),
  };
}
