import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { InviteCreated, InviteView, NetworkView } from '../../../shared/views.js';
import { callApi } from '../../lib/api.js';
import { timeAgo } from '../../lib/format.js';
import { useAction } from '../../lib/use-action.js';
import { useNow } from '../../lib/use-now.js';
import { CopyButton } from '../CopyButton.js';
import './people.css';

const REFRESH_MS = 5_000;

/** The owner's page for people: invite links per role, who is connected, revoking, network access. */
export function PeopleView() {
  return (
    <div className="people-view">
      <Invites />
      <NetworkPanel />
    </div>
  );
}

function Invites() {
  const [invites, setInvites] = useState<InviteView[]>([]);
  const [created, setCreated] = useState<InviteCreated | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<'moderator' | 'viewer'>('moderator');
  const { busy, error, run } = useAction();
  const now = useNow(REFRESH_MS);

  const load = useCallback(async () => {
    const answer = await callApi('GET /api/invites');
    setInvites(answer.invites);
  }, []);
  // Connections and last-seen times change without a hub event: read them every few seconds.
  useEffect(() => {
    void load().catch(() => undefined);
    const timer = setInterval(() => void load().catch(() => undefined), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await run(() => callApi('POST /api/invites', { body: { role, name: name.trim() } }));
    if (!answer) return;
    setCreated(answer);
    setName('');
    await load();
  };

  const revoke = async (invite: InviteView) => {
    if (!window.confirm(`Revoke ${invite.name}'s link? Their dashboard closes at once and the link stops working.`)) return;
    const done = await run(() => callApi('DELETE /api/invites/:id', { params: { id: invite.id } }));
    if (done) await load();
  };

  const active = invites.filter((i) => i.revoked_at === null);
  const revoked = invites.filter((i) => i.revoked_at !== null);
  return (
    <section className="panel invites" aria-label="Invite links">
      <h2>Invite links</h2>
      <form className="field-row invite-form" id="invite-form" onSubmit={(e) => void create(e)}>
        <label className="grow">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} placeholder="Who gets the link" data-testid="invite-name" required />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as 'moderator' | 'viewer')} data-testid="invite-role">
            <option value="moderator">Moderator (screens, flags, enters pledges)</option>
            <option value="viewer">Viewer (reads only)</option>
          </select>
        </label>
        <button type="submit" className="primary invite-submit" disabled={busy} data-testid="invite-create">Create link</button>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
      {created && (
        <div className="invite-created" data-testid="invite-created">
          <p>
            Send this link to <strong>{created.invite.name}</strong>. It is shown only now: the app keeps only a fingerprint of it.
          </p>
          <LinkLine url={created.url} label="On this computer" testId="invite-url" />
          {created.network_urls.map((url) => (
            <LinkLine key={url} url={url} label="From another computer on this network" testId="invite-network-url" />
          ))}
          {created.network_urls.length === 0 && (
            <p className="hint">Network access is off, so this link works only on this computer. Turn it on below for someone on another machine.</p>
          )}
        </div>
      )}
      {active.length === 0 ? (
        <p className="hint">Nobody is invited yet.</p>
      ) : (
        <table className="invite-table" data-testid="invite-list">
          <thead>
            <tr><th>Name</th><th>Role</th><th>Now</th><th>Last seen</th><th /></tr>
          </thead>
          <tbody>
            {active.map((invite) => (
              <tr key={invite.id} data-testid="invite-row" data-invite-id={invite.id}>
                <td className="invite-who">{invite.name}</td>
                <td>{invite.role}</td>
                <td data-testid="invite-connected">
                  {invite.connected > 0 ? <span className="online">connected{invite.connected > 1 ? ` (${invite.connected})` : ''}</span> : <span className="hint">not connected</span>}
                </td>
                <td>{invite.last_seen_at ? timeAgo(invite.last_seen_at, now) : 'never'}</td>
                <td>
                  <button type="button" className="danger" onClick={() => void revoke(invite)} disabled={busy} data-testid="invite-revoke">Revoke</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoked.length > 0 && (
        <details className="revoked">
          <summary>{revoked.length} revoked</summary>
          <ul>
            {revoked.map((invite) => (
              <li key={invite.id}>{invite.name} ({invite.role}), revoked {timeAgo(invite.revoked_at ?? invite.created_at, now)}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function LinkLine({ url, label, testId }: { url: string; label: string; testId: string }) {
  return (
    <div className="link-line">
      <span className="hint">{label}</span>
      <code data-testid={testId}>{url}</code>
      <CopyButton text={url} />
    </div>
  );
}

function NetworkPanel() {
  const [network, setNetwork] = useState<NetworkView | null>(null);
  const { busy, error, run } = useAction();
  useEffect(() => {
    void run(() => callApi('GET /api/network')).then((view) => view && setNetwork(view));
  }, [run]);
  if (!network) return <section className="panel"><h2>Network access</h2>{error && <p className="form-error">{error}</p>}</section>;

  const toggle = async () => {
    const next = await run(() => callApi('PUT /api/network', { body: { enabled: !network.enabled } }));
    if (next) setNetwork(next);
  };
  return (
    <section className="panel network" aria-label="Network access" data-testid="network-panel">
      <h2>Network access</h2>
      <p data-testid="network-state">
        {network.enabled ? <strong className="warning">On</strong> : <strong>Off</strong>}: listening on <code>{network.listening}</code>.
        {!network.enabled && ' Only this computer can open the dashboard and the overlays.'}
      </p>
      {network.pinned_by_flag ? (
        <p className="hint">The app was started with --host, which decides this. Restart it without --host to use the switch.</p>
      ) : (
        <button type="button" className={network.enabled ? 'secondary' : 'primary'} onClick={() => void toggle()} disabled={busy} data-testid="network-toggle">
          {network.enabled ? 'Turn network access off' : 'Turn network access on'}
        </button>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
      <ul className="exposes">
        {network.exposes.map((line) => <li key={line}>{line}</li>)}
      </ul>
      {network.urls.length > 0 && (
        <div data-testid="network-urls">
          <h3>Reachable at</h3>
          {network.urls.map((url) => <div key={url}><code>{url}</code></div>)}
        </div>
      )}
    </section>
  );
}
