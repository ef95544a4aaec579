import type { MethodName, OutputOf, ParsedInputOf } from '../../shared/api/contract';
import type { Role } from '../../shared/roles';

/** Who is calling and through what: a page (ipc, http, with a session), the CLI, a test, or the app itself. */
export interface CallContext {
  transport: 'ipc' | 'http' | 'cli' | 'test' | 'system';
  operator: string;
  role: Role | null;
  /** The session token the page sent, for sign-out. */
  token?: string | undefined;
}

export type Handler<M extends MethodName> = (
  input: ParsedInputOf<M>,
  context: CallContext,
) => OutputOf<M> | Promise<OutputOf<M>>;

/** One handler per contract method; the compiler refuses an app that leaves a method unimplemented. */
export type Handlers = { [M in MethodName]: Handler<M> };

/** The handlers of some of the methods: one capability's slice, composed into `Handlers` by electron/app. */
export type HandlerSlice<M extends MethodName> = { [K in M]: Handler<K> };

/** The contract's methods in one domain: `MethodsOf<'shift'>` is 'shift.open' | 'shift.current' | … */
export type MethodsOf<P extends string> = Extract<MethodName, `${P}.${string}`>;
