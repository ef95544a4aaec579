import { describe, expect, it } from 'vitest';
import { idNumberCheckChar, idNumberFacts, idNumberProblem, isValidIdNumber } from '../../shared/identity';

describe('ID number (GB 11643)', () => {
  it('accepts numbers with the right check character, including X', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('430721195803120018')).toBe(true);
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
  });

  it('explains in Chinese why a number is refused', () => {
    expect(idNumberProblem('430721195803120019')).toMatch(/校验位/);
    expect(idNumberProblem('43072119580312001')).toMatch(/18 位/);
    expect(idNumberProblem('430721195802300012')).toMatch(/出生日期/);
  });

  it('reads birth date and gender from the number', () => {
    expect(idNumberFacts('430721195803120018')).toEqual({ birthDate: '1958-03-12', gender: 'M' });
    expect(idNumberFacts('430721196208050224')).toEqual({ birthDate: '1962-08-05', gender: 'F' });
  });
});
