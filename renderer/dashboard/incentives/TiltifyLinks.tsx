import { useEffect, useState } from 'react';
import type { IncentiveView, TiltifyItemView } from '../../../shared/incentives.js';
import type { SourceView } from '../../../shared/views.js';
import { callApi } from '../../lib/api.js';
import { displayAmount } from '../../lib/format.js';
import { useAction } from '../../lib/use-action.js';

/**
 * The owner's links from each Tiltify source's polls, targets and rewards to our bid wars and
 * incentives: a poll to a bid war (each Tiltify option to one of its options, matched by name
 * unless changed), a target or reward to an incentive, or ours made from Tiltify's in one click.
 * Tiltify's names are shown as text.
 */
export function TiltifyLinks({ sources, incentives }: { sources: SourceView[]; incentives: IncentiveView[] }) {
  const tiltify = sources.filter((s) => s.kind === 'tiltify');
  if (tiltify.length === 0) return null;
  return (
    <section className="panel" data-testid="tiltify-links">
      <h2>Tiltify polls, targets and rewards</h2>
      <p className="hint">Donors pick these on Tiltify. Link each to one of ours and their donations count there, earlier ones too.</p>
      {tiltify.map((source) => (
        <SourceLinks key={source.id} source={source} incentives={incentives} />
      ))}
    </section>
  );
}

function SourceLinks({ source, incentives }: { source: SourceView; incentives: IncentiveView[] }) {
  const [items, setItems] = useState<TiltifyItemView[] | null>(null);
  const { busy, error, run } = useAction();
  const [note, setNote] = useState<string | null>(null);
  const params = { params: { source: source.id } };
  // Read again when our incentives change (a poll of Tiltify announces a change too).
  useEffect(() => {
    let live = true;
    void callApi('GET /api/tiltify/:source', params).then((body) => live && setItems(body.items), () => undefined);
    return () => {
      live = false;
    };
  }, [source.id, incentives]);
  if (items === null) return <p className="hint">Reading what Tiltify has for “<bdi>{source.name}</bdi>”…</p>;
  const open = incentives.filter((i) => i.state !== 'archived');
  const link = (kind: 'poll' | 'target' | 'reward', tiltifyId: string, incentiveId: number | null, options?: Record<string, number | null>) =>
    void run(async () => {
      const done = await callApi('POST /api/tiltify/:source/link', { ...params, body: { kind, tiltify_id: tiltifyId, incentive_id: incentiveId, ...(options ? { options } : {}) } });
      setItems(done.items);
      setNote(done.assigned > 0 ? `Linked: ${done.assigned} earlier donation${done.assigned === 1 ? '' : 's'} now count there.` : 'Linked.');
    });
  const create = (kind: 'poll' | 'target' | 'reward', tiltifyId: string) =>
    void run(async () => {
      const done = await callApi('POST /api/tiltify/:source/create', { ...params, body: { kind, tiltify_id: tiltifyId } });
      setNote(`Made from Tiltify and linked${done.assigned > 0 ? `: ${done.assigned} earlier donation${done.assigned === 1 ? '' : 's'} now count there` : ''}.`);
    });
  const heads = items.filter((i) => i.kind !== 'poll_option');
  if (heads.length === 0) return <p className="hint">“<bdi>{source.name}</bdi>” has no poll, target or reward on Tiltify yet.</p>;
  return (
    <div className="tiltify-source">
      <h3><bdi>{source.name}</bdi></h3>
      <table className="schedule-table tiltify-table">
        <thead>
          <tr>
            <th>On Tiltify</th>
            <th>Tiltify says</th>
            <th>Counts in</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {heads.map((item) => {
            const kind = item.kind as 'poll' | 'target' | 'reward';
            const fits = open.filter((i) => (kind === 'poll' ? i.kind === 'bid_war' : i.kind === 'incentive'));
            const linked = open.find((i) => i.id === item.incentive_id) ?? null;
            const options = items.filter((o) => o.kind === 'poll_option' && o.parent_id === item.tiltify_id);
            const current = Object.fromEntries(options.map((o) => [o.tiltify_id, o.option_id]));
            return [
              <tr key={item.tiltify_id} data-testid="tiltify-item" data-kind={kind}>
                <td>
                  <span className="hint">{kind}</span> <bdi data-testid="tiltify-item-name">{item.name}</bdi>
                  {item.goal && <span className="hint"> · {displayAmount(item.goal)}</span>}
                </td>
                <td>{item.tiltify_raised ? displayAmount(item.tiltify_raised) : '—'}</td>
                <td>
                  <select
                    value={item.incentive_id ?? ''}
                    disabled={busy}
                    onChange={(e) => link(kind, item.tiltify_id, e.target.value === '' ? null : Number(e.target.value))}
                    aria-label={`Which of ours counts Tiltify's ${kind} ${item.name}`}
                    data-testid="tiltify-link"
                  >
                    <option value="">Not linked</option>
                    {fits.map((i) => (
                      <option key={i.id} value={i.id}>{i.name}</option>
                    ))}
                  </select>
                </td>
                <td>
                  {!linked && kind !== 'reward' && (
                    <button type="button" disabled={busy} onClick={() => create(kind, item.tiltify_id)} data-testid="tiltify-create">
                      Make our {kind === 'poll' ? 'bid war' : 'incentive'} from it
                    </button>
                  )}
                </td>
              </tr>,
              ...options.map((o) => (
                <tr key={o.tiltify_id} className="tiltify-option" data-testid="tiltify-option">
                  <td className="indent">↳ <bdi data-testid="tiltify-option-name">{o.name}</bdi></td>
                  <td>{o.tiltify_raised ? displayAmount(o.tiltify_raised) : '—'}</td>
                  <td colSpan={2}>
                    {linked && (
                      <select
                        value={o.option_id ?? ''}
                        disabled={busy}
                        onChange={(e) => link('poll', item.tiltify_id, linked.id, { ...current, [o.tiltify_id]: e.target.value === '' ? null : Number(e.target.value) })}
                        aria-label={`Which option of ${linked.name} counts Tiltify's option ${o.name}`}
                        data-testid="tiltify-option-link"
                      >
                        <option value="">Not linked</option>
                        {linked.options.filter((x) => x.state === 'approved').map((x) => (
                          <option key={x.id} value={x.id}>{x.name}</option>
                        ))}
                      </select>
                    )}
                  </td>
                </tr>
              )),
            ];
          })}
        </tbody>
      </table>
      {note && <p className="hint" role="status">{note}</p>}
      {error && <p className="form-error" role="alert">{error}</p>}
    </div>
  );
}
