import { keepPreviousData, QueryClient, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import type { InputOf, MethodName, OutputOf } from '../../../shared/api/contract';
import { api } from '../api';

/**
 * The renderer's call cache (TanStack Query): the same call with the same input, asked by two parts of the
 * page, goes to the main process once; a screen that opens again shows what it had at once and asks again
 * (nothing is trusted stale: staleTime 0). No retries: a refused call is the person's to read, not to repeat.
 * Polling (`refetchInterval`) pauses while the window is hidden and catches up when it shows again.
 */
export const queryClient = new QueryClient({
  // networkMode 'always': the calls go over IPC or loopback, so the browser's idea of being offline (no LAN
  // cable) must never pause them.
  defaultOptions: {
    queries: { retry: false, staleTime: 0, refetchOnWindowFocus: false, networkMode: 'always' },
    mutations: { networkMode: 'always' },
  },
});

export interface CallState<T> {
  data: T | null;
  error: string | null;
  /** True while an answer for the current input is on its way (earlier data may still be shown). */
  loading: boolean;
  reload: () => void;
}

function stateOf<T>(q: { data: T | undefined; error: Error | null; isFetching: boolean; isPlaceholderData: boolean; refetch: () => unknown }): CallState<T> {
  return {
    data: q.data ?? null,
    error: q.error ? q.error.message : null,
    loading: q.isFetching || q.isPlaceholderData,
    reload: () => void q.refetch(),
  };
}

/**
 * One API method's answer for `input`, cached by method and input. `input` null means "nothing to ask yet"
 * (no drug picked). While a new input is asked, the last answer stays on screen (no flicker).
 */
export function useApi<M extends MethodName>(method: M, input: InputOf<M> | null, options: { refetchInterval?: number } = {}): CallState<OutputOf<M>> {
  const q = useQuery({
    queryKey: [method, input],
    queryFn: () => (api[method] as (input: InputOf<M>) => Promise<OutputOf<M>>)(input as InputOf<M>),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    ...(options.refetchInterval ? { refetchInterval: options.refetchInterval } : {}),
  });
  return stateOf<OutputOf<M>>(q);
}

/**
 * A composed call (several methods, or one chosen by the input) that reruns whenever `key` changes. Its
 * cache entry is this component's own, since the key only means something to it.
 */
export function useApiCall<T>(call: () => Promise<T>, key: string): CallState<T> {
  const owner = useId();
  const q = useQuery({ queryKey: ['call', owner, key], queryFn: call, placeholderData: keepPreviousData, gcTime: 0 });
  return stateOf<T>(q);
}
