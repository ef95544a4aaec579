import type { EssentialStatus } from '../../shared/domain';
import { lineAmount } from '../../shared/settlement';
import { addFen, formatRatio, formatYuan, mulRatio, negFen, RATIO_ONE, sumFen, ZERO_FEN, type Fen } from '../../shared/money';
import type { PharmacyReport, PriceListEntry, StocktakeMonthReport } from '../../shared/reports';
import type { Repositories } from '../db/repositories';
import type { Db } from '../db/open';
import { prepared } from '../db/statements';
import type { StockService } from '../pharmacy/stock-service';

interface BatchFigures {
  batch_id: number;
  item_code: string;
  name: string;
  spec: string;
  unit: string;
  essential: EssentialStatus;
  batch_no: string;
  purchase_price: Fen;
  sale_price: Fen;
  opening: number;
  purchased: number;
  sold: number;
  returned: number;
  gained: number;
  lost: number;
  closing: number;
}

/** Per batch: the period's movements by kind, the balance before it and after it, all as sums of rows. */
const BATCH_FIGURES = `
  SELECT b.id AS batch_id, b.item_code, c.name, c.spec, c.unit, c.essential, b.batch_no, b.purchase_price, b.sale_price,
         coalesce(sum(CASE WHEN m.business_date < :from THEN m.qty_milli END), 0) AS opening,
         coalesce(sum(CASE WHEN m.business_date BETWEEN :from AND :to AND m.kind = 'purchase' THEN m.qty_milli END), 0) AS purchased,
         coalesce(-sum(CASE WHEN m.business_date BETWEEN :from AND :to AND m.kind = 'sale' THEN m.qty_milli END), 0) AS sold,
         coalesce(sum(CASE WHEN m.business_date BETWEEN :from AND :to AND m.kind = 'return' THEN m.qty_milli END), 0) AS returned,
         coalesce(sum(CASE WHEN m.business_date BETWEEN :from AND :to AND m.kind = 'gain' THEN m.qty_milli END), 0) AS gained,
         coalesce(-sum(CASE WHEN m.business_date BETWEEN :from AND :to AND m.kind IN ('loss', 'destroy') THEN m.qty_milli END), 0) AS lost,
         coalesce(sum(CASE WHEN m.business_date <= :to THEN m.qty_milli END), 0) AS closing
    FROM stock_batches b
    JOIN catalogue_items c ON c.code = b.item_code
    JOIN stock_moves m ON m.batch_id = b.id
   GROUP BY b.id
  HAVING opening <> 0 OR closing <> 0 OR purchased <> 0 OR sold <> 0 OR returned <> 0 OR gained <> 0 OR lost <> 0
   ORDER BY c.code, b.expiry_date, b.id`;

/** Share in parts per ten thousand, rounded half up; 0 when there is nothing to share. */
function shareBp(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.floor((part * RATIO_ONE * 2 + whole) / (whole * 2));
}

/** The figures the district and the finance bureau ask a township pharmacy for. */
export class PharmacyReports {
  constructor(
    private readonly db: Db,
    private readonly repos: Repositories,
    private readonly stock: StockService,
  ) {}

  private figures(from: string, to: string): BatchFigures[] {
    return prepared(this.db, BATCH_FIGURES).all({ from, to }) as BatchFigures[];
  }

