/**
 * The district centre's side of each transaction (electron/district/PROTOCOL.md), independent of HTTP:
 * a verified request body in, a response body out. Written from the protocol document alone, not from the
 * counter's client, so the two implementations check each other.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  INFNO,
  RECONCILE_FIELDS,
  platformTime,
  recordAmounts,
  type DetailLine,
  type DetailMismatch,
  type ErrCode,
  type RecordResult,
  type ReconcileDetailsOutput,
  type ReconcileTotalsOutput,
  type RequestEnvelope,
  type ResponseEnvelope,
  type UploadRecord,
} from '../../shared/district/protocol';
import {
  Refusal,
  checkBatchQuery,
  checkDetails,
  checkEnvelope,
  checkPersonInfo,
  checkRosterQuery,
  checkSignIn,
  checkTotals,
  checkUpload,
  checkVersion,
} from './simulator-checks';
import type { SimulatorStore } from './simulator-store';

export interface Institution {
  code: string; // 12 chars
  name?: string;
  key: string; // HMAC key
}

export type RejectRule = (record: UploadRecord) => string | null;

/** What goes back on the wire: the body is signed with `key` when the institution is known. */
export interface Reply {
  status: number;
  body: string;
  key: string | null;
}

export function sign(key: string, body: Buffer | string): string {
  return createHmac('sha256', key).update(body).digest('hex');
}

function verify(key: string, body: Buffer, signature: string | undefined): boolean {
  if (signature === undefined || !/^[0-9a-fA-F]{64}$/.test(signature)) return false;
  return timingSafeEqual(Buffer.from(sign(key, body), 'hex'), Buffer.from(signature, 'hex'));
}

/** Marks a body that did not parse, so it is refused only after its signature has been checked. */
export const NOT_JSON = Symbol('not JSON');

const FIELD_NAMES: Record<string, string> = {
  fixmedins_setl_cnt: '结算笔数',
  medfee_sumamt: '医疗费总额',
  fund_pay_sumamt: '基金支付总额',
  hifp_pay: '统筹基金支出',
  hifmi_pay: '大病保险支出',
  maf_pay: '医疗救助支出',
  oth_pay: '其他支出',
  acct_pay: '个人账户支出',
  psn_cash_pay: '个人现金支出',
};

const DETAIL_FIELDS = ['rec_type', 'medfee_sumamt', 'fund_pay_sumamt', 'acct_pay', 'psn_cash_pay'] as const;

export class Centre {
  readonly stats = { requests: 0, batchesProcessed: 0, signatureFailures: 0, busyMs: 0 };
  private readonly institutions: Map<string, Institution>;
  /** sign_no → institution. In memory on purpose: a restarted centre has forgotten every sign-in. */
  private readonly signIns = new Map<string, string>();
  private rejectRules: RejectRule[] = [];
  /** 医保电子凭证 token → ID number, as the patients' phones would show them. */
  private readonly vouchers = new Map<string, string>();

  constructor(
    private readonly store: SimulatorStore,
    institutions: Institution[],
    private readonly mdtrtareaAdmvs: string | undefined,
  ) {
    for (const inst of institutions) {
      if (inst.code.length !== 12) throw new RangeError(`institution code must be 12 characters: ${inst.code}`);
    }
    this.institutions = new Map(institutions.map((inst) => [inst.code, inst]));
  }

  keyFor(fixmedinsCode: string | undefined): string | null {
    return (fixmedinsCode !== undefined && this.institutions.get(fixmedinsCode)?.key) || null;
  }

  rejectWhen(rule: RejectRule): void {
    this.rejectRules.push(rule);
  }

  clearRejectRules(): void {
    this.rejectRules = [];
  }

  forgetSignIns(): void {
    this.signIns.clear();
  }

  setVoucher(token: string, psnCertNo: string): void {
    this.vouchers.set(token, psnCertNo);
  }

