import { type FormEvent, useState } from 'react';
import { roleAllows } from '../../../shared/contract.js';
import type { IncentiveView, PublicIncentiveView, ScheduleView, SegmentView } from '../../../shared/incentives.js';
import type { Amount } from '../../../shared/money.js';
import { callApi } from '../../lib/api.js';
import { amountMinor, displayAmount, roughSpan, teamTime } from '../../lib/format.js';
import { useAction } from '../../lib/use-action.js';
import { useNow } from '../../lib/use-now.js';
import { useDashboard } from '../store.js';
import { localToIso } from '../targets/format.js';
import { TiltifyLinks } from './TiltifyLinks.js';
import './incentives.css';

type AnyIncentive = IncentiveView | PublicIncentiveView;
const isStaff = (i: AnyIncentive): i is IncentiveView => 'suggested_waiting' in i;

/**
 * The Incentives tab: the run schedule (segments planned back to back, each started with one
 * click, the rest sliding with it) and the incentives and bid wars with their total, goal, pace
 * and time left. The owner plans; moderators approve donors' proposed options; viewers read.
 */
export function IncentivesView() {
  const role = useDashboard((s) => s.role);
  const schedule = useDashboard((s) => s.schedule);
  const incentives = useDashboard((s) => s.incentives);
  const owner = roleAllows(role, 'owner');
  const sources = useDashboard((s) => s.sources);
  return (
    <div className="incentives-view" data-testid="incentives-view">
      <section className="panel">
        <h2>Run schedule</h2>
        <ScheduleTable schedule={schedule} owner={owner} />
        {owner && <SegmentForm />}
      </section>
      <section className="panel">
        <h2>Incentives and bid wars</h2>
        {incentives.length === 0 && <p className="hint">None yet.{owner ? ' Add one below: a goal that changes the show, or options that race each other.' : ''}</p>}
        <div className="incentive-cards">
          {incentives.map((incentive) => (
            <IncentiveCard key={incentive.id} incentive={incentive} schedule={schedule} owner={owner} moderator={roleAllows(role, 'moderator')} />
          ))}
        </div>
        {owner && <IncentiveForm schedule={schedule} />}
      </section>
      {owner && <TiltifyLinks sources={sources} incentives={incentives.filter(isStaff)} />}
    </div>
  );
}

