import { createHash } from 'node:crypto';
import { ApiError } from '../../shared/api/errors';
import type { InsuredPerson } from '../../shared/domain';
import { localDate } from '../../shared/dates';
import {
  formatReceiptNo,
  poolLabel,
  type YearUsage,
  type BillRequest,
  type PaymentMethod,
  type SettledBillLine,
  type SettlementPreview,
  type SettlementRecord,
} from '../../shared/ledger';
import {
  AMOUNT_FIELDS,
  SettlementInputError,
  negateMoves,
  parsePolicy,
  parseSettleInputFor,
  reverseAmounts,
  settle,
  ytdFromMoves,
  type Level,
  type MedType,
  type Policy,
  type SettleInput,
  type Settlement,
  type SettlementAmounts,
} from '../../shared/settlement';
import type { CallContext } from '../api/handlers';
import type { Repositories } from '../db/repositories';
import { writeAudit } from '../audit/audit-log';
import type { Db } from '../db/open';
import type { AuthService } from '../auth/auth-service';
import type { StockService } from '../pharmacy/stock-service';
import type { PrintQueue } from '../printing/print-queue';
import type { ShiftService } from '../shifts/shift-service';
import { formatYuan, maxFen, negFen, subFen, ZERO_FEN, type Fen } from '../../shared/money';
import { qtyToMilli } from '../../shared/quantity';
import { buildCase, isSelfPay, type PricedLine } from './engine-input';
import { LedgerRepository, type BillLineRow, type BillRow, type SettlementRow } from './ledger-repository';

/**
 * What the district link keeps of a settlement or a refund: written into the outbox with the money, in
 * the same transaction. The format is the district's (electron/district/upload-payload.ts); the ledger
 * only stores it, so settlement depends on no part of the link.
 */
export interface UploadPayloads {
  settlement(record: SettlementRecord): unknown;
  refund(record: SettlementRecord, original: { counterId: string; receiptNo: number }): unknown;
}

export interface Payment {
  method: PaymentMethod;
  amount: Fen;
}

export interface SettleRequest extends BillRequest {
  clientRequestId: string;
  payMethod: Exclude<PaymentMethod, 'account'>;
  tendered?: Fen | undefined;
}

export interface RefundRequest {
  settlementId: number;
  reason: string;
  clientRequestId: string;
  /** A manager's own credentials, typed at the counter: refunds are approved on the spot. */
  approval: { username: string; password: string };
}

interface Computed {
  settlement: Settlement;
  person: InsuredPerson;
  lines: BillLineRow[];
  policyId: string;
  year: number;
  ytdBefore: ReturnType<typeof ytdFromMoves>;
  accountBalance: Fen;
}

/**
 * The settlement ledger: 预结算, 结算 and 退费. Each write is one IMMEDIATE transaction holding the bill, the
 * settlement, the accumulator movements, the receipt number, the payments, the outbox row and the audit
 * row — all of it or none of it. A retried call with the same client request id returns the first answer.
 */
export class SettlementService {
  private readonly ledger: LedgerRepository;
  private readonly parsedPolicies = new Map<string, Policy>();

  private readonly stock: StockService;
  private readonly shifts: ShiftService;
  private readonly auth: AuthService;
  private readonly prints: PrintQueue;
  private readonly uploads: UploadPayloads;

  constructor(
    private readonly db: Db,
    private readonly repos: Repositories,
    services: { stock: StockService; shifts: ShiftService; auth: AuthService; prints: PrintQueue; uploads: UploadPayloads },
    private readonly now: () => Date,
  ) {
    this.ledger = new LedgerRepository(db);
    this.stock = services.stock;
    this.shifts = services.shifts;
    this.auth = services.auth;
    this.prints = services.prints;
    this.uploads = services.uploads;
  }

  preview(request: BillRequest): SettlementPreview {
    const businessDate = localDate(this.now());
    return this.toPreview(this.compute(request, businessDate, this.priceLines(request, businessDate)));
  }

