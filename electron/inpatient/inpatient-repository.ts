import type { Admission } from '../../shared/inpatient';
import type { Fen } from '../../shared/money';
import type { Db } from '../db/open';
import { prepared } from '../db/statements';

interface AdmissionRow {
  id: number;
  person_id: number;
  person_name: string;
  id_number: string;
  level: Admission['level'];
  ward: string;
  bed: string;
  diagnosis: string;
  admitted_on: string;
  deposit_balance: Fen;
  charges_total: Fen;
  settlement_id: number | null;
  discharged_on: string | null;
}

const ADMISSION_SELECT = `
  SELECT a.id, a.person_id, p.name AS person_name, p.id_number, a.level, a.ward, a.bed, a.diagnosis, a.admitted_on,
         coalesce((SELECT sum(amount) FROM deposits d WHERE d.admission_id = a.id), 0) AS deposit_balance,
         coalesce((SELECT sum((c.price * c.qty_milli + CASE WHEN c.qty_milli < 0 THEN -500 ELSE 500 END) / 1000)
                     FROM inpatient_charges c WHERE c.admission_id = a.id), 0) AS charges_total,
         x.settlement_id, x.discharged_on
    FROM admissions a
    JOIN insured_people p ON p.id = a.person_id
    LEFT JOIN discharges x ON x.admission_id = a.id`;

function toAdmission(row: AdmissionRow): Admission {
  return {
    id: row.id,
    personId: row.person_id,
    personName: row.person_name,
    idNumber: row.id_number,
    level: row.level,
    ward: row.ward,
    bed: row.bed,
    diagnosis: row.diagnosis,
    admittedOn: row.admitted_on,
    depositBalance: row.deposit_balance,
    chargesTotal: row.charges_total,
    discharged: row.settlement_id === null ? null : { settlementId: row.settlement_id, dischargedOn: row.discharged_on! },
  };
}

export interface ChargeRow {
  id: number;
  item_code: string;
  name: string;
  spec: string;
  unit: string;
  qty_milli: number;
  price: Fen;
  batch_id: number | null;
  batch_no: string | null;
  expiry_date: string | null;
  reverses_id: number | null;
  reason: string | null;
  charged_on: string;
}

/** SQL of inpatient stays. Money rows (deposits, charges) are only ever inserted. */
export class InpatientRepository {
  constructor(private readonly db: Db) {}

  admission(id: number): Admission | null {
    const row = prepared(this.db, `${ADMISSION_SELECT} WHERE a.id = ?`).get(id) as AdmissionRow | undefined;
    return row ? toAdmission(row) : null;
  }

  admissionByRequest(clientRequestId: string): Admission | null {
    const row = prepared(this.db, `${ADMISSION_SELECT} WHERE a.client_request_id = ?`).get(clientRequestId) as AdmissionRow | undefined;
    return row ? toAdmission(row) : null;
  }

  openAdmissionOf(personId: number): Admission | null {
    const row = prepared(this.db, `${ADMISSION_SELECT} WHERE a.person_id = ? AND x.admission_id IS NULL`).get(personId) as
      | AdmissionRow
      | undefined;
    return row ? toAdmission(row) : null;
  }

  openAdmissions(): Admission[] {
    return (prepared(this.db, `${ADMISSION_SELECT} WHERE x.admission_id IS NULL ORDER BY a.id`).all() as AdmissionRow[]).map(toAdmission);
  }

  insertAdmission(a: {
    personId: number;
    level: string;
    ward: string;
    bed: string;
    diagnosis: string;
    admittedOn: string;
    admittedAt: string;
    operator: string;
    clientRequestId: string;
  }): number {
    return Number(
      prepared(
        this.db,
        `INSERT INTO admissions (person_id, level, ward, bed, diagnosis, admitted_on, admitted_at, operator, client_request_id)
         VALUES (@personId, @level, @ward, @bed, @diagnosis, @admittedOn, @admittedAt, @operator, @clientRequestId)`,
      ).run(a).lastInsertRowid,
    );
  }

  nextDepositNo(counterId: string): number {
    return prepared(this.db, 'SELECT coalesce(max(receipt_no), 0) + 1 FROM deposits WHERE counter_id = ?').pluck().get(counterId) as number;
  }

