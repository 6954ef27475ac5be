/**
 * The simulated call: 2,000 viewers on two platforms (1,000 on Twitch, 1,000 on YouTube);
 * 800 sign up (a third of them several times, some typing a look-alike first); 100 others type
 * only look-alike commands; 520 of those who signed up post the hashtag in the window (some in
 * the same message as the command), 300 who did not sign up post it too; everyone else chats.
 * Around them: posts before the window (the usual rate) and after it, a bot and the streamer
 * who sign up and post (never counted), and one person whose sign-up is deleted by a moderator.
 */
export interface CrowdMessage {
  platform: 'twitch' | 'youtube';
  id: string;
  /** The viewer's number on its platform (Twitch user id / YouTube channel suffix). */
  user: number;
  login: string;
  text: string;
  at: number;
  badges?: string;
}

export interface SimulatedCall {
  messages: CrowdMessage[];
  /** The sign-up message a moderator deletes (its id), on Twitch. */
  deleted: { id: string; user: number };
  expected: {
    signups: number;
    followed: number;
    others: number;
    byPlatform: Record<'twitch' | 'youtube', { signups: number; followed: number; others: number }>;
  };
}

export const CALL_TAG = 'ErdoganHelpRohingya';
export const CALL_COMMAND = '!call erdogan';
const MIN = 60_000;
const LOOK_ALIKES = ['!cаll erdogan', '！ｃａｌｌ ｅｒｄｏｇａｎ', '!ca\u200Bll erdogan', '!call erdοgan', '\u200B!call erdogan'];

/** `at`: the moment (a whole minute); sign-ups come in the two minutes before it. */
export function simulatedCall(at: number, windowMin = 10): SimulatedCall {
  const messages: CrowdMessage[] = [];
  let n = 0;
  const say = (platform: CrowdMessage['platform'], user: number, text: string, when: number, badges?: string) =>
    messages.push({ platform, id: `${platform}-${(n += 1)}`, user, login: `${platform === 'twitch' ? 'tw' : 'yt'}fan${user}`, text, at: when, ...(badges ? { badges } : {}) });
  const viewers = Array.from({ length: 2_000 }, (_, i) => ({ platform: (i % 2 === 0 ? 'twitch' : 'youtube') as CrowdMessage['platform'], user: 1_000 + Math.floor(i / 2), i }));
  const before = (k: number) => at - 2 * MIN + ((k * 7_919) % (2 * MIN - 1_000));
  const inWindow = (k: number) => at + ((k * 104_729) % (windowMin * MIN - 1_000));
  const expected: SimulatedCall['expected'] = {
    signups: 0, followed: 0, others: 0,
    byPlatform: { twitch: { signups: 0, followed: 0, others: 0 }, youtube: { signups: 0, followed: 0, others: 0 } },
  };
  let signedUp = 0;
  let otherPosters = 0;
  for (const v of viewers) {
    const signs = v.i % 5 < 2; // 800 of 2,000
    if (signs) {
      const k = signedUp;
      signedUp += 1;
      expected.signups += 1;
      expected.byPlatform[v.platform].signups += 1;
      if (k % 7 === 0) say(v.platform, v.user, LOOK_ALIKES[k % LOOK_ALIKES.length]!, before(k) - 500);
      const posts = k < 520;
      // Some sign up with the hashtag in the same message, in the window: it counts for both.
      const both = posts && k % 10 === 0;
      say(v.platform, v.user, both ? `${CALL_COMMAND} #${CALL_TAG}` : k % 4 === 0 ? '!CALL   Erdogan' : `${CALL_COMMAND} count me in`, both ? inWindow(k) : before(k));
      if (k % 3 === 0) say(v.platform, v.user, CALL_COMMAND, before(k) + 300);
      if (k % 3 === 1) say(v.platform, v.user, `${CALL_COMMAND}!!`, before(k) + 400); // not the command: a different word
      if (posts) {
        expected.followed += 1;
        expected.byPlatform[v.platform].followed += 1;
        if (!both) say(v.platform, v.user, `#${CALL_TAG} now ${k}`, inWindow(k));
        if (k % 2 === 0) say(v.platform, v.user, `again #${CALL_TAG.toLowerCase()}`, inWindow(k + 1));
        if (k % 9 === 0) say(v.platform, v.user, `warming up #${CALL_TAG}`, at - 30_000);
      } else if (k % 5 === 0) {
        say(v.platform, v.user, `too late #${CALL_TAG}`, at + windowMin * MIN + 5_000);
      }
      continue;
    }
    if (v.i % 5 === 2 && v.i < 500) say(v.platform, v.user, LOOK_ALIKES[v.i % LOOK_ALIKES.length]!, before(v.i));
    if (otherPosters < 300 && v.i % 5 >= 3) {
      otherPosters += 1;
      expected.others += 1;
      expected.byPlatform[v.platform].others += 1;
      say(v.platform, v.user, `#${CALL_TAG} from me too`, inWindow(v.i));
      continue;
    }
    if (v.i % 5 === 4 && v.i % 3 === 0) say(v.platform, v.user, `early #${CALL_TAG}`, at - 45_000); // before the window only
    say(v.platform, v.user, `hello from viewer ${v.i}`, before(v.i));
  }
  // Never counted: a known bot and the streamer, who both sign up and post.
  say('twitch', 9_001, CALL_COMMAND, before(1));
  messages[messages.length - 1]!.login = 'nightbot';
  say('twitch', 9_001, `Post #${CALL_TAG} now!`, inWindow(1));
  messages[messages.length - 1]!.login = 'nightbot';
  say('twitch', 9_002, CALL_COMMAND, before(2), 'broadcaster/1');
  say('twitch', 9_002, `#${CALL_TAG} everyone!`, inWindow(2), 'broadcaster/1');
  // A sign-up a moderator deletes: not counted.
  say('twitch', 9_003, `${CALL_COMMAND} spam spam`, before(3));
  const deleted = { id: messages[messages.length - 1]!.id, user: 9_003 };
  messages.sort((a, b) => a.at - b.at);
  return { messages, deleted, expected };
}
