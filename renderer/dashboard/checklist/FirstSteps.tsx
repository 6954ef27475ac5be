import type { ChecklistStep } from '../../../shared/views.js';
import { callApi } from '../../lib/api.js';
import { useAction } from '../../lib/use-action.js';
import { DemoButton } from '../demo/DemoButton.js';
import { useDashboard } from '../store.js';
import './checklist.css';

/** Where each step is done: a tab, and the element there to bring into view. */
export interface StepPlace {
  tab: string;
  elementId: string;
}

const STEPS: Record<ChecklistStep, { title: string; how: string; go: string; place: StepPlace }> = {
  donation_source: {
    title: 'Connect a donation source',
    how: 'A signed webhook for any donation form, or Tiltify, Streamlabs, StreamElements or Twitch Charity.',
    go: 'Add a source',
    place: { tab: 'live', elementId: 'add-webhook-source' },
  },
  overlay: {
    title: 'Put the overlay in OBS',
    how: 'Paste its URL into an OBS Browser source: ticks once OBS has loaded it.',
    go: 'Show the URL',
    place: { tab: 'live', elementId: 'overlay-for-obs' },
  },
  moderator: {
    title: 'Invite a moderator',
    how: 'Someone to screen messages and confirm answers while you are on air.',
    go: 'Invite',
    place: { tab: 'people', elementId: 'invite-form' },
  },
  target: {
    title: 'Add a target',
    how: 'Someone the campaign calls on by hashtag: count the calls, record the answer.',
    go: 'Add a target',
    place: { tab: 'targets', elementId: 'add-target' },
  },
};

/**
 * The owner's first steps after creating the campaign. Each tick comes from the server (a
 * source, an overlay page that connected, an invite, a target), live over the hub; the list
 * leaves by itself once every step is done, or for good when the owner closes it.
 */
export function FirstSteps({ onGo }: { onGo: (place: StepPlace) => void }) {
  const checklist = useDashboard((s) => s.checklist);
  // The demo sets itself up: its first steps would only be noise over the simulated marathon.
  const demo = useDashboard((s) => s.campaign?.demo === true);
  const { busy, error, run } = useAction();
  if (!checklist?.open || demo) return null;
  const done = checklist.steps.filter((step) => step.done).length;

  return (
    <section className="first-steps" aria-label="First steps" data-testid="checklist" data-done={done}>
      <div className="first-steps-head">
        <h2>First steps <span className="hint">{done} of {checklist.steps.length} done</span></h2>
        <div className="first-steps-actions">
          <DemoButton label="See a marathon in full swing (demo)" />
          <button type="button" className="quiet" data-testid="checklist-dismiss" disabled={busy}
            onClick={() => void run(() => callApi('POST /api/checklist/dismiss'))}>
            Hide this list
          </button>
        </div>
      </div>
      <ol className="first-steps-list">
        {checklist.steps.map((step) => {
          const words = STEPS[step.id];
          return (
            <li key={step.id} className={step.done ? 'step done' : 'step'} data-testid={`checklist-${step.id}`} data-done={step.done}>
              <span className="step-mark" aria-hidden="true">{step.done ? '✓' : ''}</span>
              <div className="step-words">
                <span className="step-title">{words.title}{step.done && <span className="sr-only"> (done)</span>}</span>
                {!step.done && <span className="step-how">{words.how}</span>}
                {!step.done && (
                  <button type="button" className="secondary step-go" data-testid={`checklist-go-${step.id}`} onClick={() => onGo(words.place)}>
                    {words.go} →
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}

/** Brings a step's place into view once its tab is drawn, and puts the cursor in its first field. */
export function showPlace(elementId: string): void {
  requestAnimationFrame(() => {
    const element = document.getElementById(elementId);
    if (!element) return;
    element.scrollIntoView({ block: 'center', behavior: 'smooth' });
    const field = element.matches('input, button, select, textarea') ? element : element.querySelector<HTMLElement>('input, select, textarea, button');
    (field as HTMLElement | null)?.focus({ preventScroll: true });
  });
}
