/**
 * One-stop settlement (一站式结算), format `township-policy/1` — the public API.
 *
 *   const input = parseSettleInput(json);   // throws SettlementInputError naming the field
 *   const s = settle(input);                // pure, integer fen
 *   toSpecOutput(s);                        // exactly the spec's output object
 *   formatTrace(s.trace);                   // numbered Chinese lines (counter settle --explain)
 */
import { AMOUNT_FIELDS, type SettlementAmounts, type Settlement, type Ytd } from './types';

export * from './types';
export { parsePolicy, parseSettleInput, parseSettleInputFor, SettlementInputError, type InputIssue } from './validate';
export { settle, lineAmount, type SettleOptions } from './engine';
export { ytdFromMoves, applyMoves, negateMoves, movesFromYtd, compactYtd, reverseAmounts } from './accumulators';
export { formatTrace, TRACE_TITLES, type TraceStep, type TraceStepKind } from './trace';

export type SpecOutput = SettlementAmounts & { ytd_after: Ytd };

/** The spec's output object: the 14 amounts in the spec's field order, then `ytd_after`. */
export function toSpecOutput(s: Settlement): SpecOutput {
  const out = {} as SettlementAmounts;
  for (const field of AMOUNT_FIELDS) out[field] = s[field];
  return { ...out, ytd_after: s.ytd_after };
}
