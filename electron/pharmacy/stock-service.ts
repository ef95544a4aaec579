import { ApiError, type FieldIssue } from '../../shared/api/errors';
import type { CatalogueItem } from '../../shared/domain';
import { formatDateTime, localDate } from '../../shared/dates';
import { formatReceiptNo } from '../../shared/ledger';
import { formatYuan, type Fen } from '../../shared/money';
import type {
  BatchStock,
  DispensingQueueEntry,
  DispensingRecord,
  PharmacySettings,
  StockInRequest,
  StockInResult,
  StockLedgerEntry,
  StocktakeCount,
  StocktakeResult,
} from '../../shared/pharmacy';
import { formatQty, qtyToMilli } from '../../shared/quantity';
import type { CallContext } from '../api/handlers';
import type { Repositories } from '../db/repositories';
import { writeAudit } from '../audit/audit-log';
import type { Db } from '../db/open';
import { salePriceFor } from './pricing';
import { StockRepository } from './stock-repository';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One batch's share of a bill line, picked first-expiry-first-out. */
export interface Allocation {
  batchId: number;
  batchNo: string;
  expiryDate: string;
  qtyMilli: number;
  salePrice: number;
}

/**
 * Stock by batch: stock-in, FEFO allocation for bills, dispensing, returns and stocktakes. Every change is a
 * movement row; a batch's balance is the sum of its rows, and the database refuses a negative one.
 */
export class StockService {
  readonly stock: StockRepository;

  constructor(
    private readonly db: Db,
    private readonly repos: Repositories,
    private readonly now: () => Date,
  ) {
    this.stock = new StockRepository(db);
  }

  settings(): PharmacySettings {
    return this.repos.settings.pharmacy();
  }

  stockIn(request: StockInRequest, context: CallContext): StockInResult {
    const issues: FieldIssue[] = [];
    const items = this.repos.catalogue.getMany(request.lines.map((l) => l.itemCode));
    const { drugMarkupBp } = this.settings();
    const today = localDate(this.now());
    if (!DATE.test(request.receivedOn) || Number.isNaN(Date.parse(request.receivedOn))) {
      issues.push({ path: 'receivedOn', message: `入库日期应为 yyyy-mm-dd，收到「${request.receivedOn}」` });
    }
    const lines = request.lines.map((line, index) => {
      const path = `lines[${index}]`;
      const item = items.get(line.itemCode);
      const qtyMilli = qtyToMilli(line.qty);
      if (!item) issues.push({ path: `${path}.itemCode`, message: `目录中没有编码为「${line.itemCode}」的项目` });
      else if (!item.stocked) issues.push({ path: `${path}.itemCode`, message: `「${item.name}」不是库存管理的药品` });
      if (qtyMilli === null) issues.push({ path: `${path}.qty`, message: `数量必须大于 0 且最多三位小数，收到 ${line.qty}` });
      if (!DATE.test(line.expiryDate) || Number.isNaN(Date.parse(line.expiryDate))) {
        issues.push({ path: `${path}.expiryDate`, message: `有效期应为 yyyy-mm-dd，收到「${line.expiryDate}」` });
      } else if (line.expiryDate < today) {
        issues.push({ path: `${path}.expiryDate`, message: `有效期 ${line.expiryDate} 已过，过期药品不能入库` });
      }
      const salePrice = item ? salePriceFor(item.essential, line.purchasePrice, drugMarkupBp) : line.purchasePrice;
      if (item && line.salePrice !== undefined && line.salePrice !== salePrice) {
        issues.push({
          path: `${path}.salePrice`,
          message:
            item.essential === 'none'
              ? `「${item.name}」销售价应为 ${formatYuan(salePrice)} 元（进价 ${formatYuan(line.purchasePrice)} 元按加成规定计算），收到 ${formatYuan(line.salePrice)} 元`
              : `「${item.name}」是基本药物，实行零差率销售：销售价必须等于进价 ${formatYuan(line.purchasePrice)} 元，收到 ${formatYuan(line.salePrice)} 元`,
        });
      }
      return { ...line, qtyMilli: qtyMilli ?? 0, salePrice };
    });
    if (issues.length > 0) throw badInput('入库单', issues);

    return this.db.transaction(() => {
      if (this.stock.receiptExists(request.supplier, request.invoiceNo)) {
        throw new ApiError('CONFLICT', `${request.supplier} 的发票 ${request.invoiceNo} 已经入库，不能重复入库`);
      }
      const at = this.now().toISOString();
      const receiptId = this.stock.insertReceipt({ ...request, operator: context.operator, createdAt: at });
      const batchIds = lines.map((line) => {
        const batchId = this.stock.insertBatch({ ...line, receiptId });
        this.stock.insertMove({ batchId, kind: 'purchase', qtyMilli: line.qtyMilli, operator: context.operator, at, businessDate: request.receivedOn });
        return batchId;
      });
      writeAudit(this.db, {
        actor: context.operator,
        action: 'stock.in',
        entity: `stock_receipt:${receiptId}`,
        details: { supplier: request.supplier, invoiceNo: request.invoiceNo, lines: lines.length },
      });
      return { receiptId, batches: batchIds.map((id) => this.stock.batch(id, today)!) };
    }).immediate();
  }

