import type { HandlerSlice, MethodsOf } from '../api/handlers';
import type { SettlementService } from './settlement-service';

/** Outpatient settlement, and the year-to-date usage the ledger keeps for each person. */
export function settlementHandlers(settlements: SettlementService): HandlerSlice<MethodsOf<'settlement'> | 'people.usage'> {
  return {
    'settlement.preview': (input) => settlements.preview(input),
    'settlement.settle': (input, context) => settlements.settle(input, context),
    'settlement.refund': (input, context) => settlements.refund(input, context),
    'settlement.get': ({ settlementId }) => settlements.get(settlementId),
    'people.usage': ({ personId }) => settlements.usage(personId),
  };
}
