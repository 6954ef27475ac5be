import { Breakdown } from './Breakdown.js';
import { ChatFeed } from './ChatFeed.js';
import { ChatStats } from './ChatStats.js';
import { DonationFeed } from './DonationFeed.js';
import { ImportExportPanel } from './ImportExportPanel.js';
import { OverlayLink } from './OverlayLink.js';
import { PaceChart } from './PaceChart.js';
import { PledgeForm } from './PledgeForm.js';
import { PledgeValuesForm } from './PledgeValues.js';
import { RatesEditor } from './RatesEditor.js';
import { SourceList } from './SourceList.js';
import { useDashboard } from './store.js';
import { TiltifyStreamlabsForm } from './TiltifyStreamlabsForms.js';
import { TotalPanel } from './TotalPanel.js';
import { TwitchFeed } from './TwitchFeed.js';
import { TwitchSourceForm } from './TwitchSourceForm.js';
import { isChatSource } from './chat/platforms.js';
import { YouTubeSourceForm } from './youtube/YouTubeSourceForm.js';
import { WebhookSourceForm } from './WebhookSourceForm.js';
import { XSourceForm } from './sources/XSourceForm.js';

/** The control room: money on the left, donations in the middle, sources and tools on the right. */
export function LiveView() {
  const campaign = useDashboard((s) => s.campaign);
  const role = useDashboard((s) => s.role);
  // Booleans, not the sources: those change at every event they bring, and this view holds every panel.
  const hasChatSource = useDashboard((s) => s.sources.some(isChatSource));
  const hasTwitch = useDashboard((s) => s.sources.some((source) => source.kind === 'twitch'));
  // Viewers receive no sources: chat shows for them once the last hours have any.
  const viewerSawChat = useDashboard((s) => s.role === 'viewer' && [...s.minutes.values()].some((p) => p.messages > 0));
  if (!campaign) return null;
  const isOwner = role === 'owner';
  const isViewer = role === 'viewer';
  const canEnterPledges = !isViewer;
  const hasChat = viewerSawChat || hasChatSource;

  return (
    <div className="columns">
      <section className="column money" aria-label="Money raised">
        <TotalPanel />
        <PaceChart />
        {hasChat && <ChatStats />}
        {!isViewer && <Breakdown />}
        {canEnterPledges && <ImportExportPanel canImport={isOwner} />}
        {!isViewer && <RatesEditor canEdit={isOwner} />}
      </section>
      <section className="column feed-column" aria-label="Donations">
        <DonationFeed />
        {hasTwitch && !isViewer && <TwitchFeed />}
        {hasChat && <ChatFeed />}
      </section>
      {isViewer ? (
        // Viewers have no sources or tools: the breakdown and rates fill the third column.
        <section className="column tools" aria-label="Where the money comes from">
          <Breakdown />
          <RatesEditor canEdit={false} />
        </section>
      ) : (
        <section className="column tools" aria-label="Sources and tools">
          <PledgeForm campaignCurrency={campaign.currency} />
          <SourceList />
          {isOwner && <TwitchSourceForm />}
          {isOwner && <YouTubeSourceForm />}
          {isOwner && <WebhookSourceForm />}
          {isOwner && <TiltifyStreamlabsForm />}
          {isOwner && <XSourceForm />}
          {isOwner && <PledgeValuesForm key={campaign.currency} campaign={campaign} />}
          {isOwner && <OverlayLink />}
        </section>
      )}
    </div>
  );
}
