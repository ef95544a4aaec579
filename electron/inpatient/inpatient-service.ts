import { ApiError } from '../../shared/api/errors';
import { localDate } from '../../shared/dates';
import {
  formatDepositNo,
  type Admission,
  type ChargeLine,
  type DailyStatement,
  type DepositReceipt,
  type DischargeResult,
} from '../../shared/inpatient';
import { addFen, minFen, negFen, subFen, sumFen, ZERO_FEN, type Fen } from '../../shared/money';
import type { PaymentMethod, SettlementPreview, SettlementRecord } from '../../shared/ledger';
import { qtyToMilli } from '../../shared/quantity';
import type { Level } from '../../shared/settlement';
import { lineAmount } from '../../shared/settlement';
import type { CallContext } from '../api/handlers';
import type { Repositories } from '../db/repositories';
import { writeAudit } from '../audit/audit-log';
import type { Db } from '../db/open';
import type { StockService } from '../pharmacy/stock-service';
import type { PricedLine } from '../settlement/engine-input';
import type { Payment, SettlementService } from '../settlement/settlement-service';
import type { PrintQueue } from '../printing/print-queue';
import type { ShiftService } from '../shifts/shift-service';
import { InpatientRepository, type ChargeRow } from './inpatient-repository';

type CashMethod = Exclude<PaymentMethod, 'account' | 'deposit'>;

/**
 * 住院: admission, deposits with their own receipts, daily charges (drugs leave the pharmacy the day they
 * are charged, first expiry first), the daily statement, and discharge through the same settlement engine,
 * with the deposits offset and the balance paid or handed back.
 */
export class InpatientService {
  readonly repo: InpatientRepository;

  constructor(
    private readonly db: Db,
    private readonly repos: Repositories,
    private readonly services: { stock: StockService; shifts: ShiftService; settlements: SettlementService; prints: PrintQueue },
    private readonly now: () => Date,
  ) {
    this.repo = new InpatientRepository(db);
  }

  admit(
    input: { personId: number; level: Level; ward: string; bed: string; diagnosis: string; clientRequestId: string },
    context: CallContext,
  ): Admission {
    return this.db.transaction(() => {
      const earlier = this.repo.admissionByRequest(input.clientRequestId);
      if (earlier) {
        const same = earlier.personId === input.personId && earlier.level === input.level && earlier.ward === input.ward && earlier.bed === input.bed && earlier.diagnosis === input.diagnosis;
        if (!same) throw sameIdOtherContent(input.clientRequestId, `住院号 ${earlier.id}（${earlier.personName}）的入院登记`);
        return earlier;
      }
      const person = this.repos.people.get(input.personId);
      if (!person) throw new ApiError('NOT_FOUND', `没有编号为 ${input.personId} 的参保人`);
      const open = this.repo.openAdmissionOf(person.id);
      if (open) throw new ApiError('CONFLICT', `${person.name} 已于 ${open.admittedOn} 入院（住院号 ${open.id}），尚未出院`);
      const at = this.now();
      const id = this.repo.insertAdmission({
        ...input,
        admittedOn: localDate(at),
        admittedAt: at.toISOString(),
        operator: context.operator,
      });
      writeAudit(this.db, { actor: context.operator, action: 'inpatient.admit', entity: `admission:${id}`, details: { personId: person.id } });
      return this.repo.admission(id)!;
    }).immediate();
  }

  list(): Admission[] {
    return this.repo.openAdmissions();
  }

  deposit(input: { admissionId: number; amount: number; method: CashMethod; clientRequestId: string }, context: CallContext): DepositReceipt {
    return this.db.transaction(() => {
      const earlier = this.repo.depositByRequest(input.clientRequestId);
      if (earlier) {
        const receipt = this.receipt(earlier.id);
        const same = earlier.admissionId === input.admissionId && earlier.amount === input.amount && earlier.method === input.method;
        if (!same) throw sameIdOtherContent(input.clientRequestId, `预交金收据 ${receipt.receiptNo}`);
        return receipt;
      }
      const admission = this.openAdmission(input.admissionId);
      if (input.amount <= 0) throw new ApiError('BAD_INPUT', '预交金金额必须大于 0', { issues: [{ path: 'amount', message: '预交金金额必须大于 0' }] });
      const shift = this.services.shifts.requireOpen(context);
      const counterId = shift.counter_id;
      const id = this.repo.insertDeposit({
        admissionId: admission.id,
        kind: 'pay',
        amount: input.amount,
        method: input.method,
        counterId,
        receiptNo: this.repo.nextDepositNo(counterId),
        shiftId: shift.id,
        settlementId: null,
        clientRequestId: input.clientRequestId,
        at: this.now().toISOString(),
        operator: context.operator,
      });
      writeAudit(this.db, { actor: context.operator, action: 'inpatient.deposit', entity: `deposit:${id}`, details: { amount: input.amount } });
      this.services.prints.enqueue('deposit', id, context.operator, this.now().toISOString(), counterId);
      return this.receipt(id);
    }).immediate();
  }

