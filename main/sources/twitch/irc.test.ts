import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import tmiUtils from 'tmi.js/lib/utils.js';
import { parseFrame } from './connection.js';
import { type IrcLine, RecentChatters, decimalOf, readTwitchLine, unescapeTag } from './irc.js';

const charity = (amount: string, exponent: string, currency = 'USD'): IrcLine => ({
  tags: { id: 'c-1', 'msg-id': 'charitydonation', 'msg-param-donation-amount': amount, 'msg-param-exponent': exponent, 'msg-param-donation-currency': currency, 'display-name': 'Ada', 'user-id': '1' },
  prefix: 'tmi.twitch.tv',
  command: 'USERNOTICE',
  params: ['#chan'],
});

describe('Twitch IRC lines', () => {
  it('reads charity amounts exactly at any exponent, and refuses what is not exact', () => {
    const minor = (line: IrcLine) => {
      const item = readTwitchLine(line, 's', Date.now());
      return item.type === 'donation' ? `${item.event.amount.minor} ${item.event.amount.currency}` : item.type;
    };
    assert.equal(minor(charity('1500', '2')), '1500 USD');
    assert.equal(minor(charity('15', '0')), '1500 USD');
    assert.equal(minor(charity('15000', '3')), '1500 USD');
    assert.equal(minor(charity('15005', '3')), 'skip');
    assert.equal(minor(charity('500', '0', 'JPY')), '500 JPY');
    assert.equal(minor(charity('1234567', '2', 'EUR')), '1234567 EUR');
    assert.equal(minor(charity('1e3', '2')), 'skip');
    assert.equal(minor(charity('100', '2', 'XXX1')), 'skip');
    assert.equal(decimalOf('0005', 2), '0.05');
  });

  it('remembers the user id of recent speakers by login, within a bound, newest kept', () => {
    const recent = new RecentChatters(2);
    recent.remember('Ronni', '300');
    recent.remember('other', '301');
    recent.remember('ronni', '300'); // spoke again: now the newest
    recent.remember('third', '302');
    assert.equal(recent.userIdOf('RONNI'), '300');
    assert.equal(recent.userIdOf('other'), null);
    assert.equal(recent.userIdOf('third'), '302');
  });

  it('unescapes tag values as tmi.js does, system-msg included', () => {
    assert.equal(unescapeTag('a\\sb\\:c\\\\d'), 'a b;c\\d');
    assert.equal(unescapeTag('one\\r\\ntwo\\x\\'), 'onetwo\\x\\');
    assert.equal(unescapeTag(true), '');
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z\\sn:r ;]{0,40}$/), (raw) => unescapeTag(raw) === tmiUtils.unescapeIRC(raw)),
      { numRuns: 2_000 },
    );
    const resub = readTwitchLine({
      tags: { id: 'r-1', 'msg-id': 'resub', 'msg-param-sub-plan': '1000', 'user-id': '5', login: 'ada', 'system-msg': "ada\\ssubscribed\\sat\\sTier\\s1.\\sThey've\\ssubscribed\\sfor\\s6\\smonths!" },
      prefix: 'tmi.twitch.tv', command: 'USERNOTICE', params: ['#chan'],
    }, 's', Date.now());
    assert.ok(resub.type === 'chat');
    assert.equal(resub.event.text, "ada subscribed at Tier 1. They've subscribed for 6 months!");
    assert.equal((resub.event.payload as { system_msg: string }).system_msg, resub.event.text);
  });

  it('reads a Hype Chat exactly at its exponent, and keeps the message as chat when the amount is not exact', () => {
    const hype = (amount: string, exponent: string, currency: string) => readTwitchLine({
      tags: { id: 'h-1', 'user-id': '9', 'pinned-chat-paid-amount': amount, 'pinned-chat-paid-currency': currency, 'pinned-chat-paid-exponent': exponent, 'pinned-chat-paid-level': 'ONE', 'pinned-chat-paid-is-system-message': '0' },
      prefix: 'ada!ada@ada.tmi.twitch.tv', command: 'PRIVMSG', params: ['#chan', 'for the camps #Rohingya'],
    }, 's', Date.now());
    const paid = (item: ReturnType<typeof hype>) => (item.type === 'chat' && item.event.paid ? `${item.event.paid.minor} ${item.event.paid.currency}` : null);
    assert.equal(paid(hype('500', '2', 'USD')), '500 USD');
    assert.equal(paid(hype('100', '0', 'JPY')), '100 JPY');
    assert.equal(paid(hype('100000', '2', 'JPY')), '1000 JPY');
    assert.equal(paid(hype('1234', '3', 'KWD')), '1234 KWD');
    const inexact = hype('150', '2', 'JPY');
    assert.equal(paid(inexact), null);
    assert.ok(inexact.type === 'chat' && inexact.event.text === 'for the camps #Rohingya' && (inexact.event.kind ?? 'chat') === 'chat');
    assert.match(inexact.type === 'chat' ? inexact.problem ?? '' : '', /Hype Chat not counted: 150 at exponent 2 is not an exact amount of JPY/);
    for (const [amount, exponent, currency] of [['5.00', '2', 'USD'], ['500', '-2', 'USD'], ['500', '2', 'ZZZ'], ['1e3', '2', 'USD'], ['0', '2', 'USD']] as const) {
      const item = hype(amount, exponent, currency);
      assert.ok(item.type === 'chat' && item.event.paid === undefined && item.problem, `${amount} ${exponent} ${currency}`);
    }
  });

  it('values a gift upgrade without a plan at tier 1, and one that names a plan at that plan', () => {
    const upgrade = (kind: string, plan?: string) => readTwitchLine({
      tags: { id: `u-${kind}-${plan}`, 'msg-id': kind, 'user-id': '7', login: 'sub', 'display-name': 'Sub', 'msg-param-sender-login': 'giver', ...(plan ? { 'msg-param-sub-plan': plan } : {}) },
      prefix: 'tmi.twitch.tv', command: 'USERNOTICE', params: ['#chan'],
    }, 's', Date.now());
    const pledge = (item: ReturnType<typeof upgrade>) => (item.type === 'chat' ? item.event.pledge : null);
    assert.deepEqual(pledge(upgrade('giftpaidupgrade')), { unit: 'sub_tier1', count: 1, part: 'gift_upgrade' });
    assert.deepEqual(pledge(upgrade('anongiftpaidupgrade')), { unit: 'sub_tier1', count: 1, part: 'gift_upgrade' });
    assert.deepEqual(pledge(upgrade('giftpaidupgrade', '2000')), { unit: 'sub_tier2', count: 1, part: 'gift_upgrade' });
    const assumed = upgrade('anongiftpaidupgrade');
    assert.ok(assumed.type === 'chat' && (assumed.event.payload as { plan_assumed?: boolean }).plan_assumed === true);
  });

  it('never throws on any frame or line (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        parseFrame(`@id=x;tmi-sent-ts=${text} :a!a@a PRIVMSG #c :${text}\r\n${text}`, (line) => {
          readTwitchLine(line, 's', Date.now());
        }, () => {});
      }),
      { numRuns: 1_000 },
    );
  });
});
