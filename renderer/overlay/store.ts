import { create } from 'zustand';
import type { OverlayCampaign, OverlayChange, OverlaySnapshot, OverlayTotals } from '../../shared/contract.js';
import type { ConnectionState } from '../lib/hub-client.js';

/** The overlay only needs the campaign and the totals; donations are for later widgets. */
export interface OverlayState {
  ready: boolean;
  connection: ConnectionState;
  campaign: OverlayCampaign | null;
  totals: OverlayTotals | null;
  applySnapshot(snapshot: OverlaySnapshot): void;
  applyChange(change: OverlayChange): void;
  setConnection(connection: ConnectionState): void;
}

export const useOverlay = create<OverlayState>()((set) => ({
  ready: false,
  connection: 'connecting',
  campaign: null,
  totals: null,
  applySnapshot: (snapshot) => set({ ready: true, campaign: snapshot.campaign, totals: snapshot.totals }),
  applyChange: (change) => {
    if (change.type === 'campaign') set({ campaign: change.campaign });
    else if (change.type === 'totals') set({ totals: change.totals });
  },
  setConnection: (connection) => set({ connection }),
}));
