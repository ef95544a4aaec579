import { formatDepositNo } from '../../shared/inpatient';
import { formatReceiptNo } from '../../shared/ledger';
import type { ReceiptRun, ReceiptSeries } from '../../shared/reports-daily';

/** The rule every 日结单 states beside its receipt numbers (the PDF's 票据号 section and its notes). */
export const NO_VOID_NOTE =
  '票据号按收费台连续编号，本系统不作废任何票据号：退费另开新票据号，并注明所冲销的原票据号；号段中如有缺号即属异常，须查明原因。';

/** Rows of (counter, number), ordered by counter then number, as each counter's list of numbers. */
export function groupByCounter(rows: { counter: string; no: number }[]): [string, number[]][] {
  const groups = new Map<string, number[]>();
  for (const { counter, no } of rows) {
    const list = groups.get(counter);
    if (list) list.push(no);
    else groups.set(counter, [no]);
  }
  return [...groups];
}

/**
 * The numbers a sheet used at one counter as runs, and what lies between: numbers held by other rows of
 * the ledger (another shift) or by none (a gap — an error, since numbers are taken as max + 1). The span
 * checked starts right after the counter's previous number, so a gap just before the sheet shows too.
 */
export function receiptSeries(
  counterId: string,
  series: 'settlement' | 'deposit',
  numbers: readonly number[],
  ledger: { before: (first: number) => number | null; between: (lo: number, hi: number) => number[] },
): ReceiptSeries {
  const format = (n: number) => (series === 'settlement' ? formatReceiptNo(counterId, n) : formatDepositNo(counterId, n));
  const run = (first: number, last: number): ReceiptRun => ({ first, last, firstNo: format(first), lastNo: format(last), count: last - first + 1 });
  const runs: ReceiptRun[] = [];
  for (const n of numbers) {
    const current = runs[runs.length - 1];
    if (current && n === current.last + 1) runs[runs.length - 1] = run(current.first, n);
    else if (!current || n > current.last) runs.push(run(n, n));
  }
  const first = runs[0]?.first ?? 1;
  const previous = first > 1 ? (ledger.before(first) ?? 0) : 0;
  const from = previous + 1;
  const holes: [number, number][] = [];
  if (from < first) holes.push([from, first - 1]);
  for (let i = 1; i < runs.length; i++) holes.push([runs[i - 1]!.last + 1, runs[i]!.first - 1]);

  const gaps: ReceiptRun[] = [];
  const elsewhere: ReceiptRun[] = [];
  for (const [lo, hi] of holes) {
    const held = new Set(ledger.between(lo, hi));
    let start = lo;
    for (let n = lo; n <= hi + 1; n++) {
      const boundary = n > hi || held.has(n) !== held.has(start);
      if (!boundary) continue;
      (held.has(start) ? elsewhere : gaps).push(run(start, n - 1));
      start = n;
    }
  }
  return {
    counterId,
    series,
    label: series === 'settlement' ? '收费票据' : '预交金收据',
    count: numbers.length,
    runs,
    gaps,
    elsewhere,
  };
}
