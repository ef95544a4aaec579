import type { BillRequest } from '../../shared/ledger';

/** Demo roster ids (resources/demo/people.json order). */
export const PEOPLE = { liuJianguo: 1, wangXiuying: 2, liDeming: 3, zhangGuilan: 4, chenZhiqiang: 5, sunLihua: 10 } as const;

export const OUTPATIENT_VISIT = { medType: 'outpatient', level: 'township' } as const;
export const INPATIENT_VISIT = { medType: 'inpatient', level: 'township' } as const;

/** An outpatient visit a township cashier sees every day: consultation, a drug, a test. */
export function outpatientBill(personId: number = PEOPLE.liuJianguo): BillRequest {
  return {
    personId,
    visit: OUTPATIENT_VISIT,
    lines: [
      { itemCode: 'FW0001', qty: 1 },
      { itemCode: 'XY0001', qty: 2 },
      { itemCode: 'FW0003', qty: 1 },
      { itemCode: 'XY0013', qty: 1 },
    ],
    useAccount: false,
  };
}

/** A five-day township admission: bed days (over the cap price), drips, drugs, materials, self-pay items. */
export function inpatientBill(personId: number = PEOPLE.wangXiuying): BillRequest {
  return {
    personId,
    visit: INPATIENT_VISIT,
    lines: [
      { itemCode: 'FW0002', qty: 5 },
      { itemCode: 'XY0017', qty: 10 },
      { itemCode: 'FW0007', qty: 10 },
      { itemCode: 'HC0001', qty: 10 },
      { itemCode: 'XY0002', qty: 2 },
      { itemCode: 'FW0003', qty: 2 },
      { itemCode: 'XY0022', qty: 1 },
      { itemCode: 'FW0010', qty: 1 },
    ],
    useAccount: false,
  };
}

/** One ward day's charges for an inpatient: bed, drip, nursing, a drug. */
export const WARD_DAY_CHARGES = [
  { itemCode: 'FW0002', qty: 1 },
  { itemCode: 'XY0017', qty: 2 },
  { itemCode: 'FW0007', qty: 2 },
  { itemCode: 'XY0002', qty: 1 },
] as const;
