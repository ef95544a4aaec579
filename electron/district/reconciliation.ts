import { ApiError } from '../../shared/api/errors';
import {
  INFNO,
  RECONCILE_FIELD_NAMES,
  RECONCILE_FIELDS,
  type DetailLine,
  type ReconcileAmounts,
  type ReconcileDetailsOutput,
  type ReconcileTotalsOutput,
} from '../../shared/district/protocol';
import type { ReconcileReport, ReconcileTotals } from '../../shared/district/types';
import { addFen, formatYuan, ZERO_FEN } from '../../shared/money';
import { writeAudit } from '../audit/audit-log';
import type { Db } from '../db/open';
import { prepared } from '../db/statements';
import type { DistrictMessenger } from './district-messenger';


interface LedgerLine extends DetailLine, ReconcileAmounts {
  state: 'pending' | 'accepted' | 'rejected';
}

/**
 * 对总账 and 对明细账 for a period of business dates: the counter's side is every settlement and refund the
 * centre must hold (self-paid bills upload nothing), straight from the ledger; the centre answers with its
 * accepted records. Records not yet answered, or rejected, explain a difference.
 */
export class Reconciliation {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** The ledger's lines for the period, with the upload state of each one's latest record. */
  ledger(from: string, to: string): LedgerLine[] {
    return prepared(
      this.db,
      `SELECT s.counter_id || '-' || printf('%08d', s.receipt_no) AS setl_id,
              CASE s.kind WHEN 'settle' THEN '2207' ELSE '2208' END AS rec_type,
              s.medfee_sumamt, s.fund_pay_sumamt, s.acct_pay, s.psn_cash_pay,
              CASE (SELECT r.status FROM upload_results r WHERE r.outbox_id = (SELECT max(id) FROM outbox WHERE ref_id = s.id))
                WHEN 'accepted' THEN 'accepted' WHEN 'rejected' THEN 'rejected' ELSE 'pending' END AS state,
              s.hifp_pay, s.hifmi_pay, s.maf_pay, s.oth_pay
         FROM settlements s
        WHERE s.business_date BETWEEN ? AND ?
          AND EXISTS (SELECT 1 FROM outbox o WHERE o.ref_id = s.id AND o.kind IN ('settlement', 'refund'))
        ORDER BY s.id`,
    ).all(from, to) as LedgerLine[];
  }

  async reconcile(from: string, to: string, messenger: DistrictMessenger, operator: string): Promise<ReconcileReport> {
    const lines = this.ledger(from, to);
    const local = totalsOf(lines);
    const period = { stmt_begndate: from, stmt_enddate: to };
    const totals = await messenger.call<ReconcileTotalsOutput>(INFNO.reconcileTotals, { data: { ...period, fixmedins_setl_cnt: local.count, ...withoutCount(local) } }, operator);
    if (totals.kind === 'unknown') throw new ApiError('UNAVAILABLE', `对总账失败：${totals.error}`);
    if (totals.kind === 'refused') throw new ApiError('UNAVAILABLE', `医保中心拒绝对总账：${totals.response.err_msg}`);
    const details = await messenger.call<ReconcileDetailsOutput>(
      INFNO.reconcileDetails,
      { data: period, details: lines.map(({ setl_id, rec_type, medfee_sumamt, fund_pay_sumamt, acct_pay, psn_cash_pay }) => ({ setl_id, rec_type, medfee_sumamt, fund_pay_sumamt, acct_pay, psn_cash_pay })) },
      operator,
    );
    if (details.kind === 'unknown') throw new ApiError('UNAVAILABLE', `对明细账失败：${details.error}`);
    if (details.kind === 'refused') throw new ApiError('UNAVAILABLE', `医保中心拒绝对明细账：${details.response.err_msg}`);

    const centre: ReconcileTotals = { count: totals.output.fixmedins_setl_cnt, ...pick(totals.output) };
    const differing = RECONCILE_FIELDS.filter((f) => local[f] !== centre[f]);
    const totalsAgree = differing.length === 0 && local.count === centre.count;
    const mismatches = details.output.mismatches ?? [];
    const detailsAgree = mismatches.length === 0;
    const pending = lines.filter((l) => l.state === 'pending').length;
    const rejected = lines.filter((l) => l.state === 'rejected').length;
    const summary =
      totalsAgree && detailsAgree
        ? `${from} 至 ${to} 对账一致：${local.count} 笔，医疗总费用 ${formatYuan(local.medfee_sumamt)} 元，基金支付 ${formatYuan(local.fund_pay_sumamt)} 元`
        : [
            `${from} 至 ${to} 对账不一致`,
            local.count !== centre.count ? `笔数 本机 ${local.count} / 中心 ${centre.count}` : '',
            ...differing.map((f) => `${RECONCILE_FIELD_NAMES[f]} 本机 ${formatYuan(local[f])} / 中心 ${formatYuan(centre[f])}`),
            mismatches.length ? `明细不符 ${mismatches.length} 笔` : '',
            pending ? `其中 ${pending} 笔尚未得到中心答复` : '',
            rejected ? `${rejected} 笔被中心拒付待处理` : '',
          ]
            .filter(Boolean)
            .join('；');
    writeAudit(this.db, { actor: operator, action: 'district.reconcile', entity: 'district', details: { from, to, totalsAgree, detailsAgree, at: this.now().toISOString() } });
    return { from, to, local, centre, totalsAgree, detailsAgree, mismatches, pending, rejected, summary };
  }
}

function totalsOf(lines: readonly LedgerLine[]): ReconcileTotals {
  const totals = { count: 0, ...Object.fromEntries(RECONCILE_FIELDS.map((f) => [f, ZERO_FEN])) } as ReconcileTotals;
  for (const line of lines) {
    totals.count += line.rec_type === '2207' ? 1 : -1;
    for (const f of RECONCILE_FIELDS) totals[f] = addFen(totals[f], line[f]);
  }
  return totals;
}

function withoutCount({ count: _count, ...amounts }: ReconcileTotals) {
  return amounts;
}

function pick(source: ReconcileTotalsOutput): Omit<ReconcileTotals, 'count'> {
  return Object.fromEntries(RECONCILE_FIELDS.map((f) => [f, Number(source[f] ?? 0)])) as Omit<ReconcileTotals, 'count'>;
}
