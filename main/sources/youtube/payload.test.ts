import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { microsToMinor, readYouTubeMessage } from './payload.js';
import { nextPacificMidnight, pacificDay, planPoll } from './quota.js';
import { youtubeFixture } from './testing/fake-youtube.js';
import { readYouTubeTarget } from './video-ref.js';

const NOW = Date.parse('2025-03-08T19:00:00Z');

describe('YouTube Super Chat amounts', () => {
  it('turns micros into minor units exactly, whatever the currency has for decimals', () => {
    assert.deepEqual(microsToMinor('500000000', 'JPY'), { ok: true, value: { minor: 500, currency: 'JPY' } });
    assert.deepEqual(microsToMinor('1250000', 'KWD'), { ok: true, value: { minor: 1250, currency: 'KWD' } });
    assert.deepEqual(microsToMinor('1001000', 'BHD'), { ok: true, value: { minor: 1001, currency: 'BHD' } });
    assert.deepEqual(microsToMinor('4990000', 'USD'), { ok: true, value: { minor: 499, currency: 'USD' } });
    // 2^53 + 1 minor units of micros stay exact in BigInt, then are refused as too large, never rounded.
    assert.equal(microsToMinor('9007199254740993000000', 'JPY').ok, false);
  });

  it('refuses micros that are not whole minor units, unknown currencies and nonsense', () => {
    const half = microsToMinor('500500000', 'JPY');
    assert.equal(half.ok, false);
    assert.match(half.ok ? '' : half.error, /not a whole number of JPY minor units/);
    assert.equal(microsToMinor('1250500', 'KWD').ok, false, 'half a fils');
    assert.equal(microsToMinor('1234567', 'USD').ok, false, 'a fraction of a cent');
    assert.equal(microsToMinor('1000000', 'XYZ').ok, false);
    assert.equal(microsToMinor('-1000000', 'USD').ok, false);
    assert.equal(microsToMinor('1e6', 'USD').ok, false);
    assert.equal(microsToMinor('0', 'USD').ok, false);
  });
});

describe('YouTube live chat messages', () => {
  const items = youtubeFixture('liveChatMessages-list.json').items as Record<string, any>[];
  const read = (type: string) => {
    const item = items.find((i) => i.snippet.type === type);
    return readYouTubeMessage(item, 'youtube-1', NOW);
  };

  it('maps each documented type: chat, money, memberships, deletions and bans', () => {
    const text = read('textMessageEvent');
    assert.equal(text.type, 'chat');
    if (text.type === 'chat') {
      assert.equal(text.event.externalId, 'LCC.text-0001');
      assert.equal(text.event.userKey, 'youtube:UCa1TextChatterAAAAAAAAA');
      assert.equal(text.event.text, 'Good luck with the marathon!');
      assert.equal(text.event.kind, undefined, 'a typed message counts as chat');
      assert.equal(text.event.occurredAt, Date.parse('2025-03-08T18:05:01.123Z'));
    }
    const yen = read('superChatEvent');
    assert.equal(yen.type, 'donation');
    if (yen.type === 'donation') {
      assert.deepEqual(yen.event.amount, { minor: 500, currency: 'JPY' });
      assert.equal(yen.event.message, 'For the kids!');
      assert.equal(yen.event.donorName, 'Kenta Mori');
    }
    const sticker = read('superStickerEvent');
    assert.equal(sticker.type, 'donation');
    if (sticker.type === 'donation') assert.deepEqual(sticker.event.amount, { minor: 1250, currency: 'KWD' });
    const pledge = (type: string) => {
      const item = read(type);
      return item.type === 'chat' ? item.event.pledge : 'not chat';
    };
    assert.deepEqual(pledge('newSponsorEvent'), { unit: 'yt_membership', count: 1, part: 'member' });
    assert.deepEqual(pledge('memberMilestoneChatEvent'), { unit: 'yt_membership', count: 1, part: 'member_milestone' });
    assert.deepEqual(pledge('membershipGiftingEvent'), { unit: 'yt_membership', count: 5, part: 'member_gift' });
    assert.equal(pledge('giftMembershipReceivedEvent'), null, 'a received gift was counted in its batch');
    assert.deepEqual(read('messageDeletedEvent'), { type: 'clear', clear: { messageId: 'LCC.text-0001', userKey: null, through: Date.parse('2025-03-08T18:11:30Z'), reason: 'message deleted' } });
    assert.deepEqual(read('userBannedEvent'), {
      type: 'clear',
      clear: { messageId: null, userKey: 'youtube:UCi9SpammerIIIIIIIIIIIII', through: Date.parse('2025-03-08T18:12:02Z'), reason: 'timeout' },
    });
  });

  it('refuses malformed items in words, and skips types it does not count', () => {
    assert.equal(readYouTubeMessage(null, 's', NOW).type, 'refused');
    assert.equal(readYouTubeMessage({ id: 'x', snippet: {} }, 's', NOW).type, 'refused');
    const odd = structuredClone(items[1]!);
    odd.snippet.superChatDetails.amountMicros = '500500000';
    const refused = readYouTubeMessage(odd, 's', NOW);
    assert.equal(refused.type, 'refused');
    assert.match(refused.type === 'refused' ? refused.reason : '', /Super Chat not counted/);
    assert.equal(readYouTubeMessage({ id: 'y', snippet: { type: 'pollEvent' } }, 's', NOW).type, 'skip');
  });
});

