import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { donationFixture } from '../../../testing/fixtures.js';
import { signTiltify } from '../signature.js';

export const FAKE_CAMPAIGN_ID = 'a4fd5207-bd9f-4712-920a-85f8d92cf4e6';
export const FAKE_CLIENT = { client_id: 'fake-client', client_secret: 'fake-secret' };

type TiltifyDonation = Record<string, unknown> & { id: string; completed_at: string };
interface Envelope {
  data: TiltifyDonation;
  meta: Record<string, unknown>;
}

/** A donation shaped like the fixture (Tiltify's own documented payload), with changes. */
export function tiltifyDonation(overrides: Record<string, unknown> = {}): TiltifyDonation {
  const fixture = donationFixture<Envelope>('tiltify-donation-updated.json');
  return { ...fixture.data, ...overrides } as TiltifyDonation;
}

/**
 * Tiltify on 127.0.0.1: OAuth client credentials, the campaign with its total, the donation
 * list with `completed_after` and `after` cursors, and a sender of signed webhooks. `down`
 * drops every connection, like a platform that cannot be reached.
 */
export class FakeTiltify {
  readonly donations: TiltifyDonation[] = [];
  /** The campaign's polls (each with `options`), targets and rewards, as Tiltify v5 lists them. */
  readonly polls: Record<string, unknown>[] = [];
  readonly targets: Record<string, unknown>[] = [];
  readonly rewards: Record<string, unknown>[] = [];
  /** The most items a list page holds (Tiltify: 100); small to make the reader page. */
  pageLimit = 100;
  /** The campaign total Tiltify reports; by default the sum of the donations (USD). */
  reportedTotal: string | null = null;
  down = false;
  requests = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly tokens = new Set<string>();
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((done) => this.server?.close(() => done()) ?? done());
  }

  add(donation: TiltifyDonation): void {
    this.donations.push(donation);
  }

  /** Posts a signed webhook to `hookUrl` the way Tiltify does; options make it wrong on purpose. */
  async sendWebhook(
    hookUrl: string,
    key: string,
    eventType: 'donation_updated' | 'fact_updated',
    data: unknown,
    options: { generatedAt?: string; timestamp?: string; signWith?: string; raw?: string } = {},
  ): Promise<{ status: number; body: any }> {
    const fixture = donationFixture<Envelope>('tiltify-donation-updated.json');
    const now = new Date().toISOString();
    const envelope = {
      data,
      meta: { ...fixture.meta, event_type: `public:direct:${eventType}`, generated_at: options.generatedAt ?? now, attempted_at: now },
    };
    const raw = options.raw ?? JSON.stringify(envelope);
    const timestamp = options.timestamp ?? now;
    const response = await fetch(hookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Tiltify Outgoing Webhook',
        'x-tiltify-timestamp': timestamp,
        'x-tiltify-signature': signTiltify(options.signWith ?? key, timestamp, raw),
        'x-tiltify-endpoint': 'fake-endpoint',
      },
      body: raw,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.requests += 1;
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', this.url);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && url.pathname === '/oauth/token') {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const body = JSON.parse(raw || '{}') as Record<string, unknown>;
        if (body.client_id !== FAKE_CLIENT.client_id || body.client_secret !== FAKE_CLIENT.client_secret) {
          send(401, { error: 'invalid_client' });
          return;
        }
        const token = `token-${this.tokens.size + 1}`;
        this.tokens.add(token);
        send(200, { access_token: token, token_type: 'bearer', expires_in: 7200, scope: 'public' });
      });
      return;
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.tokens.has(token)) {
      send(401, { error: 'unauthorized' });
      return;
    }
    const campaign = new RegExp(`^/api/public/campaigns/${FAKE_CAMPAIGN_ID}(/donations|/polls|/targets|/rewards)?$`).exec(url.pathname);
    if (req.method !== 'GET' || !campaign) {
      send(404, { error: 'not found' });
      return;
    }
    if (!campaign[1]) {
      send(200, { data: { id: FAKE_CAMPAIGN_ID, name: 'Fake', amount_raised: { currency: 'USD', value: this.reportedTotal ?? this.sum() } } });
      return;
    }
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 20), 100, this.pageLimit);
    const offset = Number(Buffer.from(url.searchParams.get('after') ?? 'MA==', 'base64').toString()) || 0;
    if (campaign[1] !== '/donations') {
      const list = campaign[1] === '/polls' ? this.polls : campaign[1] === '/targets' ? this.targets : this.rewards;
      const next = offset + limit < list.length ? Buffer.from(String(offset + limit)).toString('base64') : null;
      send(200, { data: list.slice(offset, offset + limit), metadata: { after: next, before: null, limit } });
      return;
    }
    const after = url.searchParams.get('completed_after');
    const matching = this.donations
      .filter((d) => after === null || Date.parse(d.completed_at) > Date.parse(after))
      .sort((a, b) => Date.parse(a.completed_at) - Date.parse(b.completed_at));
    const page = matching.slice(offset, offset + limit);
    const next = offset + limit < matching.length ? Buffer.from(String(offset + limit)).toString('base64') : null;
    send(200, { data: page, metadata: { after: next, before: null, limit } });
  }

  private sum(): string {
    let cents = 0n;
    for (const d of this.donations) {
      const value = String((d.amount as { value: unknown }).value);
      const [whole = '0', fraction = ''] = value.split('.');
      cents += BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
    }
    return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
  }
}

const usd = (value: string) => ({ currency: 'USD', value });

/** A poll shaped as Tiltify v5 lists it, with its options. */
export function tiltifyPoll(id: string, name: string, options: { id: string; name: string; raised?: string }[], raised = '0.00'): Record<string, unknown> {
  return {
    id,
    name,
    active: true,
    campaign_id: FAKE_CAMPAIGN_ID,
    amount_raised: usd(raised),
    inserted_at: '2026-11-20T10:00:00.000000Z',
    updated_at: '2026-11-20T10:00:00.000000Z',
    options: options.map((o) => ({ id: o.id, name: o.name, poll_id: id, amount_raised: usd(o.raised ?? '0.00'), inserted_at: '2026-11-20T10:00:00.000000Z', updated_at: '2026-11-20T10:00:00.000000Z' })),
  };
}

/** A target (Tiltify's "incentive" of old) with its amount (the goal) and what it raised. */
export function tiltifyTarget(id: string, name: string, amount: string, raised = '0.00'): Record<string, unknown> {
  return { id, name, active: true, amount: usd(amount), amount_raised: usd(raised), ends_at: null, inserted_at: '2026-11-20T10:00:00.000000Z', updated_at: '2026-11-20T10:00:00.000000Z' };
}

/** A reward a donor claims at an amount. */
export function tiltifyReward(id: string, name: string, amount: string): Record<string, unknown> {
  return { id, name, active: true, amount: usd(amount), description: '', quantity: null, quantity_remaining: null, starts_at: null, ends_at: null, image: null };
}
