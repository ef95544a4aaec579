/** What the page sees of the district centre link: settings, status, rejections, reconciliation. */
import type { Fen } from '../money';
import type { DetailMismatch, ReconcileAmounts } from './protocol';

export interface DistrictSettings {
  /** Off: records wait in the outbox and nothing is sent (a counter not yet connected). */
  enabled: boolean;
  /** e.g. https://ybzx.example.gov.cn:8443 */
  baseUrl: string;
  /** 定点医药机构编码, 12 characters. */
  fixmedinsCode: string;
  fixmedinsName: string;
  /** 就医地医保区划, 6 digits. */
  admdvs: string;
  /** The centre's CA certificate (PEM) for HTTPS; empty = the system's CAs. */
  caPem: string;
  /** A batch goes when this many records wait… */
  batchSize: number;
  /** …or when the oldest has waited this long. */
  maxAgeSeconds: number;
}

/** Settings as the page sees them: the signing key is never sent back, only whether there is one. */
export interface DistrictSettingsView extends DistrictSettings {
  hasKey: boolean;
}

export interface DistrictStatus {
  enabled: boolean;
  /** Base URL, institution code and key are all set. */
  configured: boolean;
  lastSuccessAt: string | null;
  lastError: { at: string; message: string } | null;
  /** Records the centre has not answered yet (queued or in flight). */
  waiting: number;
  oldestWaitingAt: string | null;
  /** The batch sent whose answer is not in yet. */
  inFlight: { msgid: string; records: number } | null;
  accepted: number;
  /** Rejected records the manager has not dealt with. */
  rejectedOpen: number;
  /** When the uploader will try again after a failure (null: not backing off). */
  nextAttemptAt: string | null;
  downloads: { kind: DownloadKind; ver: string; appliedAt: string }[];
}

export type DownloadKind = 'policy' | 'catalogue' | 'roster';

export interface DownloadReport {
  kind: DownloadKind;
  ver: string;
  /** False when this version was already applied, the centre has none, or the download failed. */
  applied: boolean;
  /** The download failed (summary says why); the other kinds asked for still ran. */
  failed: boolean;
  summary: string;
}

export interface RejectedRecord {
  outboxId: number;
  recId: string;
  recType: '2207' | '2208';
  setlId: string;
  settlementId: number;
  personName: string;
  psnCertNo: string;
  setlDate: string;
  medfeeSumamt: Fen;
  fundPaySumamt: Fen;
  reason: string;
  rejectedAt: string;
  /** A resubmission names the rejected record it replaces. */
  resubmitOf: string | null;
  lines: { feedetlSn: string; name: string; hilistCode: string | null }[];
  action: { action: 'resubmitted' | 'disputed'; note: string; operator: string; at: string; newOutboxId: number | null } | null;
}

export interface ResubmitRequest {
  outboxId: number;
  note: string;
  /** Corrected 身份证号 when the centre could not match the person. */
  psnCertNo?: string | undefined;
  /** Corrected 医保编码 per fee line. */
  hilistCodes?: { feedetlSn: string; hilistCode: string }[] | undefined;
}

export interface ReconcileTotals extends ReconcileAmounts {
  count: number;
}

export interface ReconcileReport {
  from: string;
  to: string;
  local: ReconcileTotals;
  centre: ReconcileTotals;
  totalsAgree: boolean;
  detailsAgree: boolean;
  mismatches: DetailMismatch[];
  /** Why the two may differ: records not yet answered, or rejected and not resubmitted, in the period. */
  pending: number;
  rejected: number;
  summary: string;
}