  /** Charges items to a stay; stocked drugs are picked FEFO and leave stock now, at their batch's price. */
  charge(
    input: { admissionId: number; lines: { itemCode: string; qty: number }[]; clientRequestId: string },
    context: CallContext,
  ): ChargeLine[] {
    return this.db.transaction(() => {
      const admission = this.openAdmission(input.admissionId);
      const done = this.repo.chargesByRequest(admission.id, input.clientRequestId);
      if (done.length > 0) {
        const lines = done.map((id) => toLine(this.repo.charge(id)!));
        if (!sameCharges(lines, input.lines)) throw sameIdOtherContent(input.clientRequestId, `住院号 ${admission.id} 的一次记账`);
        return lines;
      }
      const at = this.now();
      const chargedOn = localDate(at);
      const items = this.repos.catalogue.getMany(input.lines.map((l) => l.itemCode));
      const ids: number[] = [];
      input.lines.forEach((line, index) => {
        const path = `lines[${index}]`;
        const item = items.get(line.itemCode);
        if (!item) throw new ApiError('BAD_INPUT', `第 ${index + 1} 行：目录中没有编码为「${line.itemCode}」的项目`, { issues: [{ path: `${path}.itemCode`, message: '目录中没有这个项目' }] });
        const qtyMilli = qtyToMilli(line.qty);
        if (qtyMilli === null) throw new ApiError('BAD_INPUT', `第 ${index + 1} 行：数量最多三位小数`, { issues: [{ path: `${path}.qty`, message: '数量最多三位小数' }] });
        const pieces = item.stocked
          ? this.services.stock.allocate(item, qtyMilli, `${path}.qty`, chargedOn).map((a) => ({ qtyMilli: a.qtyMilli, price: a.salePrice, batchId: a.batchId as number | null }))
          : [{ qtyMilli, price: item.price, batchId: null }];
        for (const piece of pieces) {
          const id = this.repo.insertCharge({
            admissionId: admission.id,
            itemCode: item.code,
            ...piece,
            reversesId: null,
            reason: null,
            chargedOn,
            at: at.toISOString(),
            operator: context.operator,
            clientRequestId: input.clientRequestId,
          });
          if (piece.batchId !== null) {
            this.services.stock.stock.insertMove({ batchId: piece.batchId, kind: 'sale', qtyMilli: -piece.qtyMilli, operator: context.operator, at: at.toISOString(), businessDate: chargedOn, inpatientChargeId: id });
          }
          ids.push(id);
        }
      });
      writeAudit(this.db, { actor: context.operator, action: 'inpatient.charge', entity: `admission:${admission.id}`, details: { charges: ids } });
      return ids.map((id) => toLine(this.repo.charge(id)!));
    }).immediate();
  }

  /** Cancels one charge with a reversing row; a drug goes back to the batch it came from. */
  cancelCharge(input: { chargeId: number; reason: string }, context: CallContext): ChargeLine {
    return this.db.transaction(() => {
      const charge = this.repo.charge(input.chargeId);
      if (!charge || charge.reverses_id !== null) throw new ApiError('NOT_FOUND', `没有编号为 ${input.chargeId} 的住院费用`);
      this.openAdmission(charge.admission_id);
      if (this.repo.isReversed(charge.id)) throw new ApiError('CONFLICT', `费用 ${charge.id}（${charge.name}）已冲销，不能重复冲销`);
      const at = this.now();
      const id = this.repo.insertCharge({
        admissionId: charge.admission_id,
        itemCode: charge.item_code,
        qtyMilli: -charge.qty_milli,
        price: charge.price,
        batchId: charge.batch_id,
        reversesId: charge.id,
        reason: input.reason,
        chargedOn: localDate(at),
        at: at.toISOString(),
        operator: context.operator,
        clientRequestId: null,
      });
      if (charge.batch_id !== null) {
        this.services.stock.stock.insertMove({ batchId: charge.batch_id, kind: 'return', qtyMilli: charge.qty_milli, operator: context.operator, at: at.toISOString(), businessDate: localDate(at), inpatientChargeId: id, reason: input.reason });
      }
      writeAudit(this.db, { actor: context.operator, action: 'inpatient.cancelCharge', entity: `charge:${charge.id}`, details: { reason: input.reason } });
      return toLine(this.repo.charge(id)!);
    }).immediate();
  }

