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
  readonly _output?: O;
}

/** `method<Output>()({ … })`: the output type is named explicitly, the input type comes from the schema. */
export function method<O>() {
  return <I extends z.ZodType>(spec: Omit<MethodSpec<I, O>, '_output'>): MethodSpec<I, O> => spec;
}
