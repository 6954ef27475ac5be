import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
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

  it('unescapes tag values', () => {
    assert.equal(unescapeTag('a\\sb\\:c\\\\d'), 'a b;c\\d');
    assert.equal(unescapeTag(true), '');
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
