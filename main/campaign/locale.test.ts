import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEntry, CampaignView } from '../../shared/views.js';
import { type TestCore, testCoreStarter } from '../testing/harness.js';
import { openDatabase } from '../store/database.js';

const start = testCoreStarter();

const newCampaign = (extra: Record<string, unknown> = {}) => ({
  title: 'Water for the camps',
  currency: 'EUR',
  goal: { value: '10000', currency: 'EUR' },
  starts_at: '2026-12-01T18:00:00Z',
  ...extra,
});

describe('the campaign language and time zone', () => {
  it('keeps English and UTC for a campaign that never chose, and stores what is chosen at creation', async () => {
    const t = await start(false);
    const plain = await t.api('PUT', '/api/campaign', newCampaign());
    assert.equal(plain.status, 200, JSON.stringify(plain.body));
    assert.equal(plain.body.campaign.locale, 'en');
    assert.equal(plain.body.campaign.time_zone, 'UTC');
    // A setup sent again without them keeps what is set.
    await t.api('PATCH', '/api/campaign', { locale: 'fr', time_zone: 'Europe/Paris' });
    const again = await t.api('PUT', '/api/campaign', newCampaign({ title: 'Water, again' }));
    assert.equal(again.body.campaign.locale, 'fr');
    assert.equal(again.body.campaign.time_zone, 'Europe/Paris');
    const chosen = await t.api('PUT', '/api/campaign', newCampaign({ locale: 'en', time_zone: 'America/New_York' }));
    assert.equal(chosen.body.campaign.time_zone, 'America/New_York');
    assert.equal(chosen.body.campaign.locale, 'en');
  });

  it('changes the language and zone by PATCH, audited, in the overlay snapshot (the zone stays off the overlay)', async () => {
    const t = await start();
    const edit = await t.api('PATCH', '/api/campaign', { locale: 'fr', time_zone: 'europe/paris' });
    assert.equal(edit.status, 200, JSON.stringify(edit.body));
    const campaign = edit.body.campaign as CampaignView;
    assert.equal(campaign.locale, 'fr');
    assert.equal(campaign.time_zone, 'Europe/Paris', 'kept in its canonical spelling');
    const overlay = t.core.services.hub.overlaySnapshot().campaign;
    assert.equal(overlay?.locale, 'fr');
    assert.equal(Object.hasOwn(overlay ?? {}, 'time_zone'), false);
    assert.deepEqual(t.core.services.hub.staffSnapshot('viewer').campaign, campaign);

    const entries = ((await t.api('GET', '/api/audit')).body.entries as AuditEntry[])
      .filter((e) => e.subject.id === 'campaign' && e.action !== 'campaign_created');
    const actions = entries.map((e) => e.action).sort();
    assert.deepEqual(actions, ['locale_changed', 'time_zone_changed']);
    const zone = entries.find((e) => e.action === 'time_zone_changed');
    assert.deepEqual([zone?.from_state, zone?.to_state], ['UTC', 'Europe/Paris']);
  });

  it('refuses a language it does not have and a zone Intl does not know, with a sentence', async () => {
    const t = await start();
    const language = await t.api('PATCH', '/api/campaign', { locale: 'xx' });
    assert.equal(language.status, 422);
    assert.match(JSON.stringify(language.body), /locale/);
    for (const zone of ['Mars/Olympus', 'CET; DROP TABLE', '', 'x'.repeat(100)]) {
      const answer = await t.api('PATCH', '/api/campaign', { time_zone: zone });
      assert.equal(answer.status, 422, zone);
      assert.match(JSON.stringify(answer.body), zone.length > 64 ? /time_zone must be at most 64/ : /time_zone must be an IANA time zone/);
    }
    const put = await t.api('PUT', '/api/campaign', newCampaign({ time_zone: 'Nowhere/Land' }));
    assert.equal(put.status, 422);
    assert.equal((await t.api('GET', '/api/campaign')).body.campaign.time_zone, 'UTC', 'nothing changed');
  });

  it('survives a restart: the columns of migration 17 hold them', async () => {
    const t = await start();
    await t.api('PATCH', '/api/campaign', { locale: 'fr', time_zone: 'Asia/Tokyo' });
    const db = openDatabase(`${t.dir}/telethon.sqlite`);
    try {
      const row = db.prepare('SELECT locale, time_zone FROM campaign WHERE id = 1').get() as { locale: string; time_zone: string };
      assert.deepEqual({ ...row }, { locale: 'fr', time_zone: 'Asia/Tokyo' });
    } finally {
      db.close();
    }
  });
});
