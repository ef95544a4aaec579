import type { MethodName, OutputOf, ParsedInputOf } from '../../shared/api/contract';
import type { Role } from '../../shared/roles';

/** Who is calling and through what: a page (ipc, http, with a session), the CLI, a test, or the app itself. */
export interface CallContext {
  /** How the call arrived: a page on this PC (ipc, http), a paired terminal over the LAN (lan), or trusted code. */
  transport: 'ipc' | 'http' | 'lan' | 'cli' | 'test' | 'system';
  operator: string;
  role: Role | null;
  /** The session token the page sent, for sign-out. */
  token?: string | undefined;
  /**
   * The window the call comes from: a paired terminal's counter number and id on the hospital server.
   * Absent for this PC's own calls, whose counter is the one in its settings.
   */
  counterId?: string | undefined;
  terminalId?: number | undefined;
  /**
   * The call is a paired terminal's own background service (its print worker), with no operator: set only
   * by the LAN server after the terminal's credential checked out. Such a call may run the methods the
   * contract marks `terminalService`, and nothing else.
   */
  terminalService?: true | undefined;
}

/** Where a page call comes from when it is not this PC: the terminal the LAN link has checked. */
export interface CallOrigin {
  terminalId: number;
  counterId: string;
  /** The terminal's own service calling (no session): see CallContext.terminalService. */
  service?: true;
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
