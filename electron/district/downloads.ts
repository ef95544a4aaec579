import { ApiError } from '../../shared/api/errors';
import { INFNO, type CatalogueDownload, type PolicyDownload, type RosterDownload, type RosterPerson } from '../../shared/district/protocol';
import type { DownloadKind, DownloadReport } from '../../shared/district/types';
import type { Repositories } from '../db/repositories';
import { writeAudit } from '../audit/audit-log';
import { importCatalogue } from '../catalogue/catalogue-import';
import type { Db } from '../db/open';
import { prepared } from '../db/statements';
import { importPolicy } from '../policy/policy-import';
import { upsertRosterPerson } from './roster-people';
import type { DistrictMessenger } from './district-messenger';

const INFNO_OF = { policy: INFNO.downloadPolicies, catalogue: INFNO.downloadCatalogue, roster: INFNO.downloadRoster } as const;
const NAMES: Record<DownloadKind, string> = { policy: '结算政策', catalogue: '医保目录', roster: '参保名单' };

/**
 * Downloads from the centre, each applied whole or not at all, in one transaction with its version row:
 * a version is applied once. Policies keep their effective dates (a newer one applies from its date);
 * the roster's accumulators become a snapshot the ledger's year-to-date builds on (see ytd in
 * electron/settlement/ledger-repository.ts).
 */
export class Downloads {
  constructor(
    private readonly db: Db,
    private readonly repos: Repositories,
    private readonly now: () => Date,
  ) {}

  lastVersion(kind: DownloadKind): string {
    return (prepared(this.db, 'SELECT ver FROM district_downloads WHERE kind = ? ORDER BY id DESC LIMIT 1').pluck().get(kind) as string | undefined) ?? '';
  }

  latest(): { kind: DownloadKind; ver: string; appliedAt: string }[] {
    return prepared(
      this.db,
      `SELECT kind, ver, applied_at AS appliedAt FROM district_downloads d
        WHERE id = (SELECT max(id) FROM district_downloads WHERE kind = d.kind) ORDER BY kind`,
    ).all() as { kind: DownloadKind; ver: string; appliedAt: string }[];
  }

  async download(kind: DownloadKind, messenger: DistrictMessenger, operator: string): Promise<DownloadReport> {
    const input = { data: { ver: this.lastVersion(kind), ...(kind === 'roster' ? { year: this.now().getFullYear() } : {}) } };
    const reply = await messenger.call<PolicyDownload | CatalogueDownload | RosterDownload>(INFNO_OF[kind], input, operator);
    if (reply.kind === 'unknown') throw new ApiError('UNAVAILABLE', `${NAMES[kind]}下载失败：${reply.error}`);
    if (reply.kind === 'refused') throw new ApiError('UNAVAILABLE', `医保中心拒绝${NAMES[kind]}下载：${reply.response.err_msg}`);
    const output = reply.output;
    if (!output || typeof output.ver !== 'string') throw new ApiError('UNAVAILABLE', `中心的${NAMES[kind]}应答缺少版本号`);
    if (output.ver === '') return { kind, ver: '', applied: false, failed: false, summary: `中心暂无${NAMES[kind]}可下载` };
    const known = prepared(this.db, 'SELECT 1 FROM district_downloads WHERE kind = ? AND ver = ?').get(kind, output.ver);
    if (known) return { kind, ver: output.ver, applied: false, failed: false, summary: `${NAMES[kind]}已是最新（版本 ${output.ver}）` };
    return this.db
      .transaction(() => {
        const summary =
          kind === 'policy'
            ? this.applyPolicies(output as PolicyDownload, operator)
            : kind === 'catalogue'
              ? this.applyCatalogue(output as CatalogueDownload, operator)
              : '';
        const downloadId = Number(
          prepared(this.db, 'INSERT INTO district_downloads (kind, ver, applied_at, summary_json) VALUES (?, ?, ?, ?)').run(
            kind,
            output.ver,
            this.now().toISOString(),
            // The roster's text is known only once its snapshot is written (it names unmatched records): the row
            // keeps its facts, the audit row the text.
            JSON.stringify(kind === 'roster' ? { as_of: (output as RosterDownload).as_of, people: (output as RosterDownload).psn_list?.length ?? 0 } : { summary }),
          ).lastInsertRowid,
        );
        const text = kind === 'roster' ? this.applyRoster(output as RosterDownload, downloadId, input.data.year!) : summary;
        writeAudit(this.db, { actor: operator, action: `district.download.${kind}`, entity: 'district', details: { ver: output.ver, summary: text } });
        return { kind, ver: output.ver, applied: true, failed: false, summary: text };
      })
      .immediate();
  }

