import type { SourceConnector } from './connectors.js';
import { streamElementsConnector } from './streamelements/connector.js';
import { streamlabsConnector } from './streamlabs/connector.js';
import { tiltifyConnector } from './tiltify/connector.js';
import { twitchConnector } from './twitch/connector.js';
import { twitchCharityConnector } from './twitch-eventsub/connector.js';
import { youtubeConnector } from './youtube/connector.js';
import { xConnector } from './x/connector.js';

/**
 * The platforms the owner can connect, besides the generic signed webhook (always there).
 * A new platform adds its connector here.
 */
export const PLATFORM_CONNECTORS: SourceConnector[] = [twitchConnector(), tiltifyConnector(), streamlabsConnector(),
  streamElementsConnector(), twitchCharityConnector(), youtubeConnector(), xConnector()];
