import type { Dispatch } from 'react';
import type { InsuredPerson } from '../../../../shared/domain';
import type { BillRequest, SettlementPreview, SettlementRecord } from '../../../../shared/ledger';
import type { Level, MedType } from '../../../../shared/settlement/types';
import type { BillLine } from './BillLines';
import type { PrinterOutcome } from './printing';
import type { TenderInfo } from './Receipt';
import type { DeskFocus } from './useDeskFocus';

/**
 * The billing desk's state: the bill being made (patient, visit, lines, preview), the payment, the receipt
 * on screen, the look-up for 重打/退费, and which dialog is open. Every change is a named action below, so
 * what a key or an answer does to the desk reads in one place; focus and API calls stay in the hooks.
 */

/** What the desk shows: the bill being made, the receipt just taken, or a look-up for 重打/退费. */
export type Mode = 'bill' | 'receipt' | 'lookup';
export type DialogKind = 'pay' | 'close' | 'refund' | 'newBill' | 'shiftView' | 'walkIn';

export interface Patient {
  person: InsuredPerson;
  age: number;
}

export interface Preview {
  /** The bill it was computed for, as text: any change to the bill makes it stale. */
  key: string;
  data: SettlementPreview;
  /** One id per intended settlement: every settle attempt of this bill sends it, so none can settle twice. */
  requestId: string;
}

export interface ReceiptShown {
  record: SettlementRecord;
  tender: TenderInfo | null;
  /** Why this receipt is shown instead of a new one (the request id had already settled it). */
  note: string | null;
  /** What the receipt printer did with it (print.drain), once known. */
  printer: PrinterOutcome | null;
}

/** A refusal of the bill: its sentence, and the line it names (marked red), if any. */
export interface BillError {
  message: string;
  line: number | null;
}

export interface Looked {
  record: SettlementRecord | null;
  error: string | null;
  busy: boolean;
}

export interface DeskState {
  patient: Patient | null;
  medType: MedType;
  level: Level;
  useAccount: boolean;
  /** An insured patient chose to pay this bill themselves (自费, Alt+Z). */
  selfPayChosen: boolean;
  lines: BillLine[];
  preview: Preview | null;
  previewBusy: boolean;
  billError: BillError | null;
  notice: string | null;
  /** The card reader's note under the patient field (正在读卡…, not in the roster, no reader). */
  cardNotice: string | null;
  mode: Mode;
  dialog: DialogKind | null;
  /** The ID number the walk-in dialog registers. */
  walkInId: string | null;
  /** Remounts the patient field (clearing what was typed) once a walk-in is registered. */
  patientFieldKey: number;
  pay: { busy: boolean; error: string | null };
  receipt: ReceiptShown | null;
  looked: Looked;
  /** What became of the last 重打 sent to the receipt printer. */
  reprintNote: string | null;
  /** The request id the open refund dialog sends (one per settlement, kept by useRefund). */
  refundRequestId: string;
}

export type DeskAction =
  | { type: 'patientPicked'; person: InsuredPerson; age: number }
  | { type: 'lineAdded'; line: BillLine }
  | { type: 'itemAlreadyBilled'; name: string; index: number }
  | { type: 'qtyChanged'; index: number; qty: string }
  | { type: 'lineRemoved'; index: number }
  | { type: 'medTypeChanged'; medType: MedType }
  | { type: 'levelChanged'; level: Level }
  | { type: 'accountSet'; on: boolean }
  | { type: 'accountToggled' }
  | { type: 'selfPaySet'; on: boolean }
  | { type: 'selfPayToggled' }
  | { type: 'noticeShown'; notice: string | null }
  | { type: 'cardNoticeShown'; notice: string | null }
  | { type: 'newBillStarted' }
  | { type: 'billRefused'; error: BillError }
  | { type: 'previewStarted' }
  | { type: 'previewReady'; preview: Preview }
  | { type: 'previewFailed'; error: BillError }
  | { type: 'dialogOpened'; dialog: DialogKind }
  | { type: 'dialogClosed' }
  | { type: 'payOpened' }
  | { type: 'settleStarted' }
  | { type: 'settleFailed'; error: string }
  | { type: 'settleLineRefused'; error: BillError }
  | { type: 'settleEnded' }
  | { type: 'receiptShown'; record: SettlementRecord; tender: TenderInfo | null; note: string | null; keepBill: boolean }
  | { type: 'printerAnswered'; settlementId: number; printer: PrinterOutcome | null }
  | { type: 'lookupOpened' }
  | { type: 'backToBill' }
  | { type: 'lookupStarted' }
  | { type: 'lookupAnswered'; record: SettlementRecord }
  | { type: 'lookupFailed'; error: string }
  | { type: 'refundRefused'; error: string }
  | { type: 'refundOpened'; requestId: string }
  | { type: 'refunded'; refund: SettlementRecord }
  | { type: 'reprintNoted'; note: string | null }
  | { type: 'cardReadStarted' }
  | { type: 'walkInOffered'; idNumber: string }
  | { type: 'walkInRegistered'; person: InsuredPerson; age: number };

