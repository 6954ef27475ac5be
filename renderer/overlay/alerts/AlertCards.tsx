import type { ReactNode } from 'react';
import type { AlertSettings } from '../../../shared/alert-tiers.js';
import type { IncentiveAlert } from '../../../shared/incentives.js';
import type { OverlayWords } from '../../../shared/locales/index.js';
import type { OverlayMomentView, PledgeUnit } from '../../../shared/views.js';
import { countIn } from '../../lib/format.js';
import { Isolated } from '../../lib/isolated.js';
import { bombGifts } from '../../lib/moment-words.js';
import type { Alert, MomentAlert } from '../alert-queue.js';
import { overlayAmount } from '../format.js';
import type { OverlayOptions } from '../options.js';
import { Sentence, isSingular, useOverlayLocale } from '../words.js';
import type { AlertStyle } from './alert-tier.js';
import { sampleAmount } from './alert-tier.js';

type Locale = ReturnType<typeof useOverlayLocale>['locale'];

const TIER_WORDS: Record<Exclude<PledgeUnit, 'bits' | 'sub_prime' | 'yt_membership'>, keyof OverlayWords> = { sub_tier1: 'tier1', sub_tier2: 'tier2', sub_tier3: 'tier3' };

/** "Tier 1" (or its words in the campaign's language); Prime and bits have none. */
function tierOf(unit: PledgeUnit | null, words: OverlayWords): string {
  return unit && unit !== 'bits' && unit !== 'sub_prime' && unit !== 'yt_membership' ? words[TIER_WORDS[unit]] : '';
}

/** The sentence of a Twitch alert, in the campaign's language: "Santa gifted Tier 1 subs to the community". */
function momentSentence(moment: OverlayMomentView, words: OverlayWords, locale: Locale): ReactNode {
  const actor = <Isolated className="donor" testId="alert-donor" text={moment.actor_name ?? words.anonymousGifter} />;
  const tier = tierOf(moment.unit, words);
  const say = (template: string, values: Record<string, ReactNode> = {}) => <Sentence template={template} values={{ actor, tier, ...values }} />;
  switch (moment.kind) {
    case 'sub':
      if (moment.unit === 'sub_prime') return say(words.subscribedPrime);
      return moment.count > 1 ? say(words.subscribedMonths, { count: countIn(locale, moment.count) }) : say(words.subscribed);
    case 'resub':
      return say(words.resubscribed);
    case 'gift': {
      const recipient = <Isolated text={moment.recipient ?? words.anonymous} />;
      return moment.count > 1 ? say(words.giftedSome, { count: countIn(locale, moment.count), recipient }) : say(words.giftedOne, { recipient });
    }
    case 'gift_bomb':
      return say(words.giftBomb);
    case 'prime_upgrade':
      return say(words.upgradedPrime);
    case 'gift_upgrade':
      return say(words.upgradedGift);
    case 'cheer':
      return say(words.cheered);
    case 'raid':
      return say(words.raiding);
    case 'paid_message':
      return say(words.hypeChat);
  }
}

/** The big line of a Twitch alert: the count that matters (subs gifted, bits, raiders, months) or what was paid. */
function momentMain(moment: OverlayMomentView, words: OverlayWords, locale: Locale, options: OverlayOptions): ReactNode {
  const line = (template: string, n: number) => <Sentence template={template} values={{ count: countIn(locale, n) }} />;
  switch (moment.kind) {
    case 'gift_bomb':
      return line(isSingular(locale, bombGifts(moment)) ? words.subsOne : words.subsOther, bombGifts(moment));
    case 'cheer':
      return line(words.bits, moment.count);
    case 'raid':
      return line(isSingular(locale, moment.count) ? words.raidersOne : words.raidersOther, moment.count);
    case 'resub':
      return moment.cumulative ? line(words.monthsOther, moment.cumulative) : null;
    case 'paid_message':
      return moment.amount ? overlayAmount(moment.amount, options, locale) : null;
    default:
      return null;
  }
}

/**
 * A Twitch moment: who, what (a gift bomb is one alert with its count; a raid says how many
 * came), and the message once a moderator (or the rules) approved it.
 */
function MomentCard({ alert, className, options }: { alert: MomentAlert; className: string; options: OverlayOptions }) {
  const { moment } = alert;
  const { locale, words } = useOverlayLocale();
  const main = momentMain(moment, words, locale, options);
  return (
    <div className={`${className} moment-${moment.kind}`} data-testid="alert" data-kind="moment" data-moment-kind={moment.kind} data-id={moment.id}>
      <div className="alert-head ov-text">{momentSentence(moment, words, locale)}</div>
      {main && <div className="alert-main ov-text" data-testid="alert-amount">{main}</div>}
      {options.messages && moment.message && <p className="alert-message ov-text" data-testid="alert-message" dir="auto">{moment.message}</p>}
    </div>
  );
}

/** "And 12 more donations", "And 30 more subs and cheers", or both. */
function moreHead(donations: number, moments: number, words: OverlayWords, locale: Locale): ReactNode {
  if (moments === 0) {
    return <Sentence template={isSingular(locale, donations) ? words.moreDonationsOne : words.moreDonationsOther} values={{ count: countIn(locale, donations) }} />;
  }
  if (donations === 0) {
    return <Sentence template={isSingular(locale, moments) ? words.moreTwitchOne : words.moreTwitchOther} values={{ count: countIn(locale, moments) }} />;
  }
  return <Sentence template={words.moreBoth} values={{ donations: countIn(locale, donations), moments: countIn(locale, moments) }} />;
}

