import type { Fen } from './money';
import type { Level } from './settlement/types';
import type { SettlementRecord } from './ledger';

export interface Admission {
  id: number;
  personId: number;
  personName: string;
  idNumber: string;
  level: Level;
  ward: string;
  bed: string;
  diagnosis: string;
  admittedOn: string;
  /** Sum of the deposit rows: paid in, less what a discharge used or handed back. */
  depositBalance: Fen;
  /** Sum of the charges so far (cancelled ones net out). */
  chargesTotal: Fen;
  discharged: { settlementId: number; dischargedOn: string } | null;
}

export interface DepositReceipt {
  id: number;
  admissionId: number;
  /** 预交金收据号: counter id, "Y", and a gap-free sequence of its own. */
  receiptNo: string;
  amount: Fen;
  method: string;
  at: string;
  operator: string;
  balanceAfter: Fen;
}

export interface ChargeLine {
  id: number;
  itemCode: string;
  name: string;
  spec: string;
  unit: string;
  qtyMilli: number;
  price: Fen;
  amount: Fen;
  batchNo: string | null;
  /** Set on the reversing row of a cancelled charge. */
  reversesId: number | null;
  reason: string | null;
}

/** 日清单: what the patient was charged, day by day, with deposits against it. */
export interface DailyStatement {
  admission: Admission;
  days: { date: string; lines: ChargeLine[]; total: Fen; runningTotal: Fen }[];
  chargesTotal: Fen;
  depositsPaid: Fen;
  depositBalance: Fen;
}

export interface DischargeResult {
  settlement: SettlementRecord;
  /** Of the patient's cash part, what the deposits covered. */
  depositUsed: Fen;
  /** Deposit balance handed back to the patient. */
  depositRefunded: Fen;
  /** What the patient still pays at the counter. */
  due: Fen;
}

export function formatDepositNo(counterId: string, receiptNo: number): string {
  return `${counterId}-Y${String(receiptNo).padStart(7, '0')}`;
}