  private toPreview(computed: Computed): SettlementPreview {
    const { settlement } = computed;
    return {
      policyId: computed.policyId,
      amounts: pickAmounts(settlement),
      funds: settlement.funds,
      trace: settlement.trace,
      lines: computed.lines.map(toBillLine),
      ytdBefore: computed.ytdBefore,
      ytdAfter: settlement.ytd_after,
      accountBalance: computed.accountBalance,
    };
  }

  settle(request: SettleRequest, context: CallContext): SettlementRecord {
    return this.settleWith(request, context, {
      price: (businessDate) => this.priceLines(request, businessDate),
      sellStock: true,
      payCash: (id, cash) => {
        if (cash <= 0) return [];
        this.recordTender(id, request, cash);
        return [{ method: request.payMethod, amount: cash }];
      },
    });
  }

  /** 实收 and 找零, kept when cash changed hands with change given; refuses a tender short of what is due. */
  private recordTender(settlementId: number, request: SettleRequest, cash: Fen): void {
    if (request.tendered === undefined || request.tendered === cash) return;
    if (request.payMethod !== 'cash') {
      throw new ApiError('BAD_INPUT', '非现金付款按应收金额扣款，无需填写实收金额', { issues: [{ path: 'tendered', message: '非现金付款无需实收金额' }] });
    }
    if (request.tendered < cash) {
      const message = `实收不足：应收现金 ${formatYuan(cash)} 元，实收 ${formatYuan(request.tendered)} 元`;
      throw new ApiError('BAD_INPUT', message, { issues: [{ path: 'tendered', message }] });
    }
    this.ledger.insertTender(settlementId, request.tendered, subFen(request.tendered, cash));
  }

  /**
   * Settles a bill whose prices are already decided — an inpatient stay, whose drugs left the pharmacy day by
   * day — with the cash part paid as `payCash` decides (e.g. from deposits). The same transaction, replay and
   * records as an outpatient settlement.
   */
  settlePriced(
    request: BillRequest & { clientRequestId: string },
    context: CallContext,
    plan: { lines: PricedLine[]; payCash: (settlementId: number, cash: Fen, at: string) => Payment[] },
  ): SettlementRecord {
    return this.settleWith(request, context, { price: () => plan.lines, sellStock: false, payCash: plan.payCash });
  }

  preparePriced(request: BillRequest, lines: PricedLine[]): SettlementPreview {
    return this.toPreview(this.compute(request, localDate(this.now()), lines));
  }

  private settleWith(
    request: BillRequest & { clientRequestId: string },
    context: CallContext,
    how: {
      price: (businessDate: string) => PricedLine[];
      sellStock: boolean;
      payCash: (settlementId: number, cash: Fen, at: string) => Payment[];
    },
  ): SettlementRecord {
    const hash = requestHash({ ...request, clientRequestId: undefined });
    return this.db.transaction(() => {
      const earlier = this.replay(request.clientRequestId, hash);
      if (earlier) return earlier;

      const shift = this.shifts.requireOpen(context);
      const at = this.now();
      const businessDate = localDate(at);
      const settledAt = at.toISOString();
      const computed = this.compute(request, businessDate, how.price(businessDate));
      const { settlement } = computed;
      const counterId = shift.counter_id;

      const selfPay = isSelfPay(request, computed.person);
      const bill = { personId: request.personId, ...request.visit, selfPay, operator: context.operator, createdAt: settledAt };
      const billId = this.ledger.insertBill(bill, computed.lines);
      const row: Omit<SettlementRow, 'id'> = {
        ...pickAmounts(settlement),
        kind: 'settle',
        billId,
        personId: request.personId,
        reversesId: null,
        clientRequestId: request.clientRequestId,
        requestHash: hash,
        policyId: computed.policyId,
        year: computed.year,
        counterId,
        receiptNo: this.ledger.nextReceiptNo(counterId),
        businessDate,
        settledAt,
        operator: context.operator,
        reason: null,
        shiftId: shift.id,
        funds: settlement.funds,
        trace: settlement.trace,
      };
      const id = this.ledger.insertSettlement(row);
      this.ledger.insertYtdMoves(request.personId, computed.year, id, settlement.moves);
      if (how.sellStock) {
        this.stock.recordSale(
          id,
          computed.lines.filter((l) => l.batchId !== null).map((l) => ({ batchId: l.batchId!, qtyMilli: l.qtyMilli, salePrice: l.price })),
          context.operator,
          settledAt,
          businessDate,
        );
      }
      const payments: Payment[] = [];
      if (settlement.acct_pay > 0) {
        this.ledger.insertAccountMove(request.personId, 'settle', -settlement.acct_pay, id, settledAt);
        payments.push({ method: 'account', amount: settlement.acct_pay });
      }
      payments.push(...how.payCash(id, settlement.psn_cash_pay, settledAt));
      for (const payment of payments) this.ledger.insertPayment(id, payment.method, payment.amount);
      const record = toRecord({
        row: { ...row, id },
        bill,
        person: computed.person,
        lines: computed.lines,
        payments,
        cashTendered: this.ledger.tenderOf(id),
        refundedById: null,
        replayed: false,
      });
      // A self-paid bill is no insurance transaction: nothing goes to the district's settlement upload.
      if (!selfPay) this.ledger.insertOutbox('settlement', id, this.uploads.settlement(record), settledAt);
      this.prints.enqueue('settlement', id, context.operator, settledAt, counterId);
      writeAudit(this.db, {
        actor: context.operator,
        action: 'settlement.settle',
        entity: `settlement:${id}`,
        details: { receiptNo: record.receiptNo, medfee_sumamt: settlement.medfee_sumamt, psn_cash_pay: settlement.psn_cash_pay },
      });
      return record;
    }).immediate();
  }

