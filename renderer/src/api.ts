import { createClient, type Transport } from '../../shared/api/client';
import type { Envelope } from '../../shared/api/errors';
import { BRIDGE_KEY, HTTP_API_PREFIX, SESSION_HEADER, type CounterBridge } from '../../shared/api/transport';

/** In Electron the preload's bridge carries calls over IPC; in a browser they go to the Node host. */
function pickTransport(): Transport {
  const bridge = (window as unknown as Record<string, CounterBridge | undefined>)[BRIDGE_KEY];
  if (bridge) return async (method, input, token) => (await bridge.call(method, input, token)) as Envelope;
  return async (method, input, token) => {
    try {
      const response = await fetch(`${HTTP_API_PREFIX}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { [SESSION_HEADER]: token } : {}) },
        body: JSON.stringify(input ?? {}),
      });
      return (await response.json()) as Envelope;
    } catch {
      return { ok: false, error: { code: 'UNAVAILABLE', message: '无法连接收费台服务，请确认程序仍在运行' } };
    }
  };
}

/** The signed-in session, in memory only: closing or reloading the page signs out. */
export const session: { token: string | null } = { token: null };

export const api = createClient(pickTransport(), session);
