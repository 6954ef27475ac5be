import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type Server, createServer } from 'node:http';
import { after, describe, it } from 'node:test';
import { FakeTwitchIrc } from '../sources/twitch/testing/fake-irc-server.js';
import { CallBot, type BotMoment, TWITCH_LIMIT } from './call-bot.js';
import type { SignedUp } from './call-signups.js';

const SCOPES: Record<string, string[]> = { writes: ['chat:read', 'chat:edit'], readsonly: ['chat:read'] };

/** A local stand-in for id.twitch.tv's /oauth2/validate: the token names its scopes. */
async function fakeAuth(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const token = (req.headers.authorization ?? '').replace(/^OAuth /, '');
    const scopes = SCOPES[token];
    res.writeHead(scopes ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(scopes ? { client_id: 'c', login: 'deskbot', user_id: '77', scopes, expires_in: 3600 } : { status: 401, message: 'invalid access token' }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { url: `http://127.0.0.1:${address.port}`, server };
}

const stops: (() => Promise<void>)[] = [];
after(async () => {
  for (const stop of stops.reverse()) await stop();
});

async function until(probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function setup(token: string, clock: { now: number }, moments: BotMoment[]) {
  const irc = await FakeTwitchIrc.start();
  const auth = await fakeAuth();
  stops.push(() => irc.close(), () => new Promise<void>((r) => auth.server.close(() => r())));
  const bot = new CallBot({
    account: () => ({ sourceId: 'tw', channel: 'relay', login: 'deskbot', token, server: irc.url }),
    moments: () => moments,
    authUrl: auth.url,
    now: () => clock.now,
  });
  stops.push(() => bot.stop());
  bot.start();
  return { irc, bot };
}

describe('the call bot in Twitch chat', () => {
  it('says in words that a token without chat:edit cannot write, and writes nothing', async () => {
    const clock = { now: Date.now() };
    const { irc, bot } = await setup('readsonly', clock, []);
    await until(() => bot.view().state === 'refused');
    assert.match(bot.view().words, /The token of deskbot may not write in chat: it lacks the chat:edit scope\. Make a token for deskbot with the chat:edit scope/);
    assert.equal(irc.connections.size, 0, 'it never connected');
  });

  it('answers a burst of 500 sign-ups in a minute with grouped confirmations and both reminders, under Twitch\'s 20 per 30 s', async () => {
    const start = Date.now();
    const clock = { now: start };
    const moment: BotMoment = { id: 'm1', at: start + 65_000, command: '!call erdogan', tag: '#ErdoganHelpRohingya', signups: 0 };
    const { irc, bot } = await setup('writes', clock, [moment]);
    await until(() => bot.view().state === 'ready');
    await irc.waitForJoined('relay');

    // 500 people over 60 simulated seconds, in steps of 100 ms; the bot's clock is the simulated one.
    let signed = 0;
    for (let step = 0; step <= 700; step += 1) {
      clock.now = start + step * 100;
      const due = Math.min(500, Math.floor((step * 500) / 600));
      const people: SignedUp[] = [];
      for (; signed < due; signed += 1) people.push({ momentId: 'm1', targetId: 't', platform: signed % 10 === 0 ? 'youtube' : 'twitch', name: `fan${signed}` });
      moment.signups = signed;
      bot.signedUp(people);
      bot.tick();
    }
    const said = bot.said;
    const confirmations = said.filter((s) => s.text.startsWith('Signed up for'));
    const before = said.filter((s) => s.text.startsWith('In one minute'));
    const now = said.filter((s) => s.text.startsWith('Now: everyone post'));
    console.log(`500 sign-ups in 60 s: ${said.length} messages (${confirmations.length} confirmations, ${before.length} + ${now.length} reminders)`);
    assert.equal(before.length, 1, 'one reminder a minute before');
    assert.equal(now.length, 1, 'one at the moment');
    assert.ok(before[0]!.at >= moment.at - 60_000 && before[0]!.at < moment.at);
    assert.ok(now[0]!.at >= moment.at);
    assert.ok(confirmations.length >= 10 && confirmations.length <= 14, `a confirmation at most every 5 s (${confirmations.length})`);
    for (let i = 1; i < confirmations.length; i += 1) assert.ok(confirmations[i]!.at - confirmations[i - 1]!.at >= 5_000);
    // Never more than 20 in any 30 s (the limiter keeps 15).
    for (const first of said) {
      const inWindow = said.filter((s) => s.at >= first.at && s.at < first.at + TWITCH_LIMIT.perMs).length;
      assert.ok(inWindow <= 15, `${inWindow} messages in 30 s from ${first.at - start} ms`);
    }
    // Each confirmation names a few people and says how many more; YouTube people are not named in Twitch chat.
    assert.match(confirmations[1]!.text, /^Signed up for #ErdoganHelpRohingya at \d\d:\d\d UTC: @fan\d+(, @fan\d+){4} and \d+ more \(\d+ in all\)\. Type !call erdogan to join\.$/);
    assert.equal(said.some((s) => /@fan0\b|@fan10\b/.test(s.text)), false);
    // What the bot said reached the channel, as the account.
    await until(() => irc.said.length === said.length);
    assert.ok(irc.said.every((s) => s.nick === 'deskbot' && s.channel === 'relay'));
    assert.deepEqual(irc.said.map((s) => s.text), said.map((s) => s.text));
  });
});
