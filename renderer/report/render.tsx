/** @jsxRuntime automatic */
/** @jsxImportSource react */
/**
 * The report's page rendered to one self-contained HTML document: inline CSS, inline SVG, no
 * script, no request to anywhere. Run in the core (built into dist/main/report-page.cjs, or
 * loaded through tsx in development) by main/report/report.ts.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import type { RenderReport, ReportFigures } from '../../shared/report.js';
import { showAmountsIn, showTimesIn } from '../lib/format.js';
import { ReportPage } from './ReportPage.js';

const CSS = `
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1f2430; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.report { max-width: 980px; margin: 0 auto; padding: 24px 28px 48px; }
header h1 { margin: 0 0 4px; font-size: 26px; }
.cause { margin: 0 0 6px; font-size: 16px; color: #3a4252; }
h2 { margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #e2e6ee; font-size: 19px; }
h3 { margin: 18px 0 6px; font-size: 15px; }
.hint { color: #687186; }
.warn { color: #b42318; }
.figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; }
.figure { border: 1px solid #e2e6ee; border-radius: 8px; padding: 10px 12px; }
.figure-value { font-size: 22px; font-weight: 650; }
.figure-label { color: #3a4252; }
.figure-note { color: #687186; font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #edf0f5; vertical-align: top; }
th { font-weight: 600; color: #3a4252; background: #f6f7fa; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.compact { width: auto; min-width: 50%; }
th.num { white-space: normal; }
table[data-section='call-moments'] { width: 100%; font-size: 13px; }
.moment-when { white-space: nowrap; }
.chart { display: block; max-width: 100%; height: auto; }
.chart .grid { stroke: #edf0f5; }
.chart .zero { stroke: #9aa3b5; }
.chart .axis { fill: #687186; font-size: 11px; }
.legend span { margin-right: 14px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 5px; border-radius: 2px; }
.target { border: 1px solid #e2e6ee; border-radius: 8px; padding: 4px 14px 8px; margin: 10px 0; break-inside: avoid; }
.status { font-size: 12px; font-weight: 600; padding: 2px 8px; border-radius: 10px; margin-left: 6px; vertical-align: middle; }
.status-responded { background: #dcfce7; color: #166534; }
.status-declined { background: #fee2e2; color: #991b1b; }
.status-waiting { background: #eef0f4; color: #3a4252; }
blockquote { margin: 8px 0; padding: 6px 12px; border-left: 3px solid #15803d; background: #f6faf7; }
blockquote p { margin: 0 0 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
blockquote footer, .url { color: #687186; font-size: 12px; overflow-wrap: anywhere; }
td { overflow-wrap: anywhere; }
section { break-inside: auto; }
@media print { .report { padding: 0; } h2 { break-after: avoid; } table, svg { break-inside: avoid; } }
`;

export const renderReportHtml: RenderReport = (figures: ReportFigures) => {
  showTimesIn(figures.campaign.time_zone);
  showAmountsIn(figures.campaign.locale);
  const body = renderToStaticMarkup(<ReportPage f={figures} />);
  const title = renderToStaticMarkup(<title>{`${figures.campaign.title} — marathon report`}</title>);
  return `<!doctype html>\n<html lang="${figures.campaign.locale.replace(/[^A-Za-z-]/g, '')}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">${title}<style>${CSS}</style></head>
<body>${body}</body></html>\n`;
};
