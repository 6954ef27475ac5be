import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { TeamDeskView, TeamView as Team } from '../../../shared/team.js';
import { callApi } from '../../lib/api.js';
import { displayAmount, teamTime, timeAgo } from '../../lib/format.js';
import { useAction } from '../../lib/use-action.js';
import { useNow } from '../../lib/use-now.js';
import { CopyButton } from '../CopyButton.js';
import { useDashboard } from '../store.js';
import './team.css';

/** How often "2 min ago" is written again (a clock on screen, not a request). */
const CLOCK_MS = 5_000;

/**
 * The team event (issue 16): one total for every desk of the team, each desk's total, pace and
 * health, and the team's targets board. The owner sets the team up or joins one here.
 */
export function TeamView() {
  const team = useDashboard((s) => s.team);
  const setTeam = useDashboard((s) => s.setTeam);
  const stale = useDashboard((s) => s.teamStale);
  const role = useDashboard((s) => s.role);
  const load = useCallback(async () => setTeam(await callApi('GET /api/team')), [setTeam]);
  // Read once, and again after each snapshot (a reconnection may have missed changes); between
  // them the hub pushes every change of the team over the socket, in the role's room.
  useEffect(() => {
    void load().catch(() => undefined);
  }, [load, stale]);
  if (!team) return <div className="team-view" data-state="loading" />;
  if (!team.joined) {
    return (
      <div className="team-view" data-state="ready">
        {role === 'owner' ? <TeamSetup onDone={setTeam} /> : <p className="panel">This desk is in no team event.</p>}
      </div>
    );
  }
  return (
    <div className="team-view" data-state="ready">
      <div className="team-main">
        <TeamTotals team={team} />
        <Desks team={team} owner={role === 'owner'} reload={load} />
        <TeamBoard team={team} />
      </div>
      {role === 'owner' && (
        <div className="team-side">
          <Health team={team} />
          {team.organizer && <Invite />}
        </div>
      )}
    </div>
  );
}

function TeamTotals({ team }: { team: Team }) {
  const goal = team.goal ? Number(team.goal.value) : 0;
  const share = goal > 0 && team.total ? Math.min(1, Number(team.total.value) / goal) : 0;
  return (
    <section className="panel team-totals" aria-label="Team total">
      <h2>{team.name}</h2>
      <div className="team-amount" data-testid="team-total" data-value={team.total?.value}>{team.total ? displayAmount(team.total) : '—'}</div>
      {team.goal && (
        <div className="team-goal-line">
          <div className="team-bar"><div style={{ width: `${(share * 100).toFixed(1)}%` }} /></div>
          <span>of {displayAmount(team.goal)} · {team.desks.filter((d) => !d.removed).length} desks</span>
        </div>
      )}
    </section>
  );
}