/** An incentive met ("Incentive met! Blindfolded run") or a bid war closed with its winner, or its tie. Names as text. */
function IncentiveCard({ className, alert, options }: { className: string; alert: IncentiveAlert; options: OverlayOptions }) {
  const { locale, words } = useOverlayLocale();
  if (alert.kind === 'met') {
    return (
      <div className={className} data-testid="alert" data-kind="incentive_met" data-id={alert.id}>
        <div className="alert-head ov-text">{words.incentiveMetAlert}</div>
        <div className="alert-main ov-text"><Isolated testId="alert-incentive" text={alert.name} /></div>
        <div className="alert-sub ov-text">{overlayAmount(alert.total, options, locale)}</div>
      </div>
    );
  }
  const tie = alert.winners.length > 1;
  return (
    <div className={className} data-testid="alert" data-kind="bid_war_closed" data-id={alert.id} data-tie={tie ? 'yes' : 'no'}>
      <div className="alert-head ov-text">{words.bidWarClosedAlert}: <Isolated text={alert.name} /></div>
      <div className="alert-main ov-text" data-testid="alert-winner">
        {tie ? words.bidWarTie : alert.winners[0] ? <Sentence template={words.bidWarWinner} values={{ name: <Isolated text={alert.winners[0].name} /> }} /> : null}
      </div>
      {tie && (
        <div className="alert-sub ov-text">
          {alert.winners.map((w, i) => (
            <span key={i}>{i > 0 ? ' · ' : ''}<Isolated text={w.name} /></span>
          ))}
        </div>
      )}
      {!tie && alert.winners[0] && <div className="alert-sub ov-text">{overlayAmount(alert.winners[0].total, options, locale)}</div>}
    </div>
  );
}

/** The owner's test alert: clearly fake, a sample donor and an amount in its tier. */
function TestCard({ className, tier, settings, currency, options }: { className: string; tier: number; settings: AlertSettings; currency: string; options: OverlayOptions }) {
  const { locale, words } = useOverlayLocale();
  const amount = sampleAmount(settings, tier, currency);
  return (
    <div className={className} data-testid="alert" data-kind="test">
      <div className="alert-tag ov-text" data-testid="alert-test-tag">{words.testHead}</div>
      <div className="alert-head ov-text">
        <Sentence template={words.donated} values={{ donor: <Isolated className="donor" testId="alert-donor" text={words.testDonor} /> }} />
      </div>
      {amount && <div className="alert-main ov-text" data-testid="alert-amount">{overlayAmount(amount, options, locale)}</div>}
      <div className="alert-sub ov-text">{words.testNote}</div>
    </div>
  );
}

export interface AlertCardProps {
  alert: Alert;
  style: AlertStyle;
  leaving: boolean;
  options: OverlayOptions;
  settings: AlertSettings;
  currency: string;
}

/** One alert, in its tier's look (`look-standard`, `look-big`, `look-epic`) and the campaign's language. */
export function AlertCard({ alert, style, leaving, options, settings, currency }: AlertCardProps) {
  const className = `alert card alert-${alert.kind} look-${style.look}${leaving ? ' leaving' : ''}`;
  const { locale, words } = useOverlayLocale();
  if (alert.kind === 'test') return <TestCard className={className} tier={alert.tier} settings={settings} currency={currency} options={options} />;
  if (alert.kind === 'milestone') {
    return (
      <div className={className} data-testid="alert" data-kind="milestone">
        <div className="alert-head ov-text">{alert.goal ? words.goalReachedAlert : words.milestoneReachedAlert}</div>
        <div className="alert-main ov-text">{alert.goal ? overlayAmount(alert.amount, options, locale) : <Isolated text={alert.label} />}</div>
        {!alert.goal && <div className="alert-sub ov-text">{overlayAmount(alert.amount, options, locale)}</div>}
      </div>
    );
  }
  if (alert.kind === 'more') {
    return (
      <div className={className} data-testid="alert" data-kind="more" data-count={alert.count} data-moments={alert.moments}>
        <div className="alert-head ov-text">{moreHead(alert.count, alert.moments, words, locale)}</div>
        {alert.sum && <div className="alert-main ov-text">{overlayAmount(alert.sum, options, locale)}</div>}
        <div className="alert-sub ov-text">{words.thankYouAll}</div>
      </div>
    );
  }
  if (alert.kind === 'incentive') return <IncentiveCard className={className} alert={alert.alert} options={options} />;
  if (alert.kind === 'moment') return <MomentCard alert={alert} className={className} options={options} />;
  return (
    <div className={className} data-testid="alert" data-kind="donation" data-id={alert.id}>
      <div className="alert-head ov-text">
        <Sentence template={words.donated} values={{ donor: <Isolated className="donor" testId="alert-donor" text={alert.donor ?? words.anonymous} /> }} />
      </div>
      <div className="alert-main ov-text" data-testid="alert-amount">{overlayAmount(alert.amount, options, locale)}</div>
      {options.messages && alert.message && <p className="alert-message ov-text" data-testid="alert-message" dir="auto">{alert.message}</p>}
    </div>
  );
}
