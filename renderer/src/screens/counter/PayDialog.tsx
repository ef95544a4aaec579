import { useEffect, useRef, useState, type RefObject } from 'react';
import { PAYMENT_METHODS, PAYMENT_METHOD_NAMES } from '../../../../shared/ledger';
import { formatYuan, parseYuan, type Fen } from '../../../../shared/money';
import { messageOf } from '../pharmacy/format';
import { Dialog } from './Dialog';
import { altDigit } from './keys';

export type PayMethod = (typeof PAYMENT_METHODS)[number];

interface PayDialogProps {
  personName: string;
  medfee: Fen;
  fund: Fen;
  account: Fen;
  cash: Fen;
  busy: boolean;
  error: string | null;
  /** Filled with this dialog's confirm, so F9 (caught by the screen) confirms too. */
  confirmRef: RefObject<(() => void) | null>;
  onConfirm: (payment: { method: PayMethod; tendered: Fen; change: Fen }) => void;
  onCancel: () => void;
}

/**
 * 收费: payment method (Alt+1 现金 … Alt+4 支付宝), cash tendered and change. Enter or F9 settles; an empty
 * 实收 means the exact amount. Retrying after an error sends the same request again, never a second one.
 */
export function PayDialog({ personName, medfee, fund, account, cash, busy, error, confirmRef, onConfirm, onCancel }: PayDialogProps) {
  const [method, setMethod] = useState<PayMethod>('cash');
  const [tenderedText, setTenderedText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const tenderedRef = useRef<HTMLInputElement>(null);
  const needsTender = method === 'cash' && cash > 0;

  let tendered: Fen | null = cash;
  let parseError: string | null = null;
  if (needsTender && tenderedText.trim()) {
    try {
      tendered = parseYuan(tenderedText, '实收金额');
    } catch (e) {
      tendered = null;
      parseError = messageOf(e);
    }
  }
  const change = tendered === null ? null : tendered - cash;

  const confirm = () => {
    if (busy) return;
    if (parseError || tendered === null || change === null) {
      setProblem(parseError ?? '请输入实收金额');
      tenderedRef.current?.focus();
      return;
    }
    if (needsTender && change < 0) {
      setProblem(`实收不足：应收现金 ${formatYuan(cash)} 元，实收 ${formatYuan(tendered)} 元`);
      tenderedRef.current?.select();
      return;
    }
    setProblem(null);
    onConfirm({ method, tendered: needsTender ? tendered : cash, change: needsTender ? change : 0 });
  };
  useEffect(() => {
    confirmRef.current = confirm;
  });

  const choose = (next: PayMethod) => {
    setMethod(next);
    setProblem(null);
    if (next === 'cash') tenderedRef.current?.focus();
  };

  return (
    <Dialog title={`收费 · ${personName}`} testId="pay-dialog" onCancel={onCancel}>
      <div
        onKeyDown={(e) => {
          const digit = altDigit(e);
          const target = digit === null ? undefined : PAYMENT_METHODS[digit - 1];
          if (target) {
            e.preventDefault();
            choose(target);
          }
        }}
      >
        <table className="facts big-facts">
          <tbody>
            <tr><th>费用合计</th><td className="num">{formatYuan(medfee)}</td></tr>
            <tr><th>基金支付</th><td className="num">{formatYuan(fund)}</td></tr>
            {account > 0 && <tr><th>个人账户</th><td className="num">{formatYuan(account)}</td></tr>}
            <tr className="due"><th>应收</th><td className="num" data-testid="pay-due">{formatYuan(cash)}</td></tr>
          </tbody>
        </table>
        <div className="methods" role="radiogroup" aria-label="付款方式" data-testid="pay-methods">
          {PAYMENT_METHODS.map((m, i) => (
            <button
              key={m}
              type="button"
              role="radio"
              aria-checked={m === method}
              className={m === method ? 'active' : ''}
              data-testid={`pay-method-${m}`}
              onClick={() => choose(m)}
            >
              <kbd>Alt+{i + 1}</kbd> {PAYMENT_METHOD_NAMES[m]}
            </button>
          ))}
        </div>
        {needsTender ? (
          <div className="form-row tender-row">
            <label className="field">
              <span className="field-label">实收现金（元，空 = 正好）</span>
              <input
                ref={tenderedRef}
                autoFocus
                className="tendered"
                value={tenderedText}
                placeholder={formatYuan(cash)}
                data-testid="tendered-input"
                aria-invalid={problem || parseError ? true : undefined}
                onChange={(e) => {
                  setTenderedText(e.target.value);
                  setProblem(null);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    confirm();
                  }
                }}
              />
            </label>
            <div className="change">
              <span className="field-label">找零</span>
              <strong className={`num amount${change !== null && change < 0 ? ' loss' : ''}`} data-testid="change-amount">
                {change === null ? '—' : formatYuan(change)}
              </strong>
            </div>
          </div>
        ) : (
          <p className="muted">
            {cash === 0 ? '个人无需付现金。' : `请用${PAYMENT_METHOD_NAMES[method]}收取 ${formatYuan(cash)} 元（收款成功后）。`}按 Enter 或 F9 确认结算。
          </p>
        )}
        {(problem ?? parseError) && <p className="field-error" role="alert">{problem ?? parseError}</p>}
        {error && (
          <p className="error" role="alert" data-testid="pay-error">
            {error}
          </p>
        )}
        <p>
          <button
            type="button"
            autoFocus={!needsTender}
            disabled={busy}
            data-testid="pay-confirm"
            onClick={confirm}
          >
            {busy ? '正在结算…' : '确认结算'} <kbd>Enter</kbd>/<kbd>F9</kbd>
          </button>{' '}
          <button type="button" onClick={onCancel} disabled={busy}>
            取消 <kbd>Esc</kbd>
          </button>
        </p>
      </div>
    </Dialog>
  );
}
