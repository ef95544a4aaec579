/**
 * The renderer's typed API client (shared/api/client.ts), in process: calls go straight into an app's
 * dispatcher (validation, authorisation, read-only refusal and error mapping all still apply), as the test
 * operator unless another CallContext is given.
 *
 *   const client = inProcessClient(app);
 *   const [person] = await client['people.find']({ query: '刘建国' });   // typed input and output
 *
 * A refused call rejects with the ApiError the page would get (`code`, Chinese `message`, `details`). Tests
 * that assert on the refusal itself use `envelopeCaller`, which returns the raw `{ ok, result | error }`;
 * tests that send deliberately malformed input call `app.dispatch` directly (it takes `unknown`).
 */
import type { Dispatch } from '../../electron/api/dispatcher';
import type { CallContext } from '../../electron/api/handlers';
import { createClient, type ApiClient, type Transport } from '../../shared/api/client';
import { isMethodName, type InputOf, type MethodName, type OutputOf } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/errors';
import { TEST_CONTEXT } from './temp-app';

export type { ApiClient } from '../../shared/api/client';

/** Anything with the app's dispatcher: a CounterApp, openDemoApp()'s result, a child process's app. */
export interface Dispatching {
  dispatch: Dispatch;
}

/** The app itself, or a getter for tests that open a fresh app per test (`inProcessClient(() => app)`). */
export type AppRef = Dispatching | (() => Dispatching);

const resolve = (app: AppRef): Dispatching => (typeof app === 'function' ? app() : app);

/** The in-process Transport: one call into the dispatcher under `context`; the session token is not used. */
export function inProcessTransport(app: AppRef, context: CallContext = TEST_CONTEXT): Transport {
  return (method, input) => resolve(app).dispatch(method, input, context);
}

/**
 * The typed client over `app.dispatch`. Only the contract's method names are properties, so the client can be
 * awaited, returned from an async function or printed by a failing assertion without turning `then` or
 * `toJSON` into API calls.
 */
export function inProcessClient(app: AppRef, context: CallContext = TEST_CONTEXT): ApiClient {
  const client = createClient(inProcessTransport(app, context));
  return new Proxy(client, { get: (target, name) => (isMethodName(name) ? target[name] : undefined) });
}

/** One call's raw envelope, typed by the contract: `{ ok: true, result: OutputOf<M> } | { ok: false, error }`. */
export type EnvelopeCaller = <M extends MethodName>(
  method: M,
  ...args: Record<string, never> extends InputOf<M> ? [input?: InputOf<M>] : [input: InputOf<M>]
) => Promise<Envelope<OutputOf<M>>>;

/** The typed escape hatch for tests that inspect a refused call's `{ ok: false, error: { code, message, details } }`. */
export function envelopeCaller(app: AppRef, context: CallContext = TEST_CONTEXT): EnvelopeCaller {
  const transport = inProcessTransport(app, context);
  return async <M extends MethodName>(method: M, input: unknown = {}) =>
    (await transport(method, input, null)) as Envelope<OutputOf<M>>;
}
