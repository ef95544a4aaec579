import { INFNO, recordAmounts, type UploadBatchInput, type UploadBatchOutput, type UploadRecord } from '../../shared/district/protocol';
import { addFen, ZERO_FEN } from '../../shared/money';
import type { DistrictConnection } from './district-settings';
import type { DistrictMessenger, Reply } from './district-messenger';
import { outboxIdOf, type UploadRecords } from './upload-records';
import type { BatchRow, UploadStore } from './upload-store';

export interface DrainResult {
  /** Batches the centre answered in this run. */
  batches: number;
  /** Why the run stopped early (the centre unreachable, a refusal), or null when nothing is left to send. */
  error: string | null;
}

/**
 * Drains the outbox to the centre, one batch at a time in outbox order. A batch whose answer is not on disk
 * is first asked after (5203A) and sent again under the same msgid only if the centre never processed it:
 * with the centre's dedup by msgid, rec_id and setl_id, each record takes effect exactly once.
 */
export class Uploader {
  constructor(
    private readonly connection: DistrictConnection,
    /** recordPrefix() of this institution, installation and counter. */
    private readonly prefix: string,
    private readonly store: UploadStore,
    private readonly records: UploadRecords,
    private readonly messenger: DistrictMessenger,
    private readonly now: () => Date,
  ) {}

  /** `force`: send what waits even if the batch is not full and not old yet (立即上传, tests, shutdown). */
  async drain(force: boolean): Promise<DrainResult> {
    let batches = 0;
    let fresh: BatchRow | null = null;
    for (;;) {
      const open = fresh ?? this.store.openBatch();
      if (open) {
        // A batch created in this run goes straight out; one found on disk may have reached the centre.
        const reply = fresh === open ? await this.send(open) : await this.resolve(open);
        fresh = null;
        if (reply.kind !== 'ok') return { batches, error: reply.error };
        batches += 1;
        continue;
      }
      if (!this.due(force)) return { batches, error: null };
      fresh = this.store.createBatch(this.connection.fixmedinsCode, INFNO.uploadBatch, this.connection.batchSize, this.now());
    }
  }

  private due(force: boolean): boolean {
    const waiting = this.store.unbatched();
    if (waiting.count === 0) return false;
    if (force || waiting.count >= this.connection.batchSize) return true;
    const age = this.now().getTime() - Date.parse(waiting.oldest ?? '');
    return age >= this.connection.maxAgeSeconds * 1000;
  }

  private async resolve(batch: BatchRow): Promise<{ kind: 'ok' } | { kind: 'failed'; error: string }> {
    const reply = await this.messenger.call<UploadBatchOutput>(INFNO.queryBatch, { data: { batch_no: batch.msgid } });
    if (reply.kind === 'refused' && reply.response.err_code === 'NOT_FOUND') return this.send(batch);
    return this.apply(batch, reply);
  }

  private async send(batch: BatchRow): Promise<{ kind: 'ok' } | { kind: 'failed'; error: string }> {
    const records = this.store.items(batch.id).map((row) => this.records.build(this.prefix, row));
    const reply = await this.messenger.resend<UploadBatchOutput>({ id: batch.message_id, msgid: batch.msgid }, INFNO.uploadBatch, batchInput(batch.msgid, records));
    return this.apply(batch, reply);
  }

  private apply(batch: BatchRow, reply: Reply<UploadBatchOutput>): { kind: 'ok' } | { kind: 'failed'; error: string } {
    if (reply.kind === 'unknown') return { kind: 'failed', error: reply.error };
    if (reply.kind === 'refused') return { kind: 'failed', error: `中心拒收批次 ${batch.msgid}：${reply.response.err_msg}` };
    const expected = this.store.itemIds(batch.id);
    const results = reply.output?.results;
    if (reply.output?.batch_no !== batch.msgid || !Array.isArray(results) || results.length !== expected.length) {
      return { kind: 'failed', error: `中心对批次 ${batch.msgid} 的应答与批次内容不符` };
    }
    const matched = results.map((result) => ({ outboxId: outboxIdOf(this.prefix, result.rec_id) ?? -1, result }));
    const ours = new Set(expected);
    if (matched.some((m) => !ours.has(m.outboxId) || (m.result.status !== 'accepted' && m.result.status !== 'rejected'))) {
      return { kind: 'failed', error: `中心对批次 ${batch.msgid} 的应答含有不属于本批的记录` };
    }
    this.store.saveResults(batch.id, matched, this.now());
    return { kind: 'ok' };
  }
}

export function batchInput(batchNo: string, records: UploadRecord[]): UploadBatchInput {
  let medfee = ZERO_FEN;
  let fund = ZERO_FEN;
  for (const record of records) {
    const amounts = recordAmounts(record);
    medfee = addFen(medfee, amounts.medfee_sumamt);
    fund = addFen(fund, amounts.fund_pay_sumamt);
  }
  return { batch: { batch_no: batchNo, rec_cnt: records.length, medfee_sumamt: medfee, fund_pay_sumamt: fund }, records };
}
