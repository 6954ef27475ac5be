import { copyFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from './core.js';
import { defaultDataDir } from './paths.js';
import { REPORT_HTML, REPORT_PDF } from './report/report.js';

/**
 * `npm run report -- [--data-dir DIR] [--out FILE]`: makes the marathon report of the campaign in
 * the data folder (the same core the app runs, without its window; the app must not be running
 * on that folder). Writes report.html (and report.pdf when Chromium is there) and says where.
 */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' }, out: { type: 'string' } } });
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  let core;
  try {
    core = await createCore({ dataDir, port: 0, backupIntervalMs: 24 * 3_600_000, connectors: [], log: () => {} });
  } catch (error) {
    console.error(`Could not open ${dataDir}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  try {
    const made = await core.services.report.make();
    let html = join(made.dir, REPORT_HTML);
    let pdf = made.info.pdf_bytes !== null ? join(made.dir, REPORT_PDF) : null;
    if (values.out) {
      const out = resolve(values.out);
      copyFileSync(html, out);
      html = out;
      if (pdf) {
        const outPdf = out.replace(/\.html?$/i, '') + '.pdf';
        copyFileSync(pdf, outPdf);
        pdf = outPdf;
      }
    }
    console.log(`The report is in ${html} (${Math.round(made.info.html_bytes / 1024)} KB, made in ${made.info.seconds} s).`);
    if (pdf && existsSync(pdf)) console.log(`Its PDF is in ${pdf}.`);
    else console.log(made.info.pdf_note ?? 'No PDF was made.');
    return 0;
  } catch (error) {
    console.error(`The report could not be made: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await core.close();
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
