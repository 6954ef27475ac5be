// The overlay page's pure parts: URL options (a hostile URL must never become CSS) and the alert
// queue's flood policy. They live in renderer/overlay/ and are plain TypeScript without the DOM.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OVERLAY_WIDGETS } from '../shared/contract.js';
import { type AlertSettings, checkTiers, tierIndexFor } from '../shared/alert-tiers.js';
import { type Alert, AlertQueue, type DonationAlert, MAX_WAITING_DONATIONS, type MomentAlert } from '../renderer/overlay/alert-queue.js';
import { alertStyle, sampleAmount } from '../renderer/overlay/alerts/alert-tier.js';
import { amountMinor } from '../renderer/lib/format.js';
import { MILESTONE_WAIT_MS, MilestoneGate } from '../renderer/overlay/milestone-gate.js';
import { overlayAmount, spanWords } from '../renderer/overlay/format.js';
import { DEFAULT_OPTIONS, type OverlayOptions, WIDGET_OPTIONS, parseColor, parseOptions, widgetQuery } from '../renderer/overlay/options.js';

const parse = (query: string) => {
  const params = new URLSearchParams(query);
  return parseOptions((name) => params.get(name));
};

describe('overlay URL options', () => {
  it('refuses anything that is not a colour in a whitelisted format', () => {
    for (const hostile of [
      'red;}body{display:none',
      'red; background: url(https://evil.example/x.png)',
      '#fff;color:red',
      'expression(alert(1))',
      'url(javascript:alert(1))',
      'var(--x)',
      'rgb(255,0,0)',
      '#ggg',
      '#12345',
      'redd',
      '</style><script>alert(1)</script>',
      '',
    ]) {
      assert.equal(parseColor(hostile), null, hostile);
      const { options, rejected } = parse(new URLSearchParams({ color: hostile, accent: hostile, panel: hostile }).toString());
      assert.equal(options.color, DEFAULT_OPTIONS.color);
      assert.equal(options.accent, DEFAULT_OPTIONS.accent);
      assert.equal(options.panel, null);
      assert.deepEqual(rejected, ['color', 'accent', 'panel'], hostile);
    }
  });

  it('reads hex colours with or without "#" and a short list of names', () => {
    assert.equal(parseColor('#FF0000'), '#ff0000');
    assert.equal(parseColor('ff0000'), '#ff0000');
    assert.equal(parseColor('f00'), '#f00');
    assert.equal(parseColor('#00000080'), '#00000080');
    assert.equal(parseColor('Gold'), 'gold');
    assert.equal(parse('panel=none').options.panel, null);
    assert.deepEqual(parse('panel=none').rejected, []);
  });

  it('keeps numbers in their ranges and refuses other spellings', () => {
    assert.equal(parse('scale=1.5').options.scale, 1.5);
    assert.equal(parse('scale=1.23').options.scale, 1.25, 'rounded to the 0.05 step');
    for (const bad of ['10', '0.1', '1e0', '-1', '0x2', 'Infinity', 'NaN', ' 2 ; x']) {
      const { options, rejected } = parse(new URLSearchParams({ scale: bad }).toString());
      assert.equal(options.scale, 1, bad);
      assert.deepEqual(rejected, ['scale'], bad);
    }
    assert.equal(parse('duration=12').options.duration, 12);
    assert.equal(parse('duration=600').options.duration, DEFAULT_OPTIONS.duration);
    assert.equal(parse('count=3').options.count, 3);
    assert.equal(parse('count=11').options.count, DEFAULT_OPTIONS.count);
    assert.equal(parse('seconds=90').options.seconds, 90);
  });

  it('takes the threshold as an exact decimal string, and fonts and choices from their lists only', () => {
    assert.equal(parse('min=5.00').options.min, '5.00');
    for (const bad of ['-1', '1e3', '5,00', '05', '5.0001', '1234567890']) assert.equal(parse(`min=${encodeURIComponent(bad)}`).options.min, '0', bad);
    assert.equal(parse('font=serif').options.font, 'serif');
    assert.equal(parse('font=Comic%20Sans').options.font, 'system');
    assert.equal(parse('font=constructor').options.font, 'system');
    assert.equal(parse('align=center').options.align, 'center');
    assert.equal(parse('align=justify;').options.align, 'left');
    assert.equal(parse('currency=code&cents=0').options.currency, 'code');
    assert.equal(parse('cents=0').options.cents, false);
    assert.equal(parse('goal=maybe').options.goal, true);
    assert.deepEqual(parse(`color=${'a'.repeat(100)}`).rejected, ['color']);
  });

  it('ignores names it does not know (the key among them)', () => {
    const { options, rejected } = parse('key=abc&__proto__=x&constructor=y&unknown=1');
    assert.deepEqual(options, DEFAULT_OPTIONS);
    assert.deepEqual(rejected, []);
  });

  it('puts only a widget\'s own non-default options in its URL, and reads them back the same', () => {
    const chosen: OverlayOptions = {
      ...DEFAULT_OPTIONS,
      color: '#222222',
      accent: 'gold',
      panel: '#000000aa',
      font: 'rounded',
      scale: 1.25,
      align: 'right',
      currency: 'code',
      cents: false,
      goal: false,
      min: '5.00',
      duration: 8.5,
      milestones: false,
      count: 3,
      messages: false,
      show: 'remaining',
      seconds: 120,
    };
    for (const widget of OVERLAY_WIDGETS) {
      const query = widgetQuery(widget, 'k&y=1', chosen);
      const params = new URLSearchParams(query);
      assert.equal(params.get('key'), 'k&y=1');
      const back = parseOptions((name) => params.get(name)).options;
      for (const name of Object.keys(DEFAULT_OPTIONS) as (keyof OverlayOptions)[]) {
        const expected = WIDGET_OPTIONS[widget].includes(name) ? chosen[name] : DEFAULT_OPTIONS[name];
        assert.deepEqual(back[name], expected, `${widget}.${name}`);
      }
    }
    assert.equal(widgetQuery('clock', 'k', DEFAULT_OPTIONS), 'key=k');
  });

  it('shows amounts exactly, with symbol or code, with or without cents', () => {
    assert.equal(overlayAmount({ value: '12345.60', currency: 'EUR' }, { currency: 'symbol', cents: true }), '€12,345.60');
    assert.equal(overlayAmount({ value: '12345.60', currency: 'EUR' }, { currency: 'code', cents: true }), '12,345.60 EUR');
    assert.equal(overlayAmount({ value: '12345.99', currency: 'EUR' }, { currency: 'symbol', cents: false }), '€12,345');
    assert.equal(overlayAmount({ value: '5000', currency: 'JPY' }, { currency: 'symbol', cents: false }), '¥5,000');
    assert.equal(overlayAmount({ value: '1.250', currency: 'KWD' }, { currency: 'code', cents: true }), '1.250 KWD');
    assert.equal(spanWords((3 * 3600 + 12 * 60 + 59) * 1000), '3 h 12 min');
    assert.equal(spanWords(59_999), '59 s');
    assert.equal(spanWords(50 * 3_600_000), '2 d 2 h');
  });
});

