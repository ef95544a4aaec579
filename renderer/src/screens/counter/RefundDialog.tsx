import { useRef } from 'react';
import { PAYMENT_METHOD_NAMES, type SettlementRecord } from '../../../../shared/ledger';
import { api } from '../../api';
import { Dialog, Field, FormError, formatYuan, useForm } from '../../kit';

interface RefundDialogProps {
  original: SettlementRecord;
  /** One id per intended refund of this settlement, kept by the caller so a retry reuses it. */
  clientRequestId: string;
  onRefunded: (refund: SettlementRecord) => void;
  onCancel: () => void;
}

/** What must be typed before asking: the reason, and the approving manager's username and password. */
function missing(values: { reason: string; username: string; password: string }): Record<string, string> {
  const found: Record<string, string> = {};
  if (!values.reason.trim()) found.reason = '请输入退费原因';
  if (!values.username.trim()) found['approval.username'] = '请审批人输入用户名';
  if (!values.password) found['approval.password'] = '请审批人输入密码';
  return found;
}

/**
 * 整单退费: the reason, then a manager (院长/财务) types their username and password at the counter. Enter goes
 * on; Enter in 密码 refunds. A retry after an error sends the same request id: it can never refund twice.
 */
export function RefundDialog({ original, clientRequestId, onRefunded, onCancel }: RefundDialogProps) {
  // Taken apart: React's lint reads every property of an object holding a ref (scopeRef) as a ref.
  const { values, set, field, fail, submit: send, error, busy, scopeRef } = useForm({ reason: '', username: '', password: '' });
  const passRef = useRef<HTMLInputElement>(null);

  const submit = async () => {
    const found = missing(values);
    if (Object.keys(found).length > 0) {
      fail('请填写退费原因，并由院长/财务输入用户名和密码', found);
      return;
    }
    const refund = await send(async ({ reason, username, password }) => {
      try {
        return await api['settlement.refund']({ settlementId: original.id, reason: reason.trim(), clientRequestId, approval: { username: username.trim(), password } });
      } catch (e) {
        // A refused approval: the manager types the password again (cleared before the refusal's marks are shown).
        set({ password: '' });
        throw e;
      }
    });
    if (refund) onRefunded(refund);
    // Else the password, unless the refusal names another field (the form focuses that one just after).
    else passRef.current?.focus();
  };

  return (
    <Dialog title={`退费 · 收据 ${original.receiptNo}`} testId="refund-dialog" onCancel={() => !busy && onCancel()}>
      <div ref={scopeRef} data-keyscope>
        <p>
          患者 <strong>{original.person.name}</strong>，结算编号 {original.id}，费用合计 {formatYuan(original.amounts.medfee_sumamt)} 元。整单退费：基金{' '}
          {formatYuan(original.amounts.fund_pay_sumamt)} 元冲回，
          {original.payments.map((p) => `${PAYMENT_METHOD_NAMES[p.method]}退回 ${formatYuan(p.amount)} 元`).join('，') || '无个人付款'}
          ；药品退回库存。
        </p>
        <div className="form-column">
          <Field label="退费原因" {...field('reason')} autoFocus />
          <Field label="审批人用户名（院长/财务）" {...field('username', 'approval.username')} />
          <Field
            label="审批人密码"
            type="password"
            testId="approver-password"
            autoComplete="off"
            inputRef={passRef}
            {...field('password', 'approval.password')}
            onEnter={() => void submit()}
          />
        </div>
        <FormError error={error} testId="refund-error" />
        <p>
          <button type="button" disabled={busy} onClick={() => void submit()}>
            {busy ? '正在退费…' : '确认退费'} <kbd>Enter</kbd>
          </button>{' '}
          <button type="button" disabled={busy} onClick={onCancel}>
            取消 <kbd>Esc</kbd>
          </button>
        </p>
      </div>
    </Dialog>
  );
}
