// Incentives, bid wars and the run schedule against a real core (HTTP, SQLite in a temp folder):
// totals, splits, refunds, refusals in words, concurrent assignment, suggestions at ingest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lookalikeKey, matchKey, shareOut, splitEvenly } from '../../shared/incentives.js';
import { type TestCore, donationBody, testCoreStarter } from '../testing/harness.js';
import { until } from '../testing/until.js';
import { namesInMessage } from './matching.js';
import { partShares } from './totals.js';

const startCore = testCoreStarter();
const HOUR = 3_600_000;

async function setUp(): Promise<{ t: TestCore; source: { id: string; secret: string } }> {
  const t = await startCore();
  const source = (await t.api('POST', '/api/sources', { kind: 'webhook', name: 'Form' })).body;
  return { t, source };
}

async function donate(t: TestCore, source: { id: string; secret: string }, id: string, value: string, extra: Record<string, unknown> = {}): Promise<number> {
  const answer = await t.hook(source.id, source.secret, donationBody(id, value, 'EUR', extra));
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.id as number;
}

async function bidWar(t: TestCore, name: string, options: string[], extra: Record<string, unknown> = {}) {
  const created = await t.api('POST', '/api/incentives', { kind: 'bid_war', name, options, ...extra });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.incentive;
}

const optionId = (incentive: { options: { id: number; name: string }[] }, name: string) => incentive.options.find((o) => o.name === name)!.id;

async function incentive(t: TestCore, id: number) {
  return (await t.api('GET', '/api/incentives')).body.incentives.find((i: { id: number }) => i.id === id);
}

describe('exact money', () => {
  it('splits evenly and shares a refund out exactly', () => {
    assert.deepEqual(splitEvenly(1000, 3), [334, 333, 333]);
    assert.deepEqual(shareOut(500, [334, 333, 333]), [167, 167, 166]);
    assert.equal(shareOut(999, [1, 1, 1]).reduce((a, b) => a + b, 0), 999);
    // A refund of half of a donation split 6.00 / 4.00: 3.00 / 2.00.
    assert.deepEqual(partShares(1000, 500, [600, 400]), [300, 200]);
    // What stays with the campaign takes its share of the refund too.
    assert.deepEqual(partShares(1000, 500, [600]), [300]);
    assert.deepEqual(partShares(null, 1234, [null]), [1234]);
  });

  it('folds names like hashtags, and look-alike letters for duplicates', () => {
    assert.equal(matchKey('#Rohingya Hope'), 'rohingyahope');
    assert.equal(matchKey('ＲｏｈｉｎｇｙａＨｏｐｅ'), 'rohingyahope');
    assert.equal(matchKey('RohingyaНope'), '', 'mixed scripts match nothing');
    assert.equal(lookalikeKey('RohingyaНope'), lookalikeKey('rohingya hope'));
    assert.deepEqual(namesInMessage('Go go #BlindFold! and this is for Love Army'), ['blindfold', 'lovearmy', 'love']);
  });
});

