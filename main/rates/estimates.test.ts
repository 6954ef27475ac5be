// Built-in exchange rates are estimates, said with their date, until the owner confirms or edits
// them; both are audited and kept. Against a real core on 127.0.0.1 with SQLite in a temporary folder.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEntry, RateView } from '../../shared/views.js';
import { startTestCore, tempDir } from '../testing/harness.js';
import { BUILT_IN_RATES_DATE } from './rates.js';

const rate = (rates: RateView[], currency: string) => rates.find((r) => r.currency === currency);

describe('built-in exchange rates', () => {
  it('are estimates with their date until confirmed or edited, each step audited and kept across a restart', async () => {
    const dir = tempDir('telethon-rates-');
    try {
      const t = await startTestCore({ dir: dir.path });
      const seeded = (await t.api('GET', '/api/rates')).body.rates as RateView[];
      assert.ok(seeded.length > 40);
      assert.ok(seeded.every((r) => r.estimate_of === BUILT_IN_RATES_DATE), 'every seeded rate is marked as an estimate');

      // Editing a rate makes it the owner's.
      const before = rate(seeded, 'USD')?.rate;
      const edited = await t.api('PUT', '/api/rates', { rates: [{ currency: 'USD', rate: '0.87' }] });
      assert.equal(edited.status, 200);
      assert.equal(rate(edited.body.rates, 'USD')?.estimate_of, null);
      assert.equal(rate(edited.body.rates, 'JPY')?.estimate_of, BUILT_IN_RATES_DATE);

      // Confirming keeps the figure and drops the mark, for the currencies named only.
      const jpy = rate(seeded, 'JPY')?.rate;
      const confirmed = await t.api('POST', '/api/rates/confirm', { currencies: ['JPY', 'USD'] });
      assert.equal(confirmed.status, 200);
      assert.equal(confirmed.body.confirmed, 1, 'USD was no estimate any more');
      assert.deepEqual(rate(confirmed.body.rates, 'JPY'), { ...rate(seeded, 'JPY'), estimate_of: null });
      assert.equal(rate(confirmed.body.rates, 'GBP')?.estimate_of, BUILT_IN_RATES_DATE);

      const moderator = (await t.api('POST', '/api/invites', { role: 'moderator', name: 'Mo' })).body.token as string;
      assert.equal((await t.api('POST', '/api/rates/confirm', {}, moderator)).status, 403);
      assert.equal((await t.api('POST', '/api/rates/confirm', { currencies: ['usd'] })).status, 422);

      const entries = (await t.api('GET', '/api/audit')).body.entries as AuditEntry[];
      const usd = entries.find((e) => e.subject.id === 'rate:USD');
      assert.deepEqual([usd?.action, usd?.from_state, usd?.to_state, usd?.actor], ['rate_set', before, '0.87', 'owner']);
      const confirmedJpy = entries.find((e) => e.subject.id === 'rate:JPY');
      assert.deepEqual([confirmedJpy?.action, confirmedJpy?.to_state], ['rate_confirmed', jpy]);
      assert.match(confirmedJpy?.from_state ?? '', new RegExp(`built-in estimate of ${BUILT_IN_RATES_DATE}`));
      await t.close();

      const again = await startTestCore({ dir: dir.path, withCampaign: false });
      try {
        const kept = (await again.api('GET', '/api/rates')).body.rates as RateView[];
        assert.equal(rate(kept, 'JPY')?.estimate_of, null);
        assert.equal(rate(kept, 'USD')?.estimate_of, null);
        assert.equal(rate(kept, 'GBP')?.estimate_of, BUILT_IN_RATES_DATE);
        // Without currencies: every estimate left.
        const all = await again.api('POST', '/api/rates/confirm');
        assert.equal(all.body.confirmed, kept.length - 2);
        assert.ok((all.body.rates as RateView[]).every((r) => r.estimate_of === null));
      } finally {
        await again.close();
      }
    } finally {
      dir.remove();
    }
  });
});
