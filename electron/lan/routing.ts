import { z } from 'zod';
import { api, METHOD_NAMES, type MethodName } from '../../shared/api/contract';

/** Where a call from a terminal's page runs: on the window's own PC, or on the hospital server. */
export type Place = 'terminal' | 'server';

/**
 * The routing table of a paired terminal (issue 13), read from the contract and nowhere else: a method
 * whose spec says `runsOn: 'terminal'` (the devices plugged into this PC, its print worker, its link) runs
 * on the terminal; every other method runs where the ledger is, the hospital server.
 */
export function placeOf(method: MethodName): Place {
  return (api[method] as { runsOn?: 'terminal' }).runsOn === 'terminal' ? 'terminal' : 'server';
}

/** The methods a terminal answers itself, in contract order. */
export const TERMINAL_METHODS: readonly MethodName[] = METHOD_NAMES.filter((m) => placeOf(m) === 'terminal');

/**
 * A call the terminal refuses at once while the server is unreachable: it changes the ledger (`mutates`,
 * and runs on the server). Sign-in and sign-out are public and change no money; they are simply tried.
 */
export function isLedgerWrite(method: MethodName): boolean {
  const spec = api[method] as { mutates: boolean; public?: boolean };
  return placeOf(method) === 'server' && spec.mutates && !spec.public;
}

/**
 * Methods whose input carries a `clientRequestId` the server deduplicates by (settlements, refunds, deposits,
 * admissions, charges, discharges): the same request sent again gives the one result, so a terminal may
 * send it again when the answer was lost. Read from the input schemas.
 */
export const IDEMPOTENT_METHODS: ReadonlySet<MethodName> = new Set(
  METHOD_NAMES.filter((m) => {
    const input = api[m].input as z.ZodType;
    return api[m].mutates && input instanceof z.ZodObject && 'clientRequestId' in input.shape;
  }),
);

/** The call may be sent again after a lost answer: an idempotent method, with its request id in the input. */
export function mayResend(method: MethodName, input: unknown): boolean {
  if (!IDEMPOTENT_METHODS.has(method)) return false;
  const id = (input as { clientRequestId?: unknown } | null)?.clientRequestId;
  return typeof id === 'string' && id.length > 0;
}
