import type { PrintJob } from '../../shared/printing';
import type { Repositories } from '../app/repositories';
import type { ReceiptModel } from '../devices/printer/receipt-model';
import type { InpatientService } from '../inpatient/inpatient-service';
import type { SettlementService } from '../settlement/settlement-service';
import type { ShiftService } from '../shifts/shift-service';
import { depositReceipt, settlementReceipt, shiftReceipt } from './receipt-models';

/** The paper a queued job prints, read from the ledger at print time. */
export function receiptFor(
  job: PrintJob,
  services: { repos: Repositories; settlements: SettlementService; inpatient: InpatientService; shifts: ShiftService },
): ReceiptModel {
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
  }
}
