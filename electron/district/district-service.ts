import { ApiError } from '../../shared/api/errors';
import type { DistrictSettings, DistrictSettingsView, DistrictStatus, DownloadKind, DownloadReport, ReconcileReport, RejectedRecord, ResubmitRequest } from '../../shared/district/types';
import type { CallContext } from '../api/handlers';
import { INFNO, type PersonInfoOutput } from '../../shared/district/protocol';
import type { InsuredPerson } from '../../shared/domain';
import { writeAudit } from '../audit/audit-log';
import { upsertRosterPerson } from './roster-people';
import type { Repositories } from '../db/repositories';
import type { Db } from '../db/open';
import { Backoff } from './backoff';
import { DistrictMessenger } from './district-messenger';
import { DistrictSettingsStore, type DistrictConnection } from './district-settings';
import { Downloads } from './downloads';
import { Reconciliation } from './reconciliation';
import { reconcileFileName, renderReconcilePdf } from './reconcile-pdf';
import { toPdfFile } from '../reports/pdf/render';
import type { PdfFile } from '../../shared/reports-daily';
import { Rejections } from './rejections';
import { recordPrefix, UploadRecords } from './upload-records';
import { counterNumber, UploadStore } from './upload-store';
import { Uploader, type DrainResult } from './uploader';

/** Who the background uploader acts as in the audit log. */
const SYSTEM: CallContext = { transport: 'system', operator: 'system', role: null };

export interface DistrictOptions {
  /** Jitter source; tests pin it. */
  random?: () => number;
  /** Answer timeout per request. */
  timeoutMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
}

/**
 * The link to the district centre as the rest of the app sees it: settings, a background uploader with
 * backoff, downloads, the rejection queue and reconciliation. One exchange with the centre at a time, so
 * the uploader, a manager's 立即上传 and a download never interleave their messages.
 */
