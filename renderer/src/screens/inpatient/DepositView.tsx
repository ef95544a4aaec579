import { useRef, useState } from 'react';
import type { Admission, DepositReceipt } from '../../../../shared/inpatient';
import { api } from '../../api';
import { Facts, Field, FormError, formatDateTime, formatYuan, parseYuan, useApi, useForm } from '../../kit';
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
  // Taken apart: React's lint reads every property of an object holding a ref (scopeRef) as a ref.
  const { values, set, field, error, busy, scopeRef, fail, submit: send, clear } = useForm<{ amount: string; method: CashMethod }>({ amount: '', method: 'cash' });
  const [requestId, setRequestId] = useState(newRequestId);
  const [receipt, setReceipt] = useState<DepositReceipt | null>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const methodRef = useRef<HTMLDivElement>(null);
  const allowed = canTakeMoney(counter) && !admission.discharged;

  const submit = async () => {
    if (busy || !allowed) return;
    let amount;
    try {
      amount = parseYuan(values.amount, '预交金金额');
    } catch (e) {
      fail(e);
      amountRef.current?.focus();
      return;
    }
    if (amount <= 0) {
      fail('预交金金额必须大于 0');
      amountRef.current?.focus();
      return;
    }
    // The same request id stays after a refusal: sending again cannot take the deposit twice.
    const done = await send(({ method }) => api['inpatient.deposit']({ admissionId: admission.id, amount, method, clientRequestId: requestId }));
    if (done) {
      setReceipt(done);
      set({ amount: '' });
      setRequestId(newRequestId());
      onChanged();
    }
    amountRef.current?.focus();
  };

  return (
    <div
      ref={scopeRef}
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
          {...field('amount')}
          onChange={(amount) => {
            set({ amount });
            clear();
          }}
          placeholder="如 1000"
          autoFocus
          disabled={!allowed}
          inputRef={amountRef}
          className="ip-money-input"
          onEnter={() => methodRef.current?.focus()}
        />
        <MethodPicker label="付款方式" value={values.method} onChange={(method) => set({ method })} onEnter={() => void submit()} disabled={!allowed} pickerRef={methodRef} testId="deposit-method" />
        <div className="field">
          <span className="field-label">当前预交金余额</span>
          <span className="amount ip-num">{formatYuan(admission.depositBalance)} 元</span>
        </div>
      </div>
      <FormError error={error} testId="deposit-error" />
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
  const info = useApi('system.info', {});
  return (
    <div className="panel ip-receipt ip-printable" role="status" data-testid="deposit-receipt">
      <p className="ok-line ip-noprint">已收预交金 {formatYuan(receipt.amount)} 元，收据号 {receipt.receiptNo}</p>
      <h3 className="ip-receipt-title">{info.data?.hospitalName ?? ''} 住院预交金收据</h3>
      <Facts
        className="ip-receipt-facts"
        rows={[
          ['预交金收据号', <span data-testid="deposit-receipt-no">{receipt.receiptNo}</span>],
          ['住院号', admission.id],
          ['姓名', admission.personName],
          ['病区 / 床号', `${admission.ward || '—'} ${admission.bed ? `${admission.bed} 床` : ''}`],
          [
            '金额（元）',
            <span className="ip-num" data-testid="deposit-receipt-amount">
              {formatYuan(receipt.amount)}
            </span>,
          ],
          ['付款方式', methodName(receipt.method)],
          [
            '交款后预交金余额（元）',
            <span className="ip-num" data-testid="deposit-balance-after">
              {formatYuan(receipt.balanceAfter)}
            </span>,
          ],
          ['收款时间', formatDateTime(receipt.at)],
          ['收款员', receipt.operator],
        ]}
      />
      <p className="ip-noprint">
        <button type="button" onClick={() => window.print()}>
          打印收据 <kbd>Ctrl+P</kbd>
        </button>
      </p>
    </div>
  );
}