function Desks({ team, owner, reload }: { team: Team; owner: boolean; reload: () => Promise<void> }) {
  const now = useNow(CLOCK_MS);
  const { error, run } = useAction();
  const decide = async (desk: TeamDeskView, action: 'revoke' | 'remove') => {
    const reason = window.prompt(action === 'revoke' ? `Revoke ${desk.name}? It stops publishing; what it sent stays counted. Reason (optional):` : `Take ${desk.name}'s money out of the team total? Reason (kept in the team audit):`);
    if (reason === null || (action === 'remove' && reason.trim() === '')) return;
    const done =
      action === 'revoke'
        ? await run(() => callApi('POST /api/team/desks/:id/revoke', { params: { id: desk.desk_id }, body: { reason: reason.trim() || null } }))
        : await run(() => callApi('POST /api/team/desks/:id/remove', { params: { id: desk.desk_id }, body: { reason: reason.trim() } }));
    if (done) await reload();
  };
  return (
    <section className="panel team-desks" aria-label="Desks">
      <h2>Desks</h2>
      <table>
        <thead>
          <tr><th>Desk</th><th className="num">Raised</th><th className="num">Pace / min</th><th className="num">Donations</th><th>Last event</th><th className="num">Lag</th>{owner && team.organizer && <th />}</tr>
        </thead>
        <tbody>
          {team.desks.map((desk) => (
            <tr key={desk.desk_id} data-testid="team-desk" className={desk.removed ? 'removed' : undefined}>
              <td>
                {desk.name}
                {desk.desk_id === team.desk_id && <span className="badge">this desk</span>}
                {desk.revoked && <span className="badge warn">revoked</span>}
                {desk.removed && <span className="badge warn" title={desk.removed.reason ?? ''}>removed</span>}
                {desk.silent_since && <span className="badge warn" data-testid="team-desk-silent">silent since {teamTime(desk.silent_since, { now })}</span>}
              </td>
              <td className="num" data-testid="team-desk-raised">{displayAmount(desk.raised)}</td>
              <td className="num">{displayAmount(desk.pace_per_minute)}</td>
              <td className="num">{desk.donations}{desk.refunds > 0 ? ` (−${desk.refunds})` : ''}</td>
              <td>{desk.last_event_at ? timeAgo(desk.last_event_at, now) : '—'}</td>
              <td className="num">{desk.lag_s === null ? '—' : `${desk.lag_s.toFixed(1)} s`}</td>
              {owner && team.organizer && (
                <td className="actions">
                  {desk.desk_id !== team.desk_id && !desk.revoked && <button className="quiet" onClick={() => void decide(desk, 'revoke')}>Revoke</button>}
                  {desk.desk_id !== team.desk_id && !desk.removed && <button className="quiet" onClick={() => void decide(desk, 'remove')}>Remove…</button>}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}

function TeamBoard({ team }: { team: Team }) {
  return (
    <section className="panel team-board" aria-label="Team targets">
      <h2>Targets across the team</h2>
      {team.targets.length === 0 ? (
        <p className="muted">No desk has counted a mention of its targets yet.</p>
      ) : (
        <table>
          <thead><tr><th>Target</th><th className="num">Mentions</th><th className="num">Distinct callers</th><th>First answer</th></tr></thead>
          <tbody>
            {team.targets.map((t) => (
              <tr key={t.key} data-testid="team-target">
                <td>{t.name}</td>
                <td className="num">{t.mentions.toLocaleString()}</td>
                <td className="num">{t.callers.toLocaleString()}</td>
                <td>{t.first_answer ? `${new Date(t.first_answer.at).toLocaleString()} on ${t.first_answer.desk_name}` : 'not yet'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Health({ team }: { team: Team }) {
  const now = useNow(CLOCK_MS);
  const h = team.health;
  return (
    <section className="panel team-health" aria-label="This desk's link to the team">
      <h2>This desk's link</h2>
      <dl>
        <dt>NATS</dt><dd data-testid="team-connected" data-connected={h.connected}>{h.stopped_reason ? `stopped: ${h.stopped_reason}` : h.connected ? 'connected' : 'not connected (this desk keeps working; it sends when NATS is back)'}</dd>
        <dt>Waiting to send</dt><dd data-testid="team-outbox">{h.outbox_waiting}</dd>
        <dt>Last sent</dt><dd>{h.last_published_at ? timeAgo(h.last_published_at, now) : '—'}</dd>
        <dt>Read up to</dt><dd>stream message {h.reader_stream_seq}</dd>
        {h.last_error && (<><dt>Last error</dt><dd className="form-error">{h.last_error}</dd></>)}
      </dl>
    </section>
  );
}

function Invite() {
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; invite: string } | null>(null);
  const { busy, error, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await run(() => callApi('POST /api/team/invites', { body: { desk_name: name.trim() } }));
    if (answer) {
      setCreated({ name: name.trim(), invite: answer.invite });
      setName('');
    }
  };
  return (
    <section className="panel team-invite" aria-label="Invite a desk">
      <h2>Invite a desk</h2>
      <form className="field-row" onSubmit={(e) => void submit(e)}>
        <label className="grow">Desk name<input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required data-testid="team-invite-name" /></label>
        <button type="submit" className="primary" disabled={busy}>Create invite</button>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
      {created && (
        <div className="invite-created" data-testid="team-invite">
          <p>Send this to <strong>{created.name}</strong>'s streamer. It is shown only now: it holds their NATS credentials and the team secret.</p>
          <textarea readOnly value={created.invite} rows={3} />
          <CopyButton text={created.invite} />
        </div>
      )}
    </section>
  );
}

function TeamSetup({ onDone }: { onDone: (team: Team) => void }) {
  const create = useAction();
  const join = useAction();
  const [form, setForm] = useState({ name: '', goal: '', currency: 'EUR', servers: 'nats://127.0.0.1:4222', account_seed: '', replicas: '1', desk_name: '', team_rate: '' });
  const [invite, setInvite] = useState({ text: '', team_rate: '' });
  const field = (key: keyof typeof form) => ({ value: form[key], onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }) });
  const submitCreate = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await create.run(() =>
      callApi('POST /api/team', {
        body: {
          name: form.name.trim(), goal: form.goal.trim(), currency: form.currency.trim().toUpperCase(),
          servers: form.servers.split(',').map((s) => s.trim()).filter(Boolean),
          account_seed: form.account_seed.trim() || null, replicas: Number(form.replicas) as 1 | 3 | 5, desk_name: form.desk_name.trim(),
          ...(form.team_rate.trim() ? { team_rate: form.team_rate.trim() } : {}),
        },
      }),
    );
    if (answer) onDone(answer.team);
  };
  const submitJoin = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await join.run(() => callApi('POST /api/team/join', { body: { invite: invite.text.trim(), ...(invite.team_rate.trim() ? { team_rate: invite.team_rate.trim() } : {}) } }));
    if (answer) onDone(answer.team);
  };
  return (
    <>
      <section className="panel team-setup" aria-label="Join a team">
        <h2>Join a team event</h2>
        <p className="muted">Paste the invite the organizer gave this desk. The desk keeps working alone if the network fails, and sends what it counted when it is back.</p>
        <form onSubmit={(e) => void submitJoin(e)}>
          <label>Invite<textarea value={invite.text} onChange={(e) => setInvite({ ...invite, text: e.target.value })} rows={3} required data-testid="team-join-invite" /></label>
          <label>Team rate (only when this campaign's currency differs from the team's: the team currency one unit of yours is worth, fixed for the event)<input value={invite.team_rate} onChange={(e) => setInvite({ ...invite, team_rate: e.target.value })} placeholder="1.0825" /></label>
          <button type="submit" className="primary" disabled={join.busy} data-testid="team-join">Join</button>
          {join.error && <p className="form-error" role="alert">{join.error}</p>}
        </form>
      </section>
      <section className="panel team-setup" aria-label="Create a team">
        <h2>Organize a team event</h2>
        <form onSubmit={(e) => void submitCreate(e)}>
          <div className="field-row">
            <label className="grow">Team name<input {...field('name')} required maxLength={120} /></label>
            <label>Goal<input {...field('goal')} required placeholder="100000.00" /></label>
            <label>Currency<input {...field('currency')} required maxLength={3} size={4} /></label>
          </div>
          <label>NATS servers (comma-separated)<input {...field('servers')} required /></label>
          <label>NATS account seed (SA…; signs each desk's own credentials. Empty: a server without authentication, any desk could write as another)<input {...field('account_seed')} type="password" autoComplete="off" /></label>
          <div className="field-row">
            <label className="grow">This desk's name<input {...field('desk_name')} required maxLength={80} /></label>
            <label>Replicas<select {...field('replicas')}><option value="1">1</option><option value="3">3 (a cluster)</option><option value="5">5</option></select></label>
            <label>Team rate<input {...field('team_rate')} placeholder="when currencies differ" /></label>
          </div>
          <button type="submit" className="primary" disabled={create.busy}>Create the team</button>
          {create.error && <p className="form-error" role="alert">{create.error}</p>}
        </form>
      </section>
    </>
  );
}
