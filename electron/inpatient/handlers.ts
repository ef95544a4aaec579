import type { HandlerSlice, MethodsOf } from '../api/handlers';
import type { InpatientService } from './inpatient-service';

export function inpatientHandlers(inpatient: InpatientService): HandlerSlice<MethodsOf<'inpatient'>> {
  return {
    'inpatient.admit': (input, context) => inpatient.admit(input, context),
    'inpatient.list': () => inpatient.list(),
    'inpatient.deposit': (input, context) => inpatient.deposit(input, context),
    'inpatient.charge': (input, context) => inpatient.charge(input, context),
    'inpatient.cancelCharge': (input, context) => inpatient.cancelCharge(input, context),
    'inpatient.statement': ({ admissionId }) => inpatient.statement(admissionId),
    'inpatient.previewDischarge': (input) => inpatient.previewDischarge(input),
    'inpatient.discharge': (input, context) => inpatient.discharge(input, context),
  };
}
