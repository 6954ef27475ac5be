import { useState } from 'react';
import type { TargetView } from '../../../shared/views.js';
import { callApi, fetchFile } from '../../lib/api.js';
import { saveBlob } from '../../lib/save-blob.js';
import { useAction } from '../../lib/use-action.js';
import { useDashboard } from '../store.js';
import { shortTime } from './format.js';
import { useMe } from './me.js';
import { BestMinute } from './BestMinute.js';
import { Moments } from './Moments.js';
import { ResponsesPanel } from './ResponsesPanel.js';
import { CallTags, TargetCard } from './TargetCard.js';
import { TargetForm } from './TargetForm.js';
import './targets.css';

type Side = { kind: 'none' } | { kind: 'new' } | { kind: 'target'; id: string; editing: boolean } | { kind: 'call-at'; at: string };

/**
 * The "who has answered" board: every target with how loudly it is called on and whether it has
 * answered, live from the hub. Moderators and the owner open a target to add, edit, flag and
 * confirm; viewers see the board.
 */
export function TargetsView() {
  const staffTargets = useDashboard((s) => s.targets);
  const publicTargets = useDashboard((s) => s.publicTargets);
  const role = useDashboard((s) => s.role);
  const canModerate = role !== 'viewer';
  // The hub sends viewers the public form only, and moderators the whole one.
  const targets = canModerate ? staffTargets : publicTargets;
  const [side, setSide] = useState<Side>({ kind: 'none' });
  const selected = side.kind === 'target' ? (staffTargets.find((t) => t.id === side.id) ?? null) : null;
  const answered = targets.filter((t) => t.status !== 'waiting').length;
  // A time picked from the best-minute suggestions: the moment form of the target opened with it is filled in.
  const [callAt, setCallAt] = useState<string | null>(null);
  const pickCallTime = (at: string) => {
    setCallAt(at);
    if (side.kind !== 'target') setSide({ kind: 'call-at', at });
  };

  return (
    <div className={`targets-view${canModerate ? '' : ' board-only'}`} data-testid="targets-view">
      <section className="targets-board" aria-label="Targets">
        <div className="board-head">
          <h2>Who has answered <span className="hint" data-testid="targets-summary">{answered} of {targets.length}</span></h2>
          {canModerate && (
            <div className="button-row">
              <ResponsesExport />
              <button type="button" className="primary" id="add-target" data-testid="target-add" onClick={() => setSide({ kind: 'new' })}>Add a target</button>
            </div>
          )}
        </div>
        {targets.length === 0 && (
          <p className="hint board-empty" data-testid="targets-empty">
            No targets yet. A target is someone the campaign calls on by hashtag — a head of state, a platform, a brand.
            {canModerate ? ' Add one to count who calls on them and record when they answer.' : ''}
          </p>
        )}
        <div className="target-grid">
          {targets.map((t) => (
            <TargetCard
              key={t.id}
              target={t}
              selected={selected?.id === t.id}
              onOpen={
                canModerate
                  ? () => {
                      setCallAt(null);
                      setSide({ kind: 'target', id: t.id, editing: false });
                    }
                  : null
              }
            />
          ))}
        </div>
        {canModerate && <BestMinute onPick={role === 'owner' && staffTargets.length > 0 ? pickCallTime : null} />}
      </section>
      {canModerate && (
        <aside className="targets-side" aria-label="Target details" data-testid="targets-side">
          {side.kind === 'new' && (
            <div className="panel">
              <h2>Add a target</h2>
              <TargetForm target={null} onDone={(t) => setSide({ kind: 'target', id: t.id, editing: false })} onCancel={() => setSide({ kind: 'none' })} />
            </div>
          )}
          {side.kind === 'call-at' && (
            <div className="panel" data-testid="call-at-pick">
              <h2>Schedule a call at {shortTime(side.at)}</h2>
              <p className="hint">Choose who the call is for. Its call moment form opens with this time filled in; nothing is scheduled until you press Schedule.</p>
              <div className="button-row">
                {staffTargets.map((t) => (
                  <button key={t.id} type="button" className="secondary" onClick={() => setSide({ kind: 'target', id: t.id, editing: false })}>{t.name}</button>
                ))}
                <button type="button" className="quiet" onClick={() => setSide({ kind: 'none' })}>Cancel</button>
              </div>
            </div>
          )}
          {side.kind === 'target' && selected && (
            <TargetDetail
              key={selected.id}
              callAt={callAt}
              target={selected}
              editing={side.editing}
              setEditing={(editing) => setSide({ kind: 'target', id: selected.id, editing })}
              onClose={() => setSide({ kind: 'none' })}
            />
          )}
          {side.kind === 'target' && !selected && <p className="hint">This target is being added, or was archived.</p>}
          {side.kind === 'none' && (
            <div className="panel side-hint">
              <h2>Responses</h2>
              <p className="hint">
                Open a target to see what its own account said in chat, flag a response, and confirm what someone else flagged.
                Nobody confirms their own flag.
              </p>
            </div>
          )}
        </aside>
      )}
    </div>
  );
}

