import { useEffect, useState } from 'react';
import type { MeView } from '../../../shared/views.js';
import { callApi } from '../../lib/api.js';

let asked: Promise<MeView> | null = null;

/** Who the token in use belongs to (asked once per page): the workflow compares it with who flagged. */
export function useMe(): MeView | null {
  const [me, setMe] = useState<MeView | null>(null);
  useEffect(() => {
    let live = true;
    asked ??= callApi('GET /api/me');
    asked.then((value) => live && setMe(value)).catch(() => {
      asked = null;
    });
    return () => {
      live = false;
    };
  }, []);
  return me;
}