const EMPTY_BILL = {
  patient: null,
  lines: [],
  preview: null,
  billError: null,
  useAccount: false,
  selfPayChosen: false,
  medType: 'outpatient',
  level: 'township',
} satisfies Partial<DeskState>;

export const initialDesk: DeskState = {
  ...EMPTY_BILL,
  previewBusy: false,
  notice: null,
  cardNotice: null,
  mode: 'bill',
  dialog: null,
  walkInId: null,
  patientFieldKey: 0,
  pay: { busy: false, error: null },
  receipt: null,
  looked: { record: null, error: null, busy: false },
  reprintNote: null,
  refundRequestId: '',
};

/** A patient identified: a new person's bill drops the account and 自费 choices of the last one. */
function withPatient(state: DeskState, person: InsuredPerson, age: number): DeskState {
  return {
    ...state,
    patient: { person, age },
    useAccount: person.insuredType === 'employee' ? state.useAccount : false,
    selfPayChosen: false,
    notice: null,
    cardNotice: null,
    billError: null,
  };
}

/** After money is booked (or a refund): the receipt on screen; a settled bill is cleared, a refund keeps it. */
function withReceipt(state: DeskState, action: Extract<DeskAction, { type: 'receiptShown' }>): DeskState {
  return {
    ...state,
    ...(action.keepBill ? {} : EMPTY_BILL),
    receipt: { record: action.record, tender: action.tender, note: action.note, printer: null },
    notice: null,
    dialog: null,
    mode: 'receipt',
  };
}

