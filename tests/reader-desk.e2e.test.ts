import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { AuditEntry, ScreeningItem } from '../shared/views.js';
import { EXAMPLE_CAMPAIGN } from '../main/testing/harness.js';
import { until } from '../main/testing/until.js';
import { byTest } from './support/browser.js';
import { SHOTS, e2eSession } from './support/e2e-session.js';
import { OWNER_TOKEN, ownerApi } from './support/server-process.js';

const APPROVED = 1_000;
const session = e2eSession('telethon-reader-e2e-');

const api = (method: string, path: string, body?: unknown) => ownerApi(session.server.url, method, path, body);

/** Amounts from €1.00 to €500.99, many of them shared, so ties by age show too. */
const amountOf = (i: number) => `${1 + ((i * 7919) % 500)}.${String((i * 37) % 100).padStart(2, '0')}`;

async function seed(): Promise<void> {
  assert.equal((await api('PUT', '/api/campaign', EXAMPLE_CAMPAIGN)).status, 200);
  // With screening off every message is approved as it arrives: 1,000 for the reader at once.
  assert.equal((await api('PUT', '/api/screening/settings', { mode: 'none' })).status, 200);
  for (let start = 0; start < APPROVED; start += 25) {
    await Promise.all(
      Array.from({ length: 25 }, (_, k) => start + k).map(async (i) => {
        const body = { id: `r-${i}`, amount: { value: amountOf(i), currency: 'EUR' }, donor: { name: `Donor ${i}` }, message: `Thank you for the water, message number ${i}. Keep going!` };
        assert.equal((await api('POST', '/api/donations', body)).status, 201);
      }),
    );
  }
  assert.equal((await api('PUT', '/api/screening/settings', { mode: 'one_pass' })).status, 200);
  for (let i = 0; i < 3; i++) {
    const body = { id: `k-${i}`, amount: { value: '15.00', currency: 'EUR' }, donor: { name: `Keyboard ${i}` }, message: `Screen me from the keyboard ${i}` };
    assert.equal((await api('POST', '/api/donations', body)).status, 201);
  }
}

async function openDashboard(): Promise<{ page: Page; errors: string[] }> {
  const context = await session.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${session.server.url}/#token=${OWNER_TOKEN}`);
  await page.locator('#root[data-state="ready"]').waitFor();
  return { page, errors };
}

async function apiOrder(query: string): Promise<number[]> {
  const answer = await api('GET', `/api/screening/queue?stage=approved&limit=100&${query}`);
  return (answer.body.items as ScreeningItem[]).map((i) => i.donation.id);
}

/** Every approved id in arrival order, page by page. */
async function everyApproved(): Promise<number[]> {
  const ids: number[] = [];
  let after: string | null = null;
  do {
    const answer = await api('GET', `/api/screening/queue?stage=approved&limit=200${after ? `&after=${after}` : ''}`);
    ids.push(...(answer.body.items as ScreeningItem[]).map((i) => i.donation.id));
    after = answer.body.next as string | null;
  } while (after);
  return ids;
}

/** The ids the list shows, once it shows the first `expected` ids in that order. */
async function waitForRows(page: Page, expected: number[]): Promise<void> {
  await page.waitForFunction(
    (ids) => {
      const shown = Array.from(document.querySelectorAll('[data-testid="queue-row"]')).map((row) => Number(row.getAttribute('data-donation-id')));
      return ids.every((id, i) => shown[i] === id);
    },
    expected,
  );
}

const idle = (page: Page) => page.locator('[data-testid="screening-room"][data-busy="false"]').waitFor();

