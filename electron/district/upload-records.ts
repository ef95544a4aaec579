import type { Db } from '../db/open';
import { LedgerRepository } from '../settlement/ledger-repository';
import type { AccMove, CheckResult, FeeDetail, RefundRecord, SettlementRecord, UploadRecord } from '../../shared/district/protocol';
import type { OutboxRow } from './upload-store';

/**
 * The centre knows a record by institution, installation, counter and outbox row: each installation keeps
 * its own outbox, so its id is part of the name (two PCs left at one counter number can never name a
 * record alike), and a resubmission (a new outbox row) is a new record.
 */
export function recordPrefix(fixmedinsCode: string, installationId: string, counterId: string): string {
  return `${fixmedinsCode}-${installationId}-${counterId}-`;
}

/**
 * The outbox row a result names. Records named before installation ids (`{机构}-{收费台}-`) are matched
 * too, so a batch sent before the upgrade and answered after it still finds its rows.
 */
export function outboxIdOf(prefix: string, recId: string): number | null {
  const legacyPrefix = prefix.replace(/-[0-9a-f]{16}-/, '-');
  const own = [prefix, legacyPrefix].find((p) => recId.startsWith(p));
  if (own === undefined) return null;
  const tail = recId.slice(own.length);
  const id = Number(tail);
  return /^\d+$/.test(tail) && Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** What a settlement's outbox row holds (./upload-payload.ts), before the wrapper. */
type StoredSettlement = Omit<SettlementRecord, 'rec_id' | 'rec_type' | 'setl_id' | 'setl_date' | 'acc_moves' | 'chk_rslt'> & { infno: '2207' };
type StoredRefund = Omit<RefundRecord, 'rec_id' | 'rec_type' | 'setl_date' | 'acc_moves' | 'chk_rslt'> & { infno: '2208' };

/**
 * Turns outbox rows into the records a batch carries. The stored payload is completed from rows that never
 * change (the settlement's business date, its accumulator movements), so a resent batch is byte-for-byte the
 * records it was. A resubmission's row already holds the whole corrected record.
 */
export class UploadRecords {
  private readonly ledger: LedgerRepository;

  constructor(db: Db) {
    this.ledger = new LedgerRepository(db);
  }

  /** `prefix`: recordPrefix() of this institution and counter. */
  build(prefix: string, row: OutboxRow): UploadRecord {
    const rec_id = `${prefix}${row.id}`;
    if (row.kind === 'resubmit') return { ...(JSON.parse(row.payload_json) as UploadRecord), rec_id };
    const setl_date = row.business_date ?? this.ledger.businessDateOf(row.ref_id);
    const acc_moves: AccMove[] = this.ledger.movesOf(row.ref_id);
    if (row.kind === 'settlement') {
      const { infno: _infno, ...stored } = JSON.parse(row.payload_json) as StoredSettlement;
      return {
        rec_id,
        rec_type: '2207',
        setl_id: stored.setlinfo.setl_id,
        setl_date,
        ...stored,
        chk_rslt: checkResults(stored.feedetail),
        acc_moves,
      };
    }
    const { infno: _infno, ...stored } = JSON.parse(row.payload_json) as StoredRefund;
    return { rec_id, rec_type: '2208', ...stored, setl_date, chk_rslt: [], acc_moves };
  }
}

/**
 * The counter's own abuse checks on a settled bill, sent with it so the centre's reviewers see what the
 * counter saw: prices above the insurer's cap and items billed without an insurer code.
 */
export function checkResults(lines: readonly FeeDetail[]): CheckResult[] {
  const found: CheckResult[] = [];
  for (const line of lines) {
    if (line.overlmt_amt > 0) {
      found.push({
        rule_id: 'LOCAL-01',
        rule_name: '超医保限价',
        feedetl_sn: line.feedetl_sn,
        dscr: `${line.medins_list_name}单价超出医保限价，超出部分 ${line.overlmt_amt} 分由个人负担`,
      });
    }
    if (line.hilist_code === null) {
      found.push({
        rule_id: 'LOCAL-02',
        rule_name: '未对码项目',
        feedetl_sn: line.feedetl_sn,
        dscr: `${line.medins_list_name}未对医保编码，按全自费结算`,
      });
    }
  }
  return found;
}
