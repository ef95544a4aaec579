export type PrintKind = 'settlement' | 'deposit' | 'shift' | 'daily';

export interface PrintJob {
  id: number;
  kind: PrintKind;
  refId: number;
  /** For a 'daily' slip: the sheet's query (a shift, or a date and counter). */
  payload: unknown;
  /** 0 = original; n = the n-th reprint, printed marked 重打. */
  copy: number;
  /** The counter whose printer prints it: the one that took the money, or that asked for the 重打 or slip. */
  counterId: string;
  createdAt: string;
  attempts: number;
  /** Why the last attempt failed (缺纸, 纸仓盖打开 …), for the cashier to fix. */
  lastError: string | null;
  /** An earlier attempt may have left part of the receipt on paper: the next one prints marked 重打. */
  partlyPrinted: boolean;
}

/**
 * A job as a counter's printer receives it from the hospital server (print.jobsForPrinter): the ESC/POS
 * bytes rendered on the server for that printer's paper, already marked 重打 when `reprint` > 0.
 */
export interface PrinterJob {
  job: PrintJob;
  /** 0: the original; n: printed marked 重打（第 n 次） (a numbered copy, or after a half-printed attempt). */
  reprint: number;
  /** Base64 of the ESC/POS bytes, or null when the receipt could not be rendered (`error` says why). */
  bytes: string | null;
  error: string | null;
}
