// A real core in its own process, with the last-resort policy of the serve entry and three
// faults built in, for tests/core-survives.test.ts:
// - a platform connector whose callbacks throw (a timer, and a promise nobody awaits), as a
//   platform library's callback would on a payload it never saw before;
// - a totals reader that throws, so every snapshot and GET /api/totals fails.
// Usage: node --import tsx main/testing/throwing-core.ts DATA_DIR
import { ok } from '../../shared/result.js';
import { createCore } from '../core.js';
import { surviveUncaught } from '../safety/last-resort.js';
import type { SourceConnector } from '../sources/connectors.js';
import { EXAMPLE_CAMPAIGN, TEST_TOKEN } from './harness.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: throwing-core.ts DATA_DIR');

const throwingConnector: SourceConnector = {
  kind: 'streamlabs',
  configure: () => ok({ config: {} }),
  start() {
    const timer = setTimeout(() => {
      throw new Error('the platform sent a payload nobody expected');
    }, 100);
    void Promise.reject(new Error('a platform request failed and nobody awaited it'));
    return { stop: () => clearTimeout(timer) };
  },
};

const core = await createCore({ dataDir, port: 0, ownerToken: TEST_TOKEN, connectors: [throwingConnector], log: () => {} });
surviveUncaught((context, error) => core.services.health.internalError(context, error), core.db);
const campaign = await fetch(`${core.url}/api/campaign`, {
  method: 'PUT',
  headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
  body: JSON.stringify(EXAMPLE_CAMPAIGN),
});
if (campaign.status !== 200) throw new Error(`campaign not created: ${campaign.status}`);
core.services.donations.totals = () => {
  throw new Error('the totals could not be read');
};
process.on('SIGTERM', () => {
  void core.close().then(() => process.exit(0));
});
console.log(`listening on ${core.url}`);