  batchesOf(itemCode: string): BatchStock[] {
    return this.stock.batchesOf(itemCode, localDate(this.now()));
  }

  /** What a bill line could draw now: unexpired stock, and the price of the batch that would go first. */
  availability(item: CatalogueItem): { availableMilli: number; salePrice: Fen | null; nearestExpiry: string | null } {
    const usable = this.stock.usableBatches(item.code, localDate(this.now()));
    return {
      availableMilli: usable.reduce((sum, b) => sum + b.balanceMilli, 0),
      salePrice: usable[0]?.salePrice ?? null,
      nearestExpiry: usable[0]?.expiryDate ?? null,
    };
  }

  /**
   * Picks batches first-expiry-first-out for `qtyMilli` of an item, never an expired one. Throws a Chinese
   * message naming the item and the shortfall; the caller runs this inside its write transaction.
   */
  allocate(item: CatalogueItem, qtyMilli: number, path: string, businessDate: string): Allocation[] {
    const usable = this.stock.usableBatches(item.code, businessDate);
    const allocations: Allocation[] = [];
    let remaining = qtyMilli;
    for (const batch of usable) {
      if (remaining === 0) break;
      const take = Math.min(remaining, batch.balanceMilli);
      allocations.push({ batchId: batch.batchId, batchNo: batch.batchNo, expiryDate: batch.expiryDate, qtyMilli: take, salePrice: batch.salePrice });
      remaining -= take;
    }
    if (remaining > 0) {
      const available = qtyMilli - remaining;
      const expired = this.stock.batchesOf(item.code, businessDate).filter((b) => b.expired && b.balanceMilli > 0);
      const expiredNote = expired.length > 0 ? `；另有过期批次 ${expired.map((b) => b.batchNo).join('、')} 不能发药` : '';
      const message = `库存不足：「${item.name}」需要 ${formatQty(qtyMilli)}${item.unit}，可用 ${formatQty(available)}${item.unit}${expiredNote}`;
      throw new ApiError('CONFLICT', message, { issues: [{ path, message }] });
    }
    return allocations;
  }

  dispensingQueue(): DispensingQueueEntry[] {
    return this.stock.pendingDispensings().map((s) => ({
      settlementId: s.settlementId,
      receiptNo: formatReceiptNo(s.counterId, s.receiptNo),
      settledAt: s.settledAt,
      personName: s.personName,
      lines: this.stock.salesOf(s.settlementId),
    }));
  }

  /** 发药: records the hand-over once. A batch that expired since the sale may not be handed over. */
  dispense(settlementId: number, context: CallContext): DispensingRecord {
    return this.db.transaction(() => {
      const entry = this.dispensingQueue().find((e) => e.settlementId === settlementId);
      if (!entry) {
        const done = this.stock.dispensing(settlementId);
        if (done) throw new ApiError('CONFLICT', `这张处方已于 ${formatDateTime(done.at)} 由 ${done.operator} 发药，不能重复发药`);
        throw new ApiError('NOT_FOUND', `没有待发药的结算 ${settlementId}（可能已退费，或没有药品）`);
      }
      const today = localDate(this.now());
      const expired = entry.lines.filter((l) => l.expiryDate < today);
      if (expired.length > 0) {
        throw new ApiError(
          'CONFLICT',
          `批次已过期，不能发药：${expired.map((l) => `${l.name}（批号 ${l.batchNo}，有效期至 ${l.expiryDate}）`).join('、')}。请为患者退费后重新开方`,
        );
      }
      const at = this.now().toISOString();
      this.stock.insertDispensing(settlementId, context.operator, at);
      writeAudit(this.db, { actor: context.operator, action: 'pharmacy.dispense', entity: `settlement:${settlementId}`, details: {} });
      return { settlementId, receiptNo: entry.receiptNo, dispensedAt: at, operator: context.operator, lines: entry.lines };
    }).immediate();
  }