  private applyPolicies(output: PolicyDownload, operator: string): string {
    if (!Array.isArray(output.policies)) throw new ApiError('UNAVAILABLE', '中心的政策应答缺少 policies 列表');
    const added: string[] = [];
    for (const p of output.policies) {
      if (this.repos.policies.get(p.id)) continue; // policies are immutable: one we hold is the same policy
      importPolicy({ db: this.db, repos: this.repos }, p.document, { from: p.effective_from, to: p.effective_to }, operator);
      added.push(`${p.id}（${p.effective_from} 起）`);
    }
    return added.length ? `新增政策 ${added.join('、')}` : '政策无变化';
  }

  private applyCatalogue(output: CatalogueDownload, operator: string): string {
    if (!Array.isArray(output.items)) throw new ApiError('UNAVAILABLE', '中心的目录应答缺少 items 列表');
    const report = importCatalogue(this.db, this.repos, { format: 'json', content: JSON.stringify({ items: output.items }), dryRun: false }, operator);
    const refused = report.refused.length
      ? `；拒收 ${report.refused.length} 项（${report.refused.slice(0, 3).map((r) => `${r.code ?? `第 ${r.row} 项`}：${r.reasons[0] ?? ''}`).join('；')}${report.refused.length > 3 ? '…' : ''}）`
      : '';
    return `目录新增 ${report.added.length} 项、变更 ${report.changed.length} 项、未变 ${report.unchanged} 项${refused}`;
  }

  private applyRoster(output: RosterDownload, downloadId: number, year: number): string {
    if (!Array.isArray(output.psn_list)) throw new ApiError('UNAVAILABLE', '中心的名单应答缺少 psn_list 列表');
    let added = 0;
    let updated = 0;
    let unmatched = 0;
    for (const person of output.psn_list) {
      const { personId, isNew } = upsertRosterPerson(this.db, this.repos, person);
      if (isNew) added += 1;
      else updated += 1;
      unmatched += this.snapshot(downloadId, personId, person, year);
    }
    return `名单 ${output.psn_list.length} 人（新增 ${added}，更新 ${updated}），累计截至 ${output.as_of}${unmatched ? `；${unmatched} 条中心记录在本机找不到对应结算` : ''}`;
  }

  /** Stores the centre's accumulators and which of our settlements they count; returns ids not found here. */
  private snapshot(downloadId: number, personId: number, p: RosterPerson, year: number): number {
    if (!p.ytd || p.ytd.year !== year) return 0;
    prepared(this.db, 'INSERT INTO district_ytd_snapshots (download_id, person_id, year) VALUES (?, ?, ?)').run(downloadId, personId, year);
    const value = prepared(this.db, 'INSERT INTO district_ytd_values (download_id, person_id, year, account, value) VALUES (?, ?, ?, ?, ?)');
    for (const [account, amount] of Object.entries(p.ytd.accounts ?? {})) {
      if (!Number.isSafeInteger(amount)) throw new ApiError('UNAVAILABLE', `中心名单中 ${p.psn_name} 的累计「${account}」不是整数分`);
      value.run(downloadId, personId, year, account, amount);
    }
    const settlement = prepared(this.db, 'SELECT id FROM settlements WHERE counter_id = ? AND receipt_no = ?').pluck();
    const include = prepared(this.db, 'INSERT OR IGNORE INTO district_ytd_included (download_id, person_id, year, settlement_id) VALUES (?, ?, ?, ?)');
    let unmatched = 0;
    for (const setlId of p.incl_setl_ids ?? []) {
      const match = /^([A-Za-z0-9]{1,8})-(\d{8})$/.exec(setlId);
      const id = match ? (settlement.get(match[1], Number(match[2])) as number | undefined) : undefined;
      if (id === undefined) unmatched += 1;
      else include.run(downloadId, personId, year, id);
    }
    return unmatched;
  }
}
