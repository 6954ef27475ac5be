import type { SourceConnector } from './connectors.js';

/**
 * The platforms the owner can connect, besides the generic signed webhook (always there).
 * A new platform adds its connector here.
 */
export const PLATFORM_CONNECTORS: SourceConnector[] = [];
