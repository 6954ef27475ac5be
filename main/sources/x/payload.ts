import { z } from 'zod';
import type { ChatEvent } from '../../ingest/ingest.js';

const ID = z.string().regex(/^\d{1,25}$/);
const USERNAME = z.string().regex(/^[A-Za-z0-9_]{1,25}$/);

const post = z.object({
  id: ID,
  text: z.string().max(25_000),
  author_id: ID,
  created_at: z.string().max(40).optional(),
});

const user = z.object({ id: ID, username: USERNAME, name: z.string().max(200).optional() });

/** Get2TweetsSearchRecentResponse, as far as we read it; posts and users are checked one by one. */
const searchPage = z.object({
  data: z.array(z.unknown()).optional(),
  includes: z.object({ users: z.array(z.unknown()).optional() }).optional(),
  meta: z.object({
    newest_id: ID.optional(),
    oldest_id: ID.optional(),
    result_count: z.number().int().min(0),
    next_token: z.string().regex(/^[\x21-\x7e]{1,500}$/).optional(),
  }),
});

export interface XSearchPage {
  posts: ChatEvent[];
  /** Posts that were not readable (no id or author...): skipped, each counted as refused. */
  refused: { id: string; reason: string }[];
  newestId: string | null;
  nextToken: string | null;
}

export type ParsedPage = { ok: true; page: XSearchPage } | { ok: false; error: string };

/**
 * One answer of recent search as chat events of the X source: a post is a chat line whose
 * person is its author (`x:<author id>`, never mistaken for a Twitch viewer), with the author's
 * handle from includes.users, and its id kept for its link and for de-duplication.
 */
export function parseSearchPage(body: unknown, sourceId: string, now: number): ParsedPage {
  const page = searchPage.safeParse(body);
  if (!page.success) {
    const issue = page.error.issues[0];
    return { ok: false, error: `X answered a search page we cannot read (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unexpected shape'})` };
  }
  const users = new Map<string, z.infer<typeof user>>();
  for (const raw of page.data.includes?.users ?? []) {
    const parsed = user.safeParse(raw);
    if (parsed.success) users.set(parsed.data.id, parsed.data);
  }
  const posts: ChatEvent[] = [];
  const refused: XSearchPage['refused'] = [];
  for (const raw of page.data.data ?? []) {
    const parsed = post.safeParse(raw);
    if (!parsed.success) {
      const id = typeof (raw as { id?: unknown } | null)?.id === 'string' ? String((raw as { id: string }).id).slice(0, 30) : '(no id)';
      refused.push({ id, reason: `post ${id}: ${parsed.error.issues[0]?.message ?? 'unreadable'}` });
      continue;
    }
    const p = parsed.data;
    const author = users.get(p.author_id);
    const createdAt = p.created_at ? Date.parse(p.created_at) : Number.NaN;
    posts.push({
      sourceId,
      externalId: p.id,
      userKey: `x:${p.author_id}`,
      displayName: author ? `@${author.username}` : `X account ${p.author_id}`,
      text: p.text,
      occurredAt: Number.isFinite(createdAt) ? createdAt : now,
      payload: { post_id: p.id, author_id: p.author_id, username: author?.username ?? null, name: author?.name ?? null, created_at: p.created_at ?? null },
    });
  }
  return {
    ok: true,
    page: { posts, refused, newestId: page.data.meta.newest_id ?? null, nextToken: page.data.meta.next_token ?? null },
  };
}
