import { OVERLAY_PATH_PREFIX, OVERLAY_WIDGETS } from '../../shared/contract.js';
import type { OverlayInfo } from '../../shared/views.js';
import type { ApiRouter } from '../server/http.js';
import type { Services } from '../services.js';

export function overlayInfo(services: Services): OverlayInfo {
  const key = services.auth.currentOverlayKey;
  return {
    key,
    widgets: OVERLAY_WIDGETS.map((name) => ({
      name,
      url: `${services.baseUrl()}${OVERLAY_PATH_PREFIX}${name}?key=${encodeURIComponent(key)}`,
    })),
  };
}

export function overlayRoutes(api: ApiRouter, services: Services, onRotated: () => void): void {
  api.on('GET /api/overlay', () => overlayInfo(services));
  api.on('POST /api/overlay/rotate-key', ({ caller }) => {
    services.auth.rotateOverlayKey();
    services.audit.record(caller, { kind: 'settings', id: 'overlay_key', label: 'Overlay key' }, 'rotated');
    onRotated();
    return overlayInfo(services);
  });
}