export function deskReducer(state: DeskState, action: DeskAction): DeskState {
  switch (action.type) {
    case 'patientPicked':
      return withPatient(state, action.person, action.age);
    case 'lineAdded':
      return { ...state, billError: null, notice: null, lines: [...state.lines, action.line] };
    case 'itemAlreadyBilled':
      return { ...state, billError: null, notice: `「${action.name}」已在第 ${action.index + 1} 行：请修改该行数量` };
    case 'qtyChanged':
      return { ...state, billError: null, lines: state.lines.map((l, i) => (i === action.index ? { ...l, qty: action.qty } : l)) };
    case 'lineRemoved':
      return { ...state, billError: null, lines: state.lines.filter((_, i) => i !== action.index) };
    case 'medTypeChanged':
      return { ...state, medType: action.medType };
    case 'levelChanged':
      return { ...state, level: action.level };
    case 'accountSet':
      return { ...state, useAccount: action.on };
    case 'accountToggled':
      return { ...state, useAccount: !state.useAccount };
    case 'selfPaySet':
      return { ...state, selfPayChosen: action.on };
    case 'selfPayToggled':
      return { ...state, selfPayChosen: !state.selfPayChosen, notice: null };
    case 'noticeShown':
      return { ...state, notice: action.notice };
    case 'cardNoticeShown':
      return { ...state, cardNotice: action.notice };
    case 'newBillStarted':
      return { ...state, ...EMPTY_BILL, notice: null, mode: 'bill', dialog: null };
    case 'billRefused':
      return { ...state, billError: action.error };
    case 'previewStarted':
      return { ...state, previewBusy: true, billError: null };
    case 'previewReady':
      return { ...state, preview: action.preview, previewBusy: false };
    case 'previewFailed':
      return { ...state, preview: null, billError: action.error, previewBusy: false };
    case 'dialogOpened':
      return { ...state, dialog: action.dialog };
    case 'dialogClosed':
      return { ...state, dialog: null };
    case 'payOpened':
      return { ...state, pay: { ...state.pay, error: null }, dialog: 'pay' };
    case 'settleStarted':
      return { ...state, pay: { busy: true, error: null } };
    case 'settleFailed':
      return { ...state, pay: { ...state.pay, error: action.error } };
    case 'settleLineRefused':
      // Stock moved since the preview (another counter sold it): back to the bill, the line marked.
      return { ...state, dialog: null, preview: null, billError: action.error };
    case 'settleEnded':
      return { ...state, pay: { ...state.pay, busy: false } };
    case 'receiptShown':
      return withReceipt(state, action);
    case 'printerAnswered': {
      const receipt = state.receipt;
      return receipt && receipt.record.id === action.settlementId ? { ...state, receipt: { ...receipt, printer: action.printer } } : state;
    }
    case 'lookupOpened':
      return { ...state, dialog: null, notice: null, reprintNote: null, mode: 'lookup' };
    case 'backToBill':
      return { ...state, mode: 'bill' };
    case 'lookupStarted':
      return { ...state, looked: { record: null, error: null, busy: true }, reprintNote: null };
    case 'lookupAnswered':
      return { ...state, looked: { record: action.record, error: null, busy: false } };
    case 'lookupFailed':
      return { ...state, looked: { record: null, error: action.error, busy: false } };
    case 'refundRefused':
      return { ...state, looked: { ...state.looked, error: action.error } };
    case 'refundOpened':
      return { ...state, refundRequestId: action.requestId, dialog: 'refund' };
    case 'refunded':
      return withReceipt(
        { ...state, looked: { record: null, error: null, busy: false } },
        { type: 'receiptShown', record: action.refund, tender: null, note: null, keepBill: true },
      );
    case 'reprintNoted':
      return { ...state, reprintNote: action.note };
    case 'cardReadStarted': {
      // F2 from the receipt or the look-up goes back to the bill; a receipt's bill is done with.
      const back = state.mode === 'bill' ? {} : state.mode === 'receipt' ? { ...EMPTY_BILL, mode: 'bill' as const } : { mode: 'bill' as const };
      return { ...state, ...back, dialog: null, notice: null, cardNotice: '正在读卡…' };
    }
    case 'walkInOffered':
      return { ...state, walkInId: action.idNumber, dialog: 'walkIn' };
    case 'walkInRegistered':
      return withPatient({ ...state, dialog: null, walkInId: null, patientFieldKey: state.patientFieldKey + 1 }, action.person, action.age);
  }
}

/** What the bill comes to as a request, and what follows from the patient (insured, 自费, account). */
export interface BillView {
  person: InsuredPerson | null;
  insured: boolean;
  /** A person not insured here is always billed as self-pay (the server does so too); an insured one may choose it. */
  selfPay: boolean;
  accountAllowed: boolean;
  request: BillRequest | null;
  /** The request as text: a preview computed for another key is stale. */
  requestKey: string;
  /** The preview on screen is for the bill as it is now. */
  fresh: boolean;
}

export function billOf(state: DeskState): BillView {
  const person = state.patient?.person ?? null;
  const insured = person !== null && person.insuredType !== 'none';
  const selfPay = person !== null && (!insured || state.selfPayChosen);
  const accountAllowed = person?.insuredType === 'employee' && !selfPay;
  const request: BillRequest | null = person
    ? {
        personId: person.id,
        visit: { medType: state.medType, level: state.level },
        lines: state.lines.map((l) => ({ itemCode: l.item.code, qty: Number(l.qty) })),
        useAccount: accountAllowed && state.useAccount,
        selfPay,
      }
    : null;
  const requestKey = request ? JSON.stringify(request) : '';
  return { person, insured, selfPay, accountAllowed, request, requestKey, fresh: state.preview !== null && state.preview.key === requestKey };
}

/** What the desk's hooks work with: the state, its actions, where focus goes, and the bill as a request. */
export interface Desk {
  state: DeskState;
  dispatch: Dispatch<DeskAction>;
  focus: DeskFocus;
  bill: BillView;
}
