/**
 * The district centre protocol's message shapes (electron/district/PROTOCOL.md). Pure types and constants
 * shared by the counter's uploader and the district simulator in test/.
 */
import type { Fen } from '../money';
import { AMOUNT_FIELDS } from '../settlement/types';

export const INFNO = {
  signIn: '9001',
  personInfo: '1101',
  uploadBatch: '2207A',
  queryBatch: '5203A',
  reconcileTotals: '3201',
  reconcileDetails: '3202',
  downloadPolicies: '9102A',
  downloadCatalogue: '1301A',
  downloadRoster: '5206A',
} as const;
export type Infno = (typeof INFNO)[keyof typeof INFNO];

export const TXN_PATH = '/api/txn';
export const SIGNATURE_HEADER = 'x-hsa-signature';
export const FIXMEDINS_HEADER = 'x-hsa-fixmedins';

export type ErrCode = 'SIGNATURE' | 'SIGN_NO' | 'BAD_MESSAGE' | 'NOT_FOUND';

export interface RequestEnvelope<I = unknown> {
  infno: Infno;
  msgid: string;
  mdtrtarea_admvs: string;
  recer_sys_code: 'COUNTER';
  infver: 'V1.0';
  opter_type: '1';
  opter: string;
  opter_name: string;
  inf_time: string;
  fixmedins_code: string;
  fixmedins_name: string;
  sign_no?: string;
  input: I;
}

export interface ResponseEnvelope<O = unknown> {
  infcode: 0 | -1;
  err_msg: string;
  err_code?: ErrCode;
  inf_refmsgid: string;
  respond_time: string;
  output: O | null;
}

/** The amount fields every settlement and refund carries (fen; negated on a refund): the engine's own. */
export const RECORD_AMOUNT_FIELDS = AMOUNT_FIELDS;
export type RecordAmounts = Record<(typeof AMOUNT_FIELDS)[number], Fen>;

/** The fields reconciliation totals (对总账) compare. */
export const RECONCILE_FIELDS = ['medfee_sumamt', 'fund_pay_sumamt', 'hifp_pay', 'hifmi_pay', 'maf_pay', 'oth_pay', 'acct_pay', 'psn_cash_pay'] as const;
export type ReconcileAmounts = Record<(typeof RECONCILE_FIELDS)[number], Fen>;

/** How the 对账 page and report name those fields. */
export const RECONCILE_FIELD_NAMES: Record<(typeof RECONCILE_FIELDS)[number], string> = {
  medfee_sumamt: '医疗总费用',
  fund_pay_sumamt: '基金支付合计',
  hifp_pay: '统筹基金',
  hifmi_pay: '大病保险',
  maf_pay: '医疗救助',
  oth_pay: '其他（兜底）',
  acct_pay: '个人账户',
  psn_cash_pay: '个人现金',
};

export interface FeeDetail {
  feedetl_sn: string;
  hilist_code: string | null;
  medins_list_codg: string;
  medins_list_name: string;
  chrgitm_lv: '01' | '02' | '03';
  pric: Fen;
  cnt_milli: number;
  det_item_fee_sumamt: Fen;
  overlmt_amt: Fen;
  preselfpay_amt: Fen;
  inscp_scp_amt: Fen;
  fulamt_ownpay_amt: Fen;
}

export interface FundDetail {
  fund_pay_type: string;
  fund_pay_type_name: string;
  inscp_scp_amt?: Fen;
  crt_payb_lmt_amt?: Fen;
  fund_payamt: Fen;
}

export interface CheckResult {
  rule_id: string;
  rule_name: string;
  feedetl_sn?: string;
  dscr: string;
}

export interface AccMove {
  account: string;
  delta: number;
}

interface RecordBase {
  rec_id: string;
  setl_id: string;
  setl_date: string;
  resubmit_of?: string;
  acc_moves: AccMove[];
  chk_rslt: CheckResult[];
}

export interface SettlementRecord extends RecordBase {
  rec_type: '2207';
  setlinfo: RecordAmounts & { setl_id: string; psn_cert_no: string; psn_name: string; med_type: string; setl_time: string };
  setldetail: FundDetail[];
  feedetail: FeeDetail[];
  setl_proc_info: string;
}

