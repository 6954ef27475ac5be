import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixtureText } from '../../../testing/fixtures.js';

export const FAKE_BEARER = 'AAAAAAAAAAAAAAAAAAAAAFakeBearerTokenForTests%3D0123456789';

export interface FakePost {
  id: string;
  text: string;
  author_id: string;
  username: string;
  name: string;
  created_at: string;
}

const xFixture = <T>(name: string): T => JSON.parse(fixtureText('x', name)) as T;

/** The posts of the documented 200 answer (tests/fixtures/x/search-recent-200.json), with their authors. */
export function fixturePosts(): FakePost[] {
  const page = xFixture<{ data: { id: string; text: string; author_id: string; created_at: string }[]; includes: { users: { id: string; name: string; username: string }[] } }>(
    'search-recent-200.json',
  );
  return page.data.map((p) => {
    const user = page.includes.users.find((u) => u.id === p.author_id)!;
    return { id: p.id, text: p.text, author_id: p.author_id, created_at: p.created_at, username: user.username, name: user.name };
  });
}

let nextId = 1_898_500_000_000_000_000n;
/** A post shaped like the fixture's, newer than every one made before (X ids grow with time). */
export function makePost(author: { id: string; username: string; name?: string }, text: string, at = new Date()): FakePost {
  nextId += 1_000n;
  return { id: String(nextId), text, author_id: author.id, username: author.username, name: author.name ?? author.username, created_at: at.toISOString() };
}

interface Term {
  kind: 'hashtag' | 'mention' | 'from';
  value: string;
}

/** Our connector's queries: "(#a OR @b OR from:b) -is:retweet". Anything else is a 400, as X would answer an unknown operator. */
function parseQuery(query: string): Term[] | null {
  const match = /^\((.+)\) -is:retweet$/.exec(query);
  if (!match || query.length > 512) return null;
  const terms: Term[] = [];
  for (const raw of match[1]!.split(' OR ')) {
    if (raw.startsWith('#')) terms.push({ kind: 'hashtag', value: raw.slice(1).toLowerCase() });
    else if (raw.startsWith('@')) terms.push({ kind: 'mention', value: raw.slice(1).toLowerCase() });
    else if (raw.startsWith('from:')) terms.push({ kind: 'from', value: raw.slice(5).toLowerCase() });
    else return null;
  }
  return terms;
}

const matches = (post: FakePost, terms: Term[]) => {
  const text = post.text.toLowerCase();
  return terms.some((t) =>
    t.kind === 'from' ? post.username.toLowerCase() === t.value : new RegExp(`${t.kind === 'hashtag' ? '#' : '@'}${t.value}(?![\\p{L}\\p{N}_])`, 'u').test(text),
  );
};

/**
 * X API v2 recent search on 127.0.0.1, speaking the documented shapes (tests/fixtures/x): the
 * bearer token checked (401 problem body), since_id / start_time, newest first, pages of
 * max_results with an opaque next_token that does not expire, the author_id expansion, and the
 * x-rate-limit-* headers on every answer, with 429 (either documented body) once none is left.
 */
export class FakeX {
  private server: Server | null = null;
  readonly posts: FakePost[] = [];
  readonly requests: URLSearchParams[] = [];
  token = FAKE_BEARER;
  limit = 450;
  remaining = 450;
  /** Unix ms of the window's reset. */
  resetAt = Date.now() + 15 * 60_000;
  /** Which documented 429 body to send. */
  tooManyBody: 'problem' | 'errors88' = 'problem';
  pageSize: number | null = null;
  /** 429s answered so far. */
  tooMany = 0;

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/2`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.answer(req, res));
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    return this;
  }

  add(...posts: FakePost[]): void {
    this.posts.push(...posts);
  }

  /** The window is used up: requests get 429 until `resetInMs` from now, then a fresh window. */
  exhaust(resetInMs: number, body: 'problem' | 'errors88' = 'problem'): void {
    this.remaining = 0;
    this.resetAt = Date.now() + resetInMs;
    this.tooManyBody = body;
  }

  /** The owner revoked or regenerated the bearer token. */
  revoke(): void {
    this.token = 'revoked';
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (req.method !== 'GET' || url.pathname !== '/2/tweets/search/recent') return send(404, { title: 'Not Found Error', type: 'about:blank', status: 404, detail: 'Not Found' });
    if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, fixtureText('x', 'error-401.json'));
    this.requests.push(url.searchParams);
    if (Date.now() >= this.resetAt) {
      this.remaining = this.limit;
      this.resetAt = Date.now() + 15 * 60_000;
    }
    const rate = () => ({
      'x-rate-limit-limit': String(this.limit),
      'x-rate-limit-remaining': String(this.remaining),
      'x-rate-limit-reset': String(Math.ceil(this.resetAt / 1000)),
    });
    if (this.remaining <= 0) {
      this.tooMany += 1;
      return send(429, fixtureText('x', this.tooManyBody === 'problem' ? 'search-recent-429.json' : 'search-recent-429-alt-errors88.json'), rate());
    }
    this.remaining -= 1;
    const terms = parseQuery(url.searchParams.get('query') ?? '');
    if (!terms) return send(400, { title: 'Invalid Request', type: 'https://api.x.com/2/problems/invalid-request', detail: 'One or more parameters to your request was invalid.' }, rate());
    const since = url.searchParams.get('since_id');
    const start = url.searchParams.get('start_time');
    const size = this.pageSize ?? Math.min(100, Math.max(10, Number(url.searchParams.get('max_results') ?? 10)));
    const token = url.searchParams.get('next_token');
    // The token names where the first page started (posts newer than that are for the next poll) and the offset.
    const cursor = token ? (JSON.parse(Buffer.from(token, 'base64url').toString()) as { top: string; offset: number }) : null;
    const found = this.posts
      .filter((p) => (since === null || BigInt(p.id) > BigInt(since)) && (start === null || Date.parse(p.created_at) >= Date.parse(start)))
      .filter((p) => cursor === null || BigInt(p.id) <= BigInt(cursor.top))
      .filter((p) => matches(p, terms))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const offset = cursor?.offset ?? 0;
    const page = found.slice(offset, offset + size);
    if (page.length === 0) return send(200, fixtureText('x', 'search-recent-empty.json'), rate());
    const top = cursor?.top ?? found[0]!.id;
    const more = offset + size < found.length;
    const users = [...new Map(page.map((p) => [p.author_id, { id: p.author_id, name: p.name, username: p.username }])).values()];
    send(200, {
      data: page.map((p) => ({ id: p.id, text: p.text, author_id: p.author_id, created_at: p.created_at, edit_history_tweet_ids: [p.id] })),
      includes: { users },
      meta: {
        newest_id: page[0]!.id,
        oldest_id: page[page.length - 1]!.id,
        result_count: page.length,
        ...(more ? { next_token: Buffer.from(JSON.stringify({ top, offset: offset + size })).toString('base64url') } : {}),
      },
    }, rate());
  }
}
