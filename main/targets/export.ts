import type { ResponsesExport } from '../../shared/views.js';
import { csvCell } from '../csv/cell.js';
import type { Responses } from './responses.js';
import type { Targets } from './targets.js';

/** Every response of every target (archived ones too), each with its whole audit trail. */
export function exportResponses(targets: Targets, responses: Responses, now = Date.now()): ResponsesExport {
  return {
    exported_at: new Date(now).toISOString(),
    responses: targets.list(true).flatMap((target) =>
      responses.list(target.id).map((response) => ({ ...response, target_name: target.name, call_started_at: target.call_started_at })),
    ),
  };
}

const COLUMNS = [
  'response_id', 'target_id', 'target_name', 'call_started_at', 'state', 'kind', 'quote', 'url',
  'chat_message_id', 'responded_at', 'found_by', 'step', 'action', 'actor', 'actor_name', 'at',
  'reason', 'from_state', 'to_state',
] as const;

/**
 * One line per audit step, each carrying its response's current state, so a spreadsheet can
 * filter by response or by person. Quotes, names and reasons are written by strangers and
 * moderators: every cell goes through the same formula guard as the donations export.
 */
export function responsesCsv(data: ResponsesExport): string {
  const lines = [COLUMNS.join(',')];
  for (const r of data.responses) {
    r.audit.forEach((step, index) => {
      const cells: (string | number | null)[] = [
        r.id, r.target_id, r.target_name, r.call_started_at, r.state, r.kind, r.quote, r.url,
        r.chat_message_id, r.responded_at, r.found_by, index + 1, step.action, step.actor, step.actor_name, step.at,
        step.reason, step.from_state, step.to_state,
      ];
      lines.push(cells.map(csvCell).join(','));
    });
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