  statement(admissionId: number): DailyStatement {
    const admission = this.repo.admission(admissionId);
    if (!admission) throw new ApiError('NOT_FOUND', `没有住院号 ${admissionId}`);
    const days: DailyStatement['days'] = [];
    let running = ZERO_FEN;
    for (const row of this.repo.charges(admissionId)) {
      const line = toLine(row);
      let day = days.at(-1);
      if (!day || day.date !== row.charged_on) {
        day = { date: row.charged_on, lines: [], total: ZERO_FEN, runningTotal: running };
        days.push(day);
      }
      day.lines.push(line);
      day.total = addFen(day.total, line.amount);
      running = addFen(running, line.amount);
      day.runningTotal = running;
    }
    return {
      admission,
      days,
      chargesTotal: running,
      depositsPaid: this.repo.depositsPaid(admissionId),
      depositBalance: admission.depositBalance,
    };
  }

  previewDischarge(input: { admissionId: number; useAccount: boolean }): SettlementPreview {
    const admission = this.openAdmission(input.admissionId);
    return this.services.settlements.preparePriced(this.billOf(admission, input.useAccount), this.pricedLines(admission));
  }

  /**
   * 出院结算: one settlement for the whole stay. The patient's cash part is taken from the deposits first;
   * what they do not cover is paid now, and what is left over is handed back — all in one transaction.
   */
  discharge(
    input: { admissionId: number; useAccount: boolean; payMethod: CashMethod; clientRequestId: string },
    context: CallContext,
  ): DischargeResult {
    return this.db.transaction(() => {
      const earlier = this.services.settlements.byRequest(input.clientRequestId);
      if (earlier) {
        if (this.repo.admission(input.admissionId)?.discharged?.settlementId !== earlier.id) {
          throw new ApiError('CONFLICT', `请求号 ${input.clientRequestId} 已用于收据 ${earlier.receiptNo}，不是本次出院结算`);
        }
        return this.dischargeResult(earlier);
      }
      const admission = this.openAdmission(input.admissionId);
      const lines = this.pricedLines(admission);
      if (lines.length === 0) throw new ApiError('CONFLICT', `住院号 ${admission.id} 没有任何费用，不能出院结算`);
      const counterId = this.repos.settings.counterFor(context);
      const settlement = this.services.settlements.settlePriced(
        { ...this.billOf(admission, input.useAccount), clientRequestId: input.clientRequestId },
        context,
        {
          lines,
          payCash: (settlementId, cash, at) => {
            const shift = this.services.shifts.requireOpen(context);
            const balance = admission.depositBalance;
            const used = minFen(balance, cash);
            const payments: Payment[] = [];
            const row = { admissionId: admission.id, counterId, receiptNo: null, shiftId: shift.id, settlementId, clientRequestId: null, at, operator: context.operator };
            if (used > 0) {
              this.repo.insertDeposit({ ...row, kind: 'offset', amount: negFen(used), method: 'deposit' });
              payments.push({ method: 'deposit', amount: used });
            }
            if (cash > used) payments.push({ method: input.payMethod, amount: subFen(cash, used) });
            if (balance > used) this.repo.insertDeposit({ ...row, kind: 'refund', amount: negFen(subFen(balance, used)), method: 'cash' });
            this.repo.insertDischarge(admission.id, settlementId, localDate(this.now()), context.operator);
            return payments;
          },
        },
      );
      return this.dischargeResult(settlement);
    }).immediate();
  }

