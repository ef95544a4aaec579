/**
 * 公民身份号码 (GB 11643-1999): 17 digits and a check character. The social security number on the card
 * is the same string, so this check guards every way a person can be identified at the counter.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Null when valid, otherwise the Chinese reason a cashier can read to the patient. */
export function idNumberProblem(input: string): string | null {
  const id = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为 18 位：17 位数字加 1 位数字或 X';
  const birth = id.slice(6, 14);
  const date = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10).replace(/-/g, '') !== birth) {
    return `身份证号中的出生日期 ${birth} 不是有效日期`;
  }
  if (idNumberCheckChar(id) !== id[17]) return '身份证号校验位不正确，请核对是否输错';
  return null;
}

export function isValidIdNumber(input: string): boolean {
  return idNumberProblem(input) === null;
}

/** Birth date (yyyy-mm-dd) and gender as the number encodes them (17th digit odd = male). */
export function idNumberFacts(id: string): { birthDate: string; gender: 'M' | 'F' } {
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return { birthDate, gender: Number(id[16]) % 2 === 1 ? 'M' : 'F' };
}
