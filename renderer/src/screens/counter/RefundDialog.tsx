import { useRef, useState } from 'react';
import { PAYMENT_METHOD_NAMES, type SettlementRecord } from '../../../../shared/ledger';
import { formatYuan } from '../../../../shared/money';
import { api } from '../../api';
import { Field } from '../pharmacy/Field';
import { issuesByPath, messageOf } from '../pharmacy/format';
import { Dialog } from './Dialog';

interface RefundDialogProps {
  original: SettlementRecord;
  /** One id per intended refund of this settlement, kept by the caller so a retry reuses it. */
  clientRequestId: string;
  onRefunded: (refund: SettlementRecord) => void;
  onCancel: () => void;
}

/**
 * 整单退费: the reason, then a manager (院长/财务) types their username and password at the counter. Enter goes
 * on; Enter in 密码 refunds. A retry after an error sends the same request id: it can never refund twice.
 */
export function RefundDialog({ original, clientRequestId, onRefunded, onCancel }: RefundDialogProps) {
  const [reason, setReason] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  const userRef = useRef<HTMLInputElement>(null);
  const passRef = useRef<HTMLInputElement>(null);

  const submit = async () => {
    if (inFlight.current) return;
    const found: Record<string, string> = {};
    if (!reason.trim()) found.reason = '请输入退费原因';
    if (!username.trim()) found['approval.username'] = '请审批人输入用户名';
    if (!password) found['approval.password'] = '请审批人输入密码';
    if (Object.keys(found).length > 0) {
      setIssues(found);
      setError('请填写退费原因，并由院长/财务输入用户名和密码');
      (found.reason ? reasonRef : found['approval.username'] ? userRef : passRef).current?.focus();
      return;
    }
    inFlight.current = true;
    setBusy(true);
    try {
      onRefunded(
        await api['settlement.refund']({
          settlementId: original.id,
          reason: reason.trim(),
          clientRequestId,
          approval: { username: username.trim(), password },
        }),
      );
    } catch (e) {
      const byPath = issuesByPath(e);
      setIssues(byPath);
      setError(messageOf(e));
      // A refused approval: the manager types the password again.
      setPassword('');
      if (byPath.reason) reasonRef.current?.focus();
      else if (byPath['approval.username']) userRef.current?.focus();
      else passRef.current?.focus();
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  return (
    <Dialog title={`退费 · 收据 ${original.receiptNo}`} testId="refund-dialog" onCancel={() => !busy && onCancel()}>
      <div data-keyscope>
        <p>
          患者 <strong>{original.person.name}</strong>，结算编号 {original.id}，费用合计 {formatYuan(original.amounts.medfee_sumamt)} 元。整单退费：基金{' '}
          {formatYuan(original.amounts.fund_pay_sumamt)} 元冲回，
          {original.payments.map((p) => `${PAYMENT_METHOD_NAMES[p.method]}退回 ${formatYuan(p.amount)} 元`).join('，') || '无个人付款'}
          ；药品退回库存。
        </p>
        <div className="form-column">
          <Field
            label="退费原因"
            value={reason}
            onChange={setReason}
            path="reason"
            error={issues.reason}
            autoFocus
            inputRef={reasonRef}
          />
          <Field
            label="审批人用户名（院长/财务）"
            value={username}
            onChange={setUsername}
            path="approval.username"
            error={issues['approval.username']}
            inputRef={userRef}
          />
          <label className="field">
            <span className="field-label">审批人密码</span>
            <input
              ref={passRef}
              type="password"
              value={password}
              autoComplete="off"
              data-path="approval.password"
              data-testid="approver-password"
              aria-invalid={issues['approval.password'] ? true : undefined}
              onChange={(e) => setPassword(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void submit();
                }
              }}
            />
            {issues['approval.password'] && <small className="field-error">{issues['approval.password']}</small>}
          </label>
        </div>
        {error && (
          <p className="error" role="alert" data-testid="refund-error">
            {error}
          </p>
        )}
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