let nextId = 1;
function donation(cents: number, currency = 'EUR'): DonationAlert {
  const id = nextId++;
  const amount = { value: (cents / 100).toFixed(2), currency };
  return { kind: 'donation', key: `d-${id}`, id, donor: `Donor ${id}`, amount, message: null, converted: amount, size: cents };
}

function drain(queue: AlertQueue): Alert[] {
  const shown: Alert[] = [];
  for (let next = queue.take(); next; next = queue.take()) shown.push(next);
  return shown;
}

describe('the alert queue in a flood', () => {
  it('holds at most five donations and one summary whatever arrives, and the summary adds up exactly', () => {
    const queue = new AlertQueue();
    const flood = Array.from({ length: 500 }, (_, i) => donation(100 + (i % 7)));
    for (const alert of flood) {
      queue.push(alert);
      assert.ok(queue.length <= MAX_WAITING_DONATIONS + 1, `queue grew to ${queue.length}`);
    }
    const shown = drain(queue);
    assert.equal(shown.length, MAX_WAITING_DONATIONS + 1);
    const summary = shown[shown.length - 1];
    assert.equal(summary?.kind, 'more');
    const individual = shown.filter((a): a is DonationAlert => a.kind === 'donation');
    assert.equal(individual.length, MAX_WAITING_DONATIONS);
    if (summary?.kind !== 'more') return;
    assert.equal(summary.count, 500 - MAX_WAITING_DONATIONS);
    const totalCents = flood.reduce((sum, a) => sum + a.size, 0) - individual.reduce((sum, a) => sum + a.size, 0);
    assert.deepEqual(summary.sum, { value: (totalCents / 100).toFixed(2), currency: 'EUR' });
    assert.equal(queue.length, 0);
  });

  it('gives the biggest gifts of a flood their own alert, in the order they came', () => {
    const queue = new AlertQueue();
    const small = Array.from({ length: 20 }, () => donation(500));
    const big = [donation(50_000), donation(20_000)];
    for (const alert of [...small.slice(0, 10), big[0]!, ...small.slice(10), big[1]!]) queue.push(alert);
    const shown = drain(queue);
    const individual = shown.filter((a): a is DonationAlert => a.kind === 'donation');
    assert.ok(individual.some((a) => a.id === big[0]!.id) && individual.some((a) => a.id === big[1]!.id));
    const ids = individual.map((a) => a.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'arrival order');
    const summary = shown.at(-1);
    assert.equal(summary?.kind === 'more' ? summary.count : -1, 22 - MAX_WAITING_DONATIONS);
  });

  it('puts milestones before waiting donations and never merges them', () => {
    const queue = new AlertQueue();
    for (let i = 0; i < 8; i += 1) queue.push(donation(1000));
    queue.push({ kind: 'milestone', key: 'm1', label: 'A pump', amount: { value: '1000.00', currency: 'EUR' }, goal: false, after: null });
    queue.push({ kind: 'milestone', key: 'm2', label: 'Goal', amount: { value: '10000.00', currency: 'EUR' }, goal: true, after: null });
    const kinds = drain(queue).map((a) => a.kind);
    assert.deepEqual(kinds, ['milestone', 'milestone', 'donation', 'donation', 'donation', 'donation', 'donation', 'more']);
  });

  it('drops the alert of a donation denied after it was queued; inside the summary it stays a number only', () => {
    const queue = new AlertQueue();
    const first = Array.from({ length: 7 }, () => donation(1000));
    for (const alert of first) queue.push(alert);
    assert.equal(queue.merged, 2);
    queue.hide(first[1]!.id);
    queue.hide(first[6]!.id); // merged: no name or message of it is kept
    const shown = drain(queue);
    assert.deepEqual(
      shown.filter((a) => a.kind === 'donation').map((a) => (a.kind === 'donation' ? a.id : 0)),
      [first[0]!.id, first[2]!.id, first[3]!.id, first[4]!.id],
    );
    const summary = shown.at(-1);
    assert.equal(summary?.kind === 'more' ? summary.count : -1, 2);
    assert.ok(!JSON.stringify(summary).includes('Donor'));
  });

  it('says nothing of a sum it cannot know (a donation waiting for a rate)', () => {
    const queue = new AlertQueue();
    for (let i = 0; i < 6; i += 1) queue.push(donation(1000));
    const noRate = donation(0);
    queue.push({ ...noRate, converted: null, size: 0 });
    const summary = drain(queue).at(-1);
    assert.equal(summary?.kind, 'more');
    assert.equal(summary?.kind === 'more' ? summary.sum : 'x', null);
  });
});

