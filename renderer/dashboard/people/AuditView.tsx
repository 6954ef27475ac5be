import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry } from '../../../shared/views.js';
import { callApi } from '../../lib/api.js';
import { isCurrencyCode } from '../../../shared/currencies.js';
import { displayAmount, teamTime } from '../../lib/format.js';
import { useAction } from '../../lib/use-action.js';
import { useDashboard } from '../store.js';
import './people.css';

const PAGE = 100;

const ACTIONS: Record<string, string> = {
  approve: 'approved',
  deny: 'denied',
  flag: 'flagged',
  read: 'read on air',
  read_older: 'read on air, with every approved message before it',
  first_pass: 'passed once',
  auto_approve: 'approved by the rules',
  auto_deny: 'denied by the rules',
  reset: 'sent back to screening',
  locale_changed: 'language on stream changed',
  time_zone_changed: 'time zone changed',
  found: 'found in chat',
  confirm: 'confirmed',
  reject: 'rejected',
  undo: 'undid a decision',
  invite_created: 'invited',
  invite_revoked: 'revoked',
  update: 'changed',
  rotated: 'rotated',
  network_on: 'turned on',
  network_off: 'turned off',
  campaign_created: 'created the campaign',
  title_changed: 'changed the title',
  cause_changed: 'changed the cause',
  currency_changed: 'changed the currency',
  goal_changed: 'changed the goal',
  stretch_goals_changed: 'changed the stretch goals',
  milestones_changed: 'changed the milestones',
  start_moved: 'moved the start',
  end_moved: 'moved the end',
  rate_set: 'set',
  rate_confirmed: 'confirmed the built-in estimate',
  prize_created: 'created',
  prize_edited: 'edited',
  prize_archived: 'archived',
  drawn: 'drew the winners',
  redrawn: 'redrew a place',
  winners_exported: 'exported the winners',
};

const SUBJECTS: Record<AuditEntry['subject']['kind'], string> = {
  donation: 'Donation',
  response: 'Response',
  invite: 'Invite',
  settings: 'Setting',
  twitch_moment: 'Twitch message',
  prize: 'Prize',
  incentive: 'Incentive',
  segment: 'Schedule segment',
};

/** In the campaign's zone, to the second, with the date when not today: "Dec 1, 14:05:09 CET". */
function when(iso: string): string {
  return teamTime(iso, { seconds: true });
}

/**
 * The audit keeps amounts as plain text ("10000.00 EUR"); they read as on the rest of the
 * dashboard ("€10,000.00"). Only an exact decimal followed by a known currency code is touched.
 */
export function readableAmounts(text: string): string {
  return text.replace(/(-?\d+(?:\.\d+)?) ([A-Z]{3})\b/g, (whole, value: string, currency: string) =>
    isCurrencyCode(currency) ? displayAmount({ value, currency }) : whole);
}

/** Every moderation action, newest first: who did what to which item, when, and why. */
export function AuditView() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [done, setDone] = useState(false);
  const changes = useDashboard((s) => s.donationChanges);
  const screening = useDashboard((s) => s.screening);
  const targets = useDashboard((s) => s.targets);
  const { busy, error, run } = useAction();

  // The newest page follows what happens; older pages are added on request.
  const loadNewest = useCallback(async () => {
    const answer = await run(() => callApi('GET /api/audit', { query: { limit: String(PAGE) } }));
    if (!answer) return;
    setEntries((kept) => {
      const fresh = answer.entries;
      const known = new Set(fresh.map((e) => e.id));
      const oldestFresh = fresh.length > 0 ? Date.parse(fresh[fresh.length - 1]!.at) : Number.POSITIVE_INFINITY;
      const older = kept.filter((e) => !known.has(e.id) && Date.parse(e.at) <= oldestFresh);
      return [...fresh, ...older];
    });
    if (answer.entries.length < PAGE) setDone(true);
  }, [run]);
  useEffect(() => {
    const timer = setTimeout(() => void loadNewest(), 300);
    return () => clearTimeout(timer);
  }, [loadNewest, changes, screening, targets]);

  const loadOlder = async () => {
    const last = entries[entries.length - 1];
    if (!last) return;
    const answer = await run(() => callApi('GET /api/audit', { query: { before: last.id, limit: String(PAGE) } }));
    if (!answer) return;
    setEntries((kept) => [...kept, ...answer.entries]);
    if (answer.entries.length < PAGE) setDone(true);
  };

  return (
    <div className="audit-view" data-testid="audit-view">
      <div className="panel">
        <h2>Audit log</h2>
        <p className="hint">Every screening decision, response step, invite and setting change. Nothing here can be edited or removed.</p>
        {error && <p className="form-error" role="alert">{error}</p>}
        {entries.length === 0 ? (
          <p className="hint">No moderation actions yet.</p>
        ) : (
          <table className="audit-table" data-testid="audit-table">
            <thead>
              <tr><th>When</th><th>Who</th><th>Did</th><th>To</th><th>Change</th><th>Why</th></tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-testid="audit-row">
                  <td className="when"><time dateTime={entry.at}>{when(entry.at)}</time></td>
                  <td className="who">{entry.actor_name}</td>
                  <td>{ACTIONS[entry.action] ?? entry.action}</td>
                  <td>{SUBJECTS[entry.subject.kind]}: {readableAmounts(entry.subject.label)}</td>
                  <td>{entry.from_state || entry.to_state ? `${readableAmounts(entry.from_state ?? '—')} → ${readableAmounts(entry.to_state ?? '—')}` : ''}</td>
                  <td>{readableAmounts(entry.reason ?? '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {!done && entries.length > 0 && (
          <button type="button" className="quiet" onClick={() => void loadOlder()} disabled={busy}>Show older</button>
        )}
      </div>
    </div>
  );
}
