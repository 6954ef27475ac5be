import { z } from 'zod';
import { isCurrencyCode, minorUnitExponent } from '../../../shared/currencies.js';
import { type Money, amountLimitError } from '../../../shared/money.js';
import { type Result, fail, ok } from '../../../shared/result.js';
import type { ChatEvent, DonationEvent } from '../../ingest/ingest.js';

/** A moderator's deletion or ban, as a rule over the stored chat of one source (as Twitch's clears). */
export interface ChatClear {
  messageId: string | null;
  userKey: string | null;
  through: number;
  reason: string;
}

/** What one live chat message means for the campaign. */
export type YouTubeItem =
  | { type: 'chat'; event: ChatEvent }
  | { type: 'donation'; event: DonationEvent }
  | { type: 'clear'; clear: ChatClear }
  | { type: 'ended' }
  | { type: 'skip'; reason: string }
  | { type: 'refused'; id: string; reason: string };

const MICROS_PER_UNIT = 1_000_000n;
const ID = z.string().min(1).max(200).regex(/^\S+$/);
const NAME_MAX = 200;
const TEXT_MAX = 2_000;

/** The documented shape (liveChatMessages resource), tolerant of keys added later. */
const author = z.object({
  channelId: z.string().max(100).optional(),
  displayName: z.string().optional(),
  isChatOwner: z.boolean().optional(),
  isChatSponsor: z.boolean().optional(),
  isChatModerator: z.boolean().optional(),
  isVerified: z.boolean().optional(),
});
const paid = z.object({
  amountMicros: z.string(),
  currency: z.string(),
  amountDisplayString: z.string().optional(),
  tier: z.number().optional(),
});
const message = z.object({
  id: ID,
  snippet: z.object({
    type: z.string().max(60),
    authorChannelId: z.string().max(100).optional(),
    publishedAt: z.string().max(64).optional(),
    displayMessage: z.string().optional(),
    textMessageDetails: z.object({ messageText: z.string() }).optional(),
    superChatDetails: paid.extend({ userComment: z.string().optional() }).optional(),
    superStickerDetails: paid.extend({ superStickerMetadata: z.object({ stickerId: z.string().optional(), altText: z.string().optional() }).optional() }).optional(),
    newSponsorDetails: z.object({ memberLevelName: z.string().optional(), isUpgrade: z.boolean().optional() }).optional(),
    memberMilestoneChatDetails: z.object({ userComment: z.string().optional(), memberMonth: z.number().optional(), memberLevelName: z.string().optional() }).optional(),
    membershipGiftingDetails: z.object({ giftMembershipsCount: z.number(), giftMembershipsLevelName: z.string().optional() }).optional(),
    giftMembershipReceivedDetails: z
      .object({ memberLevelName: z.string().optional(), gifterChannelId: z.string().optional(), associatedMembershipGiftingMessageId: z.string().optional() })
      .optional(),
    messageDeletedDetails: z.object({ deletedMessageId: ID }).optional(),
    userBannedDetails: z
      .object({ bannedUserDetails: z.object({ channelId: z.string().max(100) }), banType: z.string().optional(), banDurationSeconds: z.string().optional() })
      .optional(),
  }),
  authorDetails: author.optional(),
});
type Message = z.infer<typeof message>;

/** A gift batch says how many at once; YouTube sells batches of 5 to 50. A wild count is refused. */
const GIFTS_MAX = 1_000;

/**
 * Micros → minor units of the currency, exactly (BigInt). 1,000,000 micros is one unit whatever
 * the currency: ¥500 is "500000000" (JPY, 0 decimals → 500), KWD 1.250 is "1250000" (3 decimals
 * → 1250). A value that is not whole minor units (a JPY amount with sen, a USD amount with a
 * tenth of a cent) is refused, never rounded: YouTube charges whole minor units, so such a value
 * is not one we understand, and a rounded amount would disagree with YouTube's payout.
 */
