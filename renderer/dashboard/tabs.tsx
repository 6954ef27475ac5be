import type { ReactNode } from 'react';
import { roleAllows } from '../../shared/contract.js';
import type { Role } from '../../shared/views.js';
import { ChartsView } from './charts/ChartsView.js';
import { LiveView } from './LiveView.js';
import { OverlayTab } from './overlay/OverlayTab.js';
import type { DashboardState } from './store.js';
import { AuditView } from './people/AuditView.js';
import { CampaignEditor } from './campaign/CampaignEditor.js';
import { PeopleView } from './people/PeopleView.js';
import { PrizesView } from './prizes/PrizesView.js';
import { ScreeningRoom } from './screening/ScreeningRoom.js';
import { TargetsView } from './targets/TargetsView.js';
import { IncentivesView } from './incentives/IncentivesView.js';
import { TeamView } from './team/TeamView.js';

/**
 * The dashboard's views, one tab each. A tab a role may not use is not shown (the server refuses
 * its actions anyway). Each view fills the space under the top bar and scrolls on its own.
 */
export interface DashboardTab {
  id: string;
  label: string;
  /** The least role that sees the tab. */
  role: Role;
  render(): ReactNode;
  /** A number worth a glance from another tab (messages waiting to be screened). */
  badge?: (state: DashboardState) => number;
}

export const TABS: readonly DashboardTab[] = [
  { id: 'live', label: 'Live', role: 'viewer', render: () => <LiveView /> },
  { id: 'charts', label: 'Charts', role: 'viewer', render: () => <ChartsView /> },
  { id: 'targets', label: 'Targets', role: 'viewer', render: () => <TargetsView /> },
  { id: 'incentives', label: 'Incentives', role: 'viewer', render: () => <IncentivesView /> },
  { id: 'team', label: 'Team', role: 'viewer', render: () => <TeamView /> },
  { id: 'screening', label: 'Screening', role: 'moderator', render: () => <ScreeningRoom />, badge: waitingToScreen },
  { id: 'prizes', label: 'Prizes', role: 'viewer', render: () => <PrizesView /> },
  { id: 'campaign', label: 'Campaign', role: 'owner', render: () => <CampaignEditor /> },
  { id: 'people', label: 'People', role: 'owner', render: () => <PeopleView /> },
  { id: 'overlay', label: 'Overlay', role: 'owner', render: () => <OverlayTab /> },
  { id: 'audit', label: 'Audit', role: 'moderator', render: () => <AuditView /> },
];

function waitingToScreen(state: DashboardState): number {
  const counts = state.screening?.counts;
  const moments = state.screening?.moments_waiting ?? 0;
  return counts ? counts.pending + counts.first_pass + counts.flagged + moments : moments;
}

export function tabsFor(role: Role): DashboardTab[] {
  return TABS.filter((tab) => roleAllows(role, tab.role));
}