  /** One request, already read whole. `parsed` is the body's JSON, or NOT_JSON. */
  handle(fixmedinsCode: string | undefined, signature: string | undefined, raw: Buffer, parsed: unknown): Reply {
    const refMsgid = typeof (parsed as { msgid?: unknown } | null)?.msgid === 'string' ? (parsed as { msgid: string }).msgid : '';
    const inst = fixmedinsCode === undefined ? undefined : this.institutions.get(fixmedinsCode);
    if (!inst || !verify(inst.key, raw, signature)) {
      this.stats.signatureFailures++;
      const message = inst ? '报文签名校验失败' : `未登记的定点医药机构：${fixmedinsCode ?? '（缺少 x-hsa-fixmedins 请求头）'}`;
      return { status: 401, body: JSON.stringify(failure(refMsgid, 'SIGNATURE', message)), key: inst?.key ?? null };
    }
    try {
      if (parsed === NOT_JSON) throw new Refusal('BAD_MESSAGE', '报文不是合法的 JSON');
      const envelope = checkEnvelope(parsed, inst.code, this.mdtrtareaAdmvs);
      if (envelope.infno !== INFNO.signIn && (envelope.sign_no === undefined || this.signIns.get(envelope.sign_no) !== inst.code)) {
        throw new Refusal('SIGN_NO', '签到号 sign_no 无效或已失效，请重新签到（9001）');
      }
      return { status: 200, body: this.dispatch(envelope, raw), key: inst.key };
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return { status: 200, body: JSON.stringify(failure(refMsgid, error.errCode, error.message)), key: inst.key };
    }
  }

  private dispatch(env: RequestEnvelope, raw: Buffer): string {
    const code = env.fixmedins_code;
    const answer = (output: unknown) => JSON.stringify(success(env.msgid, output));
    switch (env.infno) {
      case INFNO.signIn: {
        checkSignIn(env.input);
        const sign_no = randomBytes(16).toString('hex');
        this.signIns.set(sign_no, code);
        return answer({ signinoutb: { sign_time: platformTime(new Date()), sign_no } });
      }
      case INFNO.personInfo: {
        const token = checkPersonInfo(env.input);
        const idNumber = this.vouchers.get(token);
        const person = idNumber === undefined ? undefined : this.store.rosterEntry(idNumber);
        if (!person) throw new Refusal('NOT_FOUND', '医保电子凭证无效或已过期，请患者刷新电子凭证后重新出示');
        return answer({ baseinfo: person });
      }
      case INFNO.uploadBatch:
        return this.upload(env, raw);
      case INFNO.queryBatch: {
        const batchNo = checkBatchQuery(env.input);
        const stored = this.store.batchResponse(code, batchNo);
        if (stored === undefined) throw new Refusal('NOT_FOUND', `中心未处理过批次 ${batchNo}`);
        return answer((JSON.parse(stored) as ResponseEnvelope).output);
      }
      case INFNO.reconcileTotals:
        return answer(this.reconcileTotals(code, env.input));
      case INFNO.reconcileDetails:
        return answer(this.reconcileDetails(code, env.input));
      case INFNO.downloadPolicies: {
        checkVersion(env.input);
        const { ver, items } = this.store.download('policies');
        return answer({ ver, policies: items });
      }
      case INFNO.downloadCatalogue: {
        const held = checkVersion(env.input).ver;
        const { ver, items } = this.store.download('catalogue');
        // "An unchanged ver downloads nothing."
        return answer({ ver, items: held === ver ? [] : items });
      }
      case INFNO.downloadRoster: {
        const { year } = checkRosterQuery(env.input);
        const roster = this.store.roster(code, year);
        return answer({ ver: roster.ver, as_of: platformTime(new Date()), psn_list: roster.psn_list });
      }
    }
  }

  /**
   * 2207A in one transaction: a known msgid gets its stored response byte for byte; otherwise the whole
   * message is checked before any record is looked at, then each record is decided in order.
   */
  private upload(env: RequestEnvelope, raw: Buffer): string {
    const code = env.fixmedins_code;
    const { body, processed } = this.store.transaction(() => {
      const stored = this.store.batchResponse(code, env.msgid);
      if (stored !== undefined) {
        // A resend carries the same records; another message under a used msgid (two installations, or two
        // counters left at one number) is refused, never answered with the first message's results.
        const first = JSON.parse(this.store.batchRequest(code, env.msgid)!.toString('utf8')) as { input: unknown };
        if (JSON.stringify(first.input) !== JSON.stringify(env.input)) {
          throw new Refusal('BAD_MESSAGE', `报文号 ${env.msgid} 已用于另一批内容不同的记录：请检查各收费台的收费台号与安装编号是否重复`);
        }
        return { body: stored, processed: false };
      }
      const input = checkUpload(env.input, env.msgid, code);
      const results = input.records.map((record, index) => this.settle(code, env.msgid, index, record));
      const response = JSON.stringify(success(env.msgid, { batch_no: env.msgid, results }));
      this.store.saveBatch(code, env.msgid, raw, response);
      return { body: response, processed: true };
    });
    if (processed) this.stats.batchesProcessed++;
    return body;
  }