export function microsToMinor(micros: string, currency: string): Result<Money> {
  if (!isCurrencyCode(currency)) return fail(`unknown currency "${currency.slice(0, 10)}"`);
  if (!/^[0-9]{1,24}$/.test(micros)) return fail(`amountMicros "${micros.slice(0, 30)}" is not a whole number of micros`);
  const exponent = minorUnitExponent(currency);
  if (exponent > 6) return fail(`${currency} has more decimals than micros can carry`);
  const perMinor = MICROS_PER_UNIT / 10n ** BigInt(exponent);
  const value = BigInt(micros);
  if (value % perMinor !== 0n) {
    return fail(`${micros} micros is not a whole number of ${currency} minor units (${exponent} decimals): not counted rather than rounded`);
  }
  const minor = value / perMinor;
  if (minor <= 0n) return fail('a Super Chat of zero is not a donation');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return fail(`${micros} micros of ${currency} is larger than the app can count`);
  const tooLarge = amountLimitError(Number(minor), currency, 'the Super Chat');
  if (tooLarge) return fail(tooLarge);
  return ok({ minor: Number(minor), currency });
}

export const youtubeUserKey = (channelId: string): string => `youtube:${channelId.slice(0, 100)}`;

/** Badges the chat panel shows, under the names Twitch's lines use. */
function badges(details: Message['authorDetails']): Record<string, string> {
  const out: Record<string, string> = {};
  if (details?.isChatOwner) out.broadcaster = '1';
  if (details?.isChatModerator) out.moderator = '1';
  if (details?.isChatSponsor) out.subscriber = 'member';
  return out;
}

const clip = (text: string | undefined, max: number): string => (text ?? '').slice(0, max);

/**
 * Translates one liveChatMessages item. Text → chat (its hashtags and @mentions count as on
 * Twitch); Super Chat and Super Sticker → donations; new members, milestones and gift batches →
 * membership pledges (valued by the campaign); a gift's receipt is stored but not counted again
 * (its batch counted it); deletions and bans → hidden chat.
 */
