import type { ReportInfo } from '../../shared/report.js';
import { type ApiRouter, HttpError, TextReply } from '../server/http.js';
import type { Db } from '../store/database.js';
import { type MadeReport, REPORT_HTML, REPORT_PDF, reportDonorNames, saveReportDonorNames } from './report.js';

export interface ReportDesk {
  db: Db;
  make(): Promise<MadeReport>;
  last(): ReportInfo | null;
  file(name: typeof REPORT_HTML | typeof REPORT_PDF): Buffer | null;
}

const fileDate = (info: ReportInfo | null) => (info?.generated_at ?? new Date().toISOString()).slice(0, 10);

/** The marathon report: the owner's alone (it holds every figure and the donors' names as allowed). */
export function reportRoutes(api: ApiRouter, desk: ReportDesk): void {
  let making: Promise<MadeReport> | null = null;

  api.on('GET /api/report', () => ({ donor_names: reportDonorNames(desk.db), report: desk.last() }));

  api.on('POST /api/report', async ({ body }) => {
    if (body?.donor_names) saveReportDonorNames(desk.db, body.donor_names);
    // One report at a time: a second press waits for the one under way.
    making ??= desk.make().finally(() => {
      making = null;
    });
    try {
      const made = await making;
      return { donor_names: reportDonorNames(desk.db), report: made.info };
    } catch (error) {
      if (error instanceof HttpError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (/no campaign/.test(message)) throw new HttpError(409, 'no_campaign', 'there is no campaign yet: create it first');
      throw error;
    }
  });

  api.on('GET /api/report/report.html', () => {
    const html = desk.file(REPORT_HTML);
    if (!html) throw new HttpError(404, 'no_report', 'no report has been made yet: press "Make the report" first');
    return new TextReply('text/html; charset=utf-8', html, `marathon-report-${fileDate(desk.last())}.html`);
  });

  api.on('GET /api/report/report.pdf', () => {
    const pdf = desk.file(REPORT_PDF);
    if (!pdf) {
      const note = desk.last()?.pdf_note;
      throw new HttpError(404, 'no_pdf', note ?? 'no report has been made yet: press "Make the report" first');
    }
    return new TextReply('application/pdf', pdf, `marathon-report-${fileDate(desk.last())}.pdf`);
  });
}
