/**
 * How figures read on screen, on paper and in PDFs: percentages, changes, days and the monthly indicators,
 * with one wording everywhere. Pure TypeScript without zod, so the renderer imports it as it is.
 */
import { fen, formatYuan } from './money';
import type { IndicatorKind } from './reports-daily';

export { formatRatio } from './money';
export { groupName, groupNames } from './settlement/groups';

/** Parts per ten thousand with two decimals, by integer arithmetic: 1234 → "12.34%", -50 → "-0.50%"; null → "—". */
export function formatBp(bp: number | null): string {
  if (bp === null) return '—';
  const abs = Math.abs(bp);
  return `${bp < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}

/** A change in parts per ten thousand with its sign: "+12.34%", "-0.50%", "0.00%". */
export function formatChangeBp(bp: number | null): string {
  if (bp === null) return '—';
  return `${bp > 0 ? '+' : ''}${formatBp(bp)}`;
}

/** A difference of two ratios: "+0.56 个百分点". */
export function formatPointsBp(bp: number | null): string {
  if (bp === null) return '—';
  return `${bp > 0 ? '+' : ''}${formatBp(bp).replace('%', '')} 个百分点`;
}

/** Hundredths of a day: 725 → "7.25", -50 → "-0.50". */
export function formatCentiDays(centi: number | null): string {
  if (centi === null) return '—';
  const abs = Math.abs(centi);
  return `${centi < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** An indicator's value as its kind says: 人次 as a count, money in yuan, ratios as percentages, days to 0.01. */
export function formatIndicator(kind: IndicatorKind, value: number | null): string {
  if (value === null) return '—';
  switch (kind) {
    case 'count':
      return String(value);
    case 'amount':
      return formatYuan(fen(value)); // an amount indicator is whole fen (次均费用 is rounded to the fen)
    case 'ratio':
      return formatBp(value);
    case 'days':
      return formatCentiDays(value);
  }
}

/** Ratios change by percentage points, the rest by growth over last month. */
export function formatIndicatorChange(kind: IndicatorKind, change: number | null): string {
  return kind === 'ratio' ? formatPointsBp(change) : formatChangeBp(change);
}
