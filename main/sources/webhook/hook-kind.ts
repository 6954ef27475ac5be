import type { Result } from '../../../shared/result.js';
import type { IngestAnswer } from '../../../shared/views.js';
import type { Services } from '../../services.js';
import type { SourceRecord } from '../sources.js';

export type HeaderReader = (name: string) => string | undefined;

/**
 * What differs between the platforms that send us webhooks: how a request proves where it
 * comes from, and what its body means. Size limits, refusal counting and answers are shared.
 */
export interface HookKind {
  /** Checks the signature and age; the reason is shown on the source. */
  verify(source: SourceRecord, header: HeaderReader, raw: Buffer, nowMs: number, services: Services): Result<void>;
  /**
   * Stores what the body says (through services.acceptDonation) and gives the answer, or a
   * refusal reason for a body that is well-signed but unusable (answered 422).
   */
  accept(source: SourceRecord, body: unknown, nowMs: number, services: Services): Promise<Result<HookAnswer>>;
}

/**
 * 201 when something new was stored, 202 when it was stored but not counted (the marathon is
 * closed: kept apart, so the sender must not retry), 200 otherwise (a redelivery, a total noted).
 */
export interface HookAnswer {
  created: boolean;
  late?: boolean;
  body: IngestAnswer | { status: 'noted' };
}

export const ingestAnswer = (outcome: { status: IngestAnswer['status']; seq: number }): HookAnswer => ({
  created: outcome.status === 'created',
  late: outcome.status === 'late',
  body: { status: outcome.status, id: outcome.seq },
});