describe("the reader's desk", () => {
  it('1,000 approved messages by amount, a minimum, the reader view, read up to here, and the keyboard path', async () => {
    await seed();
    const { page, errors } = await openDashboard();
    await byTest(page, 'tab-screening').click();
    await byTest(page, 'stage-approved').click();
    await page.waitForFunction((n) => document.querySelector('[data-testid="count-approved"]')?.textContent === String(n), APPROVED);

    // Largest first, as the server orders it (exact amounts, ties oldest first).
    await byTest(page, 'queue-order').selectOption('amount');
    const byAmount = await apiOrder('order=amount');
    await waitForRows(page, byAmount.slice(0, 30));
    const shownAmounts = await byTest(page, 'queue-amount').allTextContents();
    const values = shownAmounts.map((text) => Number(text.replace(/[^0-9.]/g, '')));
    assert.ok(values.every((v, i) => i === 0 || values[i - 1]! >= v), `not largest first: ${values.slice(0, 10).join(', ')}`);
    await page.screenshot({ path: join(SHOTS, 'reader-desk-by-amount.png') });

    // The order outlives a reload.
    await page.reload();
    await page.locator('#root[data-state="ready"]').waitFor();
    await byTest(page, 'tab-screening').click();
    await byTest(page, 'stage-approved').click();
    assert.equal(await byTest(page, 'queue-order').inputValue(), 'amount');
    await waitForRows(page, byAmount.slice(0, 10));

    // "Show more" pages on from the server without repeating a row.
    await byTest(page, 'queue-more').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="queue-row"]').length === 200);
    const ids = await byTest(page, 'queue-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-donation-id'))));
    assert.equal(new Set(ids).size, 200);

    // A minimum: only €400 and above, the rest wait below it.
    await byTest(page, 'queue-min').fill('400');
    const aboveMin = await apiOrder('order=amount&min=400');
    await waitForRows(page, aboveMin.slice(0, 20));
    const minAmounts = (await byTest(page, 'queue-amount').allTextContents()).map((t) => Number(t.replace(/[^0-9.]/g, '')));
    assert.ok(minAmounts.length > 0 && minAmounts.every((v) => v >= 400), `below the minimum: ${minAmounts.find((v) => v < 400)}`);
    await byTest(page, 'queue-summary').filter({ hasText: 'at or above 400' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'reader-desk-minimum.png') });

    // The reader view: one message at a time, large, in the list's order.
    await byTest(page, 'reader-open').click();
    const reader = byTest(page, 'reader-view');
    await reader.waitFor();
    const first = aboveMin[0]!;
    await page.locator(`[data-testid="reader-item"][data-donation-id="${first}"]`).waitFor();
    assert.match((await byTest(page, 'reader-position').textContent()) ?? '', /^1 of \d+/);
    await page.screenshot({ path: join(SHOTS, 'reader-desk-reader-view.png') });
    await page.keyboard.press('ArrowRight');
    await page.locator(`[data-testid="reader-item"][data-donation-id="${aboveMin[1]}"]`).waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.locator(`[data-testid="reader-item"][data-donation-id="${first}"]`).waitFor();
    await page.keyboard.press('r');
    // Read: it leaves the list and the next takes its place; U takes it back.
    await page.locator(`[data-testid="reader-item"][data-donation-id="${aboveMin[1]}"]`).waitFor();
    assert.equal((await api('GET', '/api/screening')).body.counts.read, 1);
    await byTest(page, 'reader-undo').waitFor();
    await page.keyboard.press('u');
    await until('the undo put it back', async () => (await api('GET', '/api/screening')).body.counts.read, (read) => read === 0);
    await page.locator(`[data-testid="reader-item"][data-donation-id="${first}"]`).waitFor();
    await page.keyboard.press('Escape');
    await reader.waitFor({ state: 'detached' });

    // Read up to here, from a row in the middle of the amount order: everything that arrived
    // before it is read, whatever its amount; what arrived after stays.
    await byTest(page, 'queue-min').fill('');
    await waitForRows(page, byAmount.slice(0, 10));
    const arrival = await everyApproved();
    const chosen = byAmount[5]!;
    const row = page.locator(`[data-testid="queue-row"][data-donation-id="${chosen}"]`);
    await byTest(row, 'read-older').click();
    await byTest(row, 'read-older-confirm').waitFor();
    await page.screenshot({ path: join(SHOTS, 'reader-desk-read-older-confirm.png') });
    await byTest(row, 'read-older-yes').click();
    await byTest(page, 'screening-notice').filter({ hasText: 'marked as read on air' }).waitFor();
    const counts = (await api('GET', '/api/screening')).body.counts;
    const arrivedUpTo = arrival.filter((id) => id <= chosen).length;
    assert.ok(arrivedUpTo > 1 && arrivedUpTo < APPROVED, `a row in the middle: ${arrivedUpTo}`);
    assert.equal(counts.read, arrivedUpTo, 'every message that arrived up to the chosen one');
    assert.equal(counts.approved, APPROVED - arrivedUpTo);
    const left = await apiOrder('order=age');
    assert.ok(left.every((id) => id > chosen), 'nothing that arrived after was touched, nothing before was left');
    await waitForRows(page, (await apiOrder('order=amount')).slice(0, 10));
    await page.screenshot({ path: join(SHOTS, 'reader-desk-after-read-older.png') });

    // The keyboard path in "To screen": R does not apply (not shown, does nothing), Enter keeps a
    // typed reason, D decides with it, then A and U work without the mouse.
    await byTest(page, 'stage-pending').click();
    await idle(page);
    assert.doesNotMatch((await byTest(page, 'screening-keys').textContent()) ?? '', /R read/);
    await page.keyboard.press('n');
    await byTest(page, 'open-item').waitFor();
    const firstPending = Number(await byTest(page, 'open-item').getAttribute('data-donation-id'));
    assert.equal(await byTest(page, 'screen-read').count(), 0);
    await page.keyboard.press('r');
    await idle(page);
    assert.equal(await byTest(page, 'screening-error').count(), 0, 'R on a pending message is no error: it does not apply');
    await byTest(page, 'screen-reason').click();
    await page.keyboard.type('asks for a phone number');
    await page.keyboard.press('Enter');
    await byTest(page, 'reason-kept').waitFor();
    await page.screenshot({ path: join(SHOTS, 'reader-desk-reason-kept.png') });
    await page.keyboard.press('d');
    await page.locator(`[data-testid="open-item"]:not([data-donation-id="${firstPending}"])`).waitFor();
    await idle(page);
    const entries = (await api('GET', '/api/audit?limit=20')).body.entries as AuditEntry[];
    const denial = entries.find((e) => e.subject.id === String(firstPending));
    assert.deepEqual([denial?.action, denial?.reason], ['deny', 'asks for a phone number']);
    const second = Number(await byTest(page, 'open-item').getAttribute('data-donation-id'));
    await page.keyboard.press('a');
    await page.locator(`[data-testid="open-item"]:not([data-donation-id="${second}"])`).waitFor();
    await idle(page);
    await byTest(page, 'screen-undo').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="queue-row"]').length === 1);
    await page.screenshot({ path: join(SHOTS, 'reader-desk-undo.png') });
    await page.keyboard.press('u');
    await page.locator(`[data-testid="open-item"][data-donation-id="${second}"]`).waitFor();
    await idle(page);
    const back = (await api('GET', `/api/screening/queue?stage=pending`)).body.items as ScreeningItem[];
    assert.ok(back.some((i) => i.donation.id === second), 'the approval was taken back');

    // The audit says who marked what, each in one row.
    await byTest(page, 'tab-audit').click();
    await byTest(page, 'audit-row').filter({ hasText: 'with every approved message before it' }).waitFor();
    await byTest(page, 'audit-row').filter({ hasText: 'undid a decision' }).first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'reader-desk-audit.png') });
    assert.deepEqual(errors, []);
  });
});