export interface RefundRecord extends RecordBase, RecordAmounts {
  rec_type: '2208';
  orig_setl_id: string;
  psn_cert_no: string;
  reason: string;
  setl_time: string;
}

export type UploadRecord = SettlementRecord | RefundRecord;

/** A record's amounts wherever they sit (a settlement's in `setlinfo`, a refund's at the top level). */
export function recordAmounts(record: UploadRecord): RecordAmounts {
  return record.rec_type === '2207' ? record.setlinfo : record;
}

export interface UploadBatchInput {
  batch: { batch_no: string; rec_cnt: number; medfee_sumamt: Fen; fund_pay_sumamt: Fen };
  records: UploadRecord[];
}

export interface RecordResult {
  rec_id: string;
  setl_id: string;
  status: 'accepted' | 'rejected';
  reason?: string;
  duplicate?: boolean;
}

export interface UploadBatchOutput {
  batch_no: string;
  results: RecordResult[];
}

export interface QueryBatchInput {
  data: { batch_no: string };
}

export interface SignInInput {
  signIn: { opter_no: string; mac: string; ip: string };
}
export interface SignInOutput {
  signinoutb: { sign_time: string; sign_no: string };
}

export interface Period {
  stmt_begndate: string;
  stmt_enddate: string;
}

export interface ReconcileTotalsInput {
  data: Period & ReconcileAmounts & { fixmedins_setl_cnt: number };
}
export interface ReconcileTotalsOutput extends ReconcileAmounts {
  fixmedins_setl_cnt: number;
  stmt_rslt: '0' | '1';
  stmt_rslt_dscr: string;
}

export interface DetailLine {
  setl_id: string;
  rec_type: '2207' | '2208';
  medfee_sumamt: Fen;
  fund_pay_sumamt: Fen;
  acct_pay: Fen;
  psn_cash_pay: Fen;
}
export interface ReconcileDetailsInput {
  data: Period;
  details: DetailLine[];
}
export interface DetailMismatch {
  setl_id: string;
  kind: 'missing_at_centre' | 'missing_locally' | 'amount_differs';
  local?: DetailLine;
  centre?: DetailLine;
}
export interface ReconcileDetailsOutput {
  stmt_rslt: '0' | '1';
  mismatches: DetailMismatch[];
}

export interface VersionInput {
  data: { ver: string; year?: number };
}

export interface PolicyDownload {
  ver: string;
  policies: { id: string; effective_from: string; effective_to: string; document: unknown }[];
}

export interface CatalogueDownload {
  ver: string;
  /** Items in the catalogue JSON import format (electron/catalogue/catalogue-import.ts). */
  items: unknown[];
}

export interface RosterPerson {
  psn_cert_no: string;
  psn_name: string;
  gend: '1' | '2';
  brdy: string;
  insutype: '390' | '310';
  groups: string[];
  card_no: string | null;
  certifications: { disease_code: string; disease_name: string; valid_from: string; valid_to: string }[];
  ytd: { year: number; accounts: Record<string, number> };
  incl_setl_ids: string[];
}
/** 1101 by 医保电子凭证 (mdtrt_cert_type 01): the token the patient's phone shows, read by the counter's scanner. */
export interface PersonInfoInput {
  data: { mdtrt_cert_type: '01'; mdtrt_cert_no: string; psn_cert_type: '01' };
}
/** Local simplification: the platform splits this into baseinfo, insuinfo and idetinfo. */
export interface PersonInfoOutput {
  baseinfo: Omit<RosterPerson, 'ytd' | 'incl_setl_ids'>;
}

export interface RosterDownload {
  ver: string;
  as_of: string;
  psn_list: RosterPerson[];
}

/** `yyyy-MM-dd HH:mm:ss` in local time, as the platform writes times. */
export function platformTime(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}

/** msgid: institution code (12) + yyyyMMddHHmmss (14) + a persistent 4-digit sequence. */
export function formatMsgid(fixmedinsCode: string, at: Date, sequence: number): string {
  const stamp = platformTime(at).replace(/[- :]/g, '');
  return `${fixmedinsCode}${stamp}${String(sequence % 10_000).padStart(4, '0')}`;
}
