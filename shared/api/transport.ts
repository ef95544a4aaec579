/** The single IPC channel the preload forwards calls on, and the HTTP prefix the Node host serves. */
export const IPC_CHANNEL = 'counter:call';
export const HTTP_API_PREFIX = '/api/';

/** What the preload exposes on `window` (contextBridge): one function, nothing else from Node. */
export interface CounterBridge {
  call(method: string, input: unknown): Promise<unknown>;
}
export const BRIDGE_KEY = 'counterBridge';
