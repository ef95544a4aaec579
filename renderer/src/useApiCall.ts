import { useEffect, useRef, useState } from 'react';

export interface CallState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs an API call whenever `key` changes (the inputs it depends on, as text) and keeps the Chinese error
 * message for the screen. An answer that arrives after the key moved on is dropped.
 */
export function useApiCall<T>(call: () => Promise<T>, key: string): CallState<T> {
  const [state, setState] = useState<{ for: string | null; data: T | null; error: string | null }>({
    for: null,
    data: null,
    error: null,
  });
  const [tick, setTick] = useState(0);
  const latestCall = useRef(call);
  useEffect(() => {
    latestCall.current = call;
  });
  const requestKey = `${key}#${tick}`;
  useEffect(() => {
    let live = true;
    latestCall.current().then(
      (data) => live && setState({ for: requestKey, data, error: null }),
      (error: unknown) => live && setState({ for: requestKey, data: null, error: (error as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [requestKey]);
  return { data: state.data, error: state.error, loading: state.for !== requestKey, reload: () => setTick((t) => t + 1) };
}
