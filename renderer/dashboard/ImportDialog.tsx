import { type ChangeEvent, useEffect, useState } from 'react';
import type { CsvImportPreview } from '../../shared/views.js';
import { callApi } from '../lib/api.js';
import { useAction } from '../lib/use-action.js';
import { displayAmount } from '../lib/format.js';

const STATUS_WORDS: Record<CsvImportPreview['rows'][number]['status'], string> = {
  new: 'will be added',
  duplicate: 'already imported',
  error: 'problem',
};

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Offline money from a CSV file: a preview first (nothing stored), row by row with problems in
 * plain words, then one button that adds the good rows. The same file again adds nothing.
 */
export function ImportDialog({ onClose }: { onClose(): void }) {
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<CsvImportPreview | null>(null);
  const [result, setResult] = useState<CsvImportPreview | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => { if (event.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen) return;
    setPreview(null);
    setResult(null);
    const base64 = toBase64(await chosen.arrayBuffer());
    setFile({ name: chosen.name, base64 });
    const previewed = await run(() => callApi('POST /api/import/donations/preview', { body: { csv_base64: base64 } }));
    if (previewed) setPreview(previewed);
  };

  const commit = async () => {
    if (!file) return;
    const committed = await run(() => callApi('POST /api/import/donations', { body: { csv_base64: file.base64 } }));
    if (!committed) return;
    setResult(committed);
    setPreview(committed);
  };

  const shown = preview;
  return (
    <div className="modal-backdrop" onClick={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div className="modal import-dialog" role="dialog" aria-modal="true" aria-labelledby="import-title" data-testid="import-dialog">
        <div className="modal-head">
          <h2 id="import-title">Import offline money from CSV</h2>
          <button type="button" className="quiet" data-testid="import-close" onClick={onClose}>Close</button>
        </div>
        <p className="hint">
          Bank transfers, cheques, cash: one row each, with an <code>amount</code> (like <code>12.50</code>) and a{' '}
          <code>currency</code> (like <code>EUR</code>); <code>donor</code>, <code>message</code>, <code>date</code> and{' '}
          <code>id</code> are optional. Comma or semicolon, saved as UTF-8. Importing the same file again adds nothing.
        </p>
        <label className="file-pick">
          <span className="sr-only">CSV file</span>
          <input type="file" accept=".csv,text/csv,text/plain" data-testid="import-file" onChange={(e) => void choose(e)} disabled={busy} />
        </label>
        {file && <p className="hint" data-testid="import-file-name">File: {file.name}</p>}
        {error && <p className="form-error" role="alert" data-testid="import-error">{error}</p>}
        {shown && (
          <>
            <p className="import-summary" data-testid="import-summary">
              {result ? 'Added' : 'Will add'} <strong>{shown.counts.new}</strong> {shown.counts.new === 1 ? 'donation' : 'donations'}
              {shown.new_by_currency.length > 0 && ` (${shown.new_by_currency.map(displayAmount).join(' + ')})`}
              {' · '}{shown.counts.duplicate} already imported
              {' · '}<span className={shown.counts.error > 0 ? 'warning' : ''}>{shown.counts.error} with a problem</span>
            </p>
            <div className="import-table-wrap">
              <table className="import-table" data-testid="import-preview">
                <thead>
                  <tr><th>Row</th><th>Status</th><th className="money">Amount</th><th>Donor</th><th>Message or problem</th></tr>
                </thead>
                <tbody>
                  {shown.rows.map((row) => (
                    <tr key={row.row} className={`import-row ${row.status}`} data-testid="import-row" data-status={row.status}>
                      <td className="count">{row.row}</td>
                      <td className="status">{STATUS_WORDS[row.status]}</td>
                      <td className="money">{row.amount ? displayAmount(row.amount) : '—'}</td>
                      <td className="donor-cell" title={row.donor ?? ''}>{row.donor ?? '—'}</td>
                      <td className="detail">{row.status === 'error' ? <span data-testid="import-row-error">{row.error}</span> : (row.message ?? '')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        <div className="modal-actions">
          {result ? (
            <p className="form-done" role="status" data-testid="import-done">
              {result.counts.new === 0 ? 'Nothing new was added: every good row was already imported.' : `Added ${result.counts.new} ${result.counts.new === 1 ? 'donation' : 'donations'} to the total.`}
            </p>
          ) : (
            <button type="button" className="primary" data-testid="import-commit" disabled={busy || !shown || shown.counts.new === 0}
              onClick={() => void commit()}>
              {busy ? 'Working…' : !shown ? 'Choose a file first' : shown.counts.new === 0 ? 'Nothing new to add' : `Add ${shown.counts.new} ${shown.counts.new === 1 ? 'donation' : 'donations'}`}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
