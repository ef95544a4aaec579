import type { PrintJob } from '../../shared/printing';
import type { PrintResult } from '../devices/printer/printer-driver';
import type { PaperWidth } from '../devices/printer/receipt-layout';
import type { PrintQueue } from './print-queue';

/** What the worker needs of a printer: one job at a time, failures as results (see PrinterDriver). */
export interface JobPrinter {
  printJob(bytes: Buffer): Promise<PrintResult>;
}

export interface DrainReport {
  printed: number[];
  failed: { jobId: number; reason: string }[];
}

/**
 * Works the print queue through, oldest job first, and stops at the first failure: receipts come out in
 * order, and a printer out of paper is not fed the rest of the queue. A job is marked printed only on the
 * printer's own word; one that may have left half a receipt is printed again marked 重打.
 */
export class PrintWorker {
  private running: Promise<DrainReport> | null = null;

  constructor(
    private readonly queue: PrintQueue,
    /** The ESC/POS bytes of a job on this paper, marked 重打 with the count when `reprints` > 0. */
    private readonly render: (job: PrintJob, paper: PaperWidth, reprints: number) => Buffer,
    /** The printer to use now, or why there is none (not configured, port would not open …). */
    private readonly printer: () => JobPrinter | { unavailable: string },
    private readonly paper: () => PaperWidth,
    private readonly now: () => Date,
  ) {}

  /** One pass over the pending jobs; concurrent calls share the pass in progress. */
  drain(): Promise<DrainReport> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<DrainReport> {
    const report: DrainReport = { printed: [], failed: [] };
    for (const job of this.queue.pending()) {
      const printer = this.printer();
      if ('unavailable' in printer) {
        // Recorded on the job, so the cashier sees why the receipt is still waiting.
        this.queue.markFailed(job.id, printer.unavailable, this.now().toISOString());
        report.failed.push({ jobId: job.id, reason: printer.unavailable });
        break;
      }
      const reprints = job.copy > 0 ? job.copy : job.partlyPrinted ? 1 : 0;
      let bytes: Buffer;
      try {
        bytes = this.render(job, this.paper(), reprints);
      } catch (error) {
        const reason = `票据无法生成：${(error as Error).message}`;
        this.queue.markFailed(job.id, reason, this.now().toISOString());
        report.failed.push({ jobId: job.id, reason });
        break;
      }
      const result = await printer.printJob(bytes);
      const at = this.now().toISOString();
      if (result.ok) {
        this.queue.markPrinted(job.id, at);
        report.printed.push(job.id);
      } else {
        this.queue.markFailed(job.id, result.reason, at, result.stage !== 'before');
        report.failed.push({ jobId: job.id, reason: result.reason });
        break;
      }
    }
    return report;
  }
}
