import { OVERLAY_PATH_PREFIX, OVERLAY_WIDGETS } from '../../shared/contract.js';
import type { OverlayInfo } from '../../shared/views.js';
import { type ApiRouter, HttpError } from '../server/http.js';
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
  api.on('GET /api/overlay/alerts', () => services.alerts.settings());
  api.on('PUT /api/overlay/alerts', ({ body, caller }) => {
    const updated = services.alerts.update(body, caller, services.campaign()?.currency ?? null, (id) => services.sounds.has(id));
    if (!updated.ok) throw new HttpError(422, 'bad_alert_tiers', updated.error);
    return updated.value;
  });
  api.on('GET /api/overlay/sounds', () => ({ sounds: services.sounds.list() }));
  api.on('POST /api/overlay/sounds', ({ body, caller }) => {
    const uploaded = services.sounds.upload(body.name, body.data, caller);
    if (!uploaded.ok) throw new HttpError(422, 'bad_sound_file', uploaded.error);
    return { sound: uploaded.value };
  });
  api.on('DELETE /api/overlay/sounds/:id', ({ params, caller }) => {
    const removed = services.sounds.remove(params.id ?? '', caller);
    if (removed === null) throw new HttpError(404, 'not_found', 'no uploaded sound has this id');
    if (!removed.ok) throw new HttpError(409, 'sound_in_use', removed.error);
    return { removed: removed.value };
  });
  api.on('POST /api/overlay/test-alert', ({ body, caller }) => {
    const tiers = services.alerts.settings().tiers.length;
    const tier = body?.tier ?? 0;
    if (tier > 0 && tier >= tiers) throw new HttpError(422, 'no_tier', `there is no tier ${tier + 1}: ${tiers} ${tiers === 1 ? 'is' : 'are'} set`);
    services.audit.record(caller, { kind: 'settings', id: 'test_alert', label: 'Test alert' }, 'test_alert', { to: tiers > 0 ? `tier ${tier + 1}` : 'no tiers' });
    services.hub.testAlert(tier);
    return { sent: true as const };
  });
}
