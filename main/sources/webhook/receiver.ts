import type { IncomingMessage, ServerResponse } from 'node:http';
import { WEBHOOK_MAX_BODY_BYTES, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from '../../../shared/contract.js';
import type { IngestAnswer } from '../../../shared/views.js';
import { HttpError, parseJson, readBody, sendJson } from '../../server/http.js';
import type { Services } from '../../services.js';
import { parseGenericDonation } from './generic.js';
import { verifyGeneric } from './signature.js';

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * POST /hooks/<source-id>: answers 2xx only once the event is durably committed; a redelivery
 * answers 200 "duplicate". Every refusal is counted on the source with its reason.
 */
export async function receiveWebhook(services: Services, sourceId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const source = services.sources.get(sourceId);
  if (!source || source.kind !== 'webhook' || !source.secret) {
    throw new HttpError(404, 'unknown_source', 'no webhook source has this id');
  }
  if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'webhooks are POST requests');
  const refuse = (status: number, code: string, reason: string): never => {
    services.sources.recordRejection(source.id, reason);
    throw new HttpError(status, code, reason);
  };
  let raw: Buffer;
  try {
    raw = await readBody(req, WEBHOOK_MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof HttpError) refuse(error.status, error.code, `refused a request: ${error.message}`);
    throw error;
  }
  const now = Date.now();
  const verified = verifyGeneric(
    source.secret,
    header(req, WEBHOOK_TIMESTAMP_HEADER),
    header(req, WEBHOOK_SIGNATURE_HEADER),
    raw,
    now,
  );
  if (!verified.ok) refuse(401, 'bad_signature', verified.error);
  let body: unknown;
  try {
    body = parseJson(raw);
  } catch {
    refuse(400, 'malformed_json', 'refused a request whose body is not valid JSON');
  }
  const event = parseGenericDonation(body, source.id, now);
  if (!event.ok) return refuse(422, 'invalid_event', `refused an event: ${event.error}`);
  let outcome;
  try {
    outcome = services.acceptDonation(event.value);
  } catch (error) {
    if (error instanceof HttpError && error.status < 500) refuse(error.status, error.code, `refused an event: ${error.message}`);
    throw error;
  }
  const answer: IngestAnswer = { status: outcome.status, id: outcome.seq };
  sendJson(res, outcome.status === 'created' ? 201 : 200, answer);
}
