import type { DeviceService } from '../devices/device-service';
import type { PrintQueue } from '../printing/print-queue';
import { PrintWorker } from '../printing/print-worker';
import { jobBytes, type PrintServices } from './receipt-for';

/** The print worker and the timer that keeps it working the queue while the app runs. */
export interface Printing {
  worker: PrintWorker;
  /** Drains the queue every `everyMs` from now on (the app and the host: every 3 s). */
  start(everyMs: number): void;
  stop(): void;
}

/**
 * Wires the queue to the printer the device service holds, rendering each job from the ledger at print
 * time. It lives here, in the composition root, because a receipt reads the services that queued it:
 * printing itself depends on none of them, and the devices know nothing of receipts.
 */
export function createPrinting(prints: PrintQueue, devices: DeviceService, services: PrintServices, now: () => Date): Printing {
  const worker = new PrintWorker(
    prints,
    (job, paper, reprints) => jobBytes(job, paper, reprints, services),
    () => devices.currentPrinter(),
    () => devices.settings().printer?.paper ?? 80,
    now,
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
