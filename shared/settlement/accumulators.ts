/**
 * Year-to-date accumulators as a ledger: a settlement's `moves` are rows `{ account, delta }` and a
 * person's year-to-date is the sum of their rows. A refund (退费) stores the negated rows, so the sum returns
 * exactly to what it was and settling the same bill again gives the same result.
 *
 * Account keys: `deductiblePaid:<insuredType/medType/level>`, `pools:<pool>:eligible|paid`,
 * `seriousIllness:base|paid`, `assistance:paid|deductibleMet`.
 */
import { addFen, negFen, ZERO_FEN, type Fen } from '../money';
import { AMOUNT_FIELDS, type SettlementAmounts, type Ytd, type YtdMove } from './types';

function addMove(ytd: Ytd, move: YtdMove): void {
  const { account, delta } = move;
  const colon = account.indexOf(':');
  const kind = colon < 0 ? account : account.slice(0, colon);
  const rest = account.slice(colon + 1);
  if (kind === 'deductiblePaid' && colon > 0 && rest !== '') {
    const paid = (ytd.deductiblePaid ??= {});
    paid[rest] = addFen(paid[rest] ?? ZERO_FEN, delta);
    return;
  }
  if (kind === 'pools') {
    // The pool name may itself contain ':'; the field is always the last segment.
    const last = rest.lastIndexOf(':');
    const pool = rest.slice(0, last);
    const field = rest.slice(last + 1);
    if (last > 0 && (field === 'eligible' || field === 'paid')) {
      const counters = ((ytd.pools ??= {})[pool] ??= {});
      counters[field] = addFen(counters[field] ?? ZERO_FEN, delta);
      return;
    }
  }
  if (kind === 'seriousIllness' && (rest === 'base' || rest === 'paid')) {
    const si = (ytd.seriousIllness ??= {});
    si[rest] = addFen(si[rest] ?? ZERO_FEN, delta);
    return;
  }
  if (kind === 'assistance' && (rest === 'paid' || rest === 'deductibleMet')) {
    const a = (ytd.assistance ??= {});
    a[rest] = addFen(a[rest] ?? ZERO_FEN, delta);
    return;
  }
  throw new Error(`未知的累计账户「${account}」`);
}

function copy(ytd: Ytd): Ytd {
  const out: Ytd = {};
  if (ytd.deductiblePaid) out.deductiblePaid = { ...ytd.deductiblePaid };
  if (ytd.pools) out.pools = Object.fromEntries(Object.entries(ytd.pools).map(([k, v]) => [k, { ...v }]));
  if (ytd.seriousIllness) out.seriousIllness = { ...ytd.seriousIllness };
  if (ytd.assistance) out.assistance = { ...ytd.assistance };
  return out;
}

/** The year-to-date a list of movement rows sums to (the ledger's view; no rows = all zero = `{}`). */
export function ytdFromMoves(moves: readonly YtdMove[]): Ytd {
  const ytd: Ytd = {};
  for (const move of moves) addMove(ytd, move);
  return ytd;
}

/** A new ytd with the moves added; the input is not modified. */
export function applyMoves(ytd: Ytd, moves: readonly YtdMove[]): Ytd {
  const out = copy(ytd);
  for (const move of moves) addMove(out, move);
  return out;
}

/** The rows that undo `moves` (for a refund). */
export function negateMoves(moves: readonly YtdMove[]): YtdMove[] {
  return moves.map((m) => ({ account: m.account, delta: negFen(m.delta) }));
}

/**
 * The opening rows of a ytd (e.g. accumulators imported from the platform's 5206 query), so that
 * `ytdFromMoves([...movesFromYtd(ytd), ...settlement.moves])` equals `settlement.ytd_after`.
 */
export function movesFromYtd(ytd: Ytd): YtdMove[] {
  const moves: YtdMove[] = [];
  for (const [key, delta] of Object.entries(ytd.deductiblePaid ?? {})) moves.push({ account: `deductiblePaid:${key}`, delta });
  for (const [pool, c] of Object.entries(ytd.pools ?? {})) {
    if (c.eligible !== undefined) moves.push({ account: `pools:${pool}:eligible`, delta: c.eligible });
    if (c.paid !== undefined) moves.push({ account: `pools:${pool}:paid`, delta: c.paid });
  }
  // An empty `{}` entry has no rows to carry it; it means the same as a missing entry (all zero).
  const si = ytd.seriousIllness;
  if (si?.base !== undefined) moves.push({ account: 'seriousIllness:base', delta: si.base });
  if (si?.paid !== undefined) moves.push({ account: 'seriousIllness:paid', delta: si.paid });
  const a = ytd.assistance;
  if (a?.paid !== undefined) moves.push({ account: 'assistance:paid', delta: a.paid });
  if (a?.deductibleMet !== undefined) moves.push({ account: 'assistance:deductibleMet', delta: a.deductibleMet });
  return moves;
}

/**
 * The ytd without zero counters and empty entries. A missing key counts as zero, so two ytds mean the same
 * exactly when their compact forms are deep-equal (a refund leaves touched keys at 0, for instance).
 */
export function compactYtd(ytd: Ytd): Ytd {
  const out: Ytd = {};
  const nonZero = <T extends Record<string, number | undefined>>(o: T): Partial<T> | undefined => {
    const kept = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== 0)) as Partial<T>;
    return Object.keys(kept).length > 0 ? kept : undefined;
  };
  const deductiblePaid = ytd.deductiblePaid && nonZero(ytd.deductiblePaid);
  if (deductiblePaid) out.deductiblePaid = deductiblePaid as Record<string, Fen>;
  const pools: NonNullable<Ytd['pools']> = {};
  for (const [pool, c] of Object.entries(ytd.pools ?? {})) {
    const kept = nonZero(c);
    if (kept) pools[pool] = kept;
  }
  if (Object.keys(pools).length > 0) out.pools = pools;
  const si = ytd.seriousIllness && nonZero(ytd.seriousIllness);
  if (si) out.seriousIllness = si;
  const a = ytd.assistance && nonZero(ytd.assistance);
  if (a) out.assistance = a;
  return out;
}

/** The exact negation of every amount, for a refund (退费) of a whole settlement. */
export function reverseAmounts(s: SettlementAmounts): SettlementAmounts {
  const out = {} as Record<keyof SettlementAmounts, Fen>;
  for (const field of AMOUNT_FIELDS) out[field] = negFen(s[field]);
  return out;
}
