import type { TiltifyCredential } from './credential.js';

export const TILTIFY_API = 'https://v5api.tiltify.com';
const REQUEST_TIMEOUT_MS = 15_000;

/** A failure talking to Tiltify, in words for the source's status line. */
export class TiltifyUnreachable extends Error {
  constructor(message: string, readonly authorization = false) {
    super(message);
    this.name = 'TiltifyUnreachable';
  }
}

export type TiltifyItemList = 'polls' | 'targets' | 'rewards';

export interface DonationPage {
  donations: unknown[];
  /** The cursor for the next page, or null on the last one. */
  after: string | null;
}

/**
 * Tiltify's public REST API (v5): an app access token from client credentials, the campaign
 * (its own total) and its donations by pages with an `after` cursor.
 */
export class TiltifyApi {
  private token: { value: string; expiresAt: number } | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly credential: TiltifyCredential,
    private readonly now: () => number = Date.now,
  ) {}

  async campaign(campaignId: string): Promise<Record<string, unknown>> {
    const body = await this.get(`/api/public/campaigns/${encodeURIComponent(campaignId)}`);
    const data = (body as { data?: unknown }).data;
    if (typeof data !== 'object' || data === null) throw new TiltifyUnreachable('Tiltify answered the campaign without data');
    return data as Record<string, unknown>;
  }

  async donations(campaignId: string, completedAfter: string | null, after: string | null): Promise<DonationPage> {
    const query = new URLSearchParams({ limit: '100' });
    if (completedAfter) query.set('completed_after', completedAfter);
    if (after) query.set('after', after);
    const body = (await this.get(`/api/public/campaigns/${encodeURIComponent(campaignId)}/donations?${query}`)) as {
      data?: unknown;
      metadata?: { after?: unknown };
    };
    if (!Array.isArray(body.data)) throw new TiltifyUnreachable('Tiltify answered the donation list without data');
    const next = body.metadata?.after;
    return { donations: body.data, after: typeof next === 'string' && next !== '' ? next : null };
  }

  /**
   * One page of the campaign's polls (each with its options), targets or rewards: Tiltify v5
   * pages them like donations, `limit` up to 100 and an `after` cursor in metadata.
   */
  async items(campaignId: string, kind: TiltifyItemList, after: string | null): Promise<DonationPage> {
    const query = new URLSearchParams({ limit: '100' });
    if (after) query.set('after', after);
    const body = (await this.get(`/api/public/campaigns/${encodeURIComponent(campaignId)}/${kind}?${query}`)) as {
      data?: unknown;
      metadata?: { after?: unknown };
    };
    if (!Array.isArray(body.data)) throw new TiltifyUnreachable(`Tiltify answered the ${kind} list without data`);
    const next = body.metadata?.after;
    return { donations: body.data, after: typeof next === 'string' && next !== '' ? next : null };
  }

  private async get(path: string): Promise<unknown> {
    const token = await this.accessToken();
    const response = await this.fetch(path, { headers: { authorization: `Bearer ${token}` } });
    if (response.status === 401) {
      this.token = null;
      throw new TiltifyUnreachable('Tiltify refused the access token; a new one is asked for on the next poll', true);
    }
    if (response.status === 404) throw new TiltifyUnreachable('Tiltify does not know this campaign id: check it in the campaign\'s settings');
    if (!response.ok) throw new TiltifyUnreachable(`Tiltify answered ${response.status}`);
    return this.json(response);
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.now()) return this.token.value;
    const response = await this.fetch('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: this.credential.client_id,
        client_secret: this.credential.client_secret,
        grant_type: 'client_credentials',
        scope: 'public',
      }),
    });
    if (response.status === 400 || response.status === 401) {
      throw new TiltifyUnreachable('Tiltify refused the client id and secret: paste them again from the developer dashboard', true);
    }
    if (!response.ok) throw new TiltifyUnreachable(`Tiltify answered ${response.status} when asked for an access token`);
    const body = (await this.json(response)) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string') throw new TiltifyUnreachable('Tiltify gave no access token');
    const lifetimeS = typeof body.expires_in === 'number' && body.expires_in > 120 ? body.expires_in : 3_600;
    // Renew a minute early rather than have a poll fail on an expired token.
    this.token = { value: body.access_token, expiresAt: this.now() + (lifetimeS - 60) * 1000 };
    return this.token.value;
  }

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new TiltifyUnreachable(`Tiltify could not be reached (${cause})`);
    }
  }

  private async json(response: Response): Promise<unknown> {
    try {
      return (await response.json()) as unknown;
    } catch {
      throw new TiltifyUnreachable('Tiltify answered something that is not JSON');
    }
  }
}
