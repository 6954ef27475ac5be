import { useCallback, useState } from 'react';
import { failureMessage } from './api.js';

/**
 * One API action a form runs: whether it is running, and its failure in plain words.
 * `run` resolves to the action's result, or undefined when it failed (the error is set).
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (failure) {
      setError(failureMessage(failure));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