  private dischargeResult(settlement: SettlementRecord): DischargeResult {
    const deposits = this.repo.depositsOfSettlement(settlement.id);
    const total = (kind: string): Fen => sumFen(deposits.filter((d) => d.kind === kind).map((d) => d.amount));
    const depositUsed = negFen(total('offset'));
    const depositRefunded = negFen(total('refund'));
    return { settlement, depositUsed, depositRefunded, due: subFen(settlement.amounts.psn_cash_pay, depositUsed) };
  }

  private billOf(admission: Admission, useAccount: boolean) {
    return {
      personId: admission.personId,
      visit: { medType: 'inpatient' as const, level: admission.level },
      lines: [] as { itemCode: string; qty: number }[],
      useAccount,
    };
  }

  /** The stay's charges netted per item, batch and price: what the discharge bill lists. */
  private pricedLines(admission: Admission): PricedLine[] {
    const groups = new Map<string, { itemCode: string; batchId: number | null; batchNo: string | null; expiryDate: string | null; price: Fen; qtyMilli: number }>();
    for (const row of this.repo.charges(admission.id)) {
      const key = `${row.item_code}|${row.batch_id ?? ''}|${row.price}`;
      const group = groups.get(key) ?? { itemCode: row.item_code, batchId: row.batch_id, batchNo: row.batch_no, expiryDate: row.expiry_date, price: row.price, qtyMilli: 0 };
      group.qtyMilli += row.qty_milli;
      groups.set(key, group);
    }
    const nonEmpty = [...groups.values()].filter((g) => g.qtyMilli > 0);
    const items = this.repos.catalogue.getMany(nonEmpty.map((g) => g.itemCode));
    return nonEmpty.map((g, requestIndex) => ({
      requestIndex,
      item: items.get(g.itemCode)!,
      qtyMilli: g.qtyMilli,
      price: g.price,
      batchId: g.batchId,
      batch: g.batchNo && g.expiryDate ? { batchNo: g.batchNo, expiryDate: g.expiryDate } : undefined,
    }));
  }

  private openAdmission(id: number): Admission {
    const admission = this.repo.admission(id);
    if (!admission) throw new ApiError('NOT_FOUND', `没有住院号 ${id}`);
    if (admission.discharged) throw new ApiError('CONFLICT', `住院号 ${id}（${admission.personName}）已于 ${admission.discharged.dischargedOn} 出院结算`);
    return admission;
  }

  /** A deposit receipt as issued (for printing and reprinting). */
  receipt(id: number): DepositReceipt {
    const d = this.repo.deposit(id)!;
    return {
      id: d.id,
      admissionId: d.admission_id,
      receiptNo: formatDepositNo(d.counter_id, d.receipt_no),
      amount: d.amount,
      method: d.method,
      at: d.at,
      operator: d.operator,
      balanceAfter: this.repo.admission(d.admission_id)!.depositBalance,
    };
  }
}

function toLine(row: ChargeRow): ChargeLine {
  const amount = row.qty_milli < 0 ? negFen(lineAmount(row.price, -row.qty_milli)) : lineAmount(row.price, row.qty_milli);
  return {
    id: row.id,
    itemCode: row.item_code,
    name: row.name,
    spec: row.spec,
    unit: row.unit,
    qtyMilli: row.qty_milli,
    price: row.price,
    amount,
    batchNo: row.batch_no,
    reversesId: row.reverses_id,
    reason: row.reason,
  };
}

/**
 * A retry carries the same request id and the same content and gets the first answer; the same id with
 * other content is a mistake (or a reused id) and must not pass for success.
 */
function sameIdOtherContent(clientRequestId: string, usedFor: string): ApiError {
  return new ApiError('CONFLICT', `请求号 ${clientRequestId} 已用于${usedFor}，内容与本次不同，未重复记账`);
}

/** Whether charge rows written for a request (split by batch) add up to these lines, item by item. */
function sameCharges(rows: readonly { itemCode: string; qtyMilli: number }[], lines: readonly { itemCode: string; qty: number }[]): boolean {
  const totals = (pairs: [string, number | null][]) => {
    const byItem = new Map<string, number>();
    for (const [code, milli] of pairs) byItem.set(code, (byItem.get(code) ?? 0) + (milli ?? Number.NaN));
    return byItem;
  };
  const written = totals(rows.map((r) => [r.itemCode, r.qtyMilli]));
  const asked = totals(lines.map((l) => [l.itemCode, qtyToMilli(l.qty)]));
  return written.size === asked.size && [...asked].every(([code, milli]) => written.get(code) === milli);
}
