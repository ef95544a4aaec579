import { ApiError } from '../../shared/api/errors';
import { recordAmounts, type UploadRecord } from '../../shared/district/protocol';
import type { RejectedRecord, ResubmitRequest } from '../../shared/district/types';
import { idNumberProblem } from '../../shared/identity';
import type { CallContext } from '../api/handlers';
import { writeAudit } from '../audit/audit-log';
import type { Db } from '../db/open';
import { prepared } from '../db/statements';
import type { UploadRecords } from './upload-records';
import type { OutboxRow } from './upload-store';

interface RejectedRow extends OutboxRow {
  reason: string;
  rejected_at: string;
  action: 'resubmitted' | 'disputed' | null;
  note: string | null;
  operator: string | null;
  action_at: string | null;
  new_outbox_id: number | null;
}

/**
 * The manager's queue of records the centre rejected. A record is never edited: a correction is a new
 * outbox row (kind 'resubmit') naming the rejected record, and a dispute is a note; either is a row in
 * rejection_actions, one per rejected record.
 */
export class Rejections {
  constructor(
    private readonly db: Db,
    private readonly records: UploadRecords,
    private readonly recordPrefix: () => string,
    private readonly now: () => Date,
  ) {}

  list(includeHandled: boolean): RejectedRecord[] {
    return this.rows({ includeHandled, outboxId: null }).map((row) => this.view(row));
  }

  /** Rejected records with the manager's action, if any: all of them, the unhandled ones, or one. */
  private rows(filter: { includeHandled: boolean; outboxId: number | null }): RejectedRow[] {
    return prepared(
      this.db,
      `SELECT o.id, o.kind, o.ref_id, o.payload_json, o.created_at, r.reason, r.at AS rejected_at,
              a.action, a.note, a.operator, a.at AS action_at, a.new_outbox_id
         FROM upload_results r JOIN outbox o ON o.id = r.outbox_id
         LEFT JOIN rejection_actions a ON a.outbox_id = r.outbox_id
        WHERE r.status = 'rejected' AND (:includeHandled OR a.id IS NULL) AND (:outboxId IS NULL OR r.outbox_id = :outboxId)
        ORDER BY r.outbox_id`,
    ).all({ includeHandled: filter.includeHandled ? 1 : 0, outboxId: filter.outboxId }) as RejectedRow[];
  }

  resubmit(request: ResubmitRequest, context: CallContext): RejectedRecord {
    return this.db
      .transaction(() => {
        const row = this.openRejection(request.outboxId);
        const corrected = this.correct(this.records.build(this.recordPrefix(), row), request);
        const { rec_id: _ignored, ...payload } = corrected;
        const at = this.now().toISOString();
        const newOutboxId = Number(
          prepared(this.db, 'INSERT INTO outbox (kind, ref_id, payload_json, created_at) VALUES (?, ?, ?, ?)').run('resubmit', row.ref_id, JSON.stringify(payload), at)
            .lastInsertRowid,
        );
        this.act(row.id, 'resubmitted', request.note, newOutboxId, context, at);
        writeAudit(this.db, {
          actor: context.operator,
          action: 'district.resubmit',
          entity: `outbox:${row.id}`,
          details: { newOutboxId, note: request.note, psnCertNo: request.psnCertNo ?? null, hilistCodes: request.hilistCodes ?? [] },
        });
        return this.get(row.id);
      })
      .immediate();
  }

  dispute(outboxId: number, note: string, context: CallContext): RejectedRecord {
    return this.db
      .transaction(() => {
        const row = this.openRejection(outboxId);
        this.act(row.id, 'disputed', note, null, context, this.now().toISOString());
        writeAudit(this.db, { actor: context.operator, action: 'district.dispute', entity: `outbox:${row.id}`, details: { note } });
        return this.get(row.id);
      })
      .immediate();
  }

  private get(outboxId: number): RejectedRecord {
    const [row] = this.rows({ includeHandled: true, outboxId });
    if (!row) throw new ApiError('NOT_FOUND', `找不到被拒记录 ${outboxId}`);
    return this.view(row);
  }

