import { describe, expect, it } from 'vitest';
import {
  absFen,
  addFen,
  fen,
  formatYuan,
  maxFen,
  minFen,
  mulRatio,
  negFen,
  parseRatioBp,
  parseYuan,
  subFen,
  sumFen,
  timesFen,
  MoneyFormatError,
  ZERO_FEN,
  type Fen,
} from '../../shared/money';

describe('money', () => {
  it('parses yuan typed by a person into integer fen', () => {
    expect(parseYuan('12')).toBe(1200);
    expect(parseYuan('12.5')).toBe(1250);
    expect(parseYuan(' 0.07 ')).toBe(7);
    expect(parseYuan('1,234.56')).toBe(123456);
    expect(parseYuan('￥8.00')).toBe(800);
    expect(parseYuan('-3.05')).toBe(-305);
    expect(parseYuan('19.99元')).toBe(1999);
  });

  it('refuses amounts it would have to round or guess, naming the field', () => {
    expect(() => parseYuan('1.234', '实收金额')).toThrow(/实收金额格式不正确/);
    expect(() => parseYuan('abc')).toThrow(MoneyFormatError);
    expect(() => parseYuan('')).toThrow(MoneyFormatError);
    expect(() => parseYuan('1e5')).toThrow(MoneyFormatError);
    expect(() => parseYuan('12.')).toThrow(MoneyFormatError);
  });

  it('formats fen as yuan for people, and round-trips', () => {
    expect(formatYuan(fen(0))).toBe('0.00');
    expect(formatYuan(fen(7))).toBe('0.07');
    expect(formatYuan(fen(123456))).toBe('1,234.56');
    expect(formatYuan(fen(-305), { sign: true })).toBe('-￥3.05');
    expect(formatYuan(fen(123456789), { grouping: false })).toBe('1234567.89');
    for (const amount of [0, 1, 99, 100, 101, 123456, 99999999999, -42]) expect(parseYuan(formatYuan(fen(amount)))).toBe(amount);
  });

  it('parses ratios exactly into parts per ten thousand', () => {
    expect(parseRatioBp(0.8)).toBe(8000);
    expect(parseRatioBp(0.1234)).toBe(1234);
    expect(parseRatioBp(1)).toBe(10000);
    expect(parseRatioBp('0.05')).toBe(500);
    expect(parseRatioBp(0.12345)).toBeNull();
    expect(parseRatioBp(-0.1)).toBeNull();
    expect(parseRatioBp(1e-7)).toBeNull();
  });

  it('multiplies with round half up as the policy spec defines', () => {
    expect(mulRatio(fen(5), 5000)).toBe(3); // 2.5 → 3
    expect(mulRatio(fen(3), 5000)).toBe(2); // 1.5 → 2
    expect(mulRatio(fen(1), 4999)).toBe(0);
    expect(mulRatio(fen(100_000_000_000), 10000)).toBe(100_000_000_000);
    expect(sumFen([1, 2, 3].map((n) => fen(n)))).toBe(6);
  });

  it('keeps fen fen: a plain number is not Fen until fen() checks it, and the arithmetic keeps the brand', () => {
    // @ts-expect-error -- the brand is required: a yuan float (or any plain number) is not an amount in fen.
    const notFen: Fen = 12.5;
    expect(() => fen(notFen)).toThrow(MoneyFormatError);
    const [a, b] = [fen(1250), fen(300)];
    expect(addFen(a, b, ZERO_FEN, fen(50))).toBe(1600);
    expect(subFen(b, a)).toBe(-950);
    expect(Object.is(negFen(ZERO_FEN), 0)).toBe(true); // never -0
    expect(negFen(a)).toBe(-1250);
    expect([minFen(a, b), maxFen(a, b), absFen(fen(-7))]).toEqual([300, 1250, 7]);
    expect(timesFen(b, 3)).toBe(900);
    expect(() => timesFen(b, 0.5)).toThrow(MoneyFormatError);
  });
});
