import type { ChargeClass, EssentialStatus, ItemKind } from './domain';
import type { Fen } from './money';

export interface CatalogueImportReport {
  dryRun: boolean;
  added: { code: string; name: string }[];
  changed: { code: string; name: string; fields: string[] }[];
  unchanged: number;
  refused: { row: number; code: string | null; reasons: string[] }[];
}

/** 药品进销存 over a period, with the zero-markup compensation basis the district asks for. */
export interface PharmacyReport {
  from: string;
  to: string;
  /** Per drug: purchases in, sales out (net of returns), stock at the end; quantities in thousandths. */
  items: {
    itemCode: string;
    name: string;
    spec: string;
    unit: string;
    essential: EssentialStatus;
    purchasedMilli: number;
    purchaseAmount: Fen;
    soldMilli: number;
    salesAmount: Fen;
    /** What the sold units cost (zero markup: equal to sales for essential drugs). */
    salesCost: Fen;
    closingMilli: number;
    closingCost: Fen;
  }[];
  totals: { purchaseAmount: Fen; salesAmount: Fen; salesCost: Fen; closingCost: Fen };
  compensation: {
    /** Essential drugs bought in the period, at purchase price. */
    essentialPurchaseAmount: Fen;
    marginBp: number;
    lossAllowanceBp: number;
    /** essentialPurchaseAmount × (1 − lossAllowance) × margin, rounded half up per step. */
    amount: Fen;
    formula: string;
  };
  essentialShare: {
    essentialSalesAmount: Fen;
    drugSalesAmount: Fen;
    /** Parts per ten thousand. */
    byAmountBp: number;
    essentialItemsUsed: number;
    drugItemsUsed: number;
    byItemCountBp: number;
  };
}

export interface PriceListEntry {
  code: string;
  name: string;
  kind: ItemKind;
  spec: string;
  unit: string;
  chargeClass: ChargeClass;
  essential: EssentialStatus;
  insurerCode: string | null;
  /** What a bill charges now: the catalogue price, or for a stocked drug the FEFO batch's sale price. */
  price: Fen | null;
  /** Batch prices when a drug is in stock at more than one price. */
  otherPrices: Fen[];
  note: string;
}

/** 月度盘点表: per batch, opening + movements = closing book = counted (三帐相符). */
export interface StocktakeMonthReport {
  month: string;
  rows: {
    itemCode: string;
    name: string;
    batchNo: string;
    unit: string;
    openingMilli: number;
    purchasedMilli: number;
    soldMilli: number;
    returnedMilli: number;
    gainMilli: number;
    lossMilli: number;
    closingMilli: number;
    /** The last count in the month, if the batch was counted. */
    countedMilli: number | null;
    balanced: boolean;
  }[];
  balanced: boolean;
}
