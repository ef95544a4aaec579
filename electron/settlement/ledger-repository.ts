import type { Db } from '../db/open';
import { prepared } from '../db/statements';
import {
  AMOUNT_FIELDS,
  type FundPayment,
  type SettledLine,
  type SettlementAmounts,
  type YtdMove,
} from '../../shared/settlement';
import type { TraceStep } from '../../shared/settlement';
import type { PaymentMethod, SettlementKind } from '../../shared/ledger';
import type { Fen } from '../../shared/money';

export interface BillRow {
  personId: number;
  medType: string;
  level: string;
  selfPay: boolean;
  operator: string;
  createdAt: string;
}

export interface BillLineRow extends SettledLine {
  itemCode: string;
  insurerCode: string | null;
  price: Fen;
  qtyMilli: number;
  capPrice: Fen | null;
  selfPayRatioBp: number | null;
  /** The stock batch a drug line draws on; null for services and materials. */
  batchId: number | null;
  /** Read back for display only (joined from the batch and the catalogue). */
  batchNo?: string | null;
  expiryDate?: string | null;
  unit?: string;
  spec?: string;
}

export interface SettlementRow extends SettlementAmounts {
  id: number;
  kind: SettlementKind;
  billId: number;
  personId: number;
  reversesId: number | null;
  clientRequestId: string;
  requestHash: string;
  policyId: string;
  year: number;
  counterId: string;
  receiptNo: number;
  businessDate: string;
  settledAt: string;
  operator: string;
  reason: string | null;
  shiftId: number | null;
  funds: FundPayment[];
  trace: TraceStep[];
}

const SETTLEMENT_COLUMNS = [
  'kind',
  'bill_id',
  'person_id',
  'reverses_id',
  'client_request_id',
  'request_hash',
  'policy_id',
  'year',
  'counter_id',
  'receipt_no',
  'business_date',
  'settled_at',
  'operator',
  'reason',
  'shift_id',
  ...AMOUNT_FIELDS,
  'funds_json',
  'trace_json',
];

type RawSettlement = Record<string, unknown>;

function toSettlementRow(raw: RawSettlement): SettlementRow {
  const amounts = Object.fromEntries(AMOUNT_FIELDS.map((f) => [f, raw[f] as number])) as unknown as SettlementAmounts;
  return {
    ...amounts,
    id: raw.id as number,
    kind: raw.kind as SettlementKind,
    billId: raw.bill_id as number,
    personId: raw.person_id as number,
    reversesId: raw.reverses_id as number | null,
    clientRequestId: raw.client_request_id as string,
    requestHash: raw.request_hash as string,
    policyId: raw.policy_id as string,
    year: raw.year as number,
    counterId: raw.counter_id as string,
    receiptNo: raw.receipt_no as number,
    businessDate: raw.business_date as string,
    settledAt: raw.settled_at as string,
    operator: raw.operator as string,
    reason: raw.reason as string | null,
    shiftId: raw.shift_id as number | null,
    funds: JSON.parse(raw.funds_json as string) as FundPayment[],
    trace: JSON.parse(raw.trace_json as string) as TraceStep[],
  };
}

/**
 * SQL of the settlement ledger and nothing else: every method is one statement family, and the service
 * composes them inside its own transaction. Rows are only ever inserted (triggers refuse the rest).
 */