  private settle(code: string, batchNo: string, index: number, record: UploadRecord): RecordResult {
    const digest = createHash('sha256').update(JSON.stringify(record)).digest('hex');
    const first = this.store.resultOf(code, record.rec_id);
    if (first && first.digest !== digest) {
      return { rec_id: record.rec_id, setl_id: record.setl_id, status: 'rejected', reason: `记录号 ${record.rec_id} 已用于另一笔内容不同的记录（收费台号或安装编号重复）` };
    }
    if (first) return { ...first.result, duplicate: true };
    const result = this.decide(code, batchNo, index, record);
    this.store.saveResult(code, batchNo, result, digest);
    return result;
  }

  private decide(code: string, batchNo: string, index: number, record: UploadRecord): RecordResult {
    const { rec_id, setl_id } = record;
    const accepted = this.store.acceptedFacts(code, setl_id);
    if (accepted) {
      const amounts = recordAmounts(record);
      const psn_cert_no = record.rec_type === '2207' ? record.setlinfo.psn_cert_no : record.psn_cert_no;
      const incoming: Record<string, unknown> = { rec_type: record.rec_type, setl_date: record.setl_date, psn_cert_no, ...amounts };
      const same = Object.entries(accepted).every(([field, value]) => incoming[field] === value);
      if (!same) return { rec_id, setl_id, status: 'rejected', reason: `结算号 ${setl_id} 已由另一笔内容不同的结算使用（收费台号重复？）` };
      return { rec_id, setl_id, status: 'accepted', duplicate: true };
    }
    const reject = (reason: string): RecordResult => ({ rec_id, setl_id, status: 'rejected', reason });
    if (record.rec_type === '2208' && !this.store.isAccepted(code, record.orig_setl_id)) return reject('原结算未被中心接收');
    for (const rule of this.rejectRules) {
      const reason = rule(record);
      if (reason !== null) return reject(reason);
    }
    this.store.accept(code, batchNo, index, record);
    return { rec_id, setl_id, status: 'accepted' };
  }

  private reconcileTotals(code: string, input: unknown): ReconcileTotalsOutput {
    const local = checkTotals(input);
    const centre = this.store.totals(code, local);
    const differing = (['fixmedins_setl_cnt', ...RECONCILE_FIELDS] as const)
      .filter((field) => local[field] !== centre[field])
      .map((field) => `${FIELD_NAMES[field]}（${field}）本地 ${local[field]}，中心 ${centre[field]}`);
    return {
      ...centre,
      stmt_rslt: differing.length === 0 ? '0' : '1',
      stmt_rslt_dscr: differing.length === 0 ? '对账一致' : `对账不符：${differing.join('；')}`,
    };
  }

  private reconcileDetails(code: string, input: unknown): ReconcileDetailsOutput {
    const { period, details } = checkDetails(input);
    const centreLines = new Map(this.store.detailLines(code, period).map((line) => [line.setl_id, line]));
    const mismatches: DetailMismatch[] = [];
    for (const local of details) {
      const centre = centreLines.get(local.setl_id);
      if (!centre) mismatches.push({ setl_id: local.setl_id, kind: 'missing_at_centre', local });
      else if (DETAIL_FIELDS.some((f) => local[f] !== centre[f])) mismatches.push({ setl_id: local.setl_id, kind: 'amount_differs', local, centre });
      centreLines.delete(local.setl_id);
    }
    for (const centre of centreLines.values()) mismatches.push({ setl_id: centre.setl_id, kind: 'missing_locally', centre: centre as DetailLine });
    return { stmt_rslt: mismatches.length === 0 ? '0' : '1', mismatches };
  }
}

function success(msgid: string, output: unknown): ResponseEnvelope {
  return { infcode: 0, err_msg: '', inf_refmsgid: msgid, respond_time: platformTime(new Date()), output };
}

function failure(msgid: string, errCode: ErrCode, message: string): ResponseEnvelope {
  return { infcode: -1, err_msg: message, err_code: errCode, inf_refmsgid: msgid, respond_time: platformTime(new Date()), output: null };
}
