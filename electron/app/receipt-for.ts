import type { PrintJob } from '../../shared/printing';
import type { DailySheetQuery } from '../../shared/reports-daily';
import { encodeReceipt, renderReceipt, type PaperWidth } from '../devices/printer/receipt-layout';
import type { DailySheetReports } from '../reports/daily-sheet';
import type { Repositories } from '../db/repositories';
import type { ReceiptModel } from '../devices/printer/receipt-model';
import type { InpatientService } from '../inpatient/inpatient-service';
import type { SettlementService } from '../settlement/settlement-service';
import type { ShiftService } from '../shifts/shift-service';
import { depositReceipt, settlementReceipt, shiftReceipt } from '../printing/receipt-models';

export type PrintServices = {
  repos: Repositories;
  settlements: SettlementService;
  inpatient: InpatientService;
  shifts: ShiftService;
  dailySheets: DailySheetReports;
};

/** The bytes a queued job prints: receipts from the ledger at print time, or the 日结单 slip's lines. */
export function jobBytes(job: PrintJob, paper: PaperWidth, reprints: number, services: PrintServices): Buffer {
  if (job.kind === 'daily') {
    const lines = services.dailySheets.slip({ ...(job.payload as DailySheetQuery), paper });
    const marked = reprints > 0 ? [`** 重打（第 ${reprints} 次）**`, ...lines] : lines;
    // encodeReceipt ends every job with its own feed and cut.
    return encodeReceipt(marked.map((text) => ({ kind: 'text' as const, text, align: 'left' as const })));
  }
  const model = receiptFor(job, services);
  return renderReceipt(reprints > 0 ? { ...model, reprint: { count: reprints } } : model, paper);
}

/** The paper a queued receipt prints, read from the ledger at print time. */
export function receiptFor(job: PrintJob, services: PrintServices): ReceiptModel {
  const { repos } = services;
  const hospital = repos.settings.get('hospitalName');
  switch (job.kind) {
    case 'settlement': {
      const record = services.settlements.get(job.refId);
      const person = repos.people.get(record.person.id)!;
      const units = new Map([...repos.catalogue.getMany(record.lines.map((l) => l.itemCode)).values()].map((i) => [i.code, i.unit]));
      return settlementReceipt(record, { hospital, insuredType: person.insuredType, units });
    }
    case 'deposit': {
      const deposit = services.inpatient.receipt(job.refId);
      const admission = services.inpatient.repo.admission(deposit.admissionId)!;
      return depositReceipt(deposit, { hospital, patient: admission.personName, counterId: repos.settings.get('counterId') });
    }
    case 'shift':
      return shiftReceipt(services.shifts.summary(job.refId), hospital);
    case 'daily':
      throw new Error('日结单简式不是票据，由 jobBytes 排版');
  }
}
