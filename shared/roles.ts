/** The four kinds of people who use the counter. Login and enforcement build on these names. */
export const ROLES = ['cashier', 'pharmacist', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  cashier: '收费员',
  pharmacist: '药剂员',
  manager: '院长/财务',
  admin: '信息员',
};

export const EVERYONE: readonly Role[] = ROLES;
