import { useCallback, useEffect, useEffectEvent, useState } from 'react';

export interface QueryState<T> {
  /** The result for the current key (undefined while loading or after an error). */
  data: T | undefined;
  /** The latest result for any key: lets tables keep showing rows while the next page loads. */
  latest: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data for a key (null: nothing to load) and reloads when the key changes.
 * Results of stale requests are dropped.
 */
export function useQuery<T>(key: string | null, fetcher: () => Promise<T>): QueryState<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: unknown } | null>(null);
  const [nonce, setNonce] = useState(0);
  const run = useEffectEvent(fetcher);

  useEffect(() => {
    if (key === null) return;
    let live = true;
    run().then(
      (data) => {
        if (live) setState({ key, data });
      },
      (error: unknown) => {
        if (live) setState({ key, error });
      },
    );
    return () => {
      live = false;
    };
  }, [key, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const current = state !== null && state.key === key ? state : null;
  return {
    data: current?.data,
    latest: state?.data,
    error: current?.error,
    loading: key !== null && current === null,
    reload,
  };
}