  /** Writes the sale movements of a settlement (inside the settlement's transaction). */
  recordSale(settlementId: number, allocations: Pick<Allocation, 'batchId' | 'qtyMilli'>[], operator: string, at: string, businessDate: string): void {
    for (const a of allocations) {
      this.stock.insertMove({ batchId: a.batchId, kind: 'sale', qtyMilli: -a.qtyMilli, settlementId, operator, at, businessDate });
    }
  }

  /** 退药: every unit a refunded settlement took goes back to the batch it came from, linked to the refund. */
  recordReturn(originalId: number, refundId: number, operator: string, at: string, businessDate: string): void {
    for (const line of this.stock.salesOf(originalId)) {
      this.stock.insertMove({ batchId: line.batchId, kind: 'return', qtyMilli: line.qtyMilli, settlementId: refundId, operator, at, businessDate });
    }
  }

  /** 盘点: counted quantities against the book; each difference becomes a gain or loss movement. */
  stocktake(request: { takenOn: string; note: string; counts: StocktakeCount[] }, context: CallContext): StocktakeResult {
    const today = localDate(this.now());
    return this.db.transaction(() => {
      const issues: FieldIssue[] = [];
      const seen = new Set<number>();
      const lines = request.counts.map((count, index) => {
        const path = `counts[${index}]`;
        const batch = this.stock.batch(count.batchId, today);
        const countedMilli = count.countedQty === 0 ? 0 : qtyToMilli(count.countedQty);
        if (!batch) issues.push({ path: `${path}.batchId`, message: `没有编号为 ${count.batchId} 的批次` });
        if (seen.has(count.batchId)) issues.push({ path: `${path}.batchId`, message: `批次 ${count.batchId} 重复盘点` });
        seen.add(count.batchId);
        if (countedMilli === null) issues.push({ path: `${path}.countedQty`, message: `实盘数量不能为负，最多三位小数，收到 ${count.countedQty}` });
        const variance = batch && countedMilli !== null ? countedMilli - batch.balanceMilli : 0;
        if (variance !== 0 && !count.reason?.trim()) {
          issues.push({ path: `${path}.reason`, message: `「${batch?.itemName}」批号 ${batch?.batchNo} 账实不符，请填写盈亏原因` });
        }
        return { count, batch, countedMilli: countedMilli ?? 0, variance };
      });
      if (issues.length > 0) throw badInput('盘点单', issues);

      const at = this.now().toISOString();
      const stocktakeId = this.stock.insertStocktake(request.takenOn, context.operator, request.note, at);
      for (const { count, batch, countedMilli, variance } of lines) {
        const reason = count.reason?.trim() || null;
        this.stock.insertStocktakeCount({ stocktakeId, batchId: count.batchId, bookMilli: batch!.balanceMilli, countedMilli, reason });
        if (variance !== 0) {
          this.stock.insertMove({
            batchId: count.batchId,
            kind: variance > 0 ? 'gain' : 'loss',
            qtyMilli: variance,
            stocktakeId,
            reason,
            operator: context.operator,
            at,
            businessDate: request.takenOn,
          });
        }
      }
      writeAudit(this.db, { actor: context.operator, action: 'stock.stocktake', entity: `stocktake:${stocktakeId}`, details: { batches: lines.length } });
      return {
        stocktakeId,
        takenOn: request.takenOn,
        lines: lines.map(({ count, batch, countedMilli, variance }) => ({
          batchId: count.batchId,
          itemName: batch!.itemName,
          batchNo: batch!.batchNo,
          bookMilli: batch!.balanceMilli,
          countedMilli,
          varianceMilli: variance,
          reason: count.reason?.trim() || null,
        })),
      };
    }).immediate();
  }

  ledger(itemCode: string): StockLedgerEntry[] {
    if (!this.repos.catalogue.get(itemCode)) throw new ApiError('NOT_FOUND', `目录中没有编码为「${itemCode}」的项目`);
    return this.stock.ledger(itemCode);
  }

  inStock(): BatchStock[] {
    return this.stock.batchesInStock(localDate(this.now()));
  }

  nearExpiry(days?: number): BatchStock[] {
    const today = this.now();
    const limit = new Date(today.getTime() + (days ?? this.settings().nearExpiryDays) * 86_400_000);
    return this.stock.batchesInStock(localDate(today), localDate(limit));
  }
}

function badInput(what: string, issues: FieldIssue[]): ApiError {
  const first = issues[0]!;
  return new ApiError('BAD_INPUT', `${what}有误：${first.path}：${first.message}`, { issues });
}
