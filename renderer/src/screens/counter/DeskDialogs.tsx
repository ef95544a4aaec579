import type { RefObject } from 'react';
import type { SettlementRecord } from '../../../../shared/ledger';
import type { Fen } from '../../../../shared/money';
import type { ShiftSummary } from '../../../../shared/shift';
import { Dialog } from '../../kit';
import type { Desk } from './billState';
import { PayDialog, type PayMethod } from './PayDialog';
import { RefundDialog } from './RefundDialog';
import { ShiftCloseDialog } from './ShiftCloseDialog';
import { ShiftSummaryView } from './ShiftSummaryView';
import type { DeskActions } from './useDeskActions';
import { WalkInDialog } from './WalkInDialog';

interface DeskDialogsProps {
  desk: Desk;
  actions: DeskActions;
  shift: ShiftSummary | null;
  hospitalName: string;
  operatorName: (username: string) => string;
  /** Filled by the pay dialog with its confirm, for F9. */
  payConfirm: RefObject<(() => void) | null>;
  settle: (payment: { method: PayMethod; tendered: Fen; change: Fen }) => void;
  refunded: (refund: SettlementRecord) => void;
  onShiftClosed: (summary: ShiftSummary) => void;
}

/** The one dialog the desk has open: 收费, 退费, 交班 (or a manager's look at the shift), 登记自费病人, 新账单. */
export function DeskDialogs({ desk, actions, shift, hospitalName, operatorName, payConfirm, settle, refunded, onShiftClosed }: DeskDialogsProps) {
  const { state, dispatch, bill } = desk;
  const close = () => dispatch({ type: 'dialogClosed' });
  const { preview, looked } = state;
  switch (state.dialog) {
    case 'pay':
      return (
        preview &&
        bill.person && (
          <PayDialog
            personName={bill.person.name}
            medfee={preview.data.amounts.medfee_sumamt}
            fund={preview.data.amounts.fund_pay_sumamt}
            account={preview.data.amounts.acct_pay}
            cash={preview.data.amounts.psn_cash_pay}
            busy={state.pay.busy}
            error={state.pay.error}
            confirmRef={payConfirm}
            onConfirm={settle}
            onCancel={() => !state.pay.busy && close()}
          />
        )
      );
    case 'refund':
      return looked.record && <RefundDialog original={looked.record} clientRequestId={state.refundRequestId} onRefunded={refunded} onCancel={close} />;
    case 'close':
      return <ShiftCloseDialog pendingLines={state.mode === 'bill' ? state.lines.length : 0} onCancel={close} onClosed={onShiftClosed} />;
    case 'shiftView':
      return (
        shift && (
          <Dialog title="当前班次" testId="shift-view-dialog" onCancel={close} wide>
            <ShiftSummaryView shift={shift} cashierName={operatorName(shift.cashier)} hospitalName={hospitalName} />
            <p className="muted">院长/财务只能查看；交班由本班收费员操作。</p>
            <button type="button" onClick={close}>
              关闭 <kbd>Esc</kbd>
            </button>
          </Dialog>
        )
      );
    case 'walkIn':
      return state.walkInId && <WalkInDialog idNumber={state.walkInId} onCancel={close} onRegistered={actions.registerWalkIn} />;
    case 'newBill':
      return (
        <Dialog title="放弃当前账单？" testId="new-bill-dialog" onCancel={close}>
          <p>当前账单有 {state.lines.length} 项尚未结算，开始新账单将清空患者和明细。</p>
          <button type="button" autoFocus onClick={actions.startNewBill}>
            清空，开始新账单 <kbd>Enter</kbd>
          </button>{' '}
          <button type="button" onClick={close}>
            继续当前账单 <kbd>Esc</kbd>
          </button>
        </Dialog>
      );
    default:
      return null;
  }
}
