// npm run bench report: the marathon report of the seeded 48-hour marathon (10,000,000 chat
// messages), through the same core the server runs: how long it takes and how large its HTML is
// (issue 17: under a minute, under 5 MB), with and without printing the PDF.
import { join } from 'node:path';
import { createCore } from '../main/core.js';
import { printWithChromium } from '../main/report/pdf.js';
import { makeReport } from '../main/report/report.js';
import { MARATHON_10M, cachedMarathon, copySeedInto } from '../main/testing/marathon-seed.js';

export interface ReportBench {
  seededNow: boolean;
  /** Figures and HTML only; then the same with the PDF (null: no Chromium here). */
  htmlSeconds: number;
  htmlBytes: number;
  withPdfSeconds: number | null;
  pdfBytes: number | null;
  pdfNote: string | null;
  /** A second report on the same core (its minute caches warm). */
  againSeconds: number;
  chatters: number;
  messages: number;
}

export async function reportBench(dir: string, log: (line: string) => void): Promise<ReportBench> {
  const seed = cachedMarathon(MARATHON_10M, log);
  const dataDir = join(dir, 'report');
  copySeedInto(seed.file, dataDir);
  const core = await createCore({ dataDir, port: 0, ownerToken: 'bench-owner-token-0123456789', backupIntervalMs: 24 * 3_600_000, connectors: [], log: () => {} });
  try {
    const s = core.services;
    const parts = { db: s.db, chatters: s.ingest.chatters, donations: s.donations, sources: s.sources, targets: s.targets, screening: s.screening, incentives: s.incentives, prizes: s.prizes, campaign: s.campaign };
    const timed = async (printPdf: ReturnType<typeof printWithChromium>) => {
      const started = performance.now();
      const made = await makeReport(parts, { dataDir, printPdf });
      return { made, seconds: (performance.now() - started) / 1000 };
    };
    const html = await timed(null);
    const again = await timed(null);
    const printer = printWithChromium();
    const pdf = printer ? await timed(printer) : null;
    return {
      seededNow: seed.seededNow,
      htmlSeconds: html.seconds,
      htmlBytes: html.made.info.html_bytes,
      withPdfSeconds: pdf?.seconds ?? null,
      pdfBytes: pdf?.made.info.pdf_bytes ?? null,
      pdfNote: pdf?.made.info.pdf_note ?? 'no Chromium here',
      againSeconds: again.seconds,
      chatters: html.made.figures.people.chatters,
      messages: html.made.figures.charts.totals.messages,
    };
  } finally {
    await core.close();
  }
}
