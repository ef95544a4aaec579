import type { EssentialStatus } from '../../shared/domain';
import type { BatchStock, DispensingLine, StockLedgerEntry, StockMoveKind } from '../../shared/pharmacy';
import type { Fen } from '../../shared/money';
import type { Db } from '../db/open';
import { prepared } from '../db/statements';

interface BatchRow {
  id: number;
  item_code: string;
  name: string;
  spec: string;
  unit: string;
  essential: EssentialStatus;
  batch_no: string;
  expiry_date: string;
  purchase_price: Fen;
  sale_price: Fen;
  balance: number;
}

const BATCH_SELECT = `
  SELECT b.id, b.item_code, c.name, c.spec, c.unit, c.essential, b.batch_no, b.expiry_date, b.purchase_price,
         b.sale_price, coalesce((SELECT sum(qty_milli) FROM stock_moves m WHERE m.batch_id = b.id), 0) AS balance
    FROM stock_batches b JOIN catalogue_items c ON c.code = b.item_code`;

const DAY_MS = 86_400_000;

function toBatch(row: BatchRow, today: string): BatchStock {
  return {
    batchId: row.id,
    itemCode: row.item_code,
    itemName: row.name,
    spec: row.spec,
    unit: row.unit,
    essential: row.essential,
    batchNo: row.batch_no,
    expiryDate: row.expiry_date,
    purchasePrice: row.purchase_price,
    salePrice: row.sale_price,
    balanceMilli: row.balance,
    expired: row.expiry_date < today,
    daysToExpiry: Math.round((Date.parse(row.expiry_date) - Date.parse(today)) / DAY_MS),
  };
}

export interface NewMove {
  batchId: number;
  kind: StockMoveKind;
  qtyMilli: number;
  settlementId?: number | null;
  stocktakeId?: number | null;
  inpatientChargeId?: number | null;
  reason?: string | null;
  operator: string;
  at: string;
  businessDate: string;
}

/** SQL of the stock ledger. Batches and movements are only ever inserted; balances are sums of movements. */
export class StockRepository {
  constructor(private readonly db: Db) {}

  insertReceipt(receipt: { supplier: string; invoiceNo: string; receivedOn: string; operator: string; createdAt: string }): number {
    return Number(
      prepared(
        this.db,
        `INSERT INTO stock_receipts (supplier, invoice_no, received_on, operator, created_at)
         VALUES (@supplier, @invoiceNo, @receivedOn, @operator, @createdAt)`,
      ).run(receipt).lastInsertRowid,
    );
  }

  receiptExists(supplier: string, invoiceNo: string): boolean {
    return prepared(this.db, 'SELECT 1 FROM stock_receipts WHERE supplier = ? AND invoice_no = ?').get(supplier, invoiceNo) !== undefined;
  }

  insertBatch(batch: { itemCode: string; batchNo: string; expiryDate: string; purchasePrice: number; salePrice: number; receiptId: number }): number {
    return Number(
      prepared(
        this.db,
        `INSERT INTO stock_batches (item_code, batch_no, expiry_date, purchase_price, sale_price, receipt_id)
         VALUES (@itemCode, @batchNo, @expiryDate, @purchasePrice, @salePrice, @receiptId)`,
      ).run(batch).lastInsertRowid,
    );
  }

  insertMove(move: NewMove): void {
    prepared(
      this.db,
      `INSERT INTO stock_moves (batch_id, kind, qty_milli, settlement_id, stocktake_id, inpatient_charge_id, reason, operator, at, business_date)
       VALUES (@batchId, @kind, @qtyMilli, @settlementId, @stocktakeId, @inpatientChargeId, @reason, @operator, @at, @businessDate)`,
    ).run({ settlementId: null, stocktakeId: null, inpatientChargeId: null, reason: null, ...move });
  }

  batch(batchId: number, today: string): BatchStock | null {
    const row = prepared(this.db, `${BATCH_SELECT} WHERE b.id = ?`).get(batchId) as BatchRow | undefined;
    return row ? toBatch(row, today) : null;
  }

  /** Batches of an item holding stock, first expiry first (FEFO), expired ones included and flagged. */
  batchesOf(itemCode: string, today: string): BatchStock[] {
    return (
      prepared(this.db, `${BATCH_SELECT} WHERE b.item_code = ? AND balance <> 0 ORDER BY b.expiry_date, b.id`).all(itemCode) as BatchRow[]
    ).map((row) => toBatch(row, today));
  }

  /** Unexpired batches with stock, first expiry first: what a sale may draw on (the hot path of settling). */
  usableBatches(itemCode: string, today: string): { batchId: number; batchNo: string; balanceMilli: number; salePrice: Fen; expiryDate: string }[] {
    return prepared(
      this.db,
      `SELECT id AS batchId, batch_no AS batchNo, balanceMilli, sale_price AS salePrice, expiry_date AS expiryDate
         FROM (SELECT b.id, b.batch_no, b.sale_price, b.expiry_date,
                      (SELECT sum(qty_milli) FROM stock_moves m WHERE m.batch_id = b.id) AS balanceMilli
                 FROM stock_batches b WHERE b.item_code = ? AND b.expiry_date >= ?)
        WHERE balanceMilli > 0
        ORDER BY expiry_date, id`,
    ).all(itemCode, today) as { batchId: number; batchNo: string; balanceMilli: number; salePrice: Fen; expiryDate: string }[];
  }