export class DistrictService {
  private readonly settingsStore: DistrictSettingsStore;
  /**
   * Why the last upload pass stopped, when the messages themselves went through (an answer that names
   * another installation's records, a batch the centre refused whole): the status line must say it too.
   */
  private lastDrainError: { at: string; message: string } | null = null;
  private readonly store: UploadStore;
  private readonly records: UploadRecords;
  private readonly downloads: Downloads;
  private readonly reconciliation: Reconciliation;
  readonly rejections: Rejections;
  private readonly backoff: Backoff;
  private messenger: { key: string; value: DistrictMessenger } | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly repos: Repositories,
    private readonly now: () => Date,
    private readonly options: DistrictOptions = {},
  ) {
    this.settingsStore = new DistrictSettingsStore(db, repos.settings);
    this.store = new UploadStore(db, () => counterNumber(repos.settings.counter().counterId));
    this.records = new UploadRecords(db);
    this.downloads = new Downloads(db, repos, now);
    this.reconciliation = new Reconciliation(db, now);
    this.rejections = new Rejections(db, this.records, () => this.recordPrefix(), now);
    this.backoff = new Backoff(options.backoffBaseMs, options.backoffCapMs, options.random);
  }

  settings(): DistrictSettingsView {
    return this.settingsStore.view();
  }

  updateSettings(next: DistrictSettings & { key?: string | undefined }, context: CallContext): DistrictSettingsView {
    const view = this.settingsStore.update(next, context);
    this.backoff.succeeded(); // new settings deserve an immediate try
    return view;
  }

  status(): DistrictStatus {
    const connection = this.settingsStore.connection();
    const open = this.store.openBatch();
    const inFlight = open ? { msgid: open.msgid, records: this.store.itemCount(open.id) } : null;
    const unbatched = this.store.unbatched();
    const oldestInFlight = open ? this.store.firstItemAt(open.id) : null;
    const lastOk = this.store.lastAttempt('ok');
    const lastFailed = this.store.lastAttempt('failed');
    const counts = this.store.counts();
    const next = this.backoff.nextAt();
    return {
      enabled: connection.enabled,
      configured: this.settingsStore.isConfigured(connection),
      lastSuccessAt: lastOk?.at ?? null,
      lastError:
        this.lastDrainError ??
        (lastFailed && (!lastOk || lastFailed.id > lastOk.id) ? { at: lastFailed.at, message: lastFailed.error ?? '未知错误' } : null),
      waiting: (inFlight?.records ?? 0) + unbatched.count,
      oldestWaitingAt: oldestInFlight ?? unbatched.oldest,
      inFlight,
      accepted: counts.accepted,
      rejectedOpen: counts.rejectedOpen,
      nextAttemptAt: next > this.now().getTime() ? new Date(next).toISOString() : null,
      downloads: this.downloads.latest(),
    };
  }

  /** One uploader pass, as the scheduler runs it: batches by count and age unless `force`. */
  drain(force = false): Promise<DrainResult> {
    return this.exclusive(async () => {
      const messenger = this.currentMessenger();
      const connection = this.settingsStore.connection();
      const result = await new Uploader(connection, this.recordPrefix(), this.store, this.records, messenger, this.now).drain(force);
      if (result.error) this.backoff.failed(this.now().getTime());
      else this.backoff.succeeded();
      this.lastDrainError = result.error ? { at: this.now().toISOString(), message: result.error } : null;
      return result;
    });
  }

  async syncNow(): Promise<DistrictStatus> {
    const result = await this.drain(true);
    if (result.error) throw new ApiError('UNAVAILABLE', `上传未完成：${result.error}（记录已安全保存在本机，稍后自动重试）`);
    return this.status();
  }

  async download(kinds: readonly DownloadKind[], context: CallContext): Promise<DownloadReport[]> {
    return this.exclusive(async () => {
      const messenger = this.currentMessenger();
      // Each kind stands alone: a failed roster must not hide that the policy just came down.
      const reports: DownloadReport[] = [];
      const errors: unknown[] = [];
      for (const kind of kinds) {
        try {
          reports.push(await this.downloads.download(kind, messenger, context.operator));
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          errors.push(error);
          reports.push({ kind, ver: '', applied: false, failed: true, summary: error.message });
        }
      }
      if (errors.length === kinds.length) throw errors[0];
      return reports;
    });
  }

  /**
   * 医保电子凭证: the scanned token resolved by the centre (1101) to a person, stored in the roster. Needs the
   * centre online; the token itself is never kept.
   */
  personByVoucher(token: string, context: CallContext): Promise<InsuredPerson> {
    return this.exclusive(async () => {
      const reply = await this.currentMessenger().call<PersonInfoOutput>(INFNO.personInfo, { data: { mdtrt_cert_type: '01', mdtrt_cert_no: token, psn_cert_type: '01' } }, context.operator);
      if (reply.kind === 'unknown') throw new ApiError('UNAVAILABLE', `无法向医保中心核验电子凭证（${reply.error}）：请改用社保卡或身份证号`);
      if (reply.kind === 'refused') {
        throw new ApiError(reply.response.err_code === 'NOT_FOUND' ? 'NOT_FOUND' : 'UNAVAILABLE', reply.response.err_msg || '医保中心未能识别该电子凭证');
      }
      const info = reply.output?.baseinfo;
      if (!info || typeof info.psn_cert_no !== 'string') throw new ApiError('UNAVAILABLE', '医保中心的人员信息应答缺少 baseinfo');
      const personId = this.db.transaction(() => {
        const { personId: id, isNew } = upsertRosterPerson(this.db, this.repos, info);
        writeAudit(this.db, { actor: context.operator, action: 'people.eVoucher', entity: `person:${id}`, details: { isNew } });
        return id;
      }).immediate();
      return this.repos.people.get(personId)!;
    });
  }

  rejected(includeHandled: boolean): RejectedRecord[] {
    return this.rejections.list(includeHandled);
  }

  resubmit(request: ResubmitRequest, context: CallContext): RejectedRecord {
    return this.rejections.resubmit(request, context);
  }

  dispute(outboxId: number, note: string, context: CallContext): RejectedRecord {
    return this.rejections.dispute(outboxId, note, context);
  }

  reconcile(from: string, to: string, context: CallContext): Promise<ReconcileReport> {
    return this.exclusive(() => this.reconciliation.reconcile(from, to, this.currentMessenger(), context.operator));
  }

  /** The 对账单 as PDF: reconciled afresh, so the paper says what both sides hold as it is printed. */
  async reconcilePdf(from: string, to: string, context: CallContext): Promise<PdfFile> {
    const report = await this.reconcile(from, to, context);
    const pdf = await renderReconcilePdf(report, {
      hospital: this.repos.settings.counter().hospitalName,
      fixmedinsCode: this.settingsStore.connection().fixmedinsCode,
      generatedAt: this.now().toISOString(),
    });
    return toPdfFile(pdf, reconcileFileName(report));
  }

  /**
   * Runs the uploader every `everyMs` while enabled and configured, respecting the backoff, and fetches the
   * centre's policy, catalogue and roster soon after start and then every `downloadEveryMs`.
   */
  start(everyMs = 5_000, downloadEveryMs = 6 * 3600_000): void {
    if (this.timer) return;
    let lastDownload = Number.NEGATIVE_INFINITY;
    const tick = () => {
      this.timer = setTimeout(() => void run(), everyMs);
      this.timer.unref?.();
    };
    const run = async () => {
      const c = this.settingsStore.connection();
      const nowMs = this.now().getTime();
      if (c.enabled && this.settingsStore.isConfigured(c) && nowMs >= this.backoff.nextAt()) {
        await this.drain(false).catch(() => this.backoff.failed(this.now().getTime()));
        if (nowMs - lastDownload >= downloadEveryMs) {
          lastDownload = nowMs;
          // Failures are in the attempt log and the status line; the next round tries again.
          await this.download(['policy', 'catalogue', 'roster'], SYSTEM).catch(() => undefined);
        }
      }
      if (this.timer) tick();
    };
    tick();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.messenger?.value.close();
    this.messenger = null;
  }

  private recordPrefix(): string {
    const { settings } = this.repos;
    return recordPrefix(this.settingsStore.connection().fixmedinsCode, settings.get('installationId'), settings.counter().counterId);
  }

  private currentMessenger(): DistrictMessenger {
    const connection: DistrictConnection = this.settingsStore.connection();
    if (!this.settingsStore.isConfigured(connection)) {
      throw new ApiError('UNAVAILABLE', '尚未设置医保中心连接（中心地址、机构编码、签名密钥）：请信息员在“医保上传”页设置');
    }
    if (!connection.enabled) throw new ApiError('UNAVAILABLE', '医保中心连接已停用：请信息员在“医保上传”页启用');
    const key = JSON.stringify(connection);
    if (this.messenger?.key !== key) {
      this.messenger?.value.close();
      this.messenger = { key, value: new DistrictMessenger(connection, this.store, this.now, this.options.timeoutMs) };
    }
    return this.messenger.value;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
