import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Health } from '../health.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const hold = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // the event loop is held, as by a flood of work
  }
};

describe('the event loop on the health view', () => {
  it('shows how long work waited, says on the banner when the app is at its limit, and clears it when it is not', async () => {
    let pushes = 0;
    const health = new Health('/data/telethon.sqlite', () => (pushes += 1), 1_000);
    try {
      await sleep(1_100);
      const calm = health.view();
      assert.ok(calm.event_loop.length >= 1);
      assert.ok(calm.event_loop.every((w) => w.p99_ms < 200), JSON.stringify(calm.event_loop));
      assert.equal(calm.problems.length, 0);
      assert.ok(pushes >= 1, 'each window goes to the dashboards');

      // A flood: the loop held again and again, so most of the window's samples waited.
      for (let i = 0; i < 3; i += 1) {
        hold(300);
        await sleep(2);
      }
      // Seen when the window that holds it closes (and until a calm one follows).
      let busy = health.view();
      for (let waited = 0; waited < 1_500 && !busy.problems.some((p) => p.code === 'busy'); waited += 20) {
        await sleep(20);
        busy = health.view();
      }
      assert.ok(busy.event_loop.some((w) => w.p99_ms >= 250), JSON.stringify(busy.event_loop));
      const problem = busy.problems.find((p) => p.code === 'busy');
      assert.ok(problem, 'the banner says it');
      assert.match(problem.message, /working at its limit: requests waited up to \d+ ms in the last 5 seconds/);

      await sleep(2_100);
      assert.equal(health.view().problems.some((p) => p.code === 'busy'), false, 'cleared once calm again');
    } finally {
      health.close();
    }
  });
});
