import type { HandlerSlice, MethodsOf } from '../api/handlers';
import type { PrintQueue } from './print-queue';
import type { PrintWorker } from './print-worker';

export function printHandlers(prints: PrintQueue, worker: PrintWorker, now: () => Date): HandlerSlice<MethodsOf<'print'>> {
  return {
    'print.drain': () => worker.drain(),
    'print.pending': () => prints.pending(),
    'print.dailySlip': (input, context) => prints.enqueueDaily(input, context.operator, now().toISOString()),
    'print.reprint': ({ kind, refId }, context) => prints.reprint(kind, refId, context.operator, now().toISOString()),
  };
}
