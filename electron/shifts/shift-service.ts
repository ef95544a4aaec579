import { ApiError } from '../../shared/api/errors';
import { formatDateTime, localDate } from '../../shared/dates';
import { PAYMENT_METHOD_NAMES, type PaymentMethod } from '../../shared/ledger';
import { absFen, addFen, fen, formatYuan, subFen, sumFen, timesFen, ZERO_FEN, type Fen } from '../../shared/money';
import { DENOMINATIONS, type ShiftClosing, type ShiftSummary } from '../../shared/shift';
import type { CallContext } from '../api/handlers';
import type { Repositories } from '../db/repositories';
import { writeAudit } from '../audit/audit-log';
import type { Db } from '../db/open';
import type { PrintQueue } from '../printing/print-queue';
import { ShiftRepository, type ShiftRow } from './shift-repository';

/**
 * 开班与交班. One open shift per counter; every settlement and refund is taken in the open shift, so what
 * the drawer should hold is the float plus the shift's cash payments — computed from rows, never kept.
 */
export class ShiftService {
  private readonly shifts: ShiftRepository;

  constructor(
    private readonly db: Db,
    private readonly repos: Repositories,
    private readonly now: () => Date,
    private readonly prints?: PrintQueue,
  ) {
    this.shifts = new ShiftRepository(db);
  }

  open(float: number, context: CallContext): ShiftSummary {
    return this.db.transaction(() => {
      const counterId = this.repos.settings.counterFor(context);
      const open = this.shifts.openAt(counterId);
      if (open) {
        throw new ApiError('CONFLICT', `收费台 ${counterId} 已有 ${open.cashier} 于 ${formatDateTime(open.opened_at)} 开的班次，请先交班`);
      }
      const at = this.now();
      const id = this.shifts.insert({
        counter_id: counterId,
        cashier: context.operator,
        float_fen: fen(float, '备用金'),
        opened_at: at.toISOString(),
        business_date: localDate(at),
      });
      writeAudit(this.db, { actor: context.operator, action: 'shift.open', entity: `shift:${id}`, details: { float } });
      return this.summary(id);
    }).immediate();
  }

  /** The open shift at the caller's counter, or null. */
  current(context: Pick<CallContext, 'counterId'> = {}): ShiftSummary | null {
    const open = this.shifts.openAt(this.repos.settings.counterFor(context));
    return open ? this.summary(open.id) : null;
  }

  /** Who holds an open shift at a counter (by name), or null. */
  openHolder(counterId: string): string | null {
    const open = this.shifts.openAt(counterId);
    return open ? this.repos.users.displayName(open.cashier) : null;
  }

  /** The shift money may be taken in now; settling without one is refused. Call inside the write. */
  requireOpen(context: CallContext): ShiftRow {
    const counterId = this.repos.settings.counterFor(context);
    const open = this.shifts.openAt(counterId);
    if (!open) throw new ApiError('CONFLICT', `收费台 ${counterId} 尚未开班：请先开班（录入备用金）再收费`);
    if (open.cashier !== context.operator && context.role !== 'manager') {
      throw new ApiError('FORBIDDEN', `当前班次属于 ${open.cashier}，请由本人收费或先交班`);
    }
    return open;
  }

  close(input: { counts: Partial<Record<string, number>>; note: string }, context: CallContext): ShiftSummary {
    return this.db.transaction(() => {
      const open = this.requireOpen(context);
      const counted = countedCash(input.counts);
      const before = this.summary(open.id);
      const closing = {
        counted_json: JSON.stringify(input.counts),
        counted_fen: counted,
        expected_fen: before.expectedCash,
        difference_fen: subFen(counted, before.expectedCash),
        note: input.note,
        closed_at: this.now().toISOString(),
      };
      if (closing.difference_fen !== 0 && !input.note.trim()) {
        throw new ApiError(
          'BAD_INPUT',
          `实点现金 ${formatYuan(counted)} 元，应有 ${formatYuan(before.expectedCash)} 元，${closing.difference_fen > 0 ? '长款' : '短款'} ${formatYuan(absFen(closing.difference_fen))} 元：请填写说明后再交班`,
          { issues: [{ path: 'note', message: '现金有差额时必须填写说明' }] },
        );
      }
      this.shifts.insertClosing(open.id, closing);
      this.prints?.enqueue('shift', open.id, context.operator, closing.closed_at, open.counter_id);
      writeAudit(this.db, {
        actor: context.operator,
        action: 'shift.close',
        entity: `shift:${open.id}`,
        details: { counted, expected: before.expectedCash, difference: closing.difference_fen },
      });
      return this.summary(open.id);
    }).immediate();
  }

  summary(id: number): ShiftSummary {
    const shift = this.shifts.get(id);
    if (!shift) throw new ApiError('NOT_FOUND', `没有编号为 ${id} 的班次`);
    const byMethod = Object.fromEntries(Object.keys(PAYMENT_METHOD_NAMES).map((m) => [m, ZERO_FEN])) as Record<PaymentMethod, Fen>;
    for (const { method, amount } of this.shifts.paymentsByMethod(id)) byMethod[method] = amount;
    const totals = this.shifts.totals(id);
    const closingRow = this.shifts.closing(id);
    const closing: ShiftClosing | null = closingRow && {
      counted: JSON.parse(closingRow.counted_json) as Record<string, number>,
      countedCash: closingRow.counted_fen,
      expectedCash: closingRow.expected_fen,
      difference: closingRow.difference_fen,
      note: closingRow.note,
      closedAt: closingRow.closed_at,
    };
    return {
      id: shift.id,
      counterId: shift.counter_id,
      cashier: shift.cashier,
      openedAt: shift.opened_at,
      businessDate: shift.business_date,
      float: shift.float_fen,
      settlements: totals.settlements,
      refunds: totals.refunds,
      byMethod,
      expectedCash: addFen(shift.float_fen, byMethod.cash),
      fundTotal: totals.fund,
      medfeeTotal: totals.medfee,
      closing,
    };
  }
}

/** The counted drawer in fen; keys are denomination values in fen, counts whole pieces. */
export function countedCash(counts: Partial<Record<string, number>>): Fen {
  return sumFen(DENOMINATIONS.map((d) => timesFen(d.fen, counts[String(d.fen)] ?? 0)));
}
