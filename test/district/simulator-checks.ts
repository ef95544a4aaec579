/**
 * The centre's checks on what a counter sends (electron/district/PROTOCOL.md). Hand-written rather than a
 * schema library because a benchmark batch holds ~1000 records of ~10 lines each: these run in microseconds
 * per record. Every check throws a `Refusal` whose Chinese message names the field (`records[3].setlinfo...`).
 */
import {
  INFNO,
  RECORD_AMOUNT_FIELDS,
  RECONCILE_FIELDS,
  type DetailLine,
  type ErrCode,
  type Infno,
  type Period,
  type RecordAmounts,
  type ReconcileTotalsInput,
  type RequestEnvelope,
  type UploadBatchInput,
} from '../../shared/district/protocol';
import type { Fen } from '../../shared/money';

/** A definite refusal: answered with `infcode: -1` and this `err_code`, nothing stored. */
export class Refusal extends Error {
  constructor(
    readonly errCode: ErrCode,
    message: string,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

type Obj = Record<string, unknown>;

function bad(message: string): never {
  throw new Refusal('BAD_MESSAGE', message);
}

function obj(value: unknown, path: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(`${path} 必须是对象`);
  return value as Obj;
}

function arr(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) bad(`${path} 必须是数组`);
  return value;
}

function str(o: Obj, key: string, path: string, pattern?: RegExp, what = '格式不正确'): string {
  const value = o[key];
  if (typeof value !== 'string' || value === '') bad(`${path}.${key} 缺失或不是非空字符串`);
  if (pattern && !pattern.test(value)) bad(`${path}.${key} ${what}：${value}`);
  return value;
}

/** Integer fen (or any integer count): floats, strings and unsafe integers are refused. */
function int(o: Obj, key: string, path: string): number {
  const value = o[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) bad(`${path}.${key} 必须是整数（分），收到 ${JSON.stringify(value)}`);
  return value;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

function date(o: Obj, key: string, path: string): string {
  const value = str(o, key, path, DATE, '不是 yyyy-MM-dd 日期');
  // The regex lets 02-30 through; a round trip through Date catches it.
  if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) bad(`${path}.${key} 不是有效日期：${value}`);
  return value;
}

const INFNOS = new Set<string>(Object.values(INFNO));

/**
 * The envelope of every request. `sign_no` is only shape-checked here; whether the centre knows it is the
 * caller's business (it answers SIGN_NO, not BAD_MESSAGE).
 */
export function checkEnvelope(value: unknown, headerCode: string, mdtrtareaAdmvs: string | undefined): RequestEnvelope {
  const e = obj(value, '报文');
  const p = '报文';
  const infno = str(e, 'infno', p);
  if (!INFNOS.has(infno)) bad(`未知的交易编号 infno：${infno}`);
  const code = str(e, 'fixmedins_code', p);
  if (code !== headerCode) bad(`fixmedins_code ${code} 与请求头 x-hsa-fixmedins ${headerCode} 不一致`);
  const msgid = str(e, 'msgid', p);
  if (msgid.length !== 30 || !msgid.startsWith(code) || !/^\d{18}$/.test(msgid.slice(12))) {
    bad(`msgid 格式错误（应为机构编码 12 位 + yyyyMMddHHmmss 14 位 + 序号 4 位）：${msgid}`);
  }
  const admvs = str(e, 'mdtrtarea_admvs', p, /^\d{6}$/, '应为 6 位行政区划代码');
  if (mdtrtareaAdmvs !== undefined && admvs !== mdtrtareaAdmvs) bad(`就医地医保区划 mdtrtarea_admvs ${admvs} 不属本中心（${mdtrtareaAdmvs}）`);
  if (e.recer_sys_code !== 'COUNTER') bad(`recer_sys_code 应为 COUNTER`);
  if (e.infver !== 'V1.0') bad(`infver 应为 V1.0`);
  if (e.opter_type !== '1') bad(`opter_type 应为 1`);
  str(e, 'opter', p);
  // Names are for people reading logs; an unconfigured one may be empty.
  for (const key of ['opter_name', 'fixmedins_name']) if (typeof e[key] !== 'string') bad(`${key} 必须是字符串`);
  str(e, 'inf_time', p, TIME, '不是 yyyy-MM-dd HH:mm:ss 时间');
  if (e.sign_no !== undefined && typeof e.sign_no !== 'string') bad('sign_no 必须是字符串');
  obj(e.input, '报文.input');
  return e as unknown as RequestEnvelope & { infno: Infno };
}

export function checkSignIn(input: unknown): void {
  const s = obj(obj(input, 'input').signIn, 'input.signIn');
  for (const key of ['opter_no', 'mac', 'ip']) str(s, key, 'input.signIn');
}

/** `input.data` of 5203A, 9102A, 1301A and 5206A. */
export function checkData(input: unknown): Obj {
  return obj(obj(input, 'input').data, 'input.data');
}

export function checkBatchQuery(input: unknown): string {
  return str(checkData(input), 'batch_no', 'input.data');
}

export function checkVersion(input: unknown): { ver: string } {
  const data = checkData(input);
  if (typeof data.ver !== 'string') bad('input.data.ver 必须是字符串（未持有时为空串）');
  return { ver: data.ver };
}

/** 1101 by e-voucher: the token the counter scanned. */
export function checkPersonInfo(input: unknown): string {
  const data = checkData(input);
  if (data.mdtrt_cert_type !== '01') bad('input.data.mdtrt_cert_type 应为 01（医保电子凭证）');
  if (typeof data.mdtrt_cert_no !== 'string' || data.mdtrt_cert_no === '') bad('input.data.mdtrt_cert_no 缺失或不是非空字符串');
  return data.mdtrt_cert_no as string;
}

export function checkRosterQuery(input: unknown): { ver: string; year: number } {
  const { ver } = checkVersion(input);
  const year = int(checkData(input), 'year', 'input.data');
  if (year < 1900 || year > 9999) bad(`input.data.year 不是有效年份：${year}`);
  return { ver, year };
}

function checkPeriod(data: Obj): Period {
  const period = { stmt_begndate: date(data, 'stmt_begndate', 'input.data'), stmt_enddate: date(data, 'stmt_enddate', 'input.data') };
  if (period.stmt_begndate > period.stmt_enddate) bad(`对账期间起始日期 ${period.stmt_begndate} 晚于结束日期 ${period.stmt_enddate}`);
  return period;
}

export function checkTotals(input: unknown): ReconcileTotalsInput['data'] {
  const data = checkData(input);
  checkPeriod(data);
  int(data, 'fixmedins_setl_cnt', 'input.data');
  for (const field of RECONCILE_FIELDS) int(data, field, 'input.data');
  return data as unknown as ReconcileTotalsInput['data'];
}

export function checkDetails(input: unknown): { period: Period; details: DetailLine[] } {
  const period = checkPeriod(checkData(input));
  const seen = new Set<string>();
  const details = arr(obj(input, 'input').details, 'input.details').map((value, i) => {
    const path = `input.details[${i}]`;
    const d = obj(value, path);
    const setlId = str(d, 'setl_id', path);
    if (seen.has(setlId)) bad(`${path}.setl_id 重复：${setlId}`);
    seen.add(setlId);
    if (d.rec_type !== '2207' && d.rec_type !== '2208') bad(`${path}.rec_type 应为 2207 或 2208`);
    for (const field of ['medfee_sumamt', 'fund_pay_sumamt', 'acct_pay', 'psn_cash_pay']) int(d, field, path);
    return d as unknown as DetailLine;
  });
  return { period, details };
}

/**
 * A whole 2207A input: the batch header against its records and every record's invariants. Any violation
 * refuses the message, so the centre never holds half a batch.
 */
export function checkUpload(input: unknown, msgid: string, fixmedinsCode: string): UploadBatchInput {
  const i = obj(input, 'input');
  const batch = obj(i.batch, 'input.batch');
  const batchNo = str(batch, 'batch_no', 'input.batch');
  if (batchNo !== msgid) bad(`批次号 batch_no ${batchNo} 应等于报文 msgid ${msgid}`);
  const records = arr(i.records, 'input.records');
  if (records.length === 0) bad('批次没有记录');
  const recCnt = int(batch, 'rec_cnt', 'input.batch');
  if (recCnt !== records.length) bad(`批次记录数 rec_cnt ${recCnt} 与实际记录数 ${records.length} 不符`);
  let medfee = 0;
  let fund = 0;
  records.forEach((record, n) => {
    const amounts = checkRecord(record, `records[${n}]`, fixmedinsCode);
    medfee += amounts.medfee_sumamt;
    fund += amounts.fund_pay_sumamt;
  });
  const declaredMedfee = int(batch, 'medfee_sumamt', 'input.batch');
  if (declaredMedfee !== medfee) bad(`批次医疗费总额 medfee_sumamt ${declaredMedfee} 与记录合计 ${medfee} 不符`);
  const declaredFund = int(batch, 'fund_pay_sumamt', 'input.batch');
  if (declaredFund !== fund) bad(`批次基金支付总额 fund_pay_sumamt ${declaredFund} 与记录合计 ${fund} 不符`);
  return i as unknown as UploadBatchInput;
}

function checkRecord(value: unknown, path: string, fixmedinsCode: string): RecordAmounts {
  const r = obj(value, path);
  const recId = str(r, 'rec_id', path);
  if (!recId.startsWith(`${fixmedinsCode}-`)) bad(`${path}.rec_id 应以机构编码开头（${fixmedinsCode}-…）：${recId}`);
  const setlId = str(r, 'setl_id', path);
  date(r, 'setl_date', path);
  if (r.resubmit_of !== undefined) str(r, 'resubmit_of', path);
  arr(r.acc_moves, `${path}.acc_moves`).forEach((m, n) => {
    const move = obj(m, `${path}.acc_moves[${n}]`);
    str(move, 'account', `${path}.acc_moves[${n}]`);
    int(move, 'delta', `${path}.acc_moves[${n}]`);
  });
  arr(r.chk_rslt, `${path}.chk_rslt`).forEach((c, n) => {
    const check = obj(c, `${path}.chk_rslt[${n}]`);
    for (const key of ['rule_id', 'rule_name', 'dscr']) str(check, key, `${path}.chk_rslt[${n}]`);
  });
  if (r.rec_type === '2207') {
    const info = obj(r.setlinfo, `${path}.setlinfo`);
    if (str(info, 'setl_id', `${path}.setlinfo`) !== setlId) bad(`${path}.setlinfo.setl_id 与记录 setl_id ${setlId} 不一致`);
    for (const key of ['psn_cert_no', 'psn_name', 'med_type', 'setl_time']) str(info, key, `${path}.setlinfo`);
    const amounts = checkAmounts(info, `${path}.setlinfo`, 1);
    checkFunds(r.setldetail, `${path}.setldetail`);
    const lines = checkLines(r.feedetail, `${path}.feedetail`);
    if (lines !== amounts.medfee_sumamt) bad(`${path}.feedetail 明细金额合计 ${lines} 与 medfee_sumamt ${amounts.medfee_sumamt} 不符`);
    if (typeof r.setl_proc_info !== 'string') bad(`${path}.setl_proc_info 必须是字符串`);
    return amounts;
  }
  if (r.rec_type === '2208') {
    for (const key of ['orig_setl_id', 'psn_cert_no', 'reason', 'setl_time']) str(r, key, path);
    return checkAmounts(r, path, -1);
  }
  bad(`${path}.rec_type 应为 2207（结算）或 2208（退费）`);
}

/** The settlement invariants; `sign` 1 for a settlement (no amount below 0), −1 for a refund (none above). */
function checkAmounts(o: Obj, path: string, sign: 1 | -1): RecordAmounts {
  const a = {} as RecordAmounts;
  for (const field of RECORD_AMOUNT_FIELDS) {
    const value = int(o, field, path);
    if (value * sign < 0) bad(`${path}.${field} ${sign > 0 ? '结算金额不能为负' : '退费金额应为负（冲销）'}：${value}`);
    a[field] = value as Fen; // an integer, as int() checked: the centre takes any safe integer of fen
  }
  const rule = (left: number, right: number, text: string) => {
    if (left !== right) bad(`${path} 金额不平：${text}（${left} ≠ ${right}）`);
  };
  rule(a.medfee_sumamt, a.fulamt_ownpay_amt + a.overlmt_selfpay + a.preselfpay_amt + a.inscp_scp_amt, 'medfee_sumamt ≠ fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt');
  rule(a.medfee_sumamt, a.fund_pay_sumamt + a.psn_part_amt, 'medfee_sumamt ≠ fund_pay_sumamt + psn_part_amt');
  rule(a.fund_pay_sumamt, a.hifp_pay + a.hifmi_pay + a.maf_pay + a.oth_pay, 'fund_pay_sumamt ≠ hifp_pay + hifmi_pay + maf_pay + oth_pay');
  rule(a.psn_part_amt, a.acct_pay + a.psn_cash_pay, 'psn_part_amt ≠ acct_pay + psn_cash_pay');
  return a;
}

function checkFunds(value: unknown, path: string): void {
  arr(value, path).forEach((f, n) => {
    const fund = obj(f, `${path}[${n}]`);
    str(fund, 'fund_pay_type', `${path}[${n}]`);
    if (typeof fund.fund_pay_type_name !== 'string') bad(`${path}[${n}].fund_pay_type_name 必须是字符串`);
    int(fund, 'fund_payamt', `${path}[${n}]`);
    for (const key of ['inscp_scp_amt', 'crt_payb_lmt_amt']) if (fund[key] !== undefined) int(fund, key, `${path}[${n}]`);
  });
}

const LINE_AMOUNTS = ['pric', 'cnt_milli', 'det_item_fee_sumamt', 'overlmt_amt', 'preselfpay_amt', 'inscp_scp_amt', 'fulamt_ownpay_amt'];

/** Checks the fee lines and returns the sum of `det_item_fee_sumamt`. */
function checkLines(value: unknown, path: string): number {
  let sum = 0;
  arr(value, path).forEach((l, n) => {
    const at = `${path}[${n}]`;
    const line = obj(l, at);
    for (const key of ['feedetl_sn', 'medins_list_codg', 'medins_list_name']) str(line, key, at);
    if (line.hilist_code !== null) str(line, 'hilist_code', at);
    if (line.chrgitm_lv !== '01' && line.chrgitm_lv !== '02' && line.chrgitm_lv !== '03') bad(`${at}.chrgitm_lv 应为 01、02 或 03`);
    for (const key of LINE_AMOUNTS) int(line, key, at);
    sum += line.det_item_fee_sumamt as number;
  });
  return sum;
}
