import type { ApiClient } from '../../shared/api/client';
import type { PrintJob, PrinterJob } from '../../shared/printing';
import type { PaperWidth } from '../devices/printer/receipt-layout';
import type { PrintQueue } from './print-queue';

/** The ESC/POS bytes of a job on this paper, marked 重打 with the count when `reprints` > 0 (wired in electron/app). */
export type RenderJob = (job: PrintJob, paper: PaperWidth, reprints: number) => Buffer;

/** A job ready for the printer: its bytes, or why its receipt could not be rendered. */
export interface SourcedJob {
  job: PrintJob;
  /** 0: the original; n: the bytes are marked 重打（第 n 次）. */
  reprint: number;
  bytes: Buffer | { unrenderable: string };
}

/**
 * Where a print worker gets its counter's jobs and tells what its printer did: the local queue on this
 * PC (standalone, or the hospital server's own counter), or the hospital server over the API for a
 * terminal's printer. Calls may fail (a terminal that lost the server); the worker then prints nothing
 * more until its outcomes are told.
 */
export interface PrintJobSource {
  /** The counter's jobs its printer has not confirmed, oldest first, at most `limit`, rendered for `paper`. */
  pending(paper: PaperWidth, limit: number): Promise<SourcedJob[]>;
  /** The printer reported success. Telling it twice records it once. */
  markPrinted(jobId: number): Promise<void>;
  /** The printer failed; `partial`: bytes were sent, so part of the receipt may be on paper (next print: 重打). */
  markFailed(jobId: number, reason: string, partial: boolean): Promise<void>;
}

/** How many times a job's paper says 重打: its copy number, or once after an attempt that may have left half a receipt. */
export function reprintsOf(job: PrintJob): number {
  return job.copy > 0 ? job.copy : job.partlyPrinted ? 1 : 0;
}

/** Renders jobs for a printer's paper; a job whose receipt cannot be rendered carries the reason instead. */
export function renderJobs(jobs: readonly PrintJob[], paper: PaperWidth, render: RenderJob): SourcedJob[] {
  return jobs.map((job) => {
    const reprint = reprintsOf(job);
    try {
      return { job, reprint, bytes: render(job, paper, reprint) };
    } catch (error) {
      return { job, reprint, bytes: { unrenderable: (error as Error).message } };
    }
  });
}

/** A counter's pending jobs as print.jobsForPrinter hands them to that counter's printer: bytes in base64. */
export function printerJobs(queue: PrintQueue, counterId: string, paper: PaperWidth, limit: number, render: RenderJob): PrinterJob[] {
  return renderJobs(queue.pending(counterId, limit), paper, render).map(({ job, reprint, bytes }) =>
    Buffer.isBuffer(bytes)
      ? { job, reprint, bytes: bytes.toString('base64'), error: null }
      : { job, reprint, bytes: null, error: bytes.unrenderable },
  );
}

/** The jobs of this PC's counter in its own database (today's standalone behaviour, and the server's own window). */
export class LocalPrintJobSource implements PrintJobSource {
  constructor(
    private readonly queue: PrintQueue,
    private readonly render: RenderJob,
    /** The counter this printer prints for: this PC's (settings), read each pass. */
    private readonly counterId: () => string,
    private readonly now: () => Date,
  ) {}

  pending(paper: PaperWidth, limit: number): Promise<SourcedJob[]> {
    return Promise.resolve(renderJobs(this.queue.pending(this.counterId(), limit), paper, this.render));
  }

  markPrinted(jobId: number): Promise<void> {
    this.queue.markPrinted(jobId, this.now().toISOString());
    return Promise.resolve();
  }

  markFailed(jobId: number, reason: string, partial: boolean): Promise<void> {
    this.queue.markFailed(jobId, reason, this.now().toISOString(), partial);
    return Promise.resolve();
  }
}

/** What a terminal's printer needs of the hospital server's API. */
export type PrintApi = Pick<ApiClient, 'print.jobsForPrinter' | 'print.report'>;

/**
 * A terminal's counter's jobs on the hospital server, through the API contract (print.jobsForPrinter and
 * print.report over the terminal's link): the server renders each receipt from its ledger and decides
 * which counter the caller is; this side only prints bytes and reports.
 */
export class RemotePrintJobSource implements PrintJobSource {
  constructor(private readonly api: PrintApi) {}

  async pending(paper: PaperWidth, limit: number): Promise<SourcedJob[]> {
    const jobs = await this.api['print.jobsForPrinter']({ paper, limit });
    return jobs.map(({ job, reprint, bytes, error }) => ({
      job,
      reprint,
      bytes: bytes === null ? { unrenderable: error ?? '服务器未给出票据内容' } : Buffer.from(bytes, 'base64'),
    }));
  }

  async markPrinted(jobId: number): Promise<void> {
    await this.api['print.report']({ jobId, outcome: 'printed' });
  }

  async markFailed(jobId: number, reason: string, partial: boolean): Promise<void> {
    await this.api['print.report']({ jobId, outcome: 'failed', reason: reason.slice(0, 200), partial });
  }
}