  insertDeposit(d: {
    admissionId: number;
    kind: 'pay' | 'offset' | 'refund';
    amount: number;
    method: string;
    counterId: string;
    receiptNo: number | null;
    shiftId: number | null;
    settlementId: number | null;
    clientRequestId: string | null;
    at: string;
    operator: string;
  }): number {
    return Number(
      prepared(
        this.db,
        `INSERT INTO deposits (admission_id, kind, amount, method, counter_id, receipt_no, shift_id, settlement_id, client_request_id, at, operator)
         VALUES (@admissionId, @kind, @amount, @method, @counterId, @receiptNo, @shiftId, @settlementId, @clientRequestId, @at, @operator)`,
      ).run(d).lastInsertRowid,
    );
  }

  deposit(id: number): { id: number; admission_id: number; amount: Fen; method: string; counter_id: string; receipt_no: number; at: string; operator: string } | null {
    return (prepared(this.db, 'SELECT * FROM deposits WHERE id = ?').get(id) as never) ?? null;
  }

  /** The deposit a request id already paid, with what it paid (a retry must carry the same). */
  depositByRequest(clientRequestId: string): { id: number; admissionId: number; amount: Fen; method: string } | null {
    const sql = 'SELECT id, admission_id AS admissionId, amount, method FROM deposits WHERE client_request_id = ?';
    return (prepared(this.db, sql).get(clientRequestId) as { id: number; admissionId: number; amount: Fen; method: string } | undefined) ?? null;
  }

  depositsPaid(admissionId: number): Fen {
    return prepared(this.db, "SELECT coalesce(sum(amount), 0) FROM deposits WHERE admission_id = ? AND kind = 'pay'").pluck().get(admissionId) as Fen;
  }

  insertCharge(c: {
    admissionId: number;
    itemCode: string;
    qtyMilli: number;
    price: number;
    batchId: number | null;
    reversesId: number | null;
    reason: string | null;
    chargedOn: string;
    at: string;
    operator: string;
    clientRequestId: string | null;
  }): number {
    return Number(
      prepared(
        this.db,
        `INSERT INTO inpatient_charges (admission_id, item_code, qty_milli, price, batch_id, reverses_id, reason, charged_on, at, operator, client_request_id)
         VALUES (@admissionId, @itemCode, @qtyMilli, @price, @batchId, @reversesId, @reason, @chargedOn, @at, @operator, @clientRequestId)`,
      ).run(c).lastInsertRowid,
    );
  }

  chargesByRequest(admissionId: number, clientRequestId: string): number[] {
    return prepared(this.db, 'SELECT id FROM inpatient_charges WHERE admission_id = ? AND client_request_id = ? ORDER BY id')
      .pluck()
      .all(admissionId, clientRequestId) as number[];
  }

  charge(id: number): (ChargeRow & { admission_id: number }) | null {
    return (
      (prepared(
        this.db,
        `SELECT c.*, i.name, i.spec, i.unit, b.batch_no, b.expiry_date FROM inpatient_charges c
           JOIN catalogue_items i ON i.code = c.item_code LEFT JOIN stock_batches b ON b.id = c.batch_id WHERE c.id = ?`,
      ).get(id) as (ChargeRow & { admission_id: number }) | undefined) ?? null
    );
  }

  isReversed(chargeId: number): boolean {
    return prepared(this.db, 'SELECT 1 FROM inpatient_charges WHERE reverses_id = ?').get(chargeId) !== undefined;
  }

  charges(admissionId: number): ChargeRow[] {
    return prepared(
      this.db,
      `SELECT c.id, c.item_code, i.name, i.spec, i.unit, c.qty_milli, c.price, c.batch_id, b.batch_no, b.expiry_date, c.reverses_id, c.reason, c.charged_on
         FROM inpatient_charges c
         JOIN catalogue_items i ON i.code = c.item_code
         LEFT JOIN stock_batches b ON b.id = c.batch_id
        WHERE c.admission_id = ?
        ORDER BY c.charged_on, c.id`,
    ).all(admissionId) as ChargeRow[];
  }

  insertDischarge(admissionId: number, settlementId: number, dischargedOn: string, operator: string): void {
    prepared(this.db, 'INSERT INTO discharges (admission_id, settlement_id, discharged_on, operator) VALUES (?, ?, ?, ?)').run(
      admissionId,
      settlementId,
      dischargedOn,
      operator,
    );
  }

  isDischargeSettlement(settlementId: number): boolean {
    return prepared(this.db, 'SELECT 1 FROM discharges WHERE settlement_id = ?').get(settlementId) !== undefined;
  }

  depositsOfSettlement(settlementId: number): { kind: string; amount: Fen }[] {
    return prepared(this.db, 'SELECT kind, amount FROM deposits WHERE settlement_id = ?').all(settlementId) as { kind: string; amount: Fen }[];
  }
}