  /** Every batch holding stock, optionally only those expiring on or before a date. */
  batchesInStock(today: string, expiringBy?: string): BatchStock[] {
    const rows = (
      expiringBy === undefined
        ? prepared(this.db, `${BATCH_SELECT} WHERE balance > 0 ORDER BY c.name, b.expiry_date, b.id`).all()
        : prepared(this.db, `${BATCH_SELECT} WHERE balance > 0 AND b.expiry_date <= ? ORDER BY b.expiry_date, c.name, b.id`).all(expiringBy)
    ) as BatchRow[];
    return rows.map((row) => toBatch(row, today));
  }

  ledger(itemCode: string): StockLedgerEntry[] {
    const rows = prepared(
      this.db,
      `SELECT m.id, m.at, m.business_date AS businessDate, m.batch_id AS batchId, b.batch_no AS batchNo, m.kind,
              m.qty_milli AS qtyMilli,
              sum(m.qty_milli) OVER (PARTITION BY m.batch_id ORDER BY m.id) AS balanceMilli,
              m.settlement_id AS settlementId, m.stocktake_id AS stocktakeId, r.invoice_no AS invoiceNo,
              r.supplier, m.reason, m.operator,
              s.counter_id AS counterId, s.receipt_no AS receiptNo
         FROM stock_moves m
         JOIN stock_batches b ON b.id = m.batch_id
         LEFT JOIN stock_receipts r ON r.id = b.receipt_id AND m.kind = 'purchase'
         LEFT JOIN settlements s ON s.id = m.settlement_id
        WHERE b.item_code = ?
        ORDER BY m.business_date, m.id`,
    ).all(itemCode) as (StockLedgerEntry & {
      settlementId: number | null;
      stocktakeId: number | null;
      invoiceNo: string | null;
      supplier: string | null;
      reason: string | null;
      counterId: string | null;
      receiptNo: number | null;
    })[];
    return rows.map(({ settlementId, stocktakeId, invoiceNo, supplier, reason, counterId, receiptNo, ...entry }) => ({
      ...entry,
      reference: referenceText({ settlementId, stocktakeId, invoiceNo, supplier, reason, counterId, receiptNo }),
    }));
  }

  /** The sale movements a settlement made, which is also what its dispensing hands over. */
  salesOf(settlementId: number): DispensingLine[] {
    return prepared(
      this.db,
      `SELECT b.item_code AS itemCode, c.name, c.spec, c.unit, b.id AS batchId, b.batch_no AS batchNo,
              b.expiry_date AS expiryDate, -m.qty_milli AS qtyMilli
         FROM stock_moves m JOIN stock_batches b ON b.id = m.batch_id JOIN catalogue_items c ON c.code = b.item_code
        WHERE m.settlement_id = ? AND m.kind = 'sale'
        ORDER BY m.id`,
    ).all(settlementId) as DispensingLine[];
  }

  /** Settlements with drugs to hand over: not refunded, not yet dispensed. */
  pendingDispensings(): { settlementId: number; counterId: string; receiptNo: number; settledAt: string; personName: string }[] {
    return prepared(
      this.db,
      `SELECT s.id AS settlementId, s.counter_id AS counterId, s.receipt_no AS receiptNo, s.settled_at AS settledAt,
              p.name AS personName
         FROM settlements s JOIN insured_people p ON p.id = s.person_id
        WHERE s.kind = 'settle'
          AND EXISTS (SELECT 1 FROM stock_moves m WHERE m.settlement_id = s.id AND m.kind = 'sale')
          AND NOT EXISTS (SELECT 1 FROM settlements r WHERE r.reverses_id = s.id)
          AND NOT EXISTS (SELECT 1 FROM dispensings d WHERE d.settlement_id = s.id)
        ORDER BY s.id`,
    ).all() as { settlementId: number; counterId: string; receiptNo: number; settledAt: string; personName: string }[];
  }

  dispensing(settlementId: number): { operator: string; at: string } | null {
    return (prepared(this.db, 'SELECT operator, at FROM dispensings WHERE settlement_id = ?').get(settlementId) as
      | { operator: string; at: string }
      | undefined) ?? null;
  }

  insertDispensing(settlementId: number, operator: string, at: string): void {
    prepared(this.db, 'INSERT INTO dispensings (settlement_id, operator, at) VALUES (?, ?, ?)').run(settlementId, operator, at);
  }

  insertStocktake(takenOn: string, operator: string, note: string, createdAt: string): number {
    return Number(
      prepared(this.db, 'INSERT INTO stocktakes (taken_on, operator, note, created_at) VALUES (?, ?, ?, ?)').run(
        takenOn,
        operator,
        note,
        createdAt,
      ).lastInsertRowid,
    );
  }

  insertStocktakeCount(count: { stocktakeId: number; batchId: number; bookMilli: number; countedMilli: number; reason: string | null }): void {
    prepared(
      this.db,
      `INSERT INTO stocktake_counts (stocktake_id, batch_id, book_milli, counted_milli, reason)
       VALUES (@stocktakeId, @batchId, @bookMilli, @countedMilli, @reason)`,
    ).run(count);
  }
}

function referenceText(r: {
  settlementId: number | null;
  stocktakeId: number | null;
  invoiceNo: string | null;
  supplier: string | null;
  reason: string | null;
  counterId: string | null;
  receiptNo: number | null;
}): string {
  if (r.invoiceNo) return `${r.supplier ?? ''} 发票 ${r.invoiceNo}`;
  if (r.counterId && r.receiptNo) return `收据 ${r.counterId}-${String(r.receiptNo).padStart(8, '0')}`;
  if (r.stocktakeId) return `盘点单 ${r.stocktakeId}${r.reason ? `：${r.reason}` : ''}`;
  return r.reason ?? '';
}
