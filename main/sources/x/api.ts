export const X_API = 'https://api.x.com/2';
const REQUEST_TIMEOUT_MS = 15_000;
/** Posts per answer: recent search's most (the default is 10). */
export const X_PAGE_SIZE = 100;

/** From x-rate-limit-limit / -remaining / -reset (Unix seconds), on every answer, 429s included. */
export interface XRateLimit {
  limit: number | null;
  remaining: number;
  resetAt: number;
}

export type XFailureKind = 'unauthorized' | 'forbidden' | 'rate_limited' | 'bad_query' | 'unreachable';

/** A failure talking to X, in words for the source's status line. */
export class XApiError extends Error {
  constructor(
    readonly kind: XFailureKind,
    message: string,
    readonly rate: XRateLimit | null = null,
  ) {
    super(message);
    this.name = 'XApiError';
  }
}

export interface XSearchRequest {
  query: string;
  sinceId: string | null;
  startTime: string | null;
  nextToken: string | null;
}

export interface XSearchAnswer {
  body: unknown;
  rate: XRateLimit | null;
}

/**
 * X API v2 recent search with an app's bearer token (OAuth 2.0 App-Only): the posts with their
 * time and author, and the authors' handles through the author_id expansion.
 */
export class XApi {
  constructor(
    private readonly baseUrl: string,
    private readonly bearerToken: string,
  ) {}

  async searchRecent(request: XSearchRequest): Promise<XSearchAnswer> {
    const query = new URLSearchParams({
      query: request.query,
      max_results: String(X_PAGE_SIZE),
      'tweet.fields': 'created_at,author_id',
      expansions: 'author_id',
      'user.fields': 'username,name',
    });
    if (request.sinceId) query.set('since_id', request.sinceId);
    else if (request.startTime) query.set('start_time', request.startTime);
    if (request.nextToken) query.set('next_token', request.nextToken);
    const response = await this.fetch(`/tweets/search/recent?${query}`);
    const rate = rateLimitOf(response.headers);
    // X documents two 429 bodies (v2's problem form, v1.1's errors/88): the status and headers decide.
    if (response.status === 429) {
      await response.body?.cancel();
      throw new XApiError('rate_limited', "X's rate limit for recent search is used up", rate);
    }
    if (response.status === 401) {
      await response.body?.cancel();
      throw new XApiError(
        'unauthorized',
        'X refused the bearer token (401): it was revoked, regenerated or mistyped. Make a new one in the X developer portal (your app → Keys and tokens → Bearer token) and paste it with Replace credentials on this source; polling has stopped until then',
        rate,
      );
    }
    if (response.status === 403) {
      const detail = await problemDetail(response);
      throw new XApiError(
        'forbidden',
        `X does not allow this app to use recent search (403${detail ? `: ${detail}` : ''}): check the app's project and access level in the X developer portal, then paste the token again with Replace credentials on this source to poll again`,
        rate,
      );
    }
    if (response.status === 400) {
      const detail = await problemDetail(response);
      throw new XApiError('bad_query', `X refused the search "${request.query.slice(0, 120)}" (400${detail ? `: ${detail}` : ''})`, rate);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new XApiError('unreachable', `X answered ${response.status}`, rate);
    }
    try {
      return { body: (await response.json()) as unknown, rate };
    } catch {
      throw new XApiError('unreachable', 'X answered something that is not JSON', rate);
    }
  }

  private async fetch(path: string): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${this.bearerToken}` },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new XApiError('unreachable', `X could not be reached (${cause})`);
    }
  }
}

function rateLimitOf(headers: Headers): XRateLimit | null {
  const remaining = wholeNumber(headers.get('x-rate-limit-remaining'));
  const reset = wholeNumber(headers.get('x-rate-limit-reset'));
  if (remaining === null || reset === null) return null;
  return { limit: wholeNumber(headers.get('x-rate-limit-limit')), remaining, resetAt: reset * 1000 };
}

function wholeNumber(value: string | null): number | null {
  if (value === null || !/^\d{1,12}$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** The problem's detail or the first error's message, short and on one line (never raw HTML). */
async function problemDetail(response: Response): Promise<string | null> {
  try {
    const body = (await response.json()) as { detail?: unknown; errors?: { message?: unknown }[] };
    const detail = typeof body.detail === 'string' ? body.detail : typeof body.errors?.[0]?.message === 'string' ? body.errors[0].message : null;
    return detail ? detail.replace(/\s+/g, ' ').slice(0, 200) : null;
  } catch {
    return null;
  }
}