export function readYouTubeMessage(raw: unknown, sourceId: string, now: number): YouTubeItem {
  const parsed = message.safeParse(raw);
  const rawId = typeof raw === 'object' && raw !== null ? String((raw as { id?: unknown }).id ?? '?').slice(0, 80) : '?';
  if (!parsed.success) return { type: 'refused', id: rawId, reason: `a chat message not in YouTube's documented shape (${parsed.error.issues[0]?.path.join('.') ?? '?'})` };
  const item = parsed.data;
  const s = item.snippet;
  const published = s.publishedAt ? Date.parse(s.publishedAt) : Number.NaN;
  // A time far in the future is YouTube's clock or a forged page: the time we read it instead.
  const occurredAt = Number.isFinite(published) && published <= now + 3_600_000 ? published : now;
  const channelId = item.authorDetails?.channelId ?? s.authorChannelId ?? null;
  const name = clip(item.authorDetails?.displayName, NAME_MAX) || 'a YouTube viewer';
  const base = {
    sourceId,
    externalId: item.id,
    userKey: youtubeUserKey(channelId ?? `message:${item.id}`),
    displayName: name,
    occurredAt,
  };
  const payload = { type: s.type, channel_id: channelId, badges: badges(item.authorDetails), published_at: s.publishedAt ?? null };

  switch (s.type) {
    case 'textMessageEvent':
      return { type: 'chat', event: { ...base, text: clip(s.textMessageDetails?.messageText ?? s.displayMessage, TEXT_MAX), payload } };
    case 'superChatEvent':
    case 'superStickerEvent': {
      const details = s.type === 'superChatEvent' ? s.superChatDetails : s.superStickerDetails;
      if (!details) return { type: 'refused', id: item.id, reason: `${s.type} without its details` };
      const money = microsToMinor(details.amountMicros, details.currency);
      if (!money.ok) return { type: 'refused', id: item.id, reason: `${s.type === 'superChatEvent' ? 'Super Chat' : 'Super Sticker'} not counted: ${money.error}` };
      const comment = s.superChatDetails?.userComment?.trim() || null;
      return {
        type: 'donation',
        event: {
          sourceId,
          externalId: item.id,
          type: 'donation',
          amount: money.value,
          donorName: name,
          anonymous: false,
          message: comment === null ? null : comment.slice(0, TEXT_MAX),
          occurredAt,
          payload: {
            kind: s.type === 'superChatEvent' ? 'youtube.superChat' : 'youtube.superSticker',
            channel_id: channelId,
            amount_micros: details.amountMicros,
            currency: details.currency,
            amount_display: clip(details.amountDisplayString, 40),
            tier: details.tier ?? null,
            ...(s.superStickerDetails?.superStickerMetadata ? { sticker: clip(s.superStickerDetails.superStickerMetadata.altText, 200) } : {}),
          },
        },
      };
    }
    case 'newSponsorEvent':
      return membership(base, payload, s.displayMessage ?? 'became a member', 1, 'member', { level: clip(s.newSponsorDetails?.memberLevelName, 100), upgrade: s.newSponsorDetails?.isUpgrade ?? false });
    case 'memberMilestoneChatEvent': {
      const d = s.memberMilestoneChatDetails;
      return membership(base, payload, d?.userComment ?? s.displayMessage ?? '', 1, 'member_milestone', { level: clip(d?.memberLevelName, 100), member_month: d?.memberMonth ?? null });
    }
    case 'membershipGiftingEvent': {
      const count = s.membershipGiftingDetails?.giftMembershipsCount;
      if (count === undefined || !Number.isSafeInteger(count) || count < 1 || count > GIFTS_MAX) {
        return { type: 'refused', id: item.id, reason: `a gift of memberships with an unreadable count (${String(count).slice(0, 20)})` };
      }
      return membership(base, payload, s.displayMessage ?? `gifted ${count} memberships`, count, 'member_gift', { level: clip(s.membershipGiftingDetails?.giftMembershipsLevelName, 100) });
    }
    case 'giftMembershipReceivedEvent':
      return {
        type: 'chat',
        event: {
          ...base,
          kind: 'youtube.giftMembershipReceived',
          text: clip(s.displayMessage, TEXT_MAX),
          payload: { ...payload, gifter_channel_id: s.giftMembershipReceivedDetails?.gifterChannelId ?? null, counted_by: s.giftMembershipReceivedDetails?.associatedMembershipGiftingMessageId ?? 'the gift batch' },
          pledge: null,
        },
      };
    case 'messageDeletedEvent': {
      const target = s.messageDeletedDetails?.deletedMessageId;
      if (!target) return { type: 'skip', reason: 'a deletion without the deleted message id' };
      return { type: 'clear', clear: { messageId: target, userKey: null, through: occurredAt, reason: 'message deleted' } };
    }
    case 'userBannedEvent': {
      const banned = s.userBannedDetails?.bannedUserDetails.channelId;
      if (!banned) return { type: 'skip', reason: 'a ban without the banned channel' };
      const reason = s.userBannedDetails?.banType === 'temporary' ? 'timeout' : 'ban';
      return { type: 'clear', clear: { messageId: null, userKey: youtubeUserKey(banned), through: occurredAt, reason } };
    }
    case 'chatEndedEvent':
      return { type: 'ended' };
    default:
      return { type: 'skip', reason: `not counted: ${s.type.slice(0, 40)}` };
  }
}

function membership(
  base: Pick<ChatEvent, 'sourceId' | 'externalId' | 'userKey' | 'displayName' | 'occurredAt'>,
  payload: Record<string, unknown>,
  text: string,
  count: number,
  part: 'member' | 'member_milestone' | 'member_gift',
  extra: Record<string, unknown>,
): YouTubeItem {
  return {
    type: 'chat',
    event: {
      ...base,
      kind: `youtube.${String(payload.type).replace(/Event$/, '')}`,
      text: text.slice(0, TEXT_MAX),
      payload: { ...payload, ...extra },
      pledge: { unit: 'yt_membership', count, part },
    },
  };
}