describe('alert tiers by size', () => {
  const settings: Pick<AlertSettings, 'tiers'> = {
    tiers: [
      { from: '0.00', duration_s: 5, look: 'standard', sound: 'chime', volume: 60 },
      { from: '20.00', duration_s: 8, look: 'big', sound: 'coins', volume: 70 },
      { from: '100.00', duration_s: 12, look: 'epic', sound: 'fanfare', volume: 80 },
    ],
  };
  const moment = (kind: MomentAlert['moment']['kind'], value: string | null): MomentAlert => {
    const view = {
      id: nextId++, kind, occurred_at: '2026-12-02T08:00:00Z', actor_name: 'someone', unit: null, count: 1, announced: null, cumulative: null,
      amount: null, value: value === null ? null : { value, currency: 'EUR' }, recipient: null, message: null,
    } as MomentAlert['moment'];
    return { kind: 'moment', key: `t-${view.id}`, id: view.id, moment: view, size: value === null ? 0 : (amountMinor({ value, currency: 'EUR' }) ?? 0) };
  };

  it('sizes donations by their converted amount, exactly at each threshold', () => {
    assert.equal(tierIndexFor(settings, 0, 'EUR'), 0);
    assert.equal(tierIndexFor(settings, 1999, 'EUR'), 0);
    assert.equal(tierIndexFor(settings, 2000, 'EUR'), 1);
    assert.equal(tierIndexFor(settings, 9999, 'EUR'), 1);
    assert.equal(tierIndexFor(settings, 10000, 'EUR'), 2);
    assert.equal(tierIndexFor({ tiers: [] }, 10000, 'EUR'), null);
    // JPY has no decimals: "20" is 20 minor units.
    assert.equal(tierIndexFor({ tiers: [{ ...settings.tiers[0]!, from: '0' }, { ...settings.tiers[1]!, from: '20' }] }, 20, 'JPY'), 1);
    const big = alertStyle(donation(2500), settings, 'EUR', 6);
    assert.deepEqual(big, { tier: 1, look: 'big', sound: 'coins', volume: 70, durationMs: 8000 });
  });

  it('sizes Twitch moments by their value; raids and unvalued moments take the lowest tier, milestones the top', () => {
    assert.equal(alertStyle(moment('cheer', '150.00'), settings, 'EUR', 6).tier, 2);
    assert.equal(alertStyle(moment('sub', null), settings, 'EUR', 6).tier, 0);
    assert.equal(alertStyle({ ...moment('raid', null), size: 99_999 }, settings, 'EUR', 6).tier, 0);
    const milestone: Alert = { kind: 'milestone', key: 'm', label: 'Half way', amount: { value: '5000.00', currency: 'EUR' }, goal: false, after: null };
    assert.equal(alertStyle(milestone, settings, 'EUR', 6).look, 'epic');
    assert.equal(alertStyle({ kind: 'test', key: 'x', tier: 1 }, settings, 'EUR', 6).look, 'big');
    assert.equal(alertStyle({ kind: 'test', key: 'x', tier: 5 }, settings, 'EUR', 6).tier, 2, 'a tier removed since: the top one');
  });

  it('without tiers: the standard look, silent, for the URL duration', () => {
    assert.deepEqual(alertStyle(donation(1_000_000), { tiers: [] }, 'EUR', 6.5), { tier: null, look: 'standard', sound: 'none', volume: 0, durationMs: 6500 });
  });

  it('a test alert shows an amount inside its tier', () => {
    assert.deepEqual(sampleAmount(settings, 0, 'EUR'), { value: '5.00', currency: 'EUR' });
    assert.deepEqual(sampleAmount(settings, 1, 'EUR'), { value: '20.00', currency: 'EUR' });
    assert.deepEqual(sampleAmount(settings, 2, 'EUR'), { value: '100.00', currency: 'EUR' });
    assert.deepEqual(sampleAmount({ tiers: [settings.tiers[0]!, { ...settings.tiers[1]!, from: '2.00' }] }, 0, 'EUR'), { value: '1.00', currency: 'EUR' });
    assert.deepEqual(sampleAmount({ tiers: [] }, 0, 'JPY'), { value: '5', currency: 'JPY' });
  });

  it('checks the owner’s tiers exactly in the campaign currency', () => {
    const checked = checkTiers([{ ...settings.tiers[0]!, from: '0' }, { ...settings.tiers[1]!, from: '20' }], 'EUR');
    assert.deepEqual(checked.ok && checked.value.map((t) => t.from), ['0.00', '20.00']);
    assert.match(String(!checkTiers([{ ...settings.tiers[0]!, from: '5' }], 'EUR').ok && 'refused'), /refused/);
    const unordered = checkTiers([settings.tiers[0]!, settings.tiers[2]!, settings.tiers[1]!], 'EUR');
    assert.ok(!unordered.ok && /above tier 2/.test(unordered.error));
    const decimals = checkTiers([{ ...settings.tiers[0]!, from: '0' }, { ...settings.tiers[1]!, from: '20.5' }], 'JPY');
    assert.ok(!decimals.ok && /decimals/.test(decimals.error));
  });

  it('queues test alerts like milestones: before waiting donations, never merged', () => {
    const queue = new AlertQueue();
    for (let i = 0; i < 7; i += 1) queue.push(donation(1000));
    queue.push({ kind: 'test', key: 'test-1', tier: 2 });
    assert.deepEqual(drain(queue).map((a) => a.kind).slice(0, 2), ['test', 'donation']);
  });
});