describe('YouTube links and handles', () => {
  it('reads every documented form of a video link, an id and a handle', () => {
    for (const link of [
      'https://www.youtube.com/watch?v=Vd4ZtQm8LkA',
      'https://youtube.com/watch?v=Vd4ZtQm8LkA&t=42s',
      'youtu.be/Vd4ZtQm8LkA',
      'https://youtu.be/Vd4ZtQm8LkA?si=abc',
      'https://www.youtube.com/live/Vd4ZtQm8LkA?feature=share',
      'https://m.youtube.com/watch?v=Vd4ZtQm8LkA',
      'Vd4ZtQm8LkA',
    ]) {
      assert.deepEqual(readYouTubeTarget(link), { ok: true, value: { video_id: 'Vd4ZtQm8LkA', handle: null } }, link);
    }
    for (const handle of ['@CharityStream', 'https://www.youtube.com/@CharityStream', 'youtube.com/@CharityStream/live']) {
      assert.deepEqual(readYouTubeTarget(handle), { ok: true, value: { video_id: null, handle: '@CharityStream' } }, handle);
    }
    for (const bad of ['', 'https://vimeo.com/123', 'https://www.youtube.com/watch?v=short', '@a', 'https://www.youtube.com/feed', 42]) {
      assert.equal(readYouTubeTarget(bad).ok, false, String(bad));
    }
  });
});

describe('YouTube quota', () => {
  it('counts days and resets in Pacific time, across daylight-saving changes', () => {
    assert.equal(pacificDay(Date.parse('2026-12-02T07:59:00Z')), '2026-12-01');
    assert.equal(pacificDay(Date.parse('2026-12-02T08:00:00Z')), '2026-12-02');
    assert.equal(nextPacificMidnight(Date.parse('2026-12-02T09:39:00Z')), Date.parse('2026-12-03T08:00:00Z'));
    assert.equal(nextPacificMidnight(Date.parse('2026-07-01T12:00:00Z')), Date.parse('2026-07-02T07:00:00Z'));
    // 8 March 2026 has 23 hours in Los Angeles; 1 November 25.
    assert.equal(nextPacificMidnight(Date.parse('2026-03-08T09:00:00Z')), Date.parse('2026-03-09T07:00:00Z'));
    assert.equal(nextPacificMidnight(Date.parse('2026-11-01T08:00:00Z')), Date.parse('2026-11-02T08:00:00Z'));
  });

  it('never reads sooner than YouTube asks, and spreads the units left over the rest of the day', () => {
    const now = Date.parse('2026-12-02T08:00:00Z'); // midnight Pacific: 24 h to go
    const full = planPoll({ now, serverMs: 5_000, spent: 0, limit: 10_000 });
    // 10,000 units less 30 kept for finding the broadcast = 1,994 reads of 5 units over 24 h.
    assert.equal(full.readsLeft, 1_994);
    assert.equal(full.waitMs, Math.ceil(86_400_000 / 1_994));
    assert.equal(full.slowed, true);
    assert.equal(full.lastsUntil, Date.parse('2026-12-03T08:00:00Z'));
    const generous = planPoll({ now, serverMs: 5_000, spent: 0, limit: 1_000_000 });
    assert.equal(generous.waitMs, 5_000);
    assert.equal(generous.slowed, false);
    const late = planPoll({ now: Date.parse('2026-12-03T07:59:00Z'), serverMs: 5_000, spent: 9_000, limit: 10_000 });
    assert.equal(late.waitMs, 5_000, 'units to spare in the last minute: YouTube\'s pace');
    const shared = planPoll({ now, serverMs: 5_000, spent: 0, limit: 10_000, readers: 2 });
    assert.equal(shared.readsLeft, 997, 'two sources on one key: half the reads each');
    assert.equal(shared.waitMs, Math.ceil(86_400_000 / 997));
    const empty = planPoll({ now, serverMs: 5_000, spent: 9_990, limit: 10_000 });
    assert.equal(empty.readsLeft, 0);
    assert.equal(empty.waitMs, 86_400_000 + 5_000, 'nothing left: wait for the reset');
  });
});
