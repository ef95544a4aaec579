import { ApiError, type Envelope } from './errors';
import type { InputOf, MethodName, OutputOf } from './contract';

/** Carries one call to the main process and back: IPC in Electron, HTTP in the browser host. */
export type Transport = (method: MethodName, input: unknown, token: string | null) => Promise<Envelope>;

export type ApiClient = {
  [M in MethodName]: (
    ...args: Record<string, never> extends InputOf<M> ? [input?: InputOf<M>] : [input: InputOf<M>]
  ) => Promise<OutputOf<M>>;
};

/**
 * A typed client over any transport; failures are rethrown as ApiError with the Chinese message. It knows
 * the contract only as types, so the page does not bundle the schemas: the main process checks input.
 * `session.token` (set after sign-in) travels with every call.
 */
export function createClient(transport: Transport, session: { token: string | null } = { token: null }): ApiClient {
  return new Proxy({} as ApiClient, {
    get: (_target, name) => async (input: unknown = {}) => {
      const envelope = await transport(name as MethodName, input, session.token);
      if (envelope.ok) return envelope.result;
      throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.details);
    },
  });
}
