import type { PledgeUnit, TwitchMomentKind, TwitchMomentView } from '../../shared/views.js';
import { displayAmount } from './format.js';

/** What the feed and the alerts need of a Twitch moment (TwitchMomentView and OverlayMomentView both have it). */
export type MomentWords = Pick<TwitchMomentView, 'kind' | 'actor_name' | 'unit' | 'count' | 'announced' | 'cumulative' | 'amount' | 'recipient'>;

const TIERS: Record<PledgeUnit, string> = { sub_tier1: 'Tier 1', sub_tier2: 'Tier 2', sub_tier3: 'Tier 3', sub_prime: 'Prime', bits: 'bits', yt_membership: 'YouTube membership' };
const number = new Intl.NumberFormat('en-US');
const plural = (n: number, one: string, many: string) => `${number.format(n)} ${n === 1 ? one : many}`;

/** Who did it, as the alert and the feed name them: an anonymous gifter stays anonymous. */
export const momentActor = (moment: MomentWords): string => moment.actor_name ?? 'An anonymous gifter';

/** The gifts a gift bomb stands for: what it announced, or what arrived when more did. */
export const bombGifts = (moment: MomentWords): number => Math.max(moment.announced ?? 0, moment.count);

/**
 * What happened, after the name: "subscribed with Prime", "gifted 20 Tier 1 subs", "is raiding
 * with 1,204 viewers". Plain text: React escapes it wherever it is shown. `amounts: false`
 * leaves a paid amount out (the alert shows it large, in the overlay's money format).
 */
export function momentAction(moment: MomentWords, { amounts = true }: { amounts?: boolean } = {}): string {
  const tier = moment.unit ? TIERS[moment.unit] : null;
  switch (moment.kind) {
    case 'sub':
      if (moment.unit === 'sub_prime') return 'subscribed with Prime';
      return moment.count > 1 ? `subscribed at ${tier} for ${plural(moment.count, 'month', 'months')}` : `subscribed at ${tier}`;
    case 'resub': {
      const months = moment.cumulative ? ` for ${plural(moment.cumulative, 'month', 'months')}` : '';
      return `resubscribed${months}${tier && moment.unit !== 'sub_prime' ? ` (${tier})` : moment.unit === 'sub_prime' ? ' with Prime' : ''}`;
    }
    case 'gift': {
      const what = moment.count > 1 ? `a ${moment.count}-month ${tier} sub` : `a ${tier} sub`;
      return moment.recipient ? `gifted ${what} to ${moment.recipient}` : `gifted ${what}`;
    }
    case 'gift_bomb':
      return `gifted ${plural(bombGifts(moment), `${tier ?? ''} sub`.trim(), `${tier ?? ''} subs`.trim())} to the community`;
    case 'prime_upgrade':
      return `continued their Prime sub at ${tier}`;
    case 'gift_upgrade':
      return `is continuing the gifted sub at ${tier}`;
    case 'cheer':
      return `cheered ${plural(moment.count, 'bit', 'bits')}`;
    case 'raid':
      return `is raiding with ${plural(moment.count, 'viewer', 'viewers')}`;
    case 'paid_message':
      return moment.amount && amounts ? `sent a Hype Chat of ${displayAmount(moment.amount)}` : 'sent a Hype Chat';
    case 'charity':
      return moment.amount && amounts ? `gave ${displayAmount(moment.amount)} through Twitch Charity` : 'gave through Twitch Charity';
  }
}

/** The short name of a kind, for the feed's filter and its row labels. */
export const MOMENT_KIND_LABELS: Record<TwitchMomentKind, string> = {
  sub: 'Sub',
  resub: 'Resub',
  gift: 'Gift',
  gift_bomb: 'Gift bomb',
  prime_upgrade: 'Upgrade',
  gift_upgrade: 'Upgrade',
  cheer: 'Cheer',
  raid: 'Raid',
  paid_message: 'Hype Chat',
  charity: 'Charity',
};