  refund(request: RefundRequest, context: CallContext): SettlementRecord {
    const hash = requestHash({ settlementId: request.settlementId, reason: request.reason });
    return this.db.transaction(() => {
      const earlier = this.replay(request.clientRequestId, hash);
      if (earlier) return earlier;

      const original = this.ledger.settlement(request.settlementId);
      if (!original) throw new ApiError('NOT_FOUND', `没有编号为 ${request.settlementId} 的结算记录`);
      if (original.kind === 'refund') throw new ApiError('CONFLICT', '这是一笔退费记录，不能再退费');
      if (this.ledger.isDischarge(original.id)) {
        throw new ApiError('CONFLICT', '出院结算的撤销（冲正后重新结算）尚未支持：请联系信息员处理，本次未做任何改动');
      }
      const previous = this.ledger.refundOf(original.id);
      if (previous) {
        throw new ApiError(
          'CONFLICT',
          `收据 ${formatReceiptNo(original.counterId, original.receiptNo)} 已于 ${previous.businessDate} 退费（退费收据 ${formatReceiptNo(previous.counterId, previous.receiptNo)}），不能重复退费`,
        );
      }

      const approver = this.auth.approveAsManager(request.approval);
      const shift = this.shifts.requireOpen(context);
      const at = this.now();
      const settledAt = at.toISOString();
      const counterId = shift.counter_id;
      const receiptNo = this.ledger.nextReceiptNo(counterId);
      const originalReceipt = formatReceiptNo(original.counterId, original.receiptNo);
      const reversed = reverseAmounts(pickAmounts(original));
      const id = this.ledger.insertSettlement({
        ...reversed,
        kind: 'refund',
        billId: original.billId,
        personId: original.personId,
        reversesId: original.id,
        clientRequestId: request.clientRequestId,
        requestHash: hash,
        policyId: original.policyId,
        year: original.year,
        counterId,
        receiptNo,
        businessDate: localDate(at),
        settledAt,
        operator: context.operator,
        reason: request.reason,
        shiftId: shift.id,
        funds: original.funds.map((f) => ({ ...f, fund_payamt: negFen(f.fund_payamt) })),
        trace: [
          {
            step: 'totals',
            title: '退费',
            text: `整单退费，冲销原收据 ${originalReceipt}：各项基金与个人支付全额退回，年度累计同时恢复。原因：${request.reason}`,
            amounts: Object.fromEntries(AMOUNT_FIELDS.map((f) => [f, reversed[f]])),
          },
        ],
      });
      this.ledger.insertYtdMoves(original.personId, original.year, id, negateMoves(this.ledger.movesOf(original.id)));
      this.stock.recordReturn(original.id, id, context.operator, settledAt, localDate(at));
      for (const payment of this.ledger.paymentsOf(original.id)) {
        this.ledger.insertPayment(id, payment.method, -payment.amount);
        if (payment.method === 'account') {
          this.ledger.insertAccountMove(original.personId, 'refund', payment.amount, id, settledAt);
        }
      }
      const record = this.record(id, false);
      if (!record.selfPay) this.ledger.insertOutbox('refund', id, this.uploads.refund(record, original), settledAt);
      this.prints.enqueue('settlement', id, context.operator, settledAt, counterId);
      writeAudit(this.db, {
        actor: context.operator,
        action: 'settlement.refund',
        entity: `settlement:${id}`,
        details: { reverses: original.id, originalReceipt, receiptNo: record.receiptNo, reason: request.reason, approvedBy: approver.username },
      });
      return record;
    }).immediate();
  }

