import { useEffect, useState } from 'react';
import { REPORT_DONOR_NAMES, type ReportDonorNames, type ReportInfo } from '../../../shared/report.js';
import { callApi, fetchFile } from '../../lib/api.js';
import { teamTime } from '../../lib/format.js';
import { saveBlob } from '../../lib/save-blob.js';
import { useAction } from '../../lib/use-action.js';

const NAME_CHOICES: Record<ReportDonorNames, string> = {
  full: 'Full names',
  initials: 'Initials only',
  none: 'No names',
};
const kilobytes = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en')} KB`;

/**
 * The marathon report for the charity and next year's team: every figure of the campaign as it
 * stands, as one HTML file that opens offline and a PDF. Donors are named as the charity allows;
 * anonymous donors never.
 */
export function ReportPanel() {
  const [names, setNames] = useState<ReportDonorNames | null>(null);
  const [report, setReport] = useState<ReportInfo | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    let current = true;
    callApi('GET /api/report').then((answer) => {
      if (!current) return;
      setNames(answer.donor_names);
      setReport(answer.report);
    }).catch(() => undefined);
    return () => {
      current = false;
    };
  }, []);

  const make = async () => {
    const answer = await run(() => callApi('POST /api/report', { body: names ? { donor_names: names } : {} }));
    if (answer) {
      setReport(answer.report);
      setNames(answer.donor_names);
    }
  };
  const download = async (key: 'GET /api/report/report.html' | 'GET /api/report/report.pdf', extension: string) => {
    const blob = await run(() => fetchFile(key));
    if (blob) saveBlob(blob, `marathon-report-${(report?.generated_at ?? new Date().toISOString()).slice(0, 10)}.${extension}`);
  };

  return (
    <section className="panel report-panel" data-testid="report-panel" data-state={busy ? 'making' : report ? 'made' : 'none'}>
      <h2>The marathon report</h2>
      <p className="hint">
        Every figure of the campaign as it stands: the money and how it reconciles with each platform, chat and money over time,
        the peak minutes, who was called on and who answered, screening. One HTML file that opens offline, and a PDF.
      </p>
      <label>
        Donor names in the report
        <select data-testid="report-names" value={names ?? 'initials'} disabled={names === null || busy} onChange={(e) => setNames(e.target.value as ReportDonorNames)}>
          {REPORT_DONOR_NAMES.map((choice) => <option key={choice} value={choice}>{NAME_CHOICES[choice]}</option>)}
        </select>
      </label>
      <p className="hint">Anonymous donors are never named, whatever is chosen.</p>
      <div className="campaign-actions">
        <button type="button" disabled={busy || names === null} data-testid="report-make" onClick={() => void make()}>
          {busy ? 'Making the report…' : report ? 'Make it again' : 'Make the report'}
        </button>
      </div>
      {report && (
        <div className="report-made" data-testid="report-made">
          <p>Made {teamTime(report.generated_at)} in {report.seconds.toLocaleString('en')} s.</p>
          <div className="campaign-actions">
            <button type="button" className="secondary" disabled={busy} data-testid="report-html" onClick={() => void download('GET /api/report/report.html', 'html')}>
              Download the page ({kilobytes(report.html_bytes)})
            </button>
            {report.pdf_bytes !== null && (
              <button type="button" className="secondary" disabled={busy} data-testid="report-pdf" onClick={() => void download('GET /api/report/report.pdf', 'pdf')}>
                Download the PDF ({kilobytes(report.pdf_bytes)})
              </button>
            )}
          </div>
          {report.pdf_note && <p className="hint" data-testid="report-pdf-note">{report.pdf_note}</p>}
        </div>
      )}
      {error && <p className="form-error" role="alert" data-testid="report-error">{error}</p>}
    </section>
  );
}
