// The demo answers one of its targets by itself: its moderator picks the answer from chat and a
// second one confirms it, through the same Responses calls, checks and audit a moderator's
// requests go through. A real core on 127.0.0.1 with SQLite in a temporary folder.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResponseView, TargetView } from '../../shared/views.js';
import { startTestCore } from '../testing/harness.js';
import { until } from '../testing/until.js';
import { DEMO_ANSWER, playDemo } from './player.js';

describe('the demo marathon', () => {
  it('answers one of its targets a while in: flagged from chat, then confirmed by another moderator', async () => {
    const t = await startTestCore({ withCampaign: false });
    const player = playDemo(t.core.services, { tickMs: 50, answerAfterMs: 1_000, confirmAfterMs: 1_000 });
    try {
      const targets = async () => (await t.api('GET', '/api/targets')).body.targets as TargetView[];
      const youtube = (await targets()).find((x) => x.name === DEMO_ANSWER.target);
      assert.ok(youtube, 'the demo calls on YouTube');
      assert.equal(youtube.status, 'waiting', 'nobody has answered when the demo starts');

      const flagged = await until('the answer is flagged', async () => (await t.api('GET', `/api/targets/${youtube.id}/responses`)).body.responses as ResponseView[],
        (list) => list.some((r) => r.state === 'flagged' || r.state === 'confirmed'), 200, 50);
      assert.equal(flagged[0]?.quote, DEMO_ANSWER.words);
      assert.ok(flagged[0]?.chat_message_id !== null, 'picked from the chat message itself');

      const answered = await until('the card shows the answer', async () => (await targets()).find((x) => x.id === youtube.id),
        (x) => x?.status !== 'waiting', 200, 50);
      assert.equal(answered?.status, 'responded');
      const [response] = (await t.api('GET', `/api/targets/${youtube.id}/responses`)).body.responses as ResponseView[];
      assert.equal(response?.state, 'confirmed');
      assert.deepEqual(response?.audit.map((a) => [a.action, a.actor]), [['flag', 'demo:moderator'], ['confirm', 'demo:co-moderator']]);
      assert.equal((await targets()).filter((x) => x.status !== 'waiting').length, 1, 'only one target answers');
    } finally {
      player.stop();
      await t.close();
    }
  });

  it('takes a pledge entered by hand, though its campaign was not made through PUT /api/campaign', async () => {
    const t = await startTestCore({ withCampaign: false });
    const player = playDemo(t.core.services, { tickMs: 50, answerAfterMs: 60_000, confirmAfterMs: 60_000 });
    try {
      await until('the demo campaign', async () => (await t.api('GET', '/api/campaign')).status, (status) => status === 200, 200, 50);
      const entered = await t.api('POST', '/api/donations', { amount: { value: '12.50', currency: 'EUR' }, donor: { name: 'Phone pledge' }, message: 'called in' });
      assert.equal(entered.status, 201, JSON.stringify(entered.body));
      const listed = (await t.api('GET', '/api/donations')).body.donations as { id: number; source_id?: string }[];
      assert.ok(listed.some((d) => d.id === entered.body.id), 'listed with the others');
    } finally {
      player.stop();
      await t.close();
    }
  });
});