  private openRejection(outboxId: number): OutboxRow {
    const row = prepared(
      this.db,
      `SELECT o.id, o.kind, o.ref_id, o.payload_json, o.created_at, r.status, a.action
         FROM outbox o LEFT JOIN upload_results r ON r.outbox_id = o.id LEFT JOIN rejection_actions a ON a.outbox_id = o.id
        WHERE o.id = ?`,
    ).get(outboxId) as (OutboxRow & { status: string | null; action: string | null }) | undefined;
    if (!row) throw new ApiError('NOT_FOUND', `找不到上传记录 ${outboxId}`);
    if (row.status !== 'rejected') throw new ApiError('CONFLICT', `上传记录 ${outboxId} 未被中心拒付，无需处理`);
    if (row.action) throw new ApiError('CONFLICT', `上传记录 ${outboxId} 已处理过（${row.action === 'resubmitted' ? '已重新提交' : '已提出异议'}），不能重复处理`);
    return row;
  }

  private act(outboxId: number, action: 'resubmitted' | 'disputed', note: string, newOutboxId: number | null, context: CallContext, at: string): void {
    prepared(
      this.db,
      'INSERT INTO rejection_actions (outbox_id, action, note, new_outbox_id, operator, at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(outboxId, action, note, newOutboxId, context.operator, at);
  }

  /** Applies the manager's corrections to a copy of the record; amounts never change here. */
  private correct(record: UploadRecord, request: ResubmitRequest): UploadRecord {
    const next = structuredClone(record);
    next.resubmit_of = record.rec_id;
    if (request.psnCertNo !== undefined) {
      const problem = idNumberProblem(request.psnCertNo);
      if (problem) throw new ApiError('BAD_INPUT', problem, { issues: [{ path: 'psnCertNo', message: problem }] });
      if (next.rec_type === '2207') next.setlinfo.psn_cert_no = request.psnCertNo;
      else next.psn_cert_no = request.psnCertNo;
    }
    for (const change of request.hilistCodes ?? []) {
      const line = next.rec_type === '2207' ? next.feedetail.find((l) => l.feedetl_sn === change.feedetlSn) : undefined;
      if (!line) {
        const message = `第 ${change.feedetlSn} 条明细不存在${next.rec_type === '2208' ? '（退费记录没有明细）' : ''}`;
        throw new ApiError('BAD_INPUT', message, { issues: [{ path: 'hilistCodes', message }] });
      }
      line.hilist_code = change.hilistCode;
    }
    return next;
  }

  private view(row: RejectedRow): RejectedRecord {
    const record = this.records.build(this.recordPrefix(), row);
    const amounts = recordAmounts(record);
    const personName =
      record.rec_type === '2207'
        ? record.setlinfo.psn_name
        : ((prepared(this.db, 'SELECT p.name FROM settlements s JOIN insured_people p ON p.id = s.person_id WHERE s.id = ?').pluck().get(row.ref_id) as string | undefined) ?? '');
    return {
      outboxId: row.id,
      recId: record.rec_id,
      recType: record.rec_type,
      setlId: record.setl_id,
      settlementId: row.ref_id,
      personName,
      psnCertNo: record.rec_type === '2207' ? record.setlinfo.psn_cert_no : record.psn_cert_no,
      setlDate: record.setl_date,
      medfeeSumamt: amounts.medfee_sumamt,
      fundPaySumamt: amounts.fund_pay_sumamt,
      reason: row.reason,
      rejectedAt: row.rejected_at,
      resubmitOf: record.resubmit_of ?? null,
      lines: record.rec_type === '2207' ? record.feedetail.map((l) => ({ feedetlSn: l.feedetl_sn, name: l.medins_list_name, hilistCode: l.hilist_code })) : [],
      action:
        row.action === null
          ? null
          : { action: row.action, note: row.note ?? '', operator: row.operator ?? '', at: row.action_at ?? '', newOutboxId: row.new_outbox_id },
    };
  }
}
