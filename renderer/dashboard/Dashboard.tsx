import { useEffect, useState } from 'react';
import { FirstSteps, type StepPlace, showPlace } from './checklist/FirstSteps.js';
import { ConnectionMarker } from './ConnectionMarker.js';
import { DemoStrip } from './demo/DemoStrip.js';
import type { DemoReturn } from '../lib/session.js';
import { HealthBanner } from './HealthBanner.js';
import { MarathonClock } from './MarathonClock.js';
import { type DashboardState, useDashboard } from './store.js';
import { tabsFor } from './tabs.js';

const TAB_KEY = 'telethon-desk.tab';

function rememberedTab(): string {
  try {
    return sessionStorage.getItem(TAB_KEY) ?? 'live';
  } catch {
    return 'live';
  }
}

function TabBadge({ count, testId }: { count: (state: DashboardState) => number; testId: string }) {
  const value = useDashboard(count);
  if (value === 0) return null;
  return <span className="tab-badge" data-testid={testId}>{value}</span>;
}

/** The top bar (title, marathon clock, connection) over one view at a time. */
export function Dashboard({ demoReturn }: { demoReturn: DemoReturn | null }) {
  const campaign = useDashboard((s) => s.campaign);
  const role = useDashboard((s) => s.role);
  const [wanted, setWanted] = useState(rememberedTab);
  const tabs = tabsFor(role);
  const current = tabs.find((tab) => tab.id === wanted) ?? tabs[0];
  useEffect(() => {
    try {
      sessionStorage.setItem(TAB_KEY, wanted);
    } catch {
      // private windows may refuse storage: the tab is only forgotten on reload
    }
  }, [wanted]);
  if (!campaign || !current) return null;
  const goTo = (place: StepPlace) => {
    setWanted(place.tab);
    showPlace(place.elementId);
  };

  return (
    <div className="dashboard">
      {campaign.demo && <DemoStrip back={demoReturn} />}
      <header className="topbar">
        <div className="topbar-title">
          <div className="title-line">
            <h1 title={campaign.title} data-testid="campaign-title-view">{campaign.title}</h1>
            {campaign.demo && <span className="badge demo" data-testid="demo-badge">Demo: simulated money</span>}
            {campaign.closed_at && <span className="badge closed" data-testid="closed-badge" title="No money is counted since the close; what arrives is kept apart (Campaign tab)">Closed: the total is final</span>}
          </div>
          {campaign.cause && <p className="cause" title={campaign.cause}>{campaign.cause}</p>}
        </div>
        <MarathonClock startsAt={campaign.starts_at} endsAt={campaign.ends_at} closedAt={campaign.closed_at} />
        <ConnectionMarker />
      </header>
      <HealthBanner />
      {role === 'owner' && <FirstSteps onGo={goTo} />}
      {tabs.length > 1 && (
        <nav className="tabs" role="tablist" aria-label="Views">
          {tabs.map((tab) => (
            <button
              key={tab.id}
              type="button"
              role="tab"
              aria-selected={tab.id === current.id}
              className={tab.id === current.id ? 'tab current' : 'tab'}
              data-testid={`tab-${tab.id}`}
              onClick={() => setWanted(tab.id)}
            >
              {tab.label}
              {tab.badge && <TabBadge count={tab.badge} testId={`tab-badge-${tab.id}`} />}
            </button>
          ))}
        </nav>
      )}
      <div className="view" role="tabpanel" data-view={current.id}>
        {current.render()}
      </div>
    </div>
  );
}