  /** The settlement a client request id produced, if any (for callers that replay their own requests). */
  byRequest(clientRequestId: string): SettlementRecord | null {
    const row = this.ledger.settlementByRequest(clientRequestId);
    return row ? this.record(row.id, true) : null;
  }

  get(settlementId: number): SettlementRecord {
    if (!this.ledger.settlement(settlementId)) throw new ApiError('NOT_FOUND', `没有编号为 ${settlementId} 的结算记录`);
    return this.record(settlementId, false);
  }

  /** An earlier answer to this very request, or null. The same id with a different request is refused. */
  private replay(clientRequestId: string, hash: string): SettlementRecord | null {
    const earlier = this.ledger.settlementByRequest(clientRequestId);
    if (!earlier) return null;
    if (earlier.requestHash !== hash) {
      throw new ApiError(
        'CONFLICT',
        `请求号 ${clientRequestId} 已用于收据 ${formatReceiptNo(earlier.counterId, earlier.receiptNo)}，内容与本次不同，未重复记账`,
        { settlementId: earlier.id },
      );
    }
    return this.record(earlier.id, true);
  }

  private compute(request: BillRequest, businessDate: string, priced: PricedLine[]): Computed {
    const person = this.repos.people.get(request.personId);
    if (!person) throw new ApiError('NOT_FOUND', `没有编号为 ${request.personId} 的参保人`);
    if (request.visit.medType === 'chronic' && !isSelfPay(request, person)) requireCertification(person, businessDate);
    const policy = this.policyInForce(businessDate);
    const ytdBefore = ytdFromMoves(this.ledger.ytdMoves(person.id, policy.year));
    const accountBalance = this.ledger.accountBalance(person.id);
    const raw = buildCase({ request, lines: priced, person, accountBalance, ytd: ytdBefore });

    let input: SettleInput;
    try {
      input = parseSettleInputFor(policy, raw);
    } catch (error) {
      if (error instanceof SettlementInputError) throw inputError(error, priced);
      throw error;
    }
    const settlement = settle(input);
    const lines: BillLineRow[] = settlement.lines.map((line, index) => {
      const { item, batchId, batch } = priced[index]!;
      const parsed = input.bill.lines[index]!;
      return {
        ...line,
        batchNo: batch?.batchNo ?? null,
        expiryDate: batch?.expiryDate ?? null,
        unit: item.unit,
        spec: item.spec,
        itemCode: item.code,
        insurerCode: item.insurerCode,
        price: parsed.price,
        qtyMilli: parsed.qtyMilli,
        capPrice: parsed.capPrice,
        selfPayRatioBp: parsed.selfPayRatio,
        batchId,
      };
    });
    return { settlement, person, lines, policyId: policy.id, year: policy.year, ytdBefore, accountBalance };
  }