function ScheduleTable({ schedule, owner }: { schedule: ScheduleView | null; owner: boolean }) {
  const { busy, error, run } = useAction();
  const segments = schedule?.segments ?? [];
  if (segments.length === 0) return <p className="hint">No segment planned yet.</p>;
  return (
    <>
      <table className="schedule-table" data-testid="schedule-table">
        <thead>
          <tr>
            <th>Segment</th>
            <th>On it</th>
            <th>Planned</th>
            <th>Expected</th>
            <th>Length</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {segments.map((segment) => (
            <tr key={segment.id} className={`segment-${segment.state}`} data-testid="segment-row" data-state={segment.state}>
              <td><bdi>{segment.title}</bdi> {segment.state === 'live' && <span className="badge live">on now</span>}</td>
              <td><bdi>{segment.runners}</bdi></td>
              <td>{teamTime(segment.planned_start)}</td>
              <td>{segment.actual_start ? <>started {teamTime(segment.actual_start)}</> : teamTime(segment.expected_start)}{drift(segment)}</td>
              <td>{segment.planned_length_min} min</td>
              <td>
                {owner && segment.state !== 'done' && (
                  <button type="button" disabled={busy} onClick={() => void run(() => callApi('POST /api/schedule/:id/start', { params: { id: String(segment.id) } }))} data-testid="segment-start">
                    {segment.actual_start ? 'Started again now' : 'Started now'}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <p className="form-error" role="alert">{error}</p>}
    </>
  );
}

function drift(segment: SegmentView) {
  const ms = Date.parse(segment.expected_start) - Date.parse(segment.planned_start);
  if (Math.abs(ms) < 60_000) return null;
  return <span className={ms > 0 ? 'drift late' : 'drift early'}> ({ms > 0 ? '+' : '−'}{roughSpan(Math.abs(ms))})</span>;
}

function SegmentForm() {
  const [title, setTitle] = useState('');
  const [runners, setRunners] = useState('');
  const [start, setStart] = useState('');
  const [length, setLength] = useState('60');
  const { busy, error, setError, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const at = localToIso(start);
    if (!at) return setError('Choose when the segment is planned to start.');
    const done = await run(() => callApi('POST /api/schedule', { body: { title, runners, planned_start: at, planned_length_min: Number(length) } }));
    if (done) {
      setTitle('');
      setRunners('');
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} data-testid="segment-form">
      <input placeholder="Title (Celeste any%)" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} aria-label="Segment title" data-testid="segment-title" />
      <input placeholder="Who is on" value={runners} onChange={(e) => setRunners(e.target.value)} maxLength={200} aria-label="Who is on" />
      <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} aria-label="Planned start" data-testid="segment-start-at" />
      <label className="small">Length <input type="number" min={1} value={length} onChange={(e) => setLength(e.target.value)} aria-label="Length in minutes" /> min</label>
      <button type="submit" className="primary" disabled={busy || !title.trim()}>Add segment</button>
      {error && <p className="form-error" role="alert" data-testid="segment-error">{error}</p>}
    </form>
  );
}

function IncentiveCard({ incentive, schedule, owner, moderator }: { incentive: AnyIncentive; schedule: ScheduleView | null; owner: boolean; moderator: boolean }) {
  const now = useNow(5_000);
  const { busy, error, run } = useAction();
  const [option, setOption] = useState('');
  const [renaming, setRenaming] = useState<number | null>(null);
  const [newName, setNewName] = useState('');
  const total = amountMinor(incentive.total) ?? 0;
  const goal = incentive.goal ? (amountMinor(incentive.goal) ?? 0) : 0;
  const segment = schedule?.segments.find((s) => s.id === incentive.segment_id);
  const deadline = incentive.deadline ? Date.parse(incentive.deadline) : null;
  const staff = isStaff(incentive) ? incentive : null;
  const best = Math.max(0, ...incentive.options.map((o) => amountMinor(o.total) ?? 0));
  const id = { params: { id: String(incentive.id) } };
  return (
    <article className={`panel incentive-card state-${incentive.state}`} data-testid="incentive-card" data-id={incentive.id} data-kind={incentive.kind}>
      <header>
        <strong><bdi>{incentive.name}</bdi></strong> <span className="hint">#{incentive.tag}</span>
        <span className={`badge ${incentive.state}`}>{incentive.kind === 'bid_war' ? 'bid war' : 'incentive'} · {incentive.state}</span>
        {incentive.met_at && <span className="badge met">met</span>}
      </header>
      <div className="incentive-figures">
        <span className="incentive-total" data-testid="incentive-total">{displayAmount(incentive.total)}</span>
        {incentive.goal && <span> of {displayAmount(incentive.goal)} ({Math.floor((total / Math.max(goal, 1)) * 100)}%)</span>}
        {staff?.tiltify_raised && <span className="hint tiltify-says" data-testid="incentive-tiltify"> · Tiltify says {displayAmount(staff.tiltify_raised)}</span>}
        {staff && <span className="hint"> · pace {displayAmount(staff.pace_per_hour)}/h</span>}
        {deadline !== null && (
          <span className="hint" data-testid="incentive-left"> · {deadline > now ? `${roughSpan(deadline - now)} left` : `deadline ${teamTime(incentive.deadline ?? '')}`}</span>
        )}
        {segment && <span className="hint"> · with <bdi>{segment.title}</bdi></span>}
        {staff && staff.suggested_waiting > 0 && <span className="hint"> · {staff.suggested_waiting} suggested, waiting for a moderator</span>}
      </div>
      {incentive.goal && <div className="meter"><div style={{ width: `${Math.min(100, (total / Math.max(goal, 1)) * 100)}%` }} /></div>}
      {incentive.kind === 'bid_war' && (
        <ol className="option-list">
          {(staff ? staff.options : incentive.options).map((o) => {
            const minor = amountMinor(o.total) ?? 0;
            const state = 'state' in o ? o.state : 'approved';
            return (
              <li key={o.id} className={`option-${state}`} data-testid="option-row" data-state={state}>
                {renaming === o.id ? (
                  <form
                    className="inline-form option-rename"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void run(async () => {
                        await callApi('PUT /api/options/:id', { params: { id: String(o.id) }, body: { name: newName } });
                        setRenaming(null);
                      });
                    }}
                  >
                    <input value={newName} onChange={(e) => setNewName(e.target.value)} maxLength={80} aria-label={`New name for ${o.name}`} data-testid="option-new-name" autoFocus />
                    <button type="submit" disabled={busy || !newName.trim()} data-testid="option-rename-save">Save name</button>
                    <button type="button" className="quiet" onClick={() => setRenaming(null)}>Cancel</button>
                  </form>
                ) : (
                  <span className="option-name"><bdi>{o.name}</bdi></span>
                )}
                {state === 'approved' ? (
                  <>
                    <span className="option-bar"><span style={{ width: `${best > 0 ? (minor / best) * 100 : 0}%` }} /></span>
                    <span className="option-total">{displayAmount(o.total)}{'tiltify_raised' in o && o.tiltify_raised ? <span className="hint" data-testid="option-tiltify"> (Tiltify says {displayAmount(o.tiltify_raised as Amount)})</span> : null}</span>
                    {incentive.leaders.includes(o.id) && <span className="badge met">{incentive.leaders.length > 1 ? 'tie' : 'leads'}</span>}
                  </>
                ) : (
                  <span className="hint">{state === 'pending' ? 'proposed by a donor' : 'refused'}</span>
                )}
                {owner && state !== 'refused' && incentive.state !== 'archived' && renaming !== o.id && (
                  <button type="button" className="quiet" disabled={busy} onClick={() => { setRenaming(o.id); setNewName(o.name); }} data-testid="option-rename">Rename</button>
                )}
                {state === 'pending' && moderator && (
                  <>
                    <button type="button" disabled={busy} onClick={() => void run(() => callApi('POST /api/options/:id/approve', { params: { id: String(o.id) } }))} data-testid="option-approve">Approve</button>
                    <button type="button" className="quiet" disabled={busy} onClick={() => void run(() => callApi('POST /api/options/:id/refuse', { params: { id: String(o.id) } }))}>Refuse</button>
                  </>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {owner && incentive.state === 'open' && (
        <div className="item-actions">
          {incentive.kind === 'bid_war' && (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                void run(async () => {
                  await callApi('POST /api/incentives/:id/options', { ...id, body: { name: option } });
                  setOption('');
                });
              }}
            >
              <input placeholder="New option" value={option} onChange={(e) => setOption(e.target.value)} maxLength={80} aria-label="New option" />
              <button type="submit" disabled={busy || !option.trim()}>Add option</button>
            </form>
          )}
          <button type="button" disabled={busy} onClick={() => void run(() => callApi('POST /api/incentives/:id/close', id))} data-testid="incentive-close">Close</button>
        </div>
      )}
      {owner && incentive.state === 'closed' && (
        <div className="item-actions">
          <button type="button" className="quiet" disabled={busy} onClick={() => void run(() => callApi('POST /api/incentives/:id/archive', id))}>Archive</button>
        </div>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
    </article>
  );
}

function IncentiveForm({ schedule }: { schedule: ScheduleView | null }) {
  const [kind, setKind] = useState<'incentive' | 'bid_war'>('incentive');
  const [name, setName] = useState('');
  const [tag, setTag] = useState('');
  const [goal, setGoal] = useState('');
  const [options, setOptions] = useState('');
  const [segment, setSegment] = useState('');
  const [deadline, setDeadline] = useState('');
  const [suggestions, setSuggestions] = useState(false);
  const currency = useDashboard((s) => s.campaign?.currency ?? '');
  const { busy, error, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const at = deadline ? localToIso(deadline) : null;
    const done = await run(() =>
      callApi('POST /api/incentives', {
        body: {
          kind,
          name,
          ...(tag.trim() ? { tag: tag.trim().replace(/^#/, '') } : {}),
          ...(kind === 'incentive' ? { goal: goal.trim() } : { options: options.split(',').map((o) => o.trim()).filter(Boolean), allow_suggestions: suggestions }),
          segment_id: segment ? Number(segment) : null,
          deadline: at,
        },
      }),
    );
    if (done) {
      setName('');
      setTag('');
      setGoal('');
      setOptions('');
    }
  };
  return (
    <form className="incentive-form" onSubmit={(e) => void submit(e)} data-testid="incentive-form">
      <div className="inline-form">
        <select value={kind} onChange={(e) => setKind(e.target.value as 'incentive' | 'bid_war')} aria-label="Kind" data-testid="incentive-kind">
          <option value="incentive">Incentive (a goal)</option>
          <option value="bid_war">Bid war (options race)</option>
        </select>
        <input placeholder={kind === 'incentive' ? 'Name (Blindfolded run)' : 'Name (Name the save file)'} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} aria-label="Name" data-testid="incentive-name" />
        <input placeholder="Tag donors write (#blindfold)" value={tag} onChange={(e) => setTag(e.target.value)} maxLength={60} aria-label="Tag" />
        {kind === 'incentive' ? (
          <label className="small">Goal <input value={goal} onChange={(e) => setGoal(e.target.value)} inputMode="decimal" placeholder="2000.00" aria-label="Goal" data-testid="incentive-goal" /> {currency}</label>
        ) : (
          <input placeholder="Options, separated by commas" value={options} onChange={(e) => setOptions(e.target.value)} aria-label="Options" data-testid="incentive-options" />
        )}
      </div>
      <div className="inline-form">
        <label className="small">
          Segment{' '}
          <select value={segment} onChange={(e) => setSegment(e.target.value)} aria-label="Segment">
            <option value="">the whole campaign</option>
            {(schedule?.segments ?? []).map((s) => (
              <option key={s.id} value={s.id}>{s.title}</option>
            ))}
          </select>
        </label>
        <label className="small">Deadline <input type="datetime-local" value={deadline} onChange={(e) => setDeadline(e.target.value)} aria-label="Deadline" /></label>
        {kind === 'bid_war' && (
          <label className="small"><input type="checkbox" checked={suggestions} onChange={(e) => setSuggestions(e.target.checked)} /> donors may propose options</label>
        )}
        <button type="submit" className="primary" disabled={busy || !name.trim()} data-testid="incentive-add">Add</button>
      </div>
      {error && <p className="form-error" role="alert" data-testid="incentive-error">{error}</p>}
    </form>
  );
}
