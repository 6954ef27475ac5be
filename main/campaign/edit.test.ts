import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEntry } from '../../shared/views.js';
import { type TestCore, testCoreStarter } from '../testing/harness.js';

const start = testCoreStarter();

const eur = (value: string) => ({ value, currency: 'EUR' });

async function campaignAudit(t: TestCore): Promise<AuditEntry[]> {
  const entries = (await t.api('GET', '/api/audit')).body.entries as AuditEntry[];
  return entries.filter((e) => e.subject.kind === 'settings' && e.subject.id === 'campaign').reverse();
}

describe('editing a running campaign (PATCH /api/campaign)', () => {
  it('changes only what is sent, tells every dashboard and overlay, and audits each field', async () => {
    const t = await start();
    const created = await campaignAudit(t);
    assert.deepEqual(created.map((e) => e.action), ['campaign_created'], 'creating the campaign is audited too');
    const before = (await t.api('GET', '/api/campaign')).body.campaign;

    const edit = await t.api('PATCH', '/api/campaign', {
      title: 'Water for the camps: the stretch',
      goal: eur('15000'),
      stretch_goals: [{ amount: eur('20000'), label: 'A second well' }, { amount: { value: '30000.50' }, label: 'A school' }],
      // "A pump" renamed, "A well" moved from 5,000 to 12,000, one added; kept lowest first.
      milestones: [{ amount: eur('12000'), label: 'A well' }, { amount: eur('1000'), label: 'A pump that lasts' }, { amount: eur('7500'), label: 'Taps' }],
      extend_hours: 6,
    });
    assert.equal(edit.status, 200, JSON.stringify(edit.body));
    const campaign = edit.body.campaign;
    assert.equal(campaign.title, 'Water for the camps: the stretch');
    assert.equal(campaign.cause, before.cause, 'a field left out is kept');
    assert.deepEqual(campaign.goal, eur('15000.00'));
    assert.deepEqual(campaign.stretch_goals, [{ amount: eur('20000.00'), label: 'A second well' }, { amount: eur('30000.50'), label: 'A school' }]);
    assert.deepEqual(campaign.milestones.map((m: { label: string }) => m.label), ['A pump that lasts', 'Taps', 'A well']);
    assert.equal(campaign.duration_hours, 54);
    assert.equal(Date.parse(campaign.ends_at) - Date.parse(before.ends_at), 6 * 3_600_000);
    assert.deepEqual((await t.api('GET', '/api/campaign')).body.campaign, campaign);
    // The hub's snapshots carry it (its campaignChanged sent the same to connected clients).
    assert.deepEqual(t.core.services.hub.staffSnapshot('viewer').campaign, campaign);
    const overlay = t.core.services.hub.overlaySnapshot().campaign;
    assert.deepEqual(overlay?.stretch_goals, campaign.stretch_goals);
    assert.deepEqual(overlay?.goal, campaign.goal);
    assert.equal(overlay?.ends_at, campaign.ends_at);

    const audit = (await campaignAudit(t)).slice(1);
    assert.deepEqual(audit.map((e) => [e.action, e.from_state, e.to_state]), [
      ['title_changed', 'Water for the camps', 'Water for the camps: the stretch'],
      ['goal_changed', '10000.00 EUR', '15000.00 EUR'],
      ['stretch_goals_changed', '(none)', '20000.00 EUR A second well; 30000.50 EUR A school'],
      ['milestones_changed', '1000.00 EUR A pump; 5000.00 EUR A well', '1000.00 EUR A pump that lasts; 7500.00 EUR Taps; 12000.00 EUR A well'],
      ['end_moved', '2026-11-25T08:00:00.000Z (48 h)', '2026-11-25T14:00:00.000Z (54 h)'],
    ]);
    assert.ok(audit.every((e) => e.actor_name.length > 0 && e.subject.label === 'Campaign'));

    // The same values again change nothing and audit nothing.
    assert.equal((await t.api('PATCH', '/api/campaign', { title: 'Water for the camps: the stretch', cause: before.cause })).status, 200);
    assert.equal((await campaignAudit(t)).length, 6);
    // A stretch goal left out is kept; an empty list removes them.
    assert.equal((await t.api('PATCH', '/api/campaign', { cause: 'Wells' })).body.campaign.stretch_goals.length, 2);
    assert.deepEqual((await t.api('PATCH', '/api/campaign', { stretch_goals: [] })).body.campaign.stretch_goals, []);
    // The whole-campaign PUT keeps stretch goals it does not mention and audits what it changes.
    await t.api('PATCH', '/api/campaign', { stretch_goals: [{ amount: eur('20000'), label: 'A second well' }] });
    const put = await t.api('PUT', '/api/campaign', {
      title: 'Renamed by PUT', cause: 'Wells', currency: 'EUR', goal: eur('15000'), milestones: [], starts_at: before.starts_at, duration_hours: 54,
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.campaign.stretch_goals.length, 1);
    assert.deepEqual((await campaignAudit(t)).slice(-2).map((e) => e.action), ['title_changed', 'milestones_changed']);
  });

  it('allows a goal below what is raised: the goal is then reached, nothing else happens', async () => {
    const t = await start();
    assert.equal((await t.api('POST', '/api/donations', { amount: eur('500.00') })).status, 201);
    const lower = await t.api('PATCH', '/api/campaign', { goal: eur('400') });
    assert.equal(lower.status, 200, JSON.stringify(lower.body));
    assert.deepEqual(lower.body.campaign.goal, eur('400.00'));
    assert.equal((await t.api('GET', '/api/totals')).body.raised.value, '500.00');
  });

  it('refuses wrong edits with a sentence, changing and auditing nothing', async () => {
    const t = await start();
    await t.api('PATCH', '/api/campaign', { stretch_goals: [{ amount: eur('20000'), label: 'A second well' }] });
    const before = (await t.api('GET', '/api/campaign')).body.campaign;
    const audited = (await campaignAudit(t)).length;
    const refusals: [unknown, number, RegExp][] = [
      [{}, 422, /nothing to change/],
      [{ stretch_goals: [{ amount: eur('9000'), label: 'Less' }] }, 422, /stretch goal 1 \(9000\.00 EUR\) must be above the goal \(10000\.00 EUR\)/],
      [{ stretch_goals: [{ amount: eur('30000'), label: 'B' }, { amount: eur('25000'), label: 'A' }] }, 422, /stretch goal 2 .* must be above stretch goal 1/],
      [{ goal: eur('25000') }, 422, /stretch goal 1 \(20000\.00 EUR\) must be above the goal \(25000\.00 EUR\)/],
      [{ goal: eur('0') }, 422, /more than zero/],
      [{ goal: eur('10.001') }, 422, /goal/],
      [{ goal: { value: '100', currency: 'USD' } }, 422, /campaign currency EUR/],
      [{ goal: eur('10000000000000.01') }, 422, /most money the app can count/],
      [{ milestones: [{ amount: eur('-5'), label: 'Minus' }] }, 422, /milestone 1's amount/],
      [{ milestones: [{ amount: eur('50'), label: '' }] }, 422, /label/],
      [{ extend_hours: 300 }, 422, /at most 336 hours; this one already lasts 48, so it can be extended by at most 288/],
      [{ extend_hours: -6 }, 422, /before now/],
      [{ extend_hours: 1.5 }, 422, /whole number of hours/],
      [{ extend_hours: 0 }, 422, /must not be zero/],
      [{ currency: 'USD' }, 422, /currency/],
      [{ starts_at: '2026-12-01T00:00:00Z' }, 422, /starts_at/],
    ];
    for (const [body, status, reason] of refusals) {
      const answer = await t.api('PATCH', '/api/campaign', body);
      assert.equal(answer.status, status, `${JSON.stringify(body)} → ${answer.status} ${JSON.stringify(answer.body)}`);
      assert.match(answer.body.error.message, reason, JSON.stringify(body));
    }
    assert.deepEqual((await t.api('GET', '/api/campaign')).body.campaign, before);
    assert.equal((await campaignAudit(t)).length, audited);

    // Only the owner edits: a moderator and a viewer are refused.
    for (const role of ['moderator', 'viewer'] as const) {
      const token = (await t.api('POST', '/api/invites', { role, name: `A ${role}` })).body.token as string;
      const refused = await t.api('PATCH', '/api/campaign', { goal: eur('20000') }, token);
      assert.equal(refused.status, 403, `${role}: ${refused.status}`);
    }
    assert.deepEqual((await t.api('GET', '/api/campaign')).body.campaign.goal, before.goal);
  });

  it('answers 409 when there is no campaign yet', async () => {
    const t = await start(false);
    const answer = await t.api('PATCH', '/api/campaign', { goal: eur('100') });
    assert.equal(answer.status, 409);
    assert.match(answer.body.error.message, /no campaign/);
  });
});
