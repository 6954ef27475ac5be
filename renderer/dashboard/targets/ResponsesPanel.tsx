import { WallTimeInput } from '../../lib/WallTimeInput.js';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { MeView, ResponseKind, ResponseView, TargetView } from '../../../shared/views.js';
import { callApi, failureMessage } from '../../lib/api.js';
import { useAction } from '../../lib/use-action.js';
import { localToIso } from './format.js';
import { KindSelect, ResponseItem } from './ResponseItem.js';

/** What in a target's view moves when its responses change (not its mention counts, which move every second). */
const responsesSignature = (t: TargetView) =>
  `${t.pending.candidates}|${t.pending.flagged}|${t.status}|${t.response_kind ?? ''}|${t.first_response_at ?? ''}`;

function useResponses(target: TargetView) {
  const [responses, setResponses] = useState<ResponseView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asked, setAsked] = useState(0);
  const signature = responsesSignature(target);
  useEffect(() => {
    let live = true;
    callApi('GET /api/targets/:id/responses', { params: { id: target.id } })
      .then((answer) => {
        if (!live) return;
        setResponses(answer.responses);
        setError(null);
      })
      .catch((failure) => live && setError(failureMessage(failure)));
    return () => {
      live = false;
    };
  }, [target.id, signature, asked]);
  const reload = useCallback(() => setAsked((n) => n + 1), []);
  return { responses, error, reload };
}

const GROUPS: { title: string; states: ResponseView['state'][]; empty: string | null }[] = [
  { title: 'Waiting for a decision', states: ['flagged'], empty: null },
  { title: 'Found in chat or posts (their own account)', states: ['candidate'], empty: null },
  { title: 'Decided', states: ['confirmed', 'rejected'], empty: null },
];

/** A target's responses, grouped by what they wait for, and a form for evidence from elsewhere. */
export function ResponsesPanel({ target, me }: { target: TargetView; me: MeView | null }) {
  const { responses, error, reload } = useResponses(target);
  return (
    <section className="responses" data-testid="responses" data-state={responses ? 'ready' : 'loading'}>
      <h2>Responses</h2>
      {error && <p className="form-error" role="alert">{error}</p>}
      {!responses && !error && <p className="hint">Reading responses…</p>}
      {responses && responses.length === 0 && (
        <p className="hint">No response yet. Messages from their Twitch account appear here; record one seen elsewhere below.</p>
      )}
      {responses &&
        GROUPS.map((group) => {
          const items = responses.filter((r) => group.states.includes(r.state)).reverse();
          if (items.length === 0) return null;
          return (
            <div key={group.title} className="response-group">
              <h3>{group.title} <span className="count">{items.length}</span></h3>
              <ol className="response-list">
                {items.map((r) => (
                  <ResponseItem key={`${r.id}:${r.state}:${r.audit.length}`} response={r} me={me} onChanged={reload} />
                ))}
              </ol>
            </div>
          );
        })}
      <RecordResponseForm target={target} onDone={reload} />
    </section>
  );
}

/** A response seen anywhere (a post on another platform): kind, words, link and when. */
function RecordResponseForm({ target, onDone }: { target: TargetView; onDone: () => void }) {
  const [kind, setKind] = useState<ResponseKind>('commitment');
  const [quote, setQuote] = useState('');
  const [url, setUrl] = useState('');
  const [at, setAt] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, setError, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const respondedAt = localToIso(at);
    if (at && !respondedAt) {
      setError('The time is not a date and time.');
      return;
    }
    const saved = await run(() =>
      callApi('POST /api/targets/:id/responses', {
        params: { id: target.id },
        body: { kind, quote, url, ...(respondedAt ? { responded_at: respondedAt } : {}) },
      }),
    );
    if (saved) {
      setQuote('');
      setUrl('');
      setAt('');
      setDone(true);
      onDone();
    }
  };
  return (
    <form className="record-response" onSubmit={(e) => void submit(e)} data-testid="record-response" noValidate>
      <h3>Record a response seen elsewhere</h3>
      <div className="field-row">
        <label>
          Kind
          <KindSelect value={kind} onChange={setKind} testId="record-kind" />
        </label>
        <label className="grow">
          When they answered (empty: now)
          <WallTimeInput value={at} onChange={(e) => setAt(e.target.value)} testId="record-at" />
        </label>
      </div>
      <label>
        Their words
        <textarea rows={2} value={quote} onChange={(e) => setQuote(e.target.value)} data-testid="record-quote" />
      </label>
      <label>
        Link to the post
        <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://x.com/…/status/…" data-testid="record-url" />
      </label>
      {error && <p className="form-error" role="alert" data-testid="record-error">{error}</p>}
      {done && <p className="form-done">Flagged: someone else now confirms or rejects it.</p>}
      <button type="submit" className="secondary" disabled={busy} data-testid="record-submit">{busy ? 'Flagging…' : 'Flag this response'}</button>
    </form>
  );
}
