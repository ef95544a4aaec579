import { useRef, type Dispatch } from 'react';
import type { SettlementRecord } from '../../../../shared/ledger';
import type { Fen } from '../../../../shared/money';
import { qtyToMilli } from '../../../../shared/quantity';
import type { ShiftSummary } from '../../../../shared/shift';
import { api } from '../../api';
import { messageOf } from '../../kit';
import type { Desk, DeskAction } from './billState';
import { lineIndexOf, newRequestId, settledBefore } from './counterFormat';
import type { PayMethod } from './PayDialog';
import { drainReceipts } from './printing';

/**
 * After money is booked (a settlement or a refund): the shift's figures are asked again, and the receipt
 * printer is asked to print it now; what it did shows under the receipt once known (not awaited).
 */
export function afterBooking(dispatch: Dispatch<DeskAction>, onShiftChanged: () => void, record: SettlementRecord): void {
  onShiftChanged();
  void drainReceipts().then((printer) => dispatch({ type: 'printerAnswered', settlementId: record.id, printer }));
}

interface SettlementOptions {
  shift: ShiftSummary | null;
  canSettle: boolean;
  onShiftChanged: () => void;
}

/**
 * F8 预结算 and F9 结算. Each settle attempt of a bill sends the request id its preview was given; an attempt
 * that did not succeed is kept, so re-previewing the same bill reuses its id and a lost answer can never
 * settle twice. A preview answering after a newer one was asked is dropped.
 */
export function useSettlement({ state, dispatch, focus, bill }: Desk, { shift, canSettle, onShiftChanged }: SettlementOptions) {
  const previewSeq = useRef(0);
  const settling = useRef(false);
  /** The settle attempt made for a bill, kept until it succeeds: a re-preview of that bill reuses its id. */
  const attempt = useRef<{ key: string; requestId: string } | null>(null);
  const refuse = (message: string, line: number | null = null) => dispatch({ type: 'billRefused', error: { message, line } });

  const preview = async () => {
    const { request, requestKey: key } = bill;
    if (!request) {
      refuse('请先识别患者：输入身份证号、社保卡号或姓名后按 Enter');
      focus.patient();
      return;
    }
    if (state.lines.length === 0) {
      refuse('账单还没有项目：输入拼音首字母添加');
      focus.picker();
      return;
    }
    const bad = state.lines.findIndex((l) => qtyToMilli(Number(l.qty)) === null);
    if (bad >= 0) {
      refuse(`第 ${bad + 1} 行：数量必须大于 0，最多三位小数`, bad);
      focus.qty(bad);
      return;
    }
    const seq = ++previewSeq.current;
    dispatch({ type: 'previewStarted' });
    try {
      const data = await api['settlement.preview'](request);
      if (seq !== previewSeq.current) return;
      const requestId = attempt.current?.key === key ? attempt.current.requestId : newRequestId();
      dispatch({ type: 'previewReady', preview: { key, data, requestId } });
    } catch (e) {
      if (seq !== previewSeq.current) return;
      const line = lineIndexOf(e);
      dispatch({ type: 'previewFailed', error: { message: messageOf(e), line } });
      if (line !== null) focus.qty(line);
    }
  };

  const openPay = () => {
    if (!canSettle) {
      refuse(shift ? '院长/财务在收费台只能预结算、查询、重打和退费；收费请由本班收费员操作' : '尚未开班，不能收费');
      return;
    }
    if (!bill.fresh || !state.preview) {
      refuse(state.preview ? '账单已修改：请先按 F8 重新预结算，再按 F9 结算' : '请先按 F8 预结算，核对金额后再按 F9 结算');
      return;
    }
    dispatch({ type: 'payOpened' });
  };

  /** The settle's refusal: an earlier settlement of this request id, a line short of stock, or a sentence. */
  const refused = async (e: unknown) => {
    const line = lineIndexOf(e);
    const earlier = settledBefore(e);
    if (earlier !== null) {
      // The request id already settled a bill (its answer was lost, and the bill changed since): that
      // settlement is the one the money was taken for. Show its receipt; nothing was charged twice.
      try {
        const record = await api['settlement.get']({ settlementId: earlier });
        attempt.current = null;
        const note = `${messageOf(e)}。以下为该笔结算（结算编号 ${record.id}）的收据；当前账单未收费，如仍需收费请重新开单`;
        dispatch({ type: 'receiptShown', record, tender: null, note, keepBill: false });
        afterBooking(dispatch, onShiftChanged, record);
      } catch (getError) {
        dispatch({ type: 'settleFailed', error: `${messageOf(e)}（结算编号 ${earlier}）；读取该收据失败：${messageOf(getError)}。可按 F7 输入结算编号查询` });
      }
    } else if (line !== null) {
      // Stock moved since the preview (another counter sold it): back to the bill, the line marked.
      dispatch({ type: 'settleLineRefused', error: { message: messageOf(e), line } });
      focus.later(() => focus.qty(line));
    } else {
      const unavailable = (e as { code?: string }).code === 'UNAVAILABLE';
      dispatch({ type: 'settleFailed', error: unavailable ? `${messageOf(e)}。恢复后按 F9 重试：沿用同一请求号，不会重复收费` : messageOf(e) });
    }
  };

  const settle = async (payment: { method: PayMethod; tendered: Fen; change: Fen }) => {
    const { request, fresh } = bill;
    const preview = state.preview;
    if (settling.current || !request || !preview || !fresh) return;
    settling.current = true;
    dispatch({ type: 'settleStarted' });
    attempt.current = { key: preview.key, requestId: preview.requestId };
    try {
      const record = await api['settlement.settle']({
        ...request,
        clientRequestId: preview.requestId,
        payMethod: payment.method,
        ...(payment.method === 'cash' ? { tendered: payment.tendered } : {}),
      });
      attempt.current = null;
      dispatch({ type: 'receiptShown', record, tender: { ...payment }, note: null, keepBill: false });
      afterBooking(dispatch, onShiftChanged, record);
    } catch (e) {
      await refused(e);
    } finally {
      settling.current = false;
      dispatch({ type: 'settleEnded' });
    }
  };

  return { preview, openPay, settle };
}
