/**
 * Money is an integer number of fen (分) everywhere. Yuan exist only in text: parsed from what a person
 * typed, formatted for what a person reads. Nothing else in the code base converts between the two.
 */

/**
 * An integer amount of fen. A plain number at run time; the required brand keeps yuan floats and other
 * plain numbers out at compile time: a number becomes Fen through `fen()` (checked, at the boundaries:
 * parsed input, rows read back), `parseYuan`, or the arithmetic below, which keeps fen fen.
 */
export type Fen = number & { readonly __unit: 'fen' };

/** The largest amount the product accepts anywhere (10¹¹ fen = 10 亿元), far inside exact float integers. */
export const MAX_FEN = 100_000_000_000;

export class MoneyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyFormatError';
  }
}

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value) && Math.abs(value) <= MAX_FEN;
}

/** Asserts an integer fen amount; `what` names the field in the Chinese message. */
export function fen(value: number, what = '金额'): Fen {
  if (!isFen(value)) throw new MoneyFormatError(`${what}必须是整数分，且绝对值不超过 ${MAX_FEN} 分，收到 ${String(value)}`);
  return value;
}

/** No money: the literal `0` is a plain number, not Fen. */
export const ZERO_FEN = 0 as Fen;

// Arithmetic that keeps fen fen. Sums and differences of amounts within MAX_FEN stay exact safe integers, so
// these only restate the type; they are where the brand is re-applied, instead of casts at each call site.

/** a + b (+ c …) */
export function addFen(a: Fen, b: Fen, ...more: Fen[]): Fen {
  let total = a + b;
  for (const amount of more) total += amount;
  return total as Fen;
}

/** a − b */
export function subFen(a: Fen, b: Fen): Fen {
  return (a - b) as Fen;
}

/** −a, never −0 (which deep equality tells from 0): a refund's amounts from those it reverses. */
export function negFen(a: Fen): Fen {
  return (a === 0 ? 0 : -a) as Fen;
}

/** The smaller of two amounts (Math.min). */
export function minFen(a: Fen, b: Fen): Fen {
  return Math.min(a, b) as Fen;
}

/** The larger of two amounts (Math.max). */
export function maxFen(a: Fen, b: Fen): Fen {
  return Math.max(a, b) as Fen;
}

/** |a|: the size of a difference, its sign told in words (长款/短款). */
export function absFen(a: Fen): Fen {
  return Math.abs(a) as Fen;
}

/** An amount taken a whole number of times (`count` an integer: days, copies, items). */
export function timesFen(amount: Fen, count: number): Fen {
  if (!Number.isInteger(count)) throw new MoneyFormatError(`金额只能乘以整数，收到 ${String(count)}`);
  return (amount * count) as Fen;
}

const YUAN_PATTERN = /^(-)?(\d{1,9})(?:\.(\d{1,2}))?$/;

/**
 * Parses a yuan amount typed by a person ("12", "12.5", "12.50", "-3.05", "1,234.56", "￥8") into fen.
 * Refuses anything with more than two decimals instead of rounding it: a cashier's typo must not move money.
 */
export function parseYuan(text: string, what = '金额'): Fen {
  const cleaned = text.trim().replace(/^[￥¥]/, '').replace(/,/g, '').replace(/元$/, '').trim();
  const match = YUAN_PATTERN.exec(cleaned);
  if (!match) {
    throw new MoneyFormatError(`${what}格式不正确：「${text}」，请输入如 12.50 的金额（最多两位小数）`);
  }
  const [, minus, whole, decimals = ''] = match;
  const value = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  return fen(minus ? -value : value, what);
}

/** Formats fen as yuan with two decimals and thousands separators: 123456 → "1,234.56". */
export function formatYuan(amount: Fen, options: { sign?: boolean; grouping?: boolean } = {}): string {
  const { sign = false, grouping = true } = options;
  const abs = amount < 0 ? -amount : amount;
  const cents = abs % 100;
  let whole = String((abs - cents) / 100);
  if (grouping && whole.length > 3) {
    // Hand-rolled grouping: this runs dozens of times per settlement trace, and a regex costs several times more.
    let grouped = whole.slice(0, ((whole.length - 1) % 3) + 1);
    for (let i = grouped.length; i < whole.length; i += 3) grouped += ',' + whole.slice(i, i + 3);
    whole = grouped;
  }
  return `${amount < 0 ? '-' : ''}${sign ? '￥' : ''}${whole}.${cents < 10 ? '0' : ''}${cents}`;
}

/** Sums fen amounts; stays exact because every term is a safe integer well below 2⁵³. */
export function sumFen(amounts: Iterable<Fen>): Fen {
  let total = 0;
  for (const amount of amounts) total += amount;
  return total as Fen;
}

/** A ratio as integer parts per ten thousand (0.8 → 8000), the form every money multiplication takes. */
export type RatioBp = number & { readonly __unit?: 'bp' };

export const RATIO_ONE: RatioBp = 10_000;

/**
 * Parses a decimal ratio with at most four places, from its JSON number or text, into parts per ten
 * thousand without passing through float multiplication. Returns null when the text is not such a ratio.
 */
export function parseRatioBp(value: number | string): RatioBp | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? numberToPlainString(value) : '') : value.trim();
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(text);
  if (!match) return null;
  const whole = match[1] ?? '';
  const decimals = match[2] ?? '';
  if (whole.length > 6) return null;
  return Number(whole) * RATIO_ONE + Number(decimals.padEnd(4, '0'));
}

/** A ratio as a person reads it in a rule, shortest form: 8000 → "80%", 1250 → "12.5%". */
export function formatRatio(ratio: RatioBp): string {
  return `${ratio / 100}%`;
}

/** `mul(amount, r) = floor((amount × r + 5000) / 10000)`: round half up, for amount ≥ 0. */
export function mulRatio(amount: Fen, ratio: RatioBp): Fen {
  return Math.floor((amount * ratio + 5000) / RATIO_ONE) as Fen;
}

function numberToPlainString(value: number): string {
  // Number#toString gives exponent form for tiny values (1e-7); those are never valid ratios anyway.
  const text = String(value);
  return /e/i.test(text) ? '' : text;
}