describe('incentives and bid wars over the API', () => {
  it('totals a split of 10.00 over three options exactly, and refuses a split that does not sum', async () => {
    const { t, source } = await setUp();
    const war = await bidWar(t, 'Name the save file', ['RohingyaHope', 'LoveArmy', 'Water']);
    const seq = await donate(t, source, 'split-1', '10.00');
    const parts = ['RohingyaHope', 'LoveArmy', 'Water'].map((name, k) => ({ incentive_id: war.id, option_id: optionId(war, name), amount: ['3.34', '3.33', '3.33'][k] }));

    const wrong = await t.api('PUT', `/api/donations/${seq}/assignment`, { expected_version: 0, parts: parts.map((p, k) => (k === 2 ? { ...p, amount: '3.32' } : p)) });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.error.code, 'split_does_not_sum');
    assert.match(wrong.body.error.message, /add up to 9\.99 EUR but the donation is 10\.00 EUR/);
    assert.equal((await t.api('GET', `/api/donations/${seq}/assignment`)).body.assignment.version, 0, 'nothing written');

    const split = await t.api('PUT', `/api/donations/${seq}/assignment`, { expected_version: 0, parts });
    assert.equal(split.status, 200, JSON.stringify(split.body));
    assert.deepEqual(split.body.assignment.parts.map((p: { amount: { value: string } }) => p.amount.value), ['3.34', '3.33', '3.33']);
    assert.equal(split.body.assignment.to_campaign.value, '0.00');
    const after = await incentive(t, war.id);
    assert.equal(after.total.value, '10.00');
    assert.deepEqual(after.options.map((o: { name: string; total: { value: string } }) => [o.name, o.total.value]), [['RohingyaHope', '3.34'], ['LoveArmy', '3.33'], ['Water', '3.33']]);
    assert.deepEqual(after.leaders, [optionId(war, 'RohingyaHope')]);
    // The campaign's total is the donation, whatever its assignment.
    assert.equal((await t.api('GET', '/api/totals')).body.raised.value, '10.00');

    // Part to an option, the rest stays with the campaign; the audit has each step.
    const partly = await t.api('PUT', `/api/donations/${seq}/assignment`, { expected_version: 1, parts: [{ incentive_id: war.id, option_id: optionId(war, 'Water'), amount: '4.00' }], to_campaign: '6.00' });
    assert.equal(partly.status, 200, JSON.stringify(partly.body));
    assert.equal(partly.body.assignment.to_campaign.value, '6.00');
    assert.equal((await incentive(t, war.id)).total.value, '4.00');
    const audit = (await t.api('GET', '/api/audit')).body.entries.filter((e: { subject: { kind: string; id: string } }) => e.subject.kind === 'donation' && e.subject.id === String(seq));
    assert.deepEqual(audit.map((e: { action: string }) => e.action), ['assigned', 'assignment_split']);
  });

  it('moves a bid war\'s leader back when a donation is refunded', async () => {
    const { t, source } = await setUp();
    const war = await bidWar(t, 'Final boss weapon', ['Sword', 'Bow']);
    const big = await donate(t, source, 'r-big', '50.00');
    const small = await donate(t, source, 'r-small', '30.00');
    const assign = (seq: number, option: string) =>
      t.api('PUT', `/api/donations/${seq}/assignment`, { expected_version: 0, parts: [{ incentive_id: war.id, option_id: optionId(war, option) }] });
    assert.equal((await assign(big, 'Sword')).status, 200);
    assert.equal((await assign(small, 'Bow')).status, 200);
    assert.deepEqual((await incentive(t, war.id)).leaders, [optionId(war, 'Sword')]);

    // A partial refund of 25.00 leaves Sword at 25.00 and Bow ahead; then a tie.
    assert.equal((await t.hook(source.id, source.secret, { ...donationBody('r-back', '25.00'), type: 'refund', refunds: 'r-big' })).status, 201);
    let now = await incentive(t, war.id);
    assert.equal(now.options.find((o: { name: string }) => o.name === 'Sword').total.value, '25.00');
    assert.deepEqual(now.leaders, [optionId(war, 'Bow')]);
    assert.equal(now.options[0].name, 'Bow', 'the leader first');
    const small2 = await donate(t, source, 'r-tie', '5.00');
    assert.equal((await assign(small2, 'Sword')).status, 200);
    assert.equal((await t.hook(source.id, source.secret, { ...donationBody('r-back2', '0.01'), type: 'refund', refunds: 'r-small' })).status, 201);
    // 30.00 − 0.01 = 29.99 vs 25.00 + 5.00 = 30.00: Sword leads again by a cent.
    now = await incentive(t, war.id);
    assert.deepEqual(now.leaders, [optionId(war, 'Sword')]);
    const tie = await donate(t, source, 'r-tie2', '0.01');
    assert.equal((await assign(tie, 'Bow')).status, 200);
    now = await incentive(t, war.id);
    assert.deepEqual([...now.leaders].sort(), [optionId(war, 'Sword'), optionId(war, 'Bow')].sort(), 'a tie is a tie');
  });

  it('refuses in words: unknown, closed and archived incentives, a bid war without option, a look-alike option, overlapping segments', async () => {
    const { t, source } = await setUp();
    const seq = await donate(t, source, 'x-1', '20.00');
    const put = (parts: unknown[]) => t.api('PUT', `/api/donations/${seq}/assignment`, { expected_version: 0, parts });

    const unknown = await put([{ incentive_id: 999 }]);
    assert.equal(unknown.status, 422);
    assert.match(unknown.body.error.message, /there is no incentive or bid war with id 999/);

    const blind = (await t.api('POST', '/api/incentives', { kind: 'incentive', name: 'Blindfolded run', tag: 'blindfold', goal: '100.00' })).body.incentive;
    assert.equal((await t.api('POST', `/api/incentives/${blind.id}/close`)).status, 200);
    const closed = await put([{ incentive_id: blind.id }]);
    assert.equal(closed.status, 422);
    assert.match(closed.body.error.message, /“Blindfolded run” is closed: it takes no more money/);

    const war = await bidWar(t, 'Save file', ['RohingyaHope']);
    assert.equal((await t.api('POST', `/api/incentives/${war.id}/archive`)).status, 200);
    const archived = await put([{ incentive_id: war.id, option_id: optionId(war, 'RohingyaHope') }]);
    assert.match(archived.body.error.message, /is archived/);

    const war2 = await bidWar(t, 'Hat colour', ['Red', 'Blue']);
    const noOption = await put([{ incentive_id: war2.id }]);
    assert.match(noOption.body.error.message, /is a bid war: say which option/);

    const twin = await t.api('POST', `/api/incentives/${war2.id}/options`, { name: 'ВLUE' });
    assert.equal(twin.status, 422);
    assert.match(twin.body.error.message, /repeats the option “Blue”/);
    const spaced = await t.api('POST', `/api/incentives/${war2.id}/options`, { name: ' r e d ' });
    assert.match(spaced.body.error.message, /repeats the option “Red”/);
    assert.equal((await t.api('POST', `/api/incentives/${war2.id}/options`, { name: 'Green' })).status, 201);

    const first = await t.api('POST', '/api/schedule', { title: 'Celeste any%', runners: 'Ana', planned_start: '2026-12-05T10:00:00Z', planned_length_min: 90 });
    assert.equal(first.status, 201);
    const overlap = await t.api('POST', '/api/schedule', { title: 'Hades', planned_start: '2026-12-05T11:00:00Z', planned_length_min: 60 });
    assert.equal(overlap.status, 422);
    assert.match(overlap.body.error.message, /“Hades” \(2026-12-05 11:00–12:00 UTC\) would overlap “Celeste any%” \(2026-12-05 10:00–11:30 UTC\)/);
    assert.equal((await t.api('POST', '/api/schedule', { title: 'Hades', planned_start: '2026-12-05T11:30:00Z', planned_length_min: 60 })).status, 201);
    assert.equal((await t.api('GET', '/api/schedule')).body.schedule.segments.length, 2, 'the refused one was not stored');
    // Nothing was ever assigned.
    assert.equal((await t.api('GET', `/api/donations/${seq}/assignment`)).body.assignment.version, 0);
  });

  it('lets one of two moderators assigning the same donation at once win; the other gets 409 in words', async () => {
    const { t, source } = await setUp();
    const war = await bidWar(t, 'Character', ['Mario', 'Luigi']);
    const seq = await donate(t, source, 'c-1', '15.00');
    const tokens = await Promise.all(['Mo', 'Jo'].map(async (name) => (await t.api('POST', '/api/invites', { role: 'moderator', name })).body.token as string));
    const [a, b] = await Promise.all(
      ['Mario', 'Luigi'].map((name, k) => t.api('PUT', `/api/donations/${seq}/assignment`, { expected_version: 0, parts: [{ incentive_id: war.id, option_id: optionId(war, name) }] }, tokens[k])),
    );
    const statuses = [a!.status, b!.status].sort();
    assert.deepEqual(statuses, [200, 409]);
    const lost = a!.status === 409 ? a! : b!;
    assert.equal(lost.body.error.code, 'assignment_changed');
    assert.match(lost.body.error.message, /(Mo|Jo) changed this donation's assignment .* \(you saw version 0, it is now version 1\)/);
    const total = (await incentive(t, war.id)).total.value;
    assert.equal(total, '15.00', 'counted once');
  });

  it('suggests from a generic webhook field, from the message, and never for a closed target; a donor may propose an option', async () => {
    const { t, source } = await setUp();
    const blind = (await t.api('POST', '/api/incentives', { kind: 'incentive', name: 'Blindfolded run', tag: 'blindfold', goal: '25.00' })).body.incentive;
    const war = await bidWar(t, 'Save file name', ['RohingyaHope', 'LoveArmy'], { allow_suggestions: true });
    const hat = await bidWar(t, 'Hat', ['Red']);
    assert.equal((await t.api('POST', `/api/incentives/${hat.id}/close`)).status, 200);

    const byField = await donate(t, source, 's-field', '12.00', { message: 'no hashtag here', incentive: 'loveARMY' });
    const byTag = await donate(t, source, 's-tag', '7.00', { message: 'GO #BlindFold!' });
    const byFor = await donate(t, source, 's-for', '3.00', { message: 'this is for RohingyaHope :)' });
    const closed = await donate(t, source, 's-closed', '4.00', { message: 'for Red', incentive: 'Hat' });
    const unknown = await donate(t, source, 's-unknown', '4.00', { incentive: 'nothing like it' });
    const lookalike = await donate(t, source, 's-look', '4.00', { message: '#RohingyaНope' });
    const proposal = await donate(t, source, 's-new', '9.00', { incentive: 'Save file name', new_option: 'Camp Kids' });
    const repeat = await donate(t, source, 's-repeat', '1.00', { incentive: 'Save file name', new_option: 'ROHINGYA HOPE' });

    const get = async (seq: number) => (await t.api('GET', `/api/donations/${seq}/assignment`)).body.assignment;
    const field = await get(byField);
    assert.equal(field.status, 'suggested');
    assert.deepEqual([field.parts[0].incentive_id, field.parts[0].option_name, field.parts[0].amount.value], [war.id, 'LoveArmy', '12.00']);
    assert.equal((await get(byTag)).parts[0].incentive_id, blind.id);
    assert.equal((await get(byFor)).parts[0].option_name, 'RohingyaHope');
    for (const seq of [closed, unknown, lookalike]) assert.equal((await get(seq)).status, 'none', `donation ${seq} stays with the campaign`);
    const proposed = await get(proposal);
    assert.equal(proposed.parts[0].option_name, 'Camp Kids');
    assert.equal((await get(repeat)).parts[0].option_name, 'RohingyaHope', 'a repeated proposal names the existing option');

    // Suggestions count nothing until a moderator accepts them.
    let now = await incentive(t, war.id);
    assert.equal(now.total.value, '0.00');
    assert.equal(now.suggested_waiting, 4);
    const pending = now.options.find((o: { name: string }) => o.name === 'Camp Kids');
    assert.equal(pending.state, 'pending');
    const viewer = (await t.api('POST', '/api/invites', { role: 'viewer', name: 'V' })).body.token as string;
    const seen = (await t.api('GET', '/api/incentives', undefined, viewer)).body.incentives.find((i: { id: number }) => i.id === war.id);
    assert.deepEqual(seen.options.map((o: { name: string }) => o.name), ['RohingyaHope', 'LoveArmy'], 'viewers never see a pending suggestion');
    assert.equal(seen.suggested_waiting, undefined);

    // Accepting a suggestion for a pending option is refused until it is approved.
    const accept = (seq: number, a: { version: number; parts: { incentive_id: number; option_id: number | null }[] }) =>
      t.api('PUT', `/api/donations/${seq}/assignment`, { expected_version: a.version, parts: a.parts.map((p) => ({ incentive_id: p.incentive_id, option_id: p.option_id })) });
    const early = await accept(proposal, proposed);
    assert.match(early.body.error.message, /waits for a moderator's approval/);
    assert.equal((await t.api('POST', `/api/options/${pending.id}/approve`)).status, 200);
    assert.equal((await accept(proposal, proposed)).status, 200);
    assert.equal((await accept(byField, field)).status, 200);
    now = await incentive(t, war.id);
    assert.equal(now.total.value, '21.00');
    assert.deepEqual(now.leaders, [optionId(war, 'LoveArmy')]);
    const audit = (await t.api('GET', '/api/audit')).body.entries.map((e: { action: string }) => e.action);
    assert.ok(audit.includes('assignment_accepted') && audit.includes('assignment_suggested') && audit.includes('option_approved'));

    // The incentive is met once 25.00 is assigned to it (7.00 suggested + an 18.00 donation).
    const tagged = await get(byTag);
    assert.equal((await accept(byTag, tagged)).status, 200);
    const more = await donate(t, source, 's-more', '18.00');
    assert.equal((await t.api('PUT', `/api/donations/${more}/assignment`, { expected_version: 0, parts: [{ incentive_id: blind.id }] })).status, 200);
    await until('the incentive met', async () => (await incentive(t, blind.id)).met_at, (met) => typeof met === 'string', 400);
  });

  it('leaves the totals exact when an assignment fails half-way (one transaction)', async () => {
    const { t, source } = await setUp();
    const war = await bidWar(t, 'Crash test', ['A', 'B', 'C']);
    const seq = await donate(t, source, 'crash-1', '10.00');
    // The disk "fails" on the second part's row: nothing of the assignment may stay.
    t.core.db.exec(`CREATE TEMP TRIGGER fail_second_part BEFORE INSERT ON donation_assignment_parts WHEN NEW.amount_minor = 333
      BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END`);
    const parts = ['A', 'B', 'C'].map((name, k) => ({ incentive_id: war.id, option_id: optionId(war, name), amount: ['3.34', '3.33', '3.33'][k] }));
    const failed = await t.api('PUT', `/api/donations/${seq}/assignment`, { expected_version: 0, parts });
    assert.equal(failed.status, 500);
    assert.equal((await t.api('GET', `/api/donations/${seq}/assignment`)).body.assignment.version, 0, 'no half-written version');
    assert.equal((await incentive(t, war.id)).total.value, '0.00');
    assert.equal(t.core.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM donation_assignment_parts').get()?.n, 0);
    t.core.db.exec('DROP TRIGGER fail_second_part');
    assert.equal((await t.api('PUT', `/api/donations/${seq}/assignment`, { expected_version: 0, parts })).status, 200);
    assert.equal((await incentive(t, war.id)).total.value, '10.00');
  });

  it('suggests from a CSV import column', async () => {
    const { t } = await setUp();
    const war = await bidWar(t, 'Route', ['Left', 'Right']);
    const csv = 'date,amount,currency,donor,incentive\n2026-11-23,12.00,EUR,Bank donor,right\n2026-11-23,3.00,EUR,Other,\n';
    const imported = await t.api('POST', '/api/import/donations', { csv });
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    const ids = (await t.api('GET', '/api/donations')).body.donations.map((d: { id: number }) => d.id as number);
    const views = await Promise.all(ids.map(async (id: number) => (await t.api('GET', `/api/donations/${id}/assignment`)).body.assignment));
    const suggested = views.filter((v: { status: string }) => v.status === 'suggested');
    assert.equal(suggested.length, 1);
    assert.deepEqual([suggested[0].parts[0].incentive_id, suggested[0].parts[0].option_name, suggested[0].parts[0].amount.value], [war.id, 'Right', '12.00']);
  });

  it('closes an incentive when its deadline passes, and slides the schedule with an actual start', async () => {
    const { t, source } = await setUp();
    const soon = new Date(Date.now() + 1_200).toISOString();
    const war = await bidWar(t, 'Quick vote', ['Yes', 'No'], { deadline: soon });
    const seq = await donate(t, source, 'd-1', '5.00');
    assert.equal((await t.api('PUT', `/api/donations/${seq}/assignment`, { expected_version: 0, parts: [{ incentive_id: war.id, option_id: optionId(war, 'No') }] })).status, 200);
    const closed = await until('closed by its deadline', () => incentive(t, war.id), (i) => i.state === 'closed', 400);
    assert.equal(closed.closed_reason, 'deadline');
    const late = await donate(t, source, 'd-2', '5.00');
    const refused = await t.api('PUT', `/api/donations/${late}/assignment`, { expected_version: 0, parts: [{ incentive_id: war.id, option_id: optionId(war, 'Yes') }] });
    assert.match(refused.body.error.message, /is closed: it takes no more money/);
    // The money stays with the campaign.
    assert.equal((await t.api('GET', '/api/totals')).body.raised.value, '10.00');
    assert.equal((await incentive(t, war.id)).total.value, '5.00');

    const base = Date.parse('2026-12-06T10:00:00Z');
    const ids: number[] = [];
    for (let k = 0; k < 3; k += 1) {
      const made = await t.api('POST', '/api/schedule', { title: `Run ${k + 1}`, planned_start: new Date(base + k * HOUR).toISOString(), planned_length_min: 60 });
      ids.push(made.body.segment.id);
    }
    const run1Bid = await bidWar(t, 'Run 1 route', ['A', 'B'], { segment_id: ids[0] });
    const started = await t.api('POST', `/api/schedule/${ids[0]}/start`, { at: new Date(base + 20 * 60_000).toISOString() });
    assert.equal(started.status, 200);
    let schedule = (await t.api('GET', '/api/schedule')).body.schedule;
    assert.equal(schedule.current_id, ids[0]);
    assert.equal(schedule.next_id, ids[1]);
    assert.deepEqual(schedule.segments.map((s: { expected_start: string }) => s.expected_start.slice(11, 16)), ['10:20', '11:20', '12:20'], 'the rest slide with it');
    assert.equal((await incentive(t, run1Bid.id)).state, 'open');
    await t.api('POST', `/api/schedule/${ids[1]}/start`, { at: new Date(base + 70 * 60_000).toISOString() });
    schedule = (await t.api('GET', '/api/schedule')).body.schedule;
    assert.deepEqual(schedule.segments.map((s: { state: string }) => s.state), ['done', 'live', 'upcoming']);
    assert.equal((await incentive(t, run1Bid.id)).state, 'closed', 'its segment ended');
  });
});
