import type { ClaimView } from '../../shared/views.js';
import type { Caller } from '../people/invites.js';

/** An opened item stays someone's for this long without activity, then is free again. */
export const CLAIM_TTL_MS = 2 * 60_000;

interface Claim {
  donationId: number;
  actor: string;
  name: string;
  until: number;
}

export class ClaimedByOther extends Error {
  constructor(readonly claim: ClaimView) {
    super(`${claim.actor_name} has this donation open`);
  }
}

/**
 * Who has which donation open. Kept in memory: the server is one process and requests run one
 * at a time, so taking a claim is atomic and two moderators can never hold the same item. Each
 * person holds at most one item; opening another lets the first go. A claim ends with a
 * decision, a release, the person's last connection closing, or CLAIM_TTL_MS of silence.
 */
export class Claims {
  private readonly byDonation = new Map<number, Claim>();
  private readonly byActor = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The live claim on a donation, if any. */
  holder(donationId: number): Claim | null {
    const claim = this.byDonation.get(donationId);
    if (!claim) return null;
    if (claim.until <= this.now()) {
      this.drop(claim);
      return null;
    }
    return claim;
  }

  isHeldByOther(donationId: number, caller: Caller): boolean {
    const claim = this.holder(donationId);
    return claim !== null && claim.actor !== caller.actor;
  }

  /** Takes (or renews) the claim; throws ClaimedByOther while someone else holds it. */
  take(donationId: number, caller: Caller): ClaimView {
    const held = this.holder(donationId);
    if (held && held.actor !== caller.actor) throw new ClaimedByOther(view(held));
    const previous = this.byActor.get(caller.actor);
    if (previous !== undefined && previous !== donationId) this.release(previous, caller.actor);
    const claim: Claim = { donationId, actor: caller.actor, name: caller.name, until: this.now() + CLAIM_TTL_MS };
    this.byDonation.set(donationId, claim);
    this.byActor.set(caller.actor, donationId);
    return view(claim);
  }

  /** Lets an item go; true when this actor held it. */
  release(donationId: number, actor: string): boolean {
    const claim = this.byDonation.get(donationId);
    if (!claim || claim.actor !== actor) return false;
    this.drop(claim);
    return true;
  }

  /** Everything one person held (their last connection closed, or their invite was revoked). */
  releaseActor(actor: string): boolean {
    const donationId = this.byActor.get(actor);
    if (donationId === undefined) return false;
    return this.release(donationId, actor);
  }

  /** The claim a decision ends, whoever held it. */
  end(donationId: number): void {
    const claim = this.byDonation.get(donationId);
    if (claim) this.drop(claim);
  }

  /** Drops expired claims; true when any went (others should hear the item is free). */
  sweep(): boolean {
    let dropped = false;
    const now = this.now();
    for (const claim of [...this.byDonation.values()]) {
      if (claim.until <= now) {
        this.drop(claim);
        dropped = true;
      }
    }
    return dropped;
  }

  held(): Set<number> {
    this.sweep();
    return new Set(this.byDonation.keys());
  }

  list(): ClaimView[] {
    this.sweep();
    return [...this.byDonation.values()].sort((a, b) => a.donationId - b.donationId).map(view);
  }

  private drop(claim: Claim): void {
    this.byDonation.delete(claim.donationId);
    if (this.byActor.get(claim.actor) === claim.donationId) this.byActor.delete(claim.actor);
  }
}

function view(claim: Claim): ClaimView {
  return {
    donation_id: claim.donationId,
    actor: claim.actor,
    actor_name: claim.name,
    until: new Date(claim.until).toISOString(),
  };
}
