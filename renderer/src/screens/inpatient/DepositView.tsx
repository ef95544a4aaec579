import { useRef, useState } from 'react';
import { formatDateTime } from '../../../../shared/dates';
import type { Admission, DepositReceipt } from '../../../../shared/inpatient';
import { formatYuan, parseYuan } from '../../../../shared/money';
import { api } from '../../api';
import { useApiCall } from '../../useApiCall';
import { Field } from '../pharmacy/Field';
import { messageOf } from '../pharmacy/format';
import { newRequestId, methodName, type CashMethod } from './inpatientFormat';
import { MethodPicker } from './MethodPicker';
import { canTakeMoney, ShiftNotice, type CounterState } from './ShiftNotice';

interface DepositViewProps {
  admission: Admission;
  counter: CounterState;
  onChanged: () => void;
}

/**
 * 预交金: amount in yuan, Enter, payment method (1–4), Enter takes it and shows the deposit receipt (Ctrl+P
 * prints it). One request id per intended deposit: a retry after a failure sends the same one again.
 */
export function DepositView({ admission, counter, onChanged }: DepositViewProps) {
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<CashMethod>('cash');
  const [requestId, setRequestId] = useState(newRequestId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<DepositReceipt | null>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const methodRef = useRef<HTMLDivElement>(null);
  const allowed = canTakeMoney(counter) && !admission.discharged;

  const submit = async () => {
    if (busy || !allowed) return;
    let fen: number;
    try {
      fen = parseYuan(amount, '预交金金额');
    } catch (e) {
      setError(messageOf(e));
      amountRef.current?.focus();
      return;
    }
    if (fen <= 0) {
      setError('预交金金额必须大于 0');
      amountRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const done = await api['inpatient.deposit']({ admissionId: admission.id, amount: fen, method, clientRequestId: requestId });
      setReceipt(done);
      setAmount('');
      setRequestId(newRequestId());
      onChanged();
      amountRef.current?.focus();
    } catch (e) {
      // The same request id stays: sending again cannot take the deposit twice.
      setError(messageOf(e));
      amountRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      data-keyscope
      data-testid="deposit-form"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.ctrlKey) {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <p className="hint">输入金额（元），Enter；选择付款方式（1 现金 2 银行卡 3 微信 4 支付宝），Enter 收款；Ctrl+P 打印收据；空栏按 Esc 返回在院病人</p>
      <ShiftNotice state={counter} what="收预交金" />
      {admission.discharged && <p className="warn">该病人已出院结算，不能再收预交金。</p>}
      <div className="form-row">
        <Field
          label="预交金金额（元）"
          value={amount}
          onChange={(v) => {
            setAmount(v);
            setError(null);
          }}
          path="amount"
          placeholder="如 1000"
          autoFocus
          disabled={!allowed}
          inputRef={amountRef}
          className="ip-money-input"
          onEnter={() => methodRef.current?.focus()}
        />
        <MethodPicker label="付款方式" value={method} onChange={setMethod} onEnter={() => void submit()} disabled={!allowed} pickerRef={methodRef} testId="deposit-method" />
        <div className="field">
          <span className="field-label">当前预交金余额</span>
          <span className="amount ip-num">{formatYuan(admission.depositBalance)} 元</span>
        </div>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="deposit-error">
          {error}
        </p>
      )}
      <p>
        <button type="button" disabled={busy || !allowed} onClick={() => void submit()} data-testid="deposit-submit">
          {busy ? '正在收款…' : '收预交金'} <kbd>Ctrl+Enter</kbd>
        </button>
      </p>
      {receipt && <DepositReceiptView receipt={receipt} admission={admission} />}
    </div>
  );
}

function DepositReceiptView({ receipt, admission }: { receipt: DepositReceipt; admission: Admission }) {
  const info = useApiCall(() => api['system.info'](), 'info');
  return (
    <div className="panel ip-receipt ip-printable" role="status" data-testid="deposit-receipt">
      <p className="ok-line ip-noprint">已收预交金 {formatYuan(receipt.amount)} 元，收据号 {receipt.receiptNo}</p>
      <h3 className="ip-receipt-title">{info.data?.hospitalName ?? ''} 住院预交金收据</h3>
      <table className="facts ip-receipt-facts">
        <tbody>
          <tr>
            <th>预交金收据号</th>
            <td data-testid="deposit-receipt-no">{receipt.receiptNo}</td>
            <th>住院号</th>
            <td>{admission.id}</td>
          </tr>
          <tr>
            <th>姓名</th>
            <td>{admission.personName}</td>
            <th>病区 / 床号</th>
            <td>
              {admission.ward || '—'} {admission.bed ? `${admission.bed} 床` : ''}
            </td>
          </tr>
          <tr>
            <th>金额（元）</th>
            <td className="ip-num" data-testid="deposit-receipt-amount">
              {formatYuan(receipt.amount)}
            </td>
            <th>付款方式</th>
            <td>{methodName(receipt.method)}</td>
          </tr>
          <tr>
            <th>交款后预交金余额（元）</th>
            <td className="ip-num" data-testid="deposit-balance-after">
              {formatYuan(receipt.balanceAfter)}
            </td>
            <th>收款时间</th>
            <td>{formatDateTime(receipt.at)}</td>
          </tr>
          <tr>
            <th>收款员</th>
            <td>{receipt.operator}</td>
            <th />
            <td />
          </tr>
        </tbody>
      </table>
      <p className="ip-noprint">
        <button type="button" onClick={() => window.print()}>
          打印收据 <kbd>Ctrl+P</kbd>
        </button>
      </p>
    </div>
  );
}
