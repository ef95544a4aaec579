import type { CallContext, HandlerSlice, MethodsOf } from '../api/handlers';
import { printerJobs, type RenderJob } from './print-job-source';
import type { PrintQueue } from './print-queue';
import type { DrainReport } from './print-worker';

/** What the print methods need of the app's printing (electron/app/print-wiring.ts). */
export interface PrintDesk {
  /** This PC's print worker: its own counter's jobs on its own printer. */
  worker: { drain(): Promise<DrainReport> };
  /** A job's ESC/POS bytes, rendered from the ledger. */
  render: RenderJob;
  /** The counter a call works at: the terminal's it came through, else this PC's. */
  counterFor(context: CallContext): string;
}

export function printHandlers(prints: PrintQueue, desk: PrintDesk, now: () => Date): HandlerSlice<MethodsOf<'print'>> {
  return {
    'print.drain': () => desk.worker.drain(),
    'print.pending': (_input, context) => prints.pending(desk.counterFor(context)),
    'print.dailySlip': (input, context) => prints.enqueueDaily(input, context.operator, now().toISOString(), desk.counterFor(context)),
    'print.reprint': ({ kind, refId }, context) => prints.reprint(kind, refId, context.operator, now().toISOString(), desk.counterFor(context)),
    'print.jobsForPrinter': ({ paper, limit }, context) => printerJobs(prints, desk.counterFor(context), paper, limit, desk.render),
    'print.report': (input, context) =>
      prints.report(
        input.jobId,
        desk.counterFor(context),
        input.outcome === 'printed' ? { outcome: 'printed' } : { outcome: 'failed', reason: input.reason, partial: input.partial },
        now().toISOString(),
      ),
  };
}
