import { useEffect, useState } from 'react';
import type { OverlayInfo } from '../../../shared/views.js';
import { callApi, failureMessage } from '../../lib/api.js';

/** The overlay key and widget URLs (owner only), read once; `set` takes a rotated key's answer. */
export function useOverlayInfo(): { info: OverlayInfo | null; error: string | null; set(info: OverlayInfo): void; fail(error: unknown): void } {
  const [info, setInfo] = useState<OverlayInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    callApi('GET /api/overlay')
      .then((answer) => current && setInfo(answer))
      .catch((failure: unknown) => current && setError(failureMessage(failure)));
    return () => {
      current = false;
    };
  }, []);
  return {
    info,
    error,
    set: (next) => {
      setError(null);
      setInfo(next);
    },
    fail: (failure) => setError(failureMessage(failure)),
  };
}