describe('a milestone never before the donation that reached it', () => {
  const setup = () => {
    const settled = new Set<number>();
    const released: string[] = [];
    const gate = new MilestoneGate<string>((id) => settled.has(id), (m) => released.push(m));
    return { settled, released, gate };
  };

  it('waits for the crossing donation to be settled (approved or denied), then goes in order', () => {
    const { settled, released, gate } = setup();
    gate.crossed('Half way', 41, 0);
    gate.crossed('Goal', 42, 10);
    assert.deepEqual(released, []);
    // The later donation is approved first: the earlier milestone still holds both.
    settled.add(42);
    gate.releaseDue(1_000);
    assert.deepEqual(released, []);
    settled.add(41); // denied, or approved
    gate.releaseDue(2_000);
    assert.deepEqual(released, ['Half way', 'Goal']);
    assert.equal(gate.deadline, null);
  });

  it('plays at once when nothing is to wait for, or when the donation was already settled', () => {
    const { settled, released, gate } = setup();
    gate.crossed('Twitch money', null, 0);
    settled.add(7);
    gate.crossed('Auto-approved first', 7, 0);
    assert.deepEqual(released, ['Twitch money', 'Auto-approved first']);
  });

  it('is never lost: past the bounded wait it plays anyway', () => {
    const { released, gate } = setup();
    gate.crossed('Half way', 9, 1_000);
    assert.equal(gate.deadline, 1_000 + MILESTONE_WAIT_MS);
    gate.releaseDue(1_000 + MILESTONE_WAIT_MS - 1);
    assert.deepEqual(released, []);
    gate.releaseDue(1_000 + MILESTONE_WAIT_MS);
    assert.deepEqual(released, ['Half way']);
  });

  it('in the queue, the crossing donation still waiting goes before its milestone; other donations do not', () => {
    const queue = new AlertQueue();
    const before = donation(500);
    const crosser = donation(1_000_000);
    const other = donation(700);
    for (const alert of [before, crosser, other]) queue.push(alert);
    queue.push({ kind: 'milestone', key: 'goal', label: 'Goal', amount: { value: '10000.00', currency: 'EUR' }, goal: true, after: crosser.id });
    const order = drain(queue).map((a) => (a.kind === 'donation' ? a.id : a.kind));
    assert.deepEqual(order, [before.id, crosser.id, 'milestone', other.id]);
  });
});
