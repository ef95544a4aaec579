import type { Ref } from 'react';
import { Labeled } from '../../kit';
import { CASH_METHODS, methodName, type CashMethod } from './inpatientFormat';

interface MethodPickerProps {
  label: string;
  value: CashMethod;
  onChange: (method: CashMethod) => void;
  /** Enter on the picker (the form submits, or moves on). */
  onEnter: () => void;
  disabled?: boolean;
  pickerRef?: Ref<HTMLDivElement>;
  testId?: string;
}

/** 付款方式 without a drop-down: ←→ or the digits 1–4 choose, Enter goes on. */
export function MethodPicker({ label, value, onChange, onEnter, disabled, pickerRef, testId = 'pay-method' }: MethodPickerProps) {
  const index = CASH_METHODS.indexOf(value);
  return (
    <Labeled label={`${label} （←→ 或 1–4）`}>
      <div
        ref={pickerRef}
        role="radiogroup"
        aria-label={label}
        aria-disabled={disabled || undefined}
        tabIndex={disabled ? -1 : 0}
        className="ip-methods"
        data-testid={testId}
        onKeyDown={(e) => {
          if (disabled) return;
          const digit = /^[1-9]$/.test(e.key) ? Number(e.key) - 1 : -1;
          if (digit >= 0 && CASH_METHODS[digit]) {
            e.preventDefault();
            onChange(CASH_METHODS[digit]);
          } else if (e.key === 'ArrowRight' || e.key === 'ArrowDown' || e.key === 'ArrowLeft' || e.key === 'ArrowUp') {
            e.preventDefault();
            const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : -1;
            const next = CASH_METHODS[(index + step + CASH_METHODS.length) % CASH_METHODS.length];
            if (next) onChange(next);
          } else if (e.key === 'Enter' && !e.ctrlKey && !e.altKey) {
            e.preventDefault();
            onEnter();
          }
        }}
      >
        {CASH_METHODS.map((method, i) => (
          <span
            key={method}
            role="radio"
            aria-checked={method === value}
            className={method === value ? 'ip-method checked' : 'ip-method'}
            onMouseDown={(e) => {
              e.preventDefault();
              if (!disabled) onChange(method);
            }}
          >
            <kbd>{i + 1}</kbd> {methodName(method)}
          </span>
        ))}
      </div>
    </Labeled>
  );
}
