// The marathon report against a real core on 127.0.0.1: its figures equal the API's, only the
// owner makes and downloads it, donors are named only as the privacy setting allows (anonymous
// ones never, in the HTML nor the PDF's text), hostile words stay text, an empty campaign still
// reads in words, and the closed marathon's archive holds the report and verifies.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyArchive } from '../archive/archive.js';
import { type TestCore, donationBody, startTestCore, testCoreStarter } from '../testing/harness.js';
import { ReportFigureQueries } from './figures.js';
import { REPORT_FOLDER, REPORT_HTML, REPORT_PDF } from './report.js';

const ANONYMOUS = 'Zoltan Quietgiver';
const NAMED = 'Mira Okafor';
const HOSTILE = '<img src=x onerror=alert(1)>';
const AT = (minute: number) => new Date(Date.parse('2026-11-23T09:00:00Z') + minute * 60_000).toISOString();

function pdfText(file: string): string | null {
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } catch {
    return null;
  }
}

let t: TestCore;
let moderator: string;

before(async () => {
  t = await startTestCore();
  const created = await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Donation form' });
  const hook = (body: unknown) => t.hook(created.body.id, created.body.secret, body);
  moderator = (await t.api('POST', '/api/invites', { role: 'moderator', name: 'Mo' })).body.token;
  const gave = async (body: unknown) => {
    const answer = await hook(body);
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body.id as number;
  };
  // Named donors are named in the report once the stream could show them: approved.
  for (const id of [
    await gave(donationBody('d1', '250.00', 'EUR', { donor: { name: NAMED }, occurred_at: AT(5) })),
    await gave(donationBody('d2', '40.00', 'USD', { donor: { name: NAMED }, occurred_at: AT(70) })),
    await gave(donationBody('d4', '15.00', 'EUR', { donor: { name: HOSTILE }, message: HOSTILE, occurred_at: AT(130) })),
  ]) {
    assert.equal((await t.api('POST', `/api/donations/${id}/screen`, { decision: 'approve' })).status, 200);
  }
  await gave(donationBody('d3', '1200.00', 'EUR', { donor: { name: ANONYMOUS, anonymous: true }, message: `from ${ANONYMOUS}`, occurred_at: AT(75) }));
  assert.equal((await t.api('POST', '/api/targets', { name: `Target ${HOSTILE}`, hashtags: ['#HelpTheCamps'], ask: 'say something' })).status, 201);
});
after(async () => {
  await t.close();
});

