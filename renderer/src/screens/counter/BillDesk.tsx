import { useReducer, useRef } from 'react';
import type { SignedInUser } from '../../../../shared/domain';
import type { ShiftSummary } from '../../../../shared/shift';
import { formatYuan } from '../../kit';
import { billOf, deskReducer, initialDesk, type Desk, type Mode } from './billState';
import { BillView } from './BillView';
import { DeskDialogs } from './DeskDialogs';
import { LookupView } from './LookupView';
import { ReceiptView } from './ReceiptView';
import { useCardReader } from './useCardReader';
import { useDeskActions } from './useDeskActions';
import { useDeskFocus } from './useDeskFocus';
import { useDeskKeys } from './useDeskKeys';
import { useReceipts } from './useReceipts';
import { useSettlement } from './useSettlement';

interface BillDeskProps {
  user: SignedInUser;
  shift: ShiftSummary | null;
  /** A cashier in their own open shift; a manager only previews, looks up, reprints and refunds. */
  canSettle: boolean;
  active: boolean;
  hospitalName: string;
  onShiftChanged: () => void;
  onShiftClosed: (summary: ShiftSummary) => void;
}

/** The shift the desk works in, and the keys it answers to. */
function ShiftBar({ shift, mode, canSettle, operatorName }: { shift: ShiftSummary | null; mode: Mode; canSettle: boolean; operatorName: (username: string) => string }) {
  return (
    <div className="counter-bar" data-testid="shift-bar">
      {shift ? (
        <span>
          班次 {shift.id} · {operatorName(shift.cashier)} · 备用金 {formatYuan(shift.float)} · 结算 {shift.settlements} 笔 · 退费 {shift.refunds} 笔 · 应有现金{' '}
          <strong data-testid="bar-expected">{formatYuan(shift.expectedCash)}</strong>
        </span>
      ) : (
        <span className="warn">收费台尚未开班（只可预结算、查询与重打）</span>
      )}
      <span className="spacer" />
      <span className="keys">
        <kbd>F2</kbd> 读卡 <kbd>F7</kbd> 退费/重打 <kbd>Alt+N</kbd> 新账单 <kbd>Alt+Z</kbd> 自费 <kbd>F8</kbd> 预结算 <kbd>F9</kbd> {mode === 'lookup' ? '退费' : '结算'} <kbd>F10</kbd>{' '}
        {canSettle ? '交班' : '班次'} <kbd>F11</kbd> 打印
      </span>
    </div>
  );
}

/**
 * 收费台: identify the patient, add items, F8 pre-settle, F9 settle and take the money, the receipt (F11
 * prints); F7 finds a settlement to reprint or refund; Alt+N starts a new bill; F10 closes the shift; Alt+Z
 * bills an insured patient as self-pay (自费), and a valid ID number not in the roster is registered as one.
 * Enter moves on everywhere. (F1–F6 belong to the shell's tabs, except F2 = 读卡 here.) The desk's state is
 * billState's reducer; the calls are useSettlement, useReceipts and useCardReader; this lays them out.
 */
export function BillDesk({ user, shift, canSettle, active, hospitalName, onShiftChanged, onShiftClosed }: BillDeskProps) {
  const [state, dispatch] = useReducer(deskReducer, initialDesk);
  const bill = billOf(state);
  const focus = useDeskFocus({ mode: state.mode, hasPerson: bill.person !== null, active, dialogOpen: state.dialog !== null });
  const desk: Desk = { state, dispatch, focus, bill };
  const payConfirm = useRef<(() => void) | null>(null);

  const actions = useDeskActions(desk, { shift, canSettle });
  const settlement = useSettlement(desk, { shift, canSettle, onShiftChanged });
  const receipts = useReceipts(desk, { shift, onShiftChanged });
  const readCard = useCardReader(desk, actions.pickPatient);
  useDeskKeys(active, desk, {
    print: receipts.print,
    newBill: actions.askNewBill,
    toggleSelfPay: actions.toggleSelfPay,
    readCard,
    openLookup: receipts.openLookup,
    preview: () => void settlement.preview(),
    openPay: settlement.openPay,
    openRefund: receipts.openRefund,
    openClose: actions.openClose,
    confirmPay: () => payConfirm.current?.(),
  });

  const operatorName = (username: string) => (username === user.username ? `${user.name}（${username}）` : username);
  const { mode, receipt, looked } = state;
  return (
    <div className="desk">
      <ShiftBar shift={shift} mode={mode} canSettle={canSettle} operatorName={operatorName} />
      {state.notice && (
        <p className="notice" role="status" data-testid="counter-notice">
          {state.notice}
        </p>
      )}
      {mode === 'bill' && <BillView desk={desk} actions={actions} onPreview={() => void settlement.preview()} />}
      {mode === 'receipt' && receipt && (
        <ReceiptView receipt={receipt} viewRef={focus.receiptRef} hospitalName={hospitalName} operatorName={operatorName} onNext={actions.startNewBill} />
      )}
      {mode === 'lookup' && (
        <LookupView
          record={looked.record}
          error={looked.error}
          busy={looked.busy}
          canRefund={shift !== null}
          reprintNote={state.reprintNote}
          inputRef={focus.lookupRef}
          hospitalName={hospitalName}
          operatorName={operatorName}
          onLookup={(id) => void receipts.lookUp(id)}
          onProblem={(message) => dispatch({ type: 'lookupFailed', error: message })}
          onBack={receipts.backToBill}
        />
      )}
      <DeskDialogs
        desk={desk}
        actions={actions}
        shift={shift}
        hospitalName={hospitalName}
        operatorName={operatorName}
        payConfirm={payConfirm}
        settle={(payment) => void settlement.settle(payment)}
        refunded={receipts.refunded}
        onShiftClosed={onShiftClosed}
      />
    </div>
  );
}
