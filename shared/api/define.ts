import type { z } from 'zod';
import type { Role } from '../roles';

/**
 * One API method: its input schema (checked in the main process, never trusted from the page), its output
 * type, who may call it and whether it changes data. The output exists only as a type (`_output`).
 */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  summary: string;
  input: I;
  roles: readonly Role[];
  mutates: boolean;
  /** Callable before signing in (sign-in itself, the title bar). Everything else needs a session. */
  public?: boolean;
  /**
   * Where the call runs when the page is at a paired terminal (issue 13): absent, wherever the ledger is (the
   * hospital server; the one PC when standalone); 'terminal', on the window's own PC (its devices, its print
   * worker, its link). `electron/lan/routing.ts` reads this and nothing else.
   */
  runsOn?: 'terminal';
  /**
   * A paired terminal's own background service (its print worker) may call this on the hospital server
   * with the terminal's credential alone, no operator signed in. Pages still need a session for it.
   */
  terminalService?: boolean;
  readonly _output?: O;
}

/** `method<Output>()({ … })`: the output type is named explicitly, the input type comes from the schema. */
export function method<O>() {
  return <I extends z.ZodType>(spec: Omit<MethodSpec<I, O>, '_output'>): MethodSpec<I, O> => spec;
}