describe('the marathon report', () => {
  it('is the owner\'s alone', async () => {
    assert.equal((await t.api('POST', '/api/report', {}, moderator)).status, 403);
    assert.equal((await t.api('GET', '/api/report', undefined, moderator)).status, 403);
    assert.equal((await t.api('GET', '/api/report/report.html', undefined, moderator)).status, 403);
    assert.equal((await t.api('GET', '/api/report/report.html', undefined, null)).status, 401);
    assert.equal((await t.api('POST', '/api/report', { donor_names: 'everyone' })).status, 422);
    const none = await t.api('GET', '/api/report/report.html');
    assert.equal(none.status, 404);
    assert.match(none.body.error.message, /no report has been made yet/);
  });

  it('has the figures the API answers', async () => {
    const s = t.core.services;
    const figures = await new ReportFigureQueries({ ...s, chatters: s.ingest.chatters }).gather('full');
    const totals = (await t.api('GET', '/api/totals')).body;
    assert.deepEqual(figures.money.raised, totals.raised);
    assert.equal(figures.money.donations, totals.donations);
    assert.deepEqual(figures.money.by_source.map((x) => [x.source_id, x.raised, x.donations]), totals.by_source.map((x: any) => [x.source_id, x.raised, x.donations]));
    assert.deepEqual(figures.money.by_currency.map((x) => [x.currency, x.amount, x.raised]), totals.by_currency.map((x: any) => [x.currency, x.amount, x.raised]));
    const charts = (await t.api('GET', '/api/charts?window=marathon')).body;
    assert.deepEqual(figures.charts.totals, charts.totals);
    assert.deepEqual(figures.charts.money, charts.money);
    assert.deepEqual(figures.charts.chat, charts.chat);
    const targets = (await t.api('GET', '/api/targets')).body.targets;
    assert.deepEqual(figures.targets.map((x) => [x.id, x.mentions, x.callers, x.status, x.by_platform]), targets.map((x: any) => [x.id, x.mentions, x.callers, x.status, x.by_platform]));
    const screening = (await t.api('GET', '/api/screening')).body;
    assert.deepEqual(figures.screening.counts, screening.counts);
    const viewer = (await t.api('POST', '/api/invites', { role: 'viewer', name: 'Vi' })).body.token;
    const pace = (await t.api('GET', '/api/charts/pace', undefined, viewer)).body;
    assert.deepEqual(figures.top_donors.map((d) => [d.name, d.total]), pace.top_donors.map((d: any) => [d.name, d.total]));
    // Hours sum to the marathon's total; 4 donations, 1 anonymous.
    assert.equal(figures.hours.reduce((sum, h) => sum + h.donations, 0), charts.totals.donations);
    assert.equal(figures.people.anonymous_donations, 1);
    assert.ok(figures.milestones.some((m) => m.label === 'A pump' && m.reached_at === '2026-11-23T10:15:00.000Z'), JSON.stringify(figures.milestones));
  });

  it('names donors only as the privacy setting allows, never the anonymous one, and keeps hostile words as text', async () => {
    for (const setting of ['full', 'initials', 'none'] as const) {
      const made = await t.api('POST', '/api/report', { donor_names: setting });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      assert.equal(made.body.donor_names, setting);
      const html = readFileSync(join(t.dir, REPORT_FOLDER, REPORT_HTML), 'utf8');
      assert.ok(!html.includes(ANONYMOUS) && !html.includes('Quietgiver'), `${setting}: the anonymous donor is not named`);
      assert.ok(!html.includes('<img'), `${setting}: no markup from donors or targets`);
      assert.ok(!/<script/i.test(html), 'no script');
      assert.equal(html.includes(NAMED), setting === 'full', `${setting}: the named donor`);
      assert.equal(html.includes('M. O.'), setting === 'initials', `${setting}: initials`);
      assert.match(html, /Target &lt;img src=x onerror=alert\(1\)&gt;/);
      const pdf = join(t.dir, REPORT_FOLDER, REPORT_PDF);
      if (made.body.report.pdf_bytes !== null) {
        assert.ok(existsSync(pdf));
        const text = pdfText(pdf);
        if (text !== null) {
          assert.ok(!text.includes(ANONYMOUS) && !text.includes('Quietgiver'), `${setting}: the PDF does not name the anonymous donor`);
          assert.match(text, /Water for the camps/);
          assert.equal(text.includes(NAMED), setting === 'full');
        }
      } else {
        assert.match(made.body.report.pdf_note, /No PDF was made/);
      }
    }
    const status = (await t.api('GET', '/api/report')).body;
    assert.equal(status.donor_names, 'none');
    assert.ok(status.report.html_bytes > 1000);
    const download = await fetch(`${t.core.url}/api/report/report.html`, { headers: { authorization: `Bearer ${t.core.ownerToken}` } });
    assert.equal(download.status, 200);
    assert.match(download.headers.get('content-disposition') ?? '', /attachment; filename="marathon-report-\d{4}-\d{2}-\d{2}\.html"/);
    assert.match(await download.text(), /The marathon report/);
  });

  it('prints a PDF with Chromium when it is there', async (context) => {
    if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) return context.skip('no Chromium here');
    const made = (await t.api('POST', '/api/report', { donor_names: 'full' })).body.report;
    assert.ok(made.pdf_bytes > 1000, JSON.stringify(made));
    const pdf = await fetch(`${t.core.url}/api/report/report.pdf`, { headers: { authorization: `Bearer ${t.core.ownerToken}` } });
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    writeFileSync(join(t.dir, 'downloaded.pdf'), bytes);
    const text = pdfText(join(t.dir, 'downloaded.pdf'));
    if (text !== null) {
      assert.match(text, /Mira Okafor/);
      assert.ok(!text.includes(ANONYMOUS));
    }
  });

  it('is in the closed marathon\'s archive, which verifies', async () => {
    const title = (await t.api('GET', '/api/campaign')).body.campaign.title as string;
    const closed = await t.api('POST', '/api/campaign/close', { title });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.equal(closed.body.archive_error, null);
    const dir = closed.body.archive.dir as string;
    const names = (closed.body.archive.files as { name: string }[]).map((f) => f.name);
    assert.ok(names.includes(REPORT_HTML));
    if (existsSync(join(t.dir, REPORT_FOLDER, REPORT_PDF))) assert.ok(names.includes(REPORT_PDF));
    assert.deepEqual(verifyArchive(dir), []);
    assert.match(readFileSync(join(dir, REPORT_HTML), 'utf8'), /closed/);
    writeFileSync(join(dir, REPORT_HTML), readFileSync(join(dir, REPORT_HTML), 'utf8').replace('raised', 'raisEd'));
    assert.match(verifyArchive(dir).join('\n'), /report\.html was changed/);
  });
});

describe('a campaign with nothing counted', () => {
  const start = testCoreStarter();
  it('reads in words, not empty charts', async () => {
    const empty = await start();
    const made = await empty.api('POST', '/api/report', { donor_names: 'initials' });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const html = readFileSync(join(empty.dir, REPORT_FOLDER, REPORT_HTML), 'utf8');
    assert.match(html, /No money was counted in this campaign/);
    assert.match(html, /No chat was counted/);
    assert.match(html, /The campaign called on nobody/);
    assert.ok(!html.includes('<svg'), 'no empty chart');
  });

  it('is refused without a campaign', async () => {
    const none = await start(false);
    const made = await none.api('POST', '/api/report', {});
    assert.equal(made.status, 409);
    assert.match(made.body.error.message, /no campaign/);
  });
});