export class LedgerRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      insertBill: db.prepare(
        'INSERT INTO bills (person_id, med_type, level, self_pay, operator, created_at) VALUES (@personId, @medType, @level, @selfPay, @operator, @createdAt)',
      ),
      insertLine: db.prepare(
        `INSERT INTO bill_lines (bill_id, line_no, item_code, insurer_code, name, charge_class, price, qty_milli, cap_price,
                                 self_pay_ratio_bp, amount, overlimit, fulamt, preself, inscope, batch_id)
         VALUES (@billId, @lineNo, @itemCode, @insurerCode, @name, @class, @price, @qtyMilli, @capPrice,
                 @selfPayRatioBp, @amount, @overlimit, @fulamt, @preself, @inscope, @batchId)`,
      ),
      insertSettlement: db.prepare(
        `INSERT INTO settlements (${SETTLEMENT_COLUMNS.join(', ')})
         VALUES (${SETTLEMENT_COLUMNS.map((c) => `@${c}`).join(', ')})`,
      ),
      nextReceipt: db.prepare('SELECT coalesce(max(receipt_no), 0) + 1 AS next FROM settlements WHERE counter_id = ?').pluck(),
      insertYtdMove: db.prepare(
        'INSERT INTO ytd_moves (person_id, year, account, delta, settlement_id) VALUES (?, ?, ?, ?, ?)',
      ),
      // With a roster snapshot from the centre (electron/district/downloads.ts): its figures plus our own
      // settlements it does not count yet. Openings (no settlement) are superseded by the centre's figure.
      ytdSums: db.prepare(
        `WITH snap AS (SELECT max(download_id) AS id FROM district_ytd_snapshots WHERE person_id = :person AND year = :year)
         SELECT account, sum(delta) AS delta FROM (
           SELECT account, value AS delta FROM district_ytd_values
            WHERE person_id = :person AND year = :year AND download_id = (SELECT id FROM snap)
           UNION ALL
           SELECT account, delta FROM ytd_moves
            WHERE person_id = :person AND year = :year
              AND ((SELECT id FROM snap) IS NULL
                   OR (settlement_id IS NOT NULL AND settlement_id NOT IN (
                         SELECT settlement_id FROM district_ytd_included
                          WHERE person_id = :person AND year = :year AND download_id = (SELECT id FROM snap))))
         ) GROUP BY account ORDER BY account`,
      ),
      movesOf: db.prepare('SELECT account, delta FROM ytd_moves WHERE settlement_id = ? ORDER BY id'),
      businessDateOf: db.prepare('SELECT business_date FROM settlements WHERE id = ?').pluck(),
      insertAccountMove: db.prepare(
        'INSERT INTO account_moves (person_id, kind, delta, settlement_id, at) VALUES (?, ?, ?, ?, ?)',
      ),
      accountBalance: db.prepare('SELECT coalesce(sum(delta), 0) FROM account_moves WHERE person_id = ?').pluck(),
      insertPayment: db.prepare('INSERT INTO payments (settlement_id, method, amount) VALUES (?, ?, ?)'),
      insertTender: db.prepare('INSERT INTO cash_tenders (settlement_id, tendered, change) VALUES (?, ?, ?)'),
      tenderOf: db.prepare('SELECT tendered, change FROM cash_tenders WHERE settlement_id = ?'),
      paymentsOf: db.prepare('SELECT method, amount FROM payments WHERE settlement_id = ? ORDER BY id'),
      insertOutbox: db.prepare('INSERT INTO outbox (kind, ref_id, payload_json, created_at) VALUES (?, ?, ?, ?)'),
      byId: db.prepare('SELECT * FROM settlements WHERE id = ?'),
      byRequest: db.prepare('SELECT * FROM settlements WHERE client_request_id = ?'),
      refundOf: db.prepare('SELECT * FROM settlements WHERE reverses_id = ?'),
      linesOf: db.prepare(
        `SELECT coalesce(l.insurer_code, l.item_code) AS code, l.item_code AS itemCode, b.batch_no AS batchNo,
                b.expiry_date AS expiryDate, c.unit, c.spec, l.insurer_code AS insurerCode, l.name, l.charge_class AS class, l.price, l.qty_milli AS qtyMilli,
                l.cap_price AS capPrice, l.self_pay_ratio_bp AS selfPayRatioBp, l.amount, l.overlimit, l.fulamt, l.preself, l.inscope,
                l.batch_id AS batchId
           FROM bill_lines l LEFT JOIN stock_batches b ON b.id = l.batch_id JOIN catalogue_items c ON c.code = l.item_code
          WHERE l.bill_id = ? ORDER BY l.line_no`,
      ),
      billOf: db.prepare(
        'SELECT person_id AS personId, med_type AS medType, level, self_pay AS selfPay, operator, created_at AS createdAt FROM bills WHERE id = ?',
      ),
    };
  }

  insertBill(bill: BillRow, lines: readonly BillLineRow[]): number {
    const billId = Number(this.statements.insertBill.run({ ...bill, selfPay: bill.selfPay ? 1 : 0 }).lastInsertRowid);
    lines.forEach((line, index) => this.statements.insertLine.run({ ...line, billId, lineNo: index + 1 }));
    return billId;
  }

  /** Gap-free per counter: read and used inside the caller's write transaction, so no two can share it. */
  nextReceiptNo(counterId: string): number {
    return this.statements.nextReceipt.get(counterId) as number;
  }

  insertSettlement(row: Omit<SettlementRow, 'id'>): number {
    const params: Record<string, unknown> = {
      kind: row.kind,
      bill_id: row.billId,
      person_id: row.personId,
      reverses_id: row.reversesId,
      client_request_id: row.clientRequestId,
      request_hash: row.requestHash,
      policy_id: row.policyId,
      year: row.year,
      counter_id: row.counterId,
      receipt_no: row.receiptNo,
      business_date: row.businessDate,
      settled_at: row.settledAt,
      operator: row.operator,
      reason: row.reason,
      shift_id: row.shiftId,
      funds_json: JSON.stringify(row.funds),
      trace_json: JSON.stringify(row.trace),
    };
    for (const field of AMOUNT_FIELDS) params[field] = row[field];
    return Number(this.statements.insertSettlement.run(params).lastInsertRowid);
  }

  insertYtdMoves(personId: number, year: number, settlementId: number, moves: readonly YtdMove[]): void {
    for (const move of moves) {
      if (move.delta !== 0) this.statements.insertYtdMove.run(personId, year, move.account, move.delta, settlementId);
    }
  }

  ytdMoves(personId: number, year: number): YtdMove[] {
    return this.statements.ytdSums.all({ person: personId, year }) as YtdMove[];
  }

  movesOf(settlementId: number): YtdMove[] {
    return this.statements.movesOf.all(settlementId) as YtdMove[];
  }

  /** The business day a settlement belongs to, without reading the rest of its row. */
  businessDateOf(settlementId: number): string {
    return this.statements.businessDateOf.get(settlementId) as string;
  }

  insertAccountMove(personId: number, kind: 'opening' | 'settle' | 'refund', delta: number, settlementId: number | null, at: string): void {
    this.statements.insertAccountMove.run(personId, kind, delta, settlementId, at);
  }

  accountBalance(personId: number): Fen {
    return this.statements.accountBalance.get(personId) as Fen;
  }

  insertPayment(settlementId: number, method: PaymentMethod, amount: number): void {
    this.statements.insertPayment.run(settlementId, method, amount);
  }

  insertTender(settlementId: number, tendered: number, change: number): void {
    this.statements.insertTender.run(settlementId, tendered, change);
  }

  tenderOf(settlementId: number): { tendered: Fen; change: Fen } | null {
    return (this.statements.tenderOf.get(settlementId) as { tendered: Fen; change: Fen } | undefined) ?? null;
  }

  paymentsOf(settlementId: number): { method: PaymentMethod; amount: Fen }[] {
    return this.statements.paymentsOf.all(settlementId) as { method: PaymentMethod; amount: Fen }[];
  }

  insertOutbox(kind: string, refId: number, payload: unknown, at: string): void {
    this.statements.insertOutbox.run(kind, refId, JSON.stringify(payload), at);
  }

  settlement(id: number): SettlementRow | null {
    const raw = this.statements.byId.get(id) as RawSettlement | undefined;
    return raw ? toSettlementRow(raw) : null;
  }

  settlementByRequest(clientRequestId: string): SettlementRow | null {
    const raw = this.statements.byRequest.get(clientRequestId) as RawSettlement | undefined;
    return raw ? toSettlementRow(raw) : null;
  }

  refundOf(settlementId: number): SettlementRow | null {
    const raw = this.statements.refundOf.get(settlementId) as RawSettlement | undefined;
    return raw ? toSettlementRow(raw) : null;
  }

  /** A discharge settlement (出院结算) draws on deposits and consumed stock: it is not refunded like a bill. */
  isDischarge(settlementId: number): boolean {
    return prepared(this.db, 'SELECT 1 FROM discharges WHERE settlement_id = ?').get(settlementId) !== undefined;
  }

  bill(billId: number): BillRow | null {
    const row = this.statements.billOf.get(billId) as (Omit<BillRow, 'selfPay'> & { selfPay: number }) | undefined;
    return row ? { ...row, selfPay: row.selfPay === 1 } : null;
  }

  linesOf(billId: number): BillLineRow[] {
    return this.statements.linesOf.all(billId) as BillLineRow[];
  }
}
