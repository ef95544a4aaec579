import type { HandlerSlice, MethodsOf } from '../api/handlers';
import type { StockService } from './stock-service';

/** Stock by batch, dispensing and stocktake; the pharmacy's settings are written by electron/system. */
export function pharmacyHandlers(stock: StockService): HandlerSlice<Exclude<MethodsOf<'pharmacy'>, 'pharmacy.updateSettings'>> {
  return {
    'pharmacy.settings': () => stock.settings(),
    'pharmacy.stockIn': (input, context) => stock.stockIn(input, context),
    'pharmacy.batches': ({ itemCode }) => stock.batchesOf(itemCode),
    'pharmacy.ledger': ({ itemCode }) => stock.ledger(itemCode),
    'pharmacy.stockList': () => stock.inStock(),
    'pharmacy.nearExpiry': ({ days }) => stock.nearExpiry(days),
    'pharmacy.dispensingQueue': () => stock.dispensingQueue(),
    'pharmacy.dispense': ({ settlementId }, context) => stock.dispense(settlementId, context),
    'pharmacy.stocktake': (input, context) => stock.stocktake(input, context),
  };
}
