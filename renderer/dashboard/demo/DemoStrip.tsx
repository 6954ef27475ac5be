import type { DemoReturn } from '../../lib/session.js';
import './demo.css';

/**
 * Across the top of the demo's dashboard: it is a demo, its money is not real, and the way back
 * to the real campaign (which runs on its own server and database, untouched by the demo).
 */
export function DemoStrip({ back }: { back: DemoReturn | null }) {
  const goBack = () => {
    if (!back) return;
    if (back.ownTab) {
      // The real campaign is still open in the tab this one was opened from.
      window.close();
      // A tab the browser will not close (opened by hand from its link): go there instead.
      setTimeout(() => location.assign(back.url), 300);
      return;
    }
    location.assign(back.url);
  };

  return (
    <div className="demo-strip" data-testid="demo-strip" role="note">
      <strong className="demo-label">DEMO</strong>
      <span>A simulated marathon in its own database: none of this money is real, and nothing here touches your campaign.</span>
      {back && (
        <a className="demo-back" href={back.url} data-testid="demo-back" onClick={(event) => {
          event.preventDefault();
          goBack();
        }}>
          ← Back to my campaign
        </a>
      )}
    </div>
  );
}
