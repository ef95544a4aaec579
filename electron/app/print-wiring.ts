import type { CallContext } from '../api/handlers';
import type { DeviceService } from '../devices/device-service';
import type { PrintDesk } from '../printing/handlers';
import { LocalPrintJobSource, RemotePrintJobSource, type PrintApi, type PrintJobSource, type RenderJob } from '../printing/print-job-source';
import type { PrintQueue } from '../printing/print-queue';
import { PrintWorker } from '../printing/print-worker';
import { jobBytes, type PrintServices } from './receipt-for';

/** A print worker and the timer that keeps it working its counter's jobs while the app runs. */
export interface PrintLoop {
  worker: PrintWorker;
  /** Drains the jobs every `everyMs` from now on (the app and the host: every 3 s). */
  start(everyMs: number): void;
  stop(): void;
}

/** This PC's printing: its worker, and what the print methods need to serve every counter's printer. */
export type Printing = PrintLoop & PrintDesk;

/**
 * Wires the queue to the printer the device service holds, rendering each job from the ledger at print
 * time. It lives here, in the composition root, because a receipt reads the services that queued it:
 * printing itself depends on none of them, and the devices know nothing of receipts. This PC's worker
 * prints this PC's counter's jobs only; a terminal's printer takes its counter's through
 * print.jobsForPrinter, rendered by the same `render`.
 */
export function createPrinting(prints: PrintQueue, devices: DeviceService, services: PrintServices, now: () => Date): Printing {
  const render: RenderJob = (job, paper, reprints) => jobBytes(job, paper, reprints, services);
  const counterFor = (context: Pick<CallContext, 'counterId'>) => services.repos.settings.counterFor(context);
  const source = new LocalPrintJobSource(prints, render, () => counterFor({}), now);
  return { ...printLoop(source, devices), render, counterFor };
}

/**
 * A terminal's printing (issue 13): its counter's jobs from the hospital server through `api` (a typed
 * client over the terminal's pinned link to the server), printed on the printer plugged into this PC and
 * reported back. The server renders the receipts from its ledger and knows the terminal's counter.
 */
export function createTerminalPrinting(api: PrintApi, devices: DeviceService): PrintLoop {
  return printLoop(new RemotePrintJobSource(api), devices);
}

function printLoop(source: PrintJobSource, devices: DeviceService): PrintLoop {
  const worker = new PrintWorker(
    source,
    () => devices.currentPrinter(),
    () => devices.settings().printer?.paper ?? 80,
  );
  let timer: NodeJS.Timeout | null = null;
  return {
    worker,
    start: (everyMs) => {
      if (timer) clearInterval(timer);
      timer = setInterval(() => void worker.drain(), everyMs);
      timer.unref();
    },
    stop: () => {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
