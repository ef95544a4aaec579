/** Quantities are kept as integer thousandths of a unit (1.5 盒 → 1500), like money is kept in fen. */
export function qtyToMilli(qty: number): number | null {
  if (!Number.isFinite(qty) || qty <= 0) return null;
  const match = /^(\d{1,9})(?:\.(\d{1,3}))?$/.exec(String(qty));
  if (!match) return null;
  return Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
}

/** 1500 → "1.5"; for people and for the engine's decimal quantities. */
export function formatQty(milli: number): string {
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  const whole = Math.floor(abs / 1000);
  const rest = abs % 1000;
  return rest === 0 ? `${sign}${whole}` : `${sign}${whole}.${String(rest).padStart(3, '0').replace(/0+$/, '')}`;
}
