import { createClient, type Transport } from '../../shared/api/client';
import type { Envelope } from '../../shared/api/errors';
import { BRIDGE_KEY, HTTP_API_PREFIX, type CounterBridge } from '../../shared/api/transport';

/** In Electron the preload's bridge carries calls over IPC; in a browser they go to the Node host. */
function pickTransport(): Transport {
  const bridge = (window as unknown as Record<string, CounterBridge | undefined>)[BRIDGE_KEY];
  if (bridge) return async (method, input) => (await bridge.call(method, input)) as Envelope;
  return async (method, input) => {
    try {
      const response = await fetch(`${HTTP_API_PREFIX}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
      return (await response.json()) as Envelope;
    } catch {
      return { ok: false, error: { code: 'UNAVAILABLE', message: '无法连接收费台服务，请确认程序仍在运行' } };
    }
  };
}

export const api = createClient(pickTransport());