  /**
   * Decides each line's price: services and materials at the catalogue price; stocked drugs at the sale
   * price of the batches picked for them (first expiry first), which for essential drugs is the purchase
   * price. Short or expired stock is refused here, before anything is settled.
   */
  private priceLines(request: BillRequest, businessDate: string): PricedLine[] {
    const items = this.repos.catalogue.getMany(request.lines.map((l) => l.itemCode));
    return request.lines.flatMap((line, requestIndex): PricedLine[] => {
      const path = `lines[${requestIndex}]`;
      const item = items.get(line.itemCode);
      if (!item) {
        const message = `目录中没有编码为「${line.itemCode}」的项目`;
        throw new ApiError('BAD_INPUT', `第 ${requestIndex + 1} 行：${message}`, { issues: [{ path: `${path}.itemCode`, message }] });
      }
      const qtyMilli = qtyToMilli(line.qty);
      if (qtyMilli === null) {
        const message = `数量最多三位小数，收到 ${line.qty}`;
        throw new ApiError('BAD_INPUT', `第 ${requestIndex + 1} 行：${message}`, { issues: [{ path: `${path}.qty`, message }] });
      }
      if (!item.stocked) return [{ requestIndex, item, qtyMilli, price: item.price, batchId: null }];
      return this.stock
        .allocate(item, qtyMilli, `${path}.qty`, businessDate)
        .map((a) => ({ requestIndex, item, qtyMilli: a.qtyMilli, price: a.salePrice, batchId: a.batchId, batch: { batchNo: a.batchNo, expiryDate: a.expiryDate } }));
    });
  }

  /** This year's accumulators against the caps of the policy in force (年度累计与封顶). */
  usage(personId: number): YearUsage {
    const person = this.repos.people.get(personId);
    if (!person) throw new ApiError('NOT_FOUND', `没有编号为 ${personId} 的参保人`);
    const policy = this.policyInForce(localDate(this.now()));
    const ytd = ytdFromMoves(this.ledger.ytdMoves(person.id, policy.year));
    const row = (label: string, used: Fen, cap: Fen | null) => ({ label, used, cap, remaining: cap === null ? null : maxFen(ZERO_FEN, subFen(cap, used)) });
    // Only the pools this person's insurance draws on; someone not insured here has none.
    const pools = new Set(policy.rules.filter((r) => r.insuredType === person.insuredType).map((r) => r.pool));
    const rows = Object.entries(policy.pools)
      .filter(([pool]) => pools.has(pool))
      .map(([pool, { annualCap }]) => row(poolLabel(pool), ytd.pools?.[pool]?.paid ?? ZERO_FEN, annualCap));
    if (person.insuredType === 'none') return { personId: person.id, year: policy.year, policyId: policy.id, rows: [], ytd };
    if (policy.seriousIllness) {
      const noCap = policy.seriousIllness.groups.some((g) => g.noCap && person.groups.includes(g.group));
      rows.push(row('大病保险', ytd.seriousIllness?.paid ?? ZERO_FEN, noCap ? null : policy.seriousIllness.annualCap));
    }
    const assistance = policy.assistance?.groups.filter((g) => person.groups.includes(g.group)) ?? [];
    if (assistance.length > 0) {
      rows.push(row('医疗救助', ytd.assistance?.paid ?? ZERO_FEN, assistance.map((g) => g.annualCap).reduce(maxFen)));
    }
    return { personId: person.id, year: policy.year, policyId: policy.id, rows, ytd };
  }

  /** Policies never change once imported (a trigger refuses it), so each is validated once and kept. */
  private policyInForce(businessDate: string): Policy {
    const id = this.repos.policies.inForceId(businessDate);
    if (!id) throw new ApiError('UNAVAILABLE', `没有在 ${businessDate} 生效的医保结算政策，请信息员导入本年度政策`);
    let policy = this.parsedPolicies.get(id);
    if (!policy) {
      policy = parsePolicy(this.repos.policies.get(id)!.document);
      this.parsedPolicies.set(id, policy);
    }
    return policy;
  }

