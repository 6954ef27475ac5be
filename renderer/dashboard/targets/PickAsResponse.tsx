import { useState } from 'react';
import type { ChatMessageView, ResponseKind } from '../../../shared/views.js';
import { callApi } from '../../lib/api.js';
import { useAction } from '../../lib/use-action.js';
import { useDashboard } from '../store.js';
import { KindSelect } from './ResponseItem.js';
import './targets.css';

/**
 * "Pick as response" on a chat line (moderators): flags the message as a target's response, with
 * its kind; its words are the quote. Someone else then confirms it in the Targets tab.
 */
export function PickAsResponse({ message }: { message: ChatMessageView }) {
  // A yes/no, not the targets: their mention counts move with chat, and every line has this button.
  const offered = useDashboard((s) => s.role !== 'viewer' && s.targets.length > 0);
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  if (!offered) return null;
  if (!open) {
    return (
      <button type="button" className="pick-response" data-testid="pick-response" title="Flag this message as a target's response" onClick={() => setOpen(true)}>
        {done ? `✓ ${done}` : 'Response…'}
      </button>
    );
  }
  return (
    <PickForm
      message={message}
      onClose={(flagged) => {
        if (flagged) setDone(flagged);
        setOpen(false);
      }}
    />
  );
}

/** The open form: only it follows the targets. */
function PickForm({ message, onClose }: { message: ChatMessageView; onClose: (flagged: string | null) => void }) {
  const targets = useDashboard((s) => s.targets);
  const [targetId, setTargetId] = useState('');
  const [kind, setKind] = useState<ResponseKind>('acknowledgement');
  const { busy, error, run } = useAction();
  const chosen = targets.find((t) => t.id === targetId) ?? targets[0];
  const flag = async () => {
    if (!chosen) return;
    const saved = await run(() => callApi('POST /api/targets/:id/responses', { params: { id: chosen.id }, body: { kind, chat_message_id: message.seq } }));
    if (saved) onClose(`flagged for ${chosen.name}`);
  };
  return (
    <div className="pick-form" data-testid="pick-form">
      <span className="hint">Flag as a response from</span>
      <select value={chosen?.id ?? ''} onChange={(e) => setTargetId(e.target.value)} data-testid="pick-target" aria-label="Target">
        {targets.map((t) => (
          <option key={t.id} value={t.id}>{t.name}</option>
        ))}
      </select>
      <KindSelect value={kind} onChange={setKind} testId="pick-kind" />
      <button type="button" className="secondary" disabled={busy} data-testid="pick-submit" onClick={() => void flag()}>Flag</button>
      <button type="button" className="quiet" onClick={() => onClose(null)}>Cancel</button>
      {error && <p className="form-error" role="alert" data-testid="pick-error">{error}</p>}
    </div>
  );
}
