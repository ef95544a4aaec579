import type { PaymentMethod } from '../../shared/ledger';
import type { Fen } from '../../shared/money';
import type { Db } from '../db/open';
import { prepared } from '../db/statements';

export interface ShiftRow {
  id: number;
  counter_id: string;
  cashier: string;
  float_fen: Fen;
  opened_at: string;
  business_date: string;
}

export interface ClosingRow {
  counted_json: string;
  counted_fen: Fen;
  expected_fen: Fen;
  difference_fen: Fen;
  note: string;
  closed_at: string;
}

export class ShiftRepository {
  constructor(private readonly db: Db) {}

  openAt(counterId: string): ShiftRow | null {
    return (
      (prepared(
        this.db,
        `SELECT s.* FROM shifts s WHERE s.counter_id = ?
            AND NOT EXISTS (SELECT 1 FROM shift_closings c WHERE c.shift_id = s.id)
          ORDER BY s.id DESC LIMIT 1`,
      ).get(counterId) as ShiftRow | undefined) ?? null
    );
  }

  get(id: number): ShiftRow | null {
    return (prepared(this.db, 'SELECT * FROM shifts WHERE id = ?').get(id) as ShiftRow | undefined) ?? null;
  }

  closing(id: number): ClosingRow | null {
    return (prepared(this.db, 'SELECT * FROM shift_closings WHERE shift_id = ?').get(id) as ClosingRow | undefined) ?? null;
  }

  insert(shift: Omit<ShiftRow, 'id'>): number {
    return Number(
      prepared(
        this.db,
        `INSERT INTO shifts (counter_id, cashier, float_fen, opened_at, business_date)
         VALUES (@counter_id, @cashier, @float_fen, @opened_at, @business_date)`,
      ).run(shift).lastInsertRowid,
    );
  }

  insertClosing(shiftId: number, closing: ClosingRow): void {
    prepared(
      this.db,
      `INSERT INTO shift_closings (shift_id, counted_json, counted_fen, expected_fen, difference_fen, note, closed_at)
       VALUES (@shiftId, @counted_json, @counted_fen, @expected_fen, @difference_fen, @note, @closed_at)`,
    ).run({ shiftId, ...closing });
  }

  paymentsByMethod(shiftId: number): { method: PaymentMethod; amount: Fen }[] {
    return prepared(
      this.db,
      `SELECT method, sum(amount) AS amount FROM (
         SELECT p.method, p.amount FROM payments p JOIN settlements s ON s.id = p.settlement_id WHERE s.shift_id = :shift
         UNION ALL
         -- Deposits paid in and balances handed back at discharge pass through the drawer too.
         SELECT d.method, d.amount FROM deposits d WHERE d.shift_id = :shift AND d.kind IN ('pay', 'refund')
       ) GROUP BY method`,
    ).all({ shift: shiftId }) as { method: PaymentMethod; amount: Fen }[];
  }

  totals(shiftId: number): { settlements: number; refunds: number; fund: Fen; medfee: Fen } {
    return prepared(
      this.db,
      `SELECT coalesce(sum(kind = 'settle'), 0) AS settlements, coalesce(sum(kind = 'refund'), 0) AS refunds,
              coalesce(sum(fund_pay_sumamt), 0) AS fund, coalesce(sum(medfee_sumamt), 0) AS medfee
         FROM settlements WHERE shift_id = ?`,
    ).get(shiftId) as { settlements: number; refunds: number; fund: Fen; medfee: Fen };
  }
}
