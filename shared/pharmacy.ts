import type { EssentialStatus } from './domain';
import type { Fen } from './money';

export type StockMoveKind = 'purchase' | 'sale' | 'return' | 'gain' | 'loss' | 'destroy';
export const STOCK_MOVE_NAMES: Record<StockMoveKind, string> = {
  purchase: '采购入库',
  sale: '销售出库',
  return: '退药入库',
  gain: '盘盈',
  loss: '盘亏',
  destroy: '报损销毁',
};

export interface PharmacySettings {
  /** Markup on non-essential drugs, parts per ten thousand (default 0: zero markup for all drugs). */
  drugMarkupBp: number;
  /** The district's compensating margin for zero markup (default 15%). */
  compensationMarginBp: number;
  /** The loss allowance deducted from the compensation basis (default 5%). */
  lossAllowanceBp: number;
  /** Batches expiring within this many days are flagged (default 90). */
  nearExpiryDays: number;
}

export interface StockInLine {
  itemCode: string;
  batchNo: string;
  expiryDate: string;
  qty: number;
  purchasePrice: Fen;
  /** Optional; when given it must equal what the pricing rule gives (zero markup for essential drugs). */
  salePrice?: Fen | undefined;
}

export interface StockInRequest {
  supplier: string;
  invoiceNo: string;
  receivedOn: string;
  lines: StockInLine[];
}

export interface BatchStock {
  batchId: number;
  itemCode: string;
  itemName: string;
  spec: string;
  unit: string;
  essential: EssentialStatus;
  batchNo: string;
  expiryDate: string;
  purchasePrice: Fen;
  salePrice: Fen;
  balanceMilli: number;
  expired: boolean;
  daysToExpiry: number;
}

export interface StockInResult {
  receiptId: number;
  batches: BatchStock[];
}

export interface StockLedgerEntry {
  id: number;
  at: string;
  businessDate: string;
  batchId: number;
  batchNo: string;
  kind: StockMoveKind;
  qtyMilli: number;
  /** Balance of the batch after this movement: the running sum, never a stored number. */
  balanceMilli: number;
  reference: string;
  operator: string;
}

export interface DispensingLine {
  itemCode: string;
  name: string;
  spec: string;
  unit: string;
  batchId: number;
  batchNo: string;
  expiryDate: string;
  qtyMilli: number;
}

export interface DispensingQueueEntry {
  settlementId: number;
  receiptNo: string;
  settledAt: string;
  personName: string;
  lines: DispensingLine[];
}

export interface DispensingRecord {
  settlementId: number;
  receiptNo: string;
  dispensedAt: string;
  operator: string;
  lines: DispensingLine[];
}

export interface StocktakeCount {
  batchId: number;
  countedQty: number;
  reason?: string | undefined;
}

export interface StocktakeResult {
  stocktakeId: number;
  takenOn: string;
  lines: { batchId: number; itemName: string; batchNo: string; bookMilli: number; countedMilli: number; varianceMilli: number; reason: string | null }[];
}