function TargetDetail({ target, editing, setEditing, onClose, callAt }: { target: TargetView; editing: boolean; setEditing: (editing: boolean) => void; onClose: () => void; callAt: string | null }) {
  const role = useDashboard((s) => s.role);
  const me = useMe();
  const isOwner = role === 'owner';
  return (
    <div className="panel target-detail" data-testid="target-detail" data-target-id={target.id}>
      <div className="detail-head">
        <h2 className="detail-name">{target.name}</h2>
        <div className="button-row">
          {!editing && <button type="button" className="quiet" data-testid="target-edit" onClick={() => setEditing(true)}>Edit</button>}
          <button type="button" className="quiet" onClick={onClose} aria-label="Close">Close</button>
        </div>
      </div>
      {editing ? (
        <TargetForm target={target} onDone={() => setEditing(false)} onCancel={() => setEditing(false)} />
      ) : (
        <CallTags target={target} />
      )}
      <ResponsesPanel target={target} me={me} />
      <Moments target={target} canSchedule={isOwner} prefillAt={callAt} />
      {isOwner && <ArchiveTarget target={target} onArchived={onClose} />}
    </div>
  );
}

function ArchiveTarget({ target, onArchived }: { target: TargetView; onArchived: () => void }) {
  const [asking, setAsking] = useState(false);
  const { busy, error, run } = useAction();
  const archive = async () => {
    if (await run(() => callApi('POST /api/targets/:id/archive', { params: { id: target.id } }))) onArchived();
  };
  return (
    <section className="archive">
      {!asking ? (
        <button type="button" className="quiet" data-testid="target-archive" onClick={() => setAsking(true)}>Archive this target…</button>
      ) : (
        <div className="confirm-row">
          <span>Take {target.name} off the board? Its counts and responses are kept and stay in the export.</span>
          <button type="button" className="danger" disabled={busy} data-testid="target-archive-confirm" onClick={() => void archive()}>Archive</button>
          <button type="button" className="quiet" onClick={() => setAsking(false)}>Keep</button>
        </div>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}

const EXPORTS = [
  { key: 'GET /api/export/responses.csv', label: 'CSV', extension: 'csv' },
  { key: 'GET /api/export/responses.json', label: 'JSON', extension: 'json' },
] as const;

/** Every response with its audit trail, for the record. */
function ResponsesExport() {
  const { busy, error, run } = useAction();
  const download = async (entry: (typeof EXPORTS)[number]) => {
    const blob = await run(() => fetchFile(entry.key));
    if (blob) saveBlob(blob, `responses-${new Date().toISOString().slice(0, 10)}.${entry.extension}`);
  };
  return (
    <span className="responses-export">
      <span className="hint">Export responses</span>
      {EXPORTS.map((entry) => (
        <button key={entry.key} type="button" className="quiet" disabled={busy} data-testid={`responses-export-${entry.extension}`} onClick={() => void download(entry)}>
          {entry.label}
        </button>
      ))}
      {error && <span className="form-error" role="alert">{error}</span>}
    </span>
  );
}
