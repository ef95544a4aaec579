import { api } from '../../api';
import { messageOf } from '../../kit';

export interface PrinterOutcome {
  ok: boolean;
  text: string;
}

/**
 * Asks the main process to print the queued receipts now (the receipt printer). The money is already
 * booked and the job is in the queue, so this only informs: what the printer did, in a sentence, or null
 * when there was nothing to print. F11 stays the fallback (the system printer).
 */
export function drainReceipts(): Promise<PrinterOutcome | null> {
  return api['print.drain']().then(
    (report) => {
      const failed = report.failed[0];
      if (failed) return { ok: false, text: `收据打印机未打印：${failed.reason}。收据已留在打印队列，可按 F11 用本机打印机打印` };
      return report.printed.length > 0 ? { ok: true, text: `收据打印机已打印 ${report.printed.length} 张` } : null;
    },
    (error: unknown) => ({ ok: false, text: `收据打印机：${messageOf(error)}（可按 F11 用本机打印机打印）` }),
  );
}