  pharmacy(from: string, to: string): PharmacyReport {
    const items = new Map<string, PharmacyReport['items'][number]>();
    for (const f of this.figures(from, to)) {
      const entry = items.get(f.item_code) ?? {
        itemCode: f.item_code,
        name: f.name,
        spec: f.spec,
        unit: f.unit,
        essential: f.essential,
        purchasedMilli: 0,
        purchaseAmount: ZERO_FEN,
        soldMilli: 0,
        salesAmount: ZERO_FEN,
        salesCost: ZERO_FEN,
        closingMilli: 0,
        closingCost: ZERO_FEN,
      };
      const netSold = f.sold - f.returned;
      entry.purchasedMilli += f.purchased;
      entry.purchaseAmount = addFen(entry.purchaseAmount, lineAmount(f.purchase_price, f.purchased));
      entry.soldMilli += netSold;
      entry.salesAmount = addFen(entry.salesAmount, signedAmount(f.sale_price, netSold));
      entry.salesCost = addFen(entry.salesCost, signedAmount(f.purchase_price, netSold));
      entry.closingMilli += f.closing;
      entry.closingCost = addFen(entry.closingCost, lineAmount(f.purchase_price, f.closing));
      items.set(f.item_code, entry);
    }
    const list = [...items.values()];
    const sum = (pick: (i: (typeof list)[number]) => Fen, filter = (_i: (typeof list)[number]) => true) => sumFen(list.filter(filter).map(pick));
    const essential = (i: (typeof list)[number]) => i.essential !== 'none';

    const { compensationMarginBp: marginBp, lossAllowanceBp } = this.repos.settings.pharmacy();
    const essentialPurchaseAmount = sum((i) => i.purchaseAmount, essential);
    const allowed = mulRatio(essentialPurchaseAmount, RATIO_ONE - lossAllowanceBp);
    const compensation = mulRatio(allowed, marginBp);
    const essentialSalesAmount = sum((i) => i.salesAmount, essential);
    const drugSalesAmount = sum((i) => i.salesAmount);
    const used = list.filter((i) => i.soldMilli > 0);

    return {
      from,
      to,
      items: list,
      totals: {
        purchaseAmount: sum((i) => i.purchaseAmount),
        salesAmount: drugSalesAmount,
        salesCost: sum((i) => i.salesCost),
        closingCost: sum((i) => i.closingCost),
      },
      compensation: {
        essentialPurchaseAmount,
        marginBp,
        lossAllowanceBp,
        amount: compensation,
        formula:
          `基本药物采购金额 ${formatYuan(essentialPurchaseAmount)} 元 × (1 − 合理损耗 ${formatRatio(lossAllowanceBp)}) = ${formatYuan(allowed)} 元；` +
          `× 补助比例 ${formatRatio(marginBp)} = ${formatYuan(compensation)} 元`,
      },
      essentialShare: {
        essentialSalesAmount,
        drugSalesAmount,
        byAmountBp: shareBp(essentialSalesAmount, drugSalesAmount),
        essentialItemsUsed: used.filter(essential).length,
        drugItemsUsed: used.length,
        byItemCountBp: shareBp(used.filter(essential).length, used.length),
      },
    };
  }

  /** 价格公示 from the same data the bill uses: a posted price is the charged price. */
  priceList(): PriceListEntry[] {
    return this.repos.catalogue.all().map((item) => {
      const notes: string[] = [];
      if (item.insurerCode === null) notes.push('未对码，仅可自费');
      if (item.essential !== 'none') notes.push('零差率销售');
      if (!item.stocked) return { ...pick(item), price: item.price, otherPrices: [], note: notes.join('；') };
      const prices = [
        ...new Set(this.stock.batchesOf(item.code).filter((b) => !b.expired && b.balanceMilli > 0).map((b) => b.salePrice)),
      ];
      if (prices.length === 0) notes.unshift('暂无库存');
      return { ...pick(item), price: prices[0] ?? null, otherPrices: prices.slice(1), note: notes.join('；') };
    });
  }

  stocktakeMonth(month: string): StocktakeMonthReport {
    const from = `${month}-01`;
    const to = lastDayOf(month);
    const counts = new Map(
      (
        prepared(
          this.db,
          `SELECT c.batch_id, c.book_milli, c.counted_milli,
                  coalesce((SELECT sum(m.qty_milli) FROM stock_moves m WHERE m.stocktake_id = c.stocktake_id AND m.batch_id = c.batch_id), 0) AS variance
             FROM stocktake_counts c JOIN stocktakes t ON t.id = c.stocktake_id
            WHERE t.taken_on BETWEEN ? AND ?
            ORDER BY c.stocktake_id`,
        ).all(from, to) as { batch_id: number; book_milli: number; counted_milli: number; variance: number }[]
      ).map((c) => [c.batch_id, c]),
    );
    const rows = this.figures(from, to).map((f) => {
      const count = counts.get(f.batch_id);
      const fromKinds = f.opening + f.purchased - f.sold + f.returned + f.gained - f.lost;
      const countAgrees = count === undefined || count.book_milli + count.variance === count.counted_milli;
      return {
        itemCode: f.item_code,
        name: f.name,
        batchNo: f.batch_no,
        unit: f.unit,
        openingMilli: f.opening,
        purchasedMilli: f.purchased,
        soldMilli: f.sold,
        returnedMilli: f.returned,
        gainMilli: f.gained,
        lossMilli: f.lost,
        closingMilli: f.closing,
        countedMilli: count?.counted_milli ?? null,
        balanced: fromKinds === f.closing && countAgrees,
      };
    });
    return { month, rows, balanced: rows.every((r) => r.balanced) };
  }
}

/** Amount of a signed quantity: returns can outnumber sales in a period. */
function signedAmount(price: Fen, qtyMilli: number): Fen {
  return qtyMilli < 0 ? negFen(lineAmount(price, -qtyMilli)) : lineAmount(price, qtyMilli);
}

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

function pick(item: ReturnType<Repositories['catalogue']['all']>[number]) {
  return {
    code: item.code,
    name: item.name,
    kind: item.kind,
    spec: item.spec,
    unit: item.unit,
    chargeClass: item.chargeClass,
    essential: item.essential,
    insurerCode: item.insurerCode,
  };
}
