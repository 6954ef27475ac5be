import { useState } from 'react';
import { RESPONSE_KINDS, type MeView, type ResponseKind, type ResponseView } from '../../../shared/views.js';
import { callApi } from '../../lib/api.js';
import { useAction } from '../../lib/use-action.js';
import { auditWords, dateTime, KIND_WORDS, safeLink } from './format.js';

const STATE_WORDS: Record<ResponseView['state'], string> = {
  candidate: 'found in chat',
  flagged: 'flagged, waiting for a second person',
  confirmed: 'confirmed',
  rejected: 'rejected',
};

/** The kinds as a select, shared by every form that flags a response. */
export function KindSelect({ value, onChange, testId }: { value: ResponseKind; onChange: (kind: ResponseKind) => void; testId: string }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as ResponseKind)} data-testid={testId}>
      {RESPONSE_KINDS.map((k) => (
        <option key={k} value={k}>{KIND_WORDS[k]}</option>
      ))}
    </select>
  );
}

/** A candidate found among X posts carries its post's link. */
const isXPost = (url: string | null) => url !== null && /^https:\/\/x\.com\/[A-Za-z0-9_]{1,25}\/status\/\d+$/.test(url);

/** Who flagged it, by name, from its audit trail. */
const flaggerName = (response: ResponseView) =>
  [...response.audit].reverse().find((a) => a.action === 'flag')?.actor_name ?? 'someone';

/**
 * One response and the step that can be taken on it: flag a candidate (kind and quote),
 * confirm or reject a flagged one, undo a decision with a reason. Nobody confirms their own flag:
 * the button says why instead (and the server refuses it anyway).
 */
export function ResponseItem({ response, me, onChanged }: { response: ResponseView; me: MeView | null; onChanged: () => void }) {
  const [kind, setKind] = useState<ResponseKind>(response.kind ?? 'acknowledgement');
  const [quote, setQuote] = useState(response.quote);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const link = safeLink(response.url);
  const ownFlag = response.state === 'flagged' && me !== null && response.flagged_by === me.actor;
  const act = async (work: () => Promise<unknown>) => {
    const done = await run(work);
    if (done !== undefined) {
      setReason('');
      onChanged();
    }
  };
  const params = { id: response.id };

  return (
    <li className={`response state-${response.state}`} data-testid="response" data-response-id={response.id} data-state={response.state}>
      <div className="response-head">
        <span className={`badge response-state ${response.state}`}>{response.state === 'candidate' && isXPost(response.url) ? 'found on X' : STATE_WORDS[response.state]}</span>
        {response.kind && <span className="response-kind">{KIND_WORDS[response.kind]}</span>}
        <time className="hint" dateTime={response.responded_at}>{dateTime(response.responded_at)}</time>
      </div>
      <blockquote className="response-quote" data-testid="response-quote">{response.quote}</blockquote>
      {link && <a className="answer-link" href={link} target="_blank" rel="noopener noreferrer">{link}</a>}
      {!link && response.url && <span className="answer-link">{response.url}</span>}

      {response.state === 'candidate' && (
        <div className="response-step">
          <label className="grow">
            The words that count
            <textarea rows={2} value={quote} onChange={(e) => setQuote(e.target.value)} data-testid="response-flag-quote" />
          </label>
          <div className="inline-form">
            <KindSelect value={kind} onChange={setKind} testId="response-flag-kind" />
            <button type="button" className="secondary" disabled={busy} data-testid="response-flag"
              onClick={() => void act(() => callApi('POST /api/targets/:id/responses', {
                params: { id: response.target_id },
                body: { kind, quote, ...(response.chat_message_id !== null ? { chat_message_id: response.chat_message_id } : {}) },
              }))}>
              Flag as a response
            </button>
          </div>
        </div>
      )}

      {response.state === 'flagged' && (
        <div className="response-step">
          <div className="inline-form">
            <button type="button" className="primary" disabled={busy || ownFlag} data-testid="response-confirm"
              aria-describedby={ownFlag ? `own-${response.id}` : undefined}
              onClick={() => void act(() => callApi('POST /api/responses/:id/confirm', { params }))}>
              Confirm
            </button>
            <input className="grow" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why reject it? (optional)" data-testid="response-reject-reason" />
            <button type="button" className="danger" disabled={busy} data-testid="response-reject"
              onClick={() => void act(() => callApi('POST /api/responses/:id/reject', { params, body: reason.trim() ? { reason } : {} }))}>
              Reject
            </button>
          </div>
          {ownFlag ? (
            <p className="hint own-flag" id={`own-${response.id}`} data-testid="response-own-flag">
              You flagged this response, so you cannot confirm it: another moderator or the owner must.
            </p>
          ) : (
            <p className="hint">Flagged by {flaggerName(response)}.</p>
          )}
        </div>
      )}

      {(response.state === 'confirmed' || response.state === 'rejected') && (
        <div className="response-step inline-form">
          <input className="grow" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={`Why undo the ${response.state === 'confirmed' ? 'confirmation' : 'rejection'}?`} data-testid="response-undo-reason" />
          <button type="button" disabled={busy} data-testid="response-undo"
            onClick={() => void act(() => callApi('POST /api/responses/:id/undo', { params, body: { reason } }))}>
            Undo
          </button>
        </div>
      )}
      {error && <p className="form-error" role="alert" data-testid="response-error">{error}</p>}

      <details className="audit-trail" open={response.audit.length > 1}>
        <summary>History ({response.audit.length})</summary>
        <ol data-testid="response-audit">
          {response.audit.map((a, i) => (
            <li key={i} data-action={a.action}>
              <time dateTime={a.at}>{dateTime(a.at)}</time> <span>{auditWords(a)}</span>
              {a.reason && <span className="audit-reason">: “{a.reason}”</span>}
            </li>
          ))}
        </ol>
      </details>
    </li>
  );
}
