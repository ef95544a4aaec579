import { describe, expect, it } from 'vitest';
import { formatYuan, mulRatio, parseRatioBp, parseYuan, sumFen, MoneyFormatError } from '../../shared/money';

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
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(7)).toBe('0.07');
    expect(formatYuan(123456)).toBe('1,234.56');
    expect(formatYuan(-305, { sign: true })).toBe('-￥3.05');
    expect(formatYuan(123456789, { grouping: false })).toBe('1234567.89');
    for (const fen of [0, 1, 99, 100, 101, 123456, 99999999999, -42]) expect(parseYuan(formatYuan(fen))).toBe(fen);
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
    expect(mulRatio(5, 5000)).toBe(3); // 2.5 → 3
    expect(mulRatio(3, 5000)).toBe(2); // 1.5 → 2
    expect(mulRatio(1, 4999)).toBe(0);
    expect(mulRatio(100_000_000_000, 10000)).toBe(100_000_000_000);
    expect(sumFen([1, 2, 3])).toBe(6);
  });
});
