import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import { PAYMENT_METHODS, PAYMENT_METHOD_NAMES } from '../../../../shared/ledger';
import { fen, type Fen } from '../../../../shared/money';
import { Dialog, Labeled, formatYuan, keyName, messageOf, parseYuan, useForm, FactTable } from '../../kit';

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

/** What the cashier typed as 实收, read as fen (empty = the exact amount), or why it cannot be read. */
function readTendered(text: string, cash: Fen, needsTender: boolean): { tendered: Fen | null; parseError: string | null } {
  if (!needsTender || !text.trim()) return { tendered: cash, parseError: null };
  try {
    return { tendered: parseYuan(text, '实收金额'), parseError: null };
  } catch (e) {
    return { tendered: null, parseError: messageOf(e) };
  }
}

/** Alt+1 现金 … Alt+4 支付宝, by the physical digit key. */
function methodOfKey(event: KeyboardEvent): PayMethod | undefined {
  const digit = /^Alt\+(\d)$/.exec(keyName(event))?.[1];
  return digit === undefined ? undefined : PAYMENT_METHODS[Number(digit) - 1];
}

/**
 * 收费: payment method (Alt+1 现金 … Alt+4 支付宝), cash tendered and change. Enter or F9 settles; an empty
 * 实收 means the exact amount. Retrying after an error sends the same request again, never a second one.
 */
export function PayDialog({ personName, medfee, fund, account, cash, busy, error, confirmRef, onConfirm, onCancel }: PayDialogProps) {
  // The form's own refusal (实收不足, not a number) is its `error`; the settle's refusal comes from the desk.
  const form = useForm<{ method: PayMethod; tendered: string }>({ method: 'cash', tendered: '' });
  const { method } = form.values;
  const tenderedRef = useRef<HTMLInputElement>(null);
  const needsTender = method === 'cash' && cash > 0;
  const { tendered, parseError } = readTendered(form.values.tendered, cash, needsTender);
  const change = tendered === null ? null : fen(tendered - cash);
  const problem = form.error ?? parseError;

  const confirm = () => {
    if (busy) return;
    if (parseError || tendered === null || change === null) {
      form.fail(parseError ?? '请输入实收金额', {});
      tenderedRef.current?.focus();
      return;
    }
    if (needsTender && change < 0) {
      form.fail(`实收不足：应收现金 ${formatYuan(cash)} 元，实收 ${formatYuan(tendered)} 元`, {});
      tenderedRef.current?.select();
      return;
    }
    form.clear();
    onConfirm({ method, tendered: needsTender ? tendered : cash, change: needsTender ? change : fen(0) });
  };
  useEffect(() => {
    confirmRef.current = confirm;
  });

  const choose = (next: PayMethod) => {
    form.set({ method: next });
    form.clear();
    if (next === 'cash') tenderedRef.current?.focus();
  };

  return (
    <Dialog title={`收费 · ${personName}`} testId="pay-dialog" onCancel={onCancel}>
      <div
        onKeyDown={(e) => {
          const target = methodOfKey(e);
          if (target) {
            e.preventDefault();
            choose(target);
          }
        }}
      >
        <FactTable
          className="big-facts"
          rows={[
            { label: '费用合计', value: formatYuan(medfee), num: true },
            { label: '基金支付', value: formatYuan(fund), num: true },
            account > 0 && { label: '个人账户', value: formatYuan(account), num: true },
            { label: '应收', value: formatYuan(cash), num: true, testId: 'pay-due', rowClass: 'due' },
          ]}
        />
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
            {/* Not the kit's Field: its error sits silently under the field, while 实收不足 is read out
                (role=alert) below the row and the field is only marked invalid. */}
            <Labeled label="实收现金（元，空 = 正好）">
              <input
                ref={tenderedRef}
                autoFocus
                className="tendered"
                value={form.values.tendered}
                placeholder={formatYuan(cash)}
                data-testid="tendered-input"
                aria-invalid={problem ? true : undefined}
                onChange={(e) => {
                  form.set({ tendered: e.target.value });
                  form.clear();
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    confirm();
                  }
                }}
              />
            </Labeled>
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
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
        {error && (
          <p className="error" role="alert" data-testid="pay-error">
            {error}
          </p>
        )}
        <p>
          <button type="button" autoFocus={!needsTender} disabled={busy} data-testid="pay-confirm" onClick={confirm}>
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
