import type { EssentialStatus } from '../../shared/domain';
import { addFen, mulRatio, type Fen } from '../../shared/money';

/**
 * The sale price of a batch. Essential drugs (国家基本药物 and 省增补) sell at their purchase price: zero markup,
 * whatever the settings say. Other drugs follow the hospital's markup setting (default zero as well).
 */
export function salePriceFor(essential: EssentialStatus, purchasePrice: Fen, markupBp: number): Fen {
  return essential === 'none' ? addFen(purchasePrice, mulRatio(purchasePrice, markupBp)) : purchasePrice;
}
