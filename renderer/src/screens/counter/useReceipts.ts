import { useRef } from 'react';
import type { SettlementRecord } from '../../../../shared/ledger';
import type { ShiftSummary } from '../../../../shared/shift';
import { api } from '../../api';
import { messageOf } from '../../kit';
import type { Desk } from './billState';
import { newRequestId } from './counterFormat';
import { refundBlock } from './LookupView';
import { drainReceipts } from './printing';
import { afterBooking } from './useSettlement';

/**
 * F7 退费 / 重打: look a settlement up by its 结算编号, F9 refunds it (one request id per settlement, so a
 * retried refund cannot refund twice), F11 reprints it; and F11 anywhere prints the receipt on screen.
 */
export function useReceipts({ state, dispatch, focus, bill }: Desk, { shift, onShiftChanged }: { shift: ShiftSummary | null; onShiftChanged: () => void }) {
  const refundIds = useRef(new Map<number, string>());

  const lookUp = async (settlementId: number) => {
    dispatch({ type: 'lookupStarted' });
    try {
      dispatch({ type: 'lookupAnswered', record: await api['settlement.get']({ settlementId }) });
    } catch (e) {
      dispatch({ type: 'lookupFailed', error: messageOf(e) });
    }
  };

  /** 重打: a new job for the receipt printer, marked 重打 on paper, then printed; the outcome is shown. */
  const reprint = async (record: SettlementRecord) => {
    dispatch({ type: 'reprintNoted', note: '正在交收据打印机重打…' });
    try {
      const job = await api['print.reprint']({ kind: 'settlement', refId: record.id });
      const printer = await drainReceipts();
      dispatch({ type: 'reprintNoted', note: `已加入打印队列（第 ${job.copy} 次重打）${printer ? `；${printer.text}` : ''}` });
    } catch (e) {
      dispatch({ type: 'reprintNoted', note: `重打未能加入打印队列：${messageOf(e)}` });
    }
  };

  return {
    lookUp,
    openLookup: () => {
      dispatch({ type: 'lookupOpened' });
      focus.later(() => focus.lookupRef.current?.focus());
    },
    /** Esc from the look-up: back to the bill as it was. */
    backToBill: () => {
      dispatch({ type: 'backToBill' });
      focus.later(() => (bill.person ? focus.picker() : focus.patient()));
    },

    openRefund: () => {
      const record = state.looked.record;
      const block = record ? refundBlock(record) : null;
      if (!record) dispatch({ type: 'refundRefused', error: '请先输入结算编号并按 Enter 查询' });
      else if (block) dispatch({ type: 'refundRefused', error: block });
      else if (!shift) dispatch({ type: 'refundRefused', error: '尚未开班：退费要在开着的班次里办理' });
      else {
        const id = refundIds.current.get(record.id) ?? newRequestId();
        refundIds.current.set(record.id, id);
        dispatch({ type: 'refundOpened', requestId: id });
      }
    },
    refunded: (refund: SettlementRecord) => {
      dispatch({ type: 'refunded', refund });
      afterBooking(dispatch, onShiftChanged, refund);
    },

    /** F11: the looked-up receipt again (and to the receipt printer as 重打), or the one just taken. */
    print: () => {
      if (state.mode === 'lookup' && state.looked.record) {
        void reprint(state.looked.record);
        window.print();
      } else if (state.mode === 'receipt') window.print();
      else dispatch({ type: 'noticeShown', notice: '没有可打印的收据：结算后或查到收据后按 F11 打印' });
    },
  };
}
