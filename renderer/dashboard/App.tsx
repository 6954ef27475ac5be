import { useEffect } from 'react';
import { CampaignSetup } from './CampaignSetup.js';
import { Dashboard } from './Dashboard.js';
import { useDashboard } from './store.js';
import type { DemoReturn } from '../lib/session.js';

type PageState = 'loading' | 'setup' | 'ready' | 'signed-out';

/** Tests and tools wait on #root's data-state instead of sleeping. */
function usePageState(state: PageState): void {
  useEffect(() => {
    const root = document.getElementById('root');
    if (root) root.dataset.state = state;
  }, [state]);
}

export function App({ signedIn, demoReturn }: { signedIn: boolean; demoReturn: DemoReturn | null }) {
  const phase = useDashboard((s) => s.phase);
  const refused = useDashboard((s) => s.connection === 'refused');
  // Refused after it worked: the invite was revoked (or the owner token changed). The data on
  // screen would be stale and every action refused, so the page says so instead.
  const state: PageState = !signedIn || refused ? 'signed-out' : phase;
  usePageState(state);

  if (state === 'signed-out') return <SignedOut />;
  if (state === 'loading') return <p className="page-message">Connecting to Telethon Desk…</p>;
  if (state === 'setup') return <CampaignSetup />;
  return <Dashboard demoReturn={demoReturn} />;
}

function SignedOut() {
  return (
    <div className="page-message" data-testid="signed-out">
      <h1>This link does not open the dashboard</h1>
      <p>
        Open the dashboard from the link Telethon Desk printed when it started (it ends with <code>#token=…</code>), or
        from the desktop app. If you were using an invite link, the owner may have revoked it: ask them for a new one.
      </p>
    </div>
  );
}
