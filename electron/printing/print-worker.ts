import { ApiError } from '../../shared/api/errors';
import type { PrintResult } from '../devices/printer/printer-driver';
import type { PaperWidth } from '../devices/printer/receipt-layout';
import type { PrintJobSource, SourcedJob } from './print-job-source';
import type { PrintOutcome } from './print-queue';

/** What the worker needs of a printer: one job at a time, failures as results (see PrinterDriver). */
export interface JobPrinter {
  printJob(bytes: Buffer): Promise<PrintResult>;
}

export interface DrainReport {
  printed: number[];
  failed: { jobId: number; reason: string }[];
  /** The source could not be reached or would not take an outcome (a terminal that lost the server). */
  error?: string;
}

/** One request's worth of jobs; a pass asks again while the batches come full. */
const BATCH = 20;

/**
 * Works a counter's print jobs through, oldest first, and stops at the first failure: receipts come out in
 * order, and a printer out of paper is not fed the rest of the queue. A job is marked printed only on the
 * printer's own word; one that may have left half a receipt is printed again marked 重打. The jobs come
 * from a PrintJobSource: this PC's queue, or the hospital server for a terminal's printer. An outcome the
 * source could not take (printed, or half printed) is kept and told first on the next pass, before
 * anything else is printed: a lost answer neither prints a receipt twice nor reprints a half one unmarked
 * (while this process lives; the outcomes owed are kept in memory).
 */
export class PrintWorker {
  private running: Promise<DrainReport> | null = null;
  private owed: { jobId: number; result: PrintOutcome }[] = [];

  constructor(
    private readonly source: PrintJobSource,
    /** The printer to use now, or why there is none (not configured, port would not open …). */
    private readonly printer: () => JobPrinter | { unavailable: string },
    private readonly paper: () => PaperWidth,
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
    try {
      await this.tellOwed();
    } catch (error) {
      return { ...report, error: `打印结果未能报告：${messageOf(error)}` };
    }
    const paper = this.paper();
    for (;;) {
      let batch: SourcedJob[];
      try {
        // Without a printer only the first job is needed, to say on it why it waits.
        batch = await this.source.pending(paper, 'unavailable' in this.printer() ? 1 : BATCH);
      } catch (error) {
        return { ...report, error: `无法取得待打印的收据：${messageOf(error)}` };
      }
      for (const { job, bytes } of batch) {
        if (report.printed.includes(job.id)) {
          // Marked printed but handed out again: never print one receipt twice in a pass.
          return { ...report, error: `打印任务 ${job.id} 已打印，但打印记录未生效` };
        }
        const printer = this.printer();
        let failure: { reason: string; partial: boolean };
        if ('unavailable' in printer) {
          // Recorded on the job, so the cashier sees why the receipt is still waiting.
          failure = { reason: printer.unavailable, partial: false };
        } else if (!Buffer.isBuffer(bytes)) {
          failure = { reason: `票据无法生成：${bytes.unrenderable}`, partial: false };
        } else {
          const result = await printer.printJob(bytes);
          if (result.ok) {
            report.printed.push(job.id);
            const error = await this.tell(job.id, { outcome: 'printed' });
            if (error) return { ...report, error };
            continue;
          }
          failure = { reason: result.reason, partial: result.stage !== 'before' };
        }
        report.failed.push({ jobId: job.id, reason: failure.reason });
        const error = await this.tell(job.id, { outcome: 'failed', ...failure });
        return error ? { ...report, error } : report;
      }
      if (batch.length < BATCH) return report;
    }
  }

  /** Tells the source one outcome; null when it took it, else why not (an outcome that matters is kept for later). */
  private async tell(jobId: number, result: PrintOutcome): Promise<string | null> {
    try {
      await this.send(jobId, result);
      return null;
    } catch (error) {
      // A printed receipt or a half one must reach the ledger; a plain failure is seen again next pass.
      if (!refusedForGood(error) && (result.outcome === 'printed' || result.partial)) this.owed.push({ jobId, result });
      return `打印结果未能报告：${messageOf(error)}`;
    }
  }

  private async tellOwed(): Promise<void> {
    while (this.owed.length > 0) {
      const { jobId, result } = this.owed[0]!;
      try {
        await this.send(jobId, result);
      } catch (error) {
        if (!refusedForGood(error)) throw error;
      }
      this.owed.shift();
    }
  }

  private send(jobId: number, result: PrintOutcome): Promise<void> {
    return result.outcome === 'printed' ? this.source.markPrinted(jobId) : this.source.markFailed(jobId, result.reason, result.partial);
  }
}

/** The source answered that this outcome will never be taken (not this counter's job, no such job): drop it. */
function refusedForGood(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'NOT_FOUND' || error.code === 'CONFLICT' || error.code === 'BAD_INPUT');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
