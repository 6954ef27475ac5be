import { type RouteBody, type RouteKey, type RouteQuery, type RouteResponse, splitRouteKey } from '../../shared/contract.js';
import type { ApiError } from '../../shared/views.js';

/** A refused or failed API call, with the server's sentence (or ours when it did not answer). */
export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ApiFailure';
  }
}

let bearerToken: string | null = null;

export function setApiToken(token: string): void {
  bearerToken = token;
}

function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

export interface CallOptions<K extends RouteKey> {
  body?: RouteBody<K>;
  query?: RouteQuery<K>;
  /** Values for the key's ":name" segments ("POST /api/targets/:id/archive" → { id }), URL-encoded. */
  params?: Record<string, string>;
}

/** A route key's path with its ":name" segments filled in. */
function fillPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new ApiFailure(0, 'missing_param', `The request needs its ${name}.`);
    return encodeURIComponent(value);
  });
}

/** Calls a route of the shared contract by its key; throws ApiFailure with plain words. */
export async function callApi<K extends RouteKey>(key: K, options: CallOptions<K> = {}): Promise<RouteResponse<K>> {
  const { method, path: pattern } = splitRouteKey(key);
  const path = fillPath(pattern, options.params);
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(options.query ?? {})) {
    if (typeof value === 'string') search.set(name, value);
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (bearerToken) headers.authorization = `Bearer ${bearerToken}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${path}${search.size > 0 ? `?${search.toString()}` : ''}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiFailure(0, 'unreachable', 'The app did not answer. Is it still running?');
  }
  let payload: unknown = undefined;
  try {
    payload = await response.json();
  } catch {
    payload = undefined;
  }
  if (!response.ok) {
    if (isApiError(payload)) throw new ApiFailure(response.status, payload.error.code, capitalize(payload.error.message));
    throw new ApiFailure(response.status, 'http_error', `The app answered with an error (HTTP ${response.status}).`);
  }
  return payload as RouteResponse<K>;
}

function capitalize(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

export function failureMessage(error: unknown): string {
  if (error instanceof ApiFailure) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** Fetches a route that answers a file (an export) with the token header; throws ApiFailure. */
export async function fetchFile(key: RouteKey, params?: Record<string, string>): Promise<Blob> {
  const { method, path: pattern } = splitRouteKey(key);
  const path = fillPath(pattern, params);
  let response: Response;
  try {
    response = await fetch(path, { method, headers: bearerToken ? { authorization: `Bearer ${bearerToken}` } : {} });
  } catch {
    throw new ApiFailure(0, 'unreachable', 'The app did not answer. Is it still running?');
  }
  if (!response.ok) {
    const payload: unknown = await response.json().catch(() => undefined);
    if (isApiError(payload)) throw new ApiFailure(response.status, payload.error.code, capitalize(payload.error.message));
    throw new ApiFailure(response.status, 'http_error', `The app answered with an error (HTTP ${response.status}).`);
  }
  return response.blob();
}
