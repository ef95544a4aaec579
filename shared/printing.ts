export type PrintKind = 'settlement' | 'deposit' | 'shift' | 'daily';

export interface PrintJob {
  id: number;
  kind: PrintKind;
  refId: number;
  /** For a 'daily' slip: the sheet's query (a shift, or a date and counter). */
  payload: unknown;
  /** 0 = original; n = the n-th reprint, printed marked 重打. */
  copy: number;
  createdAt: string;
  attempts: number;
  /** Why the last attempt failed (缺纸, 纸仓盖打开 …), for the cashier to fix. */
  lastError: string | null;
  /** An earlier attempt may have left part of the receipt on paper: the next one prints marked 重打. */
  partlyPrinted: boolean;
}
