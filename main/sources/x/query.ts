/** X's recent search takes queries of at most 512 characters on self-serve access (docs.x.com, "Query length limits"). */
export const X_QUERY_MAX = 512;
/** Retweets repeat someone else's call: only posts people wrote count. */
const QUERY_SUFFIX = ' -is:retweet';
/** Recent search reaches 7 days back; a fresh query starts a minute inside that. */
const RECENT_WINDOW_MS = 7 * 24 * 60 * 60_000 - 60_000;
const X_HANDLE = /^[A-Za-z0-9_]{1,15}$/;

export interface SearchTarget {
  hashtags: string[];
  handles: { platform: string; handle: string }[];
  call_started_at: string;
}

export interface XSearchQuery {
  text: string;
  /** Where a query without a cursor starts (ISO): the call's start, or 7 days back at most. */
  startTime: string;
}

/** A target's X handle as search writes it ("@RTErdogan" → "RTErdogan"); null when X would refuse it. */
export function xHandleOf(handle: string): string | null {
  const h = handle.trim().replace(/^@/, '');
  return X_HANDLE.test(h) ? h : null;
}

/**
 * The recent-search queries for the targets whose call has started: one per target, with its
 * hashtags, its X handles mentioned, and its X accounts' own posts (from:, for their answers).
 * A target with more terms than fit in 512 characters gets more than one query. A query's text
 * is its cursor's key, so it stays the same while the target's tags do; two targets with the
 * same terms share one query.
 */
export function searchQueries(targets: SearchTarget[], now: number): XSearchQuery[] {
  const queries = new Map<string, XSearchQuery>();
  for (const target of targets) {
    const callStart = Date.parse(target.call_started_at);
    if (!Number.isFinite(callStart) || callStart > now) continue;
    const startTime = new Date(Math.max(callStart, now - RECENT_WINDOW_MS)).toISOString();
    const handles = target.handles.filter((h) => h.platform === 'x').map((h) => xHandleOf(h.handle)).filter((h): h is string => h !== null);
    const terms = [...target.hashtags.map((tag) => `#${tag}`), ...handles.flatMap((h) => [`@${h}`, `from:${h}`])];
    for (const text of packTerms(terms)) if (!queries.has(text)) queries.set(text, { text, startTime });
  }
  return [...queries.values()];
}

/** "(a OR b OR c) -is:retweet", split into as few queries as fit the length limit. */
function packTerms(terms: string[]): string[] {
  const queries: string[] = [];
  let group: string[] = [];
  const render = (list: string[]) => `(${list.join(' OR ')})${QUERY_SUFFIX}`;
  for (const term of terms) {
    if (group.length > 0 && render([...group, term]).length > X_QUERY_MAX) {
      queries.push(render(group));
      group = [];
    }
    group.push(term);
  }
  if (group.length > 0) queries.push(render(group));
  return queries;
}
