import { useCallback, useEffect, useState } from 'react';

export interface CallState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** Runs an API call when its inputs change and keeps the Chinese error message for the screen. */
export function useApiCall<T>(call: () => Promise<T>, deps: readonly unknown[]): CallState<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stableCall = useCallback(call, deps);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    stableCall().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState({ data: null, error: (error as Error).message, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [stableCall, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}
