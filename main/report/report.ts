import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  DEFAULT_REPORT_DONOR_NAMES,
  type RenderReport,
  type ReportDonorNames,
  type ReportFigures,
  type ReportInfo,
  isReportDonorNames,
} from '../../shared/report.js';
import type { Db } from '../store/database.js';
import { ReportFigureQueries, type ReportSources } from './figures.js';
import { type PrintPdf, printWithChromium } from './pdf.js';

/** The latest report, in the data folder; each new one replaces it (write, verify, rename). */
export const REPORT_FOLDER = 'report';
export const REPORT_HTML = 'report.html';
export const REPORT_PDF = 'report.pdf';
const REPORT_INFO = 'report.json';
const DONOR_NAMES_SETTING = 'report_donor_names';

export function reportDonorNames(db: Db): ReportDonorNames {
  const value = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(DONOR_NAMES_SETTING)?.value;
  return isReportDonorNames(value) ? value : DEFAULT_REPORT_DONOR_NAMES;
}

export function saveReportDonorNames(db: Db, value: ReportDonorNames): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(DONOR_NAMES_SETTING, value);
}

let renderer: Promise<RenderReport> | null = null;

/**
 * The page's renderer (renderer/report/render.tsx): bundled beside the core as report-page.cjs
 * (React and its server renderer inside it, so the installed app needs no dev dependency), or
 * the source itself when the core runs through tsx (tests, bench).
 */
function loadRenderer(): Promise<RenderReport> {
  renderer ??= (async () => {
    if (typeof __dirname === 'string' && existsSync(join(__dirname, 'report-page.cjs'))) {
      const loaded = createRequire(join(__dirname, 'report-page.cjs'))('./report-page.cjs') as { renderReportHtml: RenderReport };
      return loaded.renderReportHtml;
    }
    const source = new URL('../../renderer/report/render.tsx', import.meta.url).href;
    const loaded = (await import(source)) as { renderReportHtml: RenderReport };
    return loaded.renderReportHtml;
  })();
  return renderer;
}

export async function renderReport(figures: ReportFigures): Promise<string> {
  return (await loadRenderer())(figures);
}

function writeDurably(file: string, data: string | Buffer): void {
  writeFileSync(file, data, { mode: 0o600 });
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface MadeReport {
  dir: string;
  html: string;
  info: ReportInfo;
  figures: ReportFigures;
}

export interface ReportOptions {
  dataDir: string;
  /** Prints the HTML to PDF (Electron's window, or Chromium); absent: the HTML alone. */
  printPdf?: PrintPdf | null;
  now?: number;
}

/**
 * Makes the report of the campaign as it stands: gathers its figures, draws the page into
 * report.html and, when something can print it, report.pdf. Written into "report.partial",
 * read back, then renamed over the previous report: a crash never leaves half a report.
 */
export async function makeReport(parts: ReportSources, options: ReportOptions): Promise<MadeReport> {
  const started = performance.now();
  const now = options.now ?? Date.now();
  const figures = await new ReportFigureQueries(parts).gather(reportDonorNames(parts.db), now);
  const html = await renderReport(figures);
  const dir = join(options.dataDir, REPORT_FOLDER);
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true, mode: 0o700 });
  try {
    writeDurably(join(partial, REPORT_HTML), html);
    if (readFileSync(join(partial, REPORT_HTML), 'utf8') !== html) throw new Error('report.html did not read back as written');
    let pdfBytes: number | null = null;
    let pdfNote: string | null = null;
    const print = options.printPdf === undefined ? printWithChromium() : options.printPdf;
    if (!print) {
      pdfNote = 'No PDF was made: there is no Chromium here to print it (set CHROMIUM_PATH, or make the report from the desktop app). The HTML report is complete; print it from a browser.';
    } else {
      try {
        const pdf = await print(join(partial, REPORT_HTML));
        writeDurably(join(partial, REPORT_PDF), pdf);
        pdfBytes = statSync(join(partial, REPORT_PDF)).size;
        if (pdfBytes !== pdf.length) throw new Error('report.pdf did not read back as written');
      } catch (error) {
        rmSync(join(partial, REPORT_PDF), { force: true });
        pdfNote = `No PDF was made: printing failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)}). The HTML report is complete.`;
      }
    }
    const info: ReportInfo = {
      generated_at: figures.generated_at,
      html_bytes: Buffer.byteLength(html),
      pdf_bytes: pdfBytes,
      pdf_note: pdfNote,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
    writeDurably(join(partial, REPORT_INFO), JSON.stringify(info, null, 1));
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
    return { dir, html, info, figures };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** The last report made, or null. */
export function lastReport(dataDir: string): ReportInfo | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, REPORT_FOLDER, REPORT_INFO), 'utf8')) as ReportInfo;
  } catch {
    return null;
  }
}

/** A file of the last report, or null when it was never made. */
export function reportFile(dataDir: string, name: typeof REPORT_HTML | typeof REPORT_PDF): Buffer | null {
  const file = join(dataDir, REPORT_FOLDER, name);
  return existsSync(file) ? readFileSync(file) : null;
}
