import { type FormEvent, useEffect, useState } from 'react';
import type { ArchiveView, CampaignView, LateMoneyView } from '../../../shared/views.js';
import { callApi } from '../../lib/api.js';
import { displayAmount, teamTime } from '../../lib/format.js';
import { useAction } from '../../lib/use-action.js';

const kilobytes = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en')} KB`;

/** The archive just written: where it is and what it holds, each file with its SHA-256 start. */
function ArchiveFiles({ archive }: { archive: ArchiveView }) {
  return (
    <div className="close-archive" data-testid="close-archive">
      <p>Archive written to <code data-testid="close-archive-dir">{archive.dir}</code>, with SHA256SUMS to check it (<code>npm run verify-archive -- FOLDER</code>, or <code>sha256sum -c SHA256SUMS</code> there).</p>
      <ul>
        {archive.files.map((file) => (
          <li key={file.name}><code>{file.name}</code> <span className="hint">{kilobytes(file.bytes)} · {file.sha256.slice(0, 12)}…</span></li>
        ))}
      </ul>
    </div>
  );
}

/** Money that arrived after the close: listed apart, counted nowhere. */
function LateMoney({ closedAt }: { closedAt: string }) {
  const [late, setLate] = useState<{ late: LateMoneyView[]; count: number } | null>(null);
  useEffect(() => {
    let current = true;
    const load = () => callApi('GET /api/campaign/late').then((answer) => current && setLate(answer)).catch(() => undefined);
    void load();
    const timer = setInterval(load, 10_000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [closedAt]);
  if (!late) return null;
  if (late.count === 0) return <p className="hint" data-testid="late-none">Nothing has arrived since the close.</p>;
  return (
    <div className="close-late" data-testid="late-money">
      <p><strong>{late.count.toLocaleString('en')}</strong> arrived after the close: stored and kept apart, not in any total.</p>
      <ul>
        {late.late.map((item) => (
          <li key={item.id} data-testid="late-item">
            <span dir="auto">{item.anonymous ? 'Anonymous' : (item.donor_name ?? 'Someone')}</span>{' '}
            <strong>{displayAmount(item.amount)}</strong>{' '}
            <span className="hint">{item.type} · {teamTime(item.received_at)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The end of the marathon: closing freezes the total (money arriving later is kept apart) and
 * writes the archive; the owner types the title to confirm. Reopening takes a reason. Both are
 * in the audit log.
 */
export function ClosePanel({ campaign }: { campaign: CampaignView }) {
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const [archive, setArchive] = useState<ArchiveView | null>(null);
  const [archiveError, setArchiveError] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  const close = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await run(() => callApi('POST /api/campaign/close', { body: { title, ...(reason.trim() ? { reason: reason.trim() } : {}) } }));
    if (!answer) return;
    setArchive(answer.archive);
    setArchiveError(answer.archive_error);
    setTitle('');
    setReason('');
  };
  const rewrite = async () => {
    const answer = await run(() => callApi('POST /api/campaign/archive'));
    if (answer) {
      setArchive(answer.archive);
      setArchiveError(null);
    }
  };
  const reopen = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await run(() => callApi('POST /api/campaign/reopen', { body: { reason } }));
    if (answer) {
      setReason('');
      setArchive(null);
    }
  };

  if (campaign.closed_at) {
    return (
      <section className="panel close-panel closed" data-testid="close-panel" data-state="closed">
        <h2>The marathon is closed</h2>
        <p data-testid="closed-at">Closed {teamTime(campaign.closed_at)}: the total is final. Money that arrives now is stored and listed below, never counted.</p>
        {archive && <ArchiveFiles archive={archive} />}
        {archiveError && <p className="form-error" role="alert" data-testid="close-archive-error">The archive could not be written: {archiveError}</p>}
        <LateMoney closedAt={campaign.closed_at} />
        <div className="campaign-actions">
          <button type="button" className="secondary" disabled={busy} data-testid="close-rewrite" onClick={() => void rewrite()}>Write the archive again</button>
        </div>
        <form className="close-reopen" onSubmit={(e) => void reopen(e)}>
          <label>
            Reopen it (why, for the audit log)
            <input data-testid="reopen-reason" value={reason} maxLength={500} placeholder="The bank sent the last transfers" onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="submit" className="quiet" disabled={busy || reason.trim().length < 3} data-testid="reopen-submit">Reopen the marathon</button>
        </form>
        {error && <p className="form-error" role="alert" data-testid="close-error">{error}</p>}
      </section>
    );
  }
  return (
    <section className="panel close-panel" data-testid="close-panel" data-state="running">
      <h2>Close the marathon</h2>
      <p className="hint">
        When the stream is over: the total becomes final (money that still arrives is kept apart, never lost), and an archive
        is written in the data folder for the charity's treasurer: the database, donations, answers and audit log as CSV and JSON,
        with a SHA-256 for each file. It can be reopened, with a reason.
      </p>
      <form onSubmit={(e) => void close(e)}>
        <label>
          Type the title to confirm: <strong dir="auto">{campaign.title}</strong>
          <input data-testid="close-title" value={title} maxLength={200} autoComplete="off" onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label>
          Note for the audit log (optional)
          <input data-testid="close-reason" value={reason} maxLength={500} placeholder="The 48 hours are over" onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="submit" className="danger" disabled={busy || title.trim() !== campaign.title.trim()} data-testid="close-submit">
          {busy ? 'Closing and writing the archive…' : 'Close the marathon'}
        </button>
      </form>
      {error && <p className="form-error" role="alert" data-testid="close-error">{error}</p>}
    </section>
  );
}
