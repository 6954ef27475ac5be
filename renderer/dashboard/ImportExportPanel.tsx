import { useState } from 'react';
import { fetchFile } from '../lib/api.js';
import { saveBlob } from '../lib/save-blob.js';
import { useAction } from '../lib/use-action.js';
import { ImportDialog } from './ImportDialog.js';
import './ImportExport.css';

const EXPORTS = [
  { key: 'GET /api/export/donations.csv', label: 'Export CSV', extension: 'csv' },
  { key: 'GET /api/export/donations.json', label: 'Export JSON', extension: 'json' },
] as const;

/** For the accountant: every donation, refund and correction out; offline money in. */
export function ImportExportPanel({ canImport }: { canImport: boolean }) {
  const [exporting, setExporting] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const [importing, setImporting] = useState(false);

  const download = async (entry: (typeof EXPORTS)[number]) => {
    setExporting(entry.key);
    const blob = await run(() => fetchFile(entry.key));
    if (blob) saveBlob(blob, `donations-${new Date().toISOString().slice(0, 10)}.${entry.extension}`);
  };

  return (
    <div className="panel import-export">
      <h2>Reconcile</h2>
      <div className="button-row">
        {EXPORTS.map((entry) => (
          <button key={entry.key} type="button" className="secondary" data-testid={`export-${entry.extension}`}
            disabled={busy} onClick={() => void download(entry)}>
            {busy && exporting === entry.key ? 'Exporting…' : entry.label}
          </button>
        ))}
        {canImport && (
          <button type="button" data-testid="import-open" onClick={() => setImporting(true)}>Import CSV…</button>
        )}
      </div>
      <p className="hint">Exports hold every donation, refund and correction with its rate, for the charity’s accountant.</p>
      {error && <p className="form-error" role="alert" data-testid="export-error">{error}</p>}
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </div>
  );
}