  /** Reads a settlement back from its rows. */
  private record(id: number, replayed: boolean): SettlementRecord {
    const row = this.ledger.settlement(id)!;
    const refund = row.kind === 'settle' ? this.ledger.refundOf(row.id) : null;
    return toRecord({
      row,
      bill: this.ledger.bill(row.billId)!,
      person: this.repos.people.get(row.personId)!,
      lines: this.ledger.linesOf(row.billId),
      payments: this.ledger.paymentsOf(row.id),
      cashTendered: this.ledger.tenderOf(row.id),
      refundedById: refund?.id ?? null,
      replayed,
    });
  }
}

/** The one place a settlement's rows become what the API returns, whether just written or read back. */
function toRecord(parts: {
  row: SettlementRow;
  bill: BillRow;
  person: InsuredPerson;
  lines: BillLineRow[];
  payments: Payment[];
  cashTendered: SettlementRecord['cashTendered'];
  refundedById: number | null;
  replayed: boolean;
}): SettlementRecord {
  const { row, bill, person } = parts;
  return {
    id: row.id,
    kind: row.kind,
    receiptNo: formatReceiptNo(row.counterId, row.receiptNo),
    counterId: row.counterId,
    businessDate: row.businessDate,
    settledAt: row.settledAt,
    operator: row.operator,
    person: { id: person.id, name: person.name, idNumber: person.idNumber },
    visit: { medType: bill.medType as MedType, level: bill.level as Level },
    selfPay: bill.selfPay,
    policyId: row.policyId,
    billId: row.billId,
    reversesId: row.reversesId,
    refundedById: parts.refundedById,
    reason: row.reason,
    amounts: pickAmounts(row),
    funds: row.funds,
    trace: row.trace,
    lines: parts.lines.map(toBillLine),
    payments: parts.payments,
    cashTendered: parts.cashTendered,
    replayed: parts.replayed,
  };
}

/** A chronic-disease visit is only for a person with a filing in force that day. */
function requireCertification(person: InsuredPerson, businessDate: string): void {
  const valid = person.certifications.some((c) => c.validFrom <= businessDate && businessDate <= c.validTo);
  if (valid) return;
  const lapsed = person.certifications[0];
  throw new ApiError(
    'CONFLICT',
    lapsed
      ? `${person.name} 的门诊慢特病认定（${lapsed.diseaseName}）已于 ${lapsed.validTo} 到期，不能按门诊慢特病结算；可按普通门诊或自费结算`
      : `${person.name} 没有门诊慢特病认定，不能按门诊慢特病结算；可按普通门诊或自费结算`,
    { issues: [{ path: 'visit.medType', message: '没有有效的门诊慢特病认定' }] },
  );
}

function pickAmounts(source: SettlementAmounts): SettlementAmounts {
  return Object.fromEntries(AMOUNT_FIELDS.map((f) => [f, source[f]])) as unknown as SettlementAmounts;
}

function toBillLine(line: BillLineRow): SettledBillLine {
  return {
    code: line.code,
    batchId: line.batchId,
    batchNo: line.batchNo ?? null,
    expiryDate: line.expiryDate ?? null,
    unit: line.unit ?? '',
    spec: line.spec ?? '',
    name: line.name,
    class: line.class,
    amount: line.amount,
    overlimit: line.overlimit,
    fulamt: line.fulamt,
    preself: line.preself,
    inscope: line.inscope,
    itemCode: line.itemCode,
    insurerCode: line.insurerCode,
    price: line.price,
    qtyMilli: line.qtyMilli,
  };
}

/**
 * The engine names fields of its case (`bill.lines[2].qty`); the caller knows them by the line it typed,
 * which may have been split across batches: `lines[1].qty`.
 */
function inputError(error: SettlementInputError, priced: readonly PricedLine[]): ApiError {
  const rename = (path: string) =>
    path
      .replace(/^bill\.lines\[(\d+)\]/, (_m, k: string) => `lines[${priced[Number(k)]?.requestIndex ?? k}]`)
      .replace(/^person\./, '')
      .replace(/^policy\b/, '结算政策');
  const issues = error.issues.map((i) => ({ path: rename(i.path), message: i.message }));
  const first = issues[0];
  return new ApiError('BAD_INPUT', first ? `${first.path}：${first.message}` : error.message, { issues });
}

function requestHash(request: object): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}
