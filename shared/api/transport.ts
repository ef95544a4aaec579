/** The single IPC channel the preload forwards calls on, and the HTTP prefix the Node host serves. */
export const IPC_CHANNEL = 'counter:call';
export const HTTP_API_PREFIX = '/api/';
/** The header that carries the session token over HTTP (IPC passes it as the call's third argument). */
export const SESSION_HEADER = 'x-counter-session';

/** What the preload exposes on `window` (contextBridge): one function, nothing else from Node. */
export interface CounterBridge {
  call(method: string, input: unknown, token: string | null): Promise<unknown>;
}
export const BRIDGE_KEY = 'counterBridge';
