import { memo, useMemo } from 'react';
import type { DonationView, OverlayDonationView } from '../../shared/views.js';
import { amountMinor, clockTime, displayAmount, minorAmount, monthDayTime } from '../lib/format.js';
import { useDashboard, useSourceLabels } from './store.js';

function donorName(donation: Pick<DonationView, 'anonymous' | 'donor_name'>): string {
  if (donation.anonymous) return 'Anonymous';
  return donation.donor_name?.trim() || 'No name given';
}

/** A time on the clock, with the date when it was not today (a refund can come days later). */
function whenShort(iso: string): string {
  return new Date(iso).toDateString() === new Date().toDateString() ? clockTime(iso) : monthDayTime(iso);
}

/** How much of a donation was refunded, as its row says it. */
export interface Refunded {
  full: boolean;
  amount: string;
}

/**
 * What the refunds in the list took back from each donation in it. A refund always comes after
 * its donation, so every refund of a donation that is in the newest-first list is in it too.
 */
function refundedById(donations: readonly DonationView[]): Map<number, Refunded> {
  const taken = new Map<number, number>();
  for (const d of donations) {
    if (d.type !== 'refund' || !d.refund_of) continue;
    const minor = amountMinor(d.amount);
    if (minor !== null) taken.set(d.refund_of.id, (taken.get(d.refund_of.id) ?? 0) + Math.abs(minor));
  }
  const refunded = new Map<number, Refunded>();
  for (const d of donations) {
    const minor = taken.get(d.id);
    const whole = amountMinor(d.amount);
    const amount = minor === undefined ? null : minorAmount(minor, d.amount.currency);
    if (minor === undefined || whole === null || !amount) continue;
    refunded.set(d.id, { full: minor >= whole, amount: displayAmount(amount) });
  }
  return refunded;
}

/** "Refunds €50.00 from Amira, 14:05:09": the donation a refund row takes money back from. */
function RefundOf({ refund }: { refund: NonNullable<DonationView['refund_of']> }) {
  return (
    <p className="refund-of" data-testid="refund-of">
      Refunds {displayAmount(refund.amount)} from <strong>{donorName(refund)}</strong>,{' '}
      <time dateTime={refund.occurred_at}>{whenShort(refund.occurred_at)}</time>
    </p>
  );
}

/** One donation as the person reading it on air needs it. Text is rendered as text, never HTML. */
const DonationItem = memo(function DonationItem({ donation, sourceName, refunded }: { donation: DonationView; sourceName: string; refunded: Refunded | undefined }) {
  const sameCurrency = donation.converted?.currency === donation.amount.currency;
  // Only a donation that just arrived flashes, not the whole feed when the page opens.
  const fresh = Date.now() - Date.parse(donation.received_at) < 5000;
  return (
    <li className={`donation${donation.type === 'refund' ? ' refund' : ''}${refunded ? (refunded.full ? ' refunded refunded-full' : ' refunded') : ''}${fresh ? ' fresh' : ''}`} data-testid="donation" data-donation-id={donation.id}>
      <div className="donation-head">
        <span className="donor" data-testid="donation-donor" dir="auto">{donorName(donation.refund_of ?? donation)}</span>
        <span className="donation-amount" data-testid="donation-amount">
          {donation.type === 'refund' && <span className="badge bad">Refund</span>}
          {refunded && (
            <span className="badge bad" data-testid="donation-refunded" data-full={refunded.full}>
              {refunded.full ? 'refunded' : `${refunded.amount} refunded`}
            </span>
          )}
          {displayAmount(donation.amount)}
        </span>
      </div>
      <div className="donation-meta">
        <time dateTime={donation.occurred_at}>{clockTime(donation.occurred_at)}</time>
        <span className="source-of" title={sourceName}>· {sourceName}</span>

        {donation.converted === null ? (
          <span className="warning">· waiting for an exchange rate</span>
        ) : (
          !sameCurrency && <span data-testid="donation-converted">· = {displayAmount(donation.converted)}</span>
        )}
        {donation.screening !== 'pending' && <span className={`badge screening ${donation.screening}`}>{donation.screening}</span>}
      </div>
      {donation.refund_of && <RefundOf refund={donation.refund_of} />}
      {donation.message && <p className="donation-message" data-testid="donation-message" dir="auto">{donation.message}</p>}
    </li>
  );
});

/** A screened donation as viewers see it, like on the stream: no screening state, no source. */
const PublicDonationItem = memo(function PublicDonationItem({ donation }: { donation: OverlayDonationView }) {
  const sameCurrency = donation.converted === null || donation.converted.currency === donation.amount.currency;
  return (
    <li className="donation" data-testid="donation" data-donation-id={donation.id}>
      <div className="donation-head">
        <span className="donor" data-testid="donation-donor" dir="auto">{donation.donor_name?.trim() || 'Anonymous'}</span>
        <span className="donation-amount" data-testid="donation-amount">{displayAmount(donation.amount)}</span>
      </div>
      <div className="donation-meta">
        <time dateTime={donation.occurred_at}>{clockTime(donation.occurred_at)}</time>
        {!sameCurrency && donation.converted && <span data-testid="donation-converted">· = {displayAmount(donation.converted)}</span>}
      </div>
      {donation.message && <p className="donation-message" data-testid="donation-message" dir="auto">{donation.message}</p>}
    </li>
  );
});

/** The live feed, latest first: every state for moderators and the owner, the screened ones for viewers. */
export function DonationFeed() {
  const role = useDashboard((s) => s.role);
  return role === 'viewer' ? <PublicDonationFeed /> : <StaffDonationFeed />;
}

/** Viewers see what the overlay shows, once moderators have screened it. */
function PublicDonationFeed() {
  const donations = useDashboard((s) => s.publicDonations);
  return (
    <div className="panel feed">
      <h2>Latest donations <span className="hint" data-testid="donation-feed-screened">as on the stream, once screened</span></h2>
      {donations.length === 0 ? (
        <p className="hint">No donations on the stream yet. Donations appear here once moderators have screened them, as they appear on the stream.</p>
      ) : (
        <ol className="donation-list" data-testid="donation-feed">
          {donations.map((d) => (
            <PublicDonationItem key={d.id} donation={d} />
          ))}
        </ol>
      )}
    </div>
  );
}

function StaffDonationFeed() {
  const donations = useDashboard((s) => s.donations);
  const sources = useSourceLabels();
  const names = useMemo(() => new Map(sources.map((s) => [s.id, s.name])), [sources]);
  const refunded = useMemo(() => refundedById(donations), [donations]);
  return (
    <div className="panel feed">
      <h2>Latest donations</h2>
      {donations.length === 0 ? (
        <p className="hint">No donations yet. Enter a pledge or connect a source; they appear here the moment they arrive.</p>
      ) : (
        <ol className="donation-list" data-testid="donation-feed">
          {donations.map((d) => (
            <DonationItem key={d.id} donation={d} sourceName={names.get(d.source_id) ?? d.source_id} refunded={refunded.get(d.id)} />
          ))}
        </ol>
      )}
    </div>
  );
}
