import type { IncomingMessage, ServerResponse } from 'node:http';
import { WEBHOOK_MAX_BODY_BYTES, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from '../../../shared/contract.js';
import { type Result, fail, ok } from '../../../shared/result.js';
import type { SourceKind } from '../../../shared/views.js';
import { HttpError, parseJson, readBody, sendJson } from '../../server/http.js';
import type { Services } from '../../services.js';
import { webhookSecretEntry } from '../credentials.js';
import { tiltifyHook } from '../tiltify/hook.js';
import { parseGenericDonation } from './generic.js';
import { type HookAnswer, type HookKind, ingestAnswer, type HeaderReader } from './hook-kind.js';
import { verifyGeneric } from './signature.js';
import type { TurnGate } from '../../server/turn-gate.js';

const genericHook: HookKind = {
  verify: (source, header, raw, nowMs, services) => {
    const secret = services.credentials.get(webhookSecretEntry(source.id));
    return secret
      ? verifyGeneric(secret, header(WEBHOOK_TIMESTAMP_HEADER), header(WEBHOOK_SIGNATURE_HEADER), raw, nowMs)
      : fail('refused a request: this source has no secret (add the webhook source again)');
  },
  accept: async (source, body, nowMs, services) => {
    const event = parseGenericDonation(body, source.id, nowMs);
    if (!event.ok) return event;
    return ok(ingestAnswer(await services.acceptDonation(event.value)));
  },
};

/** The kinds of source that receive webhooks at /hooks/<source-id>. */
export const HOOK_KINDS: Partial<Record<SourceKind, HookKind>> = {
  webhook: genericHook,
  tiltify: tiltifyHook,
};

/**
 * POST /hooks/<source-id>: answers 2xx only once the event is durably committed; a redelivery
 * answers 200 "duplicate". Every refusal is counted on the source with its reason.
 */
export async function receiveWebhook(services: Services, sourceId: string, req: IncomingMessage, res: ServerResponse, gate: TurnGate): Promise<void> {
  const source = services.sources.get(sourceId);
  const kind = source ? HOOK_KINDS[source.kind] : undefined;
  if (!source || !kind) throw new HttpError(404, 'unknown_source', 'no webhook source has this id');
  if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'webhooks are POST requests');
  const refuse = (status: number, code: string, reason: string): never => {
    services.sources.recordRejection(source.id, reason);
    throw new HttpError(status, code, reason);
  };
  // Before the signature checks out, anyone who knows the URL could have sent it: counted
  // apart, so forged traffic cannot make a source look failing while its events arrive.
  const refuseUnverified = (status: number, code: string, reason: string): never => {
    services.sources.recordUnverified(source.id, reason);
    throw new HttpError(status, code, reason);
  };
  let raw: Buffer;
  try {
    raw = await readBody(req, WEBHOOK_MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof HttpError) refuseUnverified(error.status, error.code, `refused a request: ${error.message}`);
    throw error;
  }
  // Checking, reading and storing it is the costly part: at most so many per turn (TurnGate).
  await gate.pass();
  const now = Date.now();
  const header: HeaderReader = (name) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const verified = kind.verify(source, header, raw, now, services);
  if (!verified.ok) refuseUnverified(401, 'bad_signature', verified.error);
  let body: unknown;
  try {
    body = parseJson(raw);
  } catch (error) {
    if (error instanceof HttpError && error.code === 'too_deep') refuse(400, error.code, `refused a request: ${error.message}`);
    refuse(400, 'malformed_json', 'refused a request whose body is not valid JSON');
  }
  let answer: Result<HookAnswer>;
  try {
    answer = await kind.accept(source, body, now, services);
  } catch (error) {
    if (error instanceof HttpError && error.status < 500) refuse(error.status, error.code, `refused an event: ${error.message}`);
    throw error;
  }
  if (!answer.ok) return refuse(422, 'invalid_event', `refused an event: ${answer.error}`);
  sendJson(res, answer.value.created ? 201 : answer.value.late ? 202 : 200, answer.value.body);
}
