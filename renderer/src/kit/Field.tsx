import type { KeyboardEvent, ReactNode, Ref } from 'react';

const FIELDS = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled])';

/** Moves focus to the next enabled field inside the nearest `data-keyscope` element (Enter = 下一项). */
export function focusNext(from: HTMLElement): boolean {
  const scope = from.closest('[data-keyscope]') ?? document.body;
  const fields = Array.from(scope.querySelectorAll<HTMLElement>(FIELDS));
  const next = fields[fields.indexOf(from) + 1];
  next?.focus();
  return next !== undefined;
}

interface LabeledProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** A label over any control (a select, a checkbox row, a textarea), with its hint and its error under it. */
export function Labeled({ label, error, hint, className, children }: LabeledProps) {
  return (
    <label className={`field${className ? ` ${className}` : ''}`}>
      <span className="field-label">{label}</span>
      {children}
      {hint && <small className="muted">{hint}</small>}
      {error && <small className="field-error">{error}</small>}
    </label>
  );
}

export interface FieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The API path this field answers for (`lines[0].qty`), so a refused submit can focus it. */
  path?: string;
  error?: string | undefined;
  placeholder?: string;
  autoFocus?: boolean;
  disabled?: boolean;
  /** Enter on this field; by default focus moves to the next field. */
  onEnter?: () => void;
  inputRef?: Ref<HTMLInputElement>;
  /** Inside a table cell: no visible label, the label becomes the input's accessible name. */
  bare?: boolean;
  className?: string;
  type?: 'text' | 'password';
  inputMode?: 'text' | 'numeric' | 'decimal';
  testId?: string;
  autoComplete?: string;
  maxLength?: number;
  /** Esc clears a typed field by default; false lets Esc through to the screen (go back at once). */
  escapeClears?: boolean;
}

/** One text field: Enter goes on (or runs `onEnter`), Esc clears it, and its error sits right under it. */
export function Field({ label, value, onChange, path, error, placeholder, autoFocus, disabled, onEnter, inputRef, bare, className, type, inputMode, testId, autoComplete, maxLength, escapeClears = true }: FieldProps) {
  const input = (
    <input
      ref={inputRef}
      type={type}
      autoComplete={autoComplete}
      maxLength={maxLength}
      inputMode={inputMode}
      value={value}
      placeholder={placeholder}
      autoFocus={autoFocus}
      disabled={disabled}
      data-path={path}
      data-testid={testId}
      aria-label={bare ? label : undefined}
      aria-invalid={error ? true : undefined}
      className={className}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        // Enter while an input method is composing picks a candidate (a Chinese name): it is not ours.
        if (e.nativeEvent.isComposing) return;
        if (e.key === 'Enter' && !e.ctrlKey && !e.altKey) {
          e.preventDefault();
          if (onEnter) onEnter();
          else focusNext(e.currentTarget);
        } else if (e.key === 'Escape' && escapeClears && value !== '') {
          e.preventDefault();
          onChange('');
        }
      }}
    />
  );
  const message = error && <small className="field-error">{error}</small>;
  if (bare) {
    return (
      <span className="cell-field">
        {input}
        {message}
      </span>
    );
  }
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {input}
      {message}
    </label>
  );
}

/** The form's refusal, read out to screen readers, with a test id the e2e tests look for. */
export function FormError({ error, testId }: { error: string | null; testId?: string }) {
  if (!error) return null;
  return (
    <p className="error" role="alert" data-testid={testId}>
      {error}
    </p>
  );
}

/** Enter on a select or a checkbox goes on as in a text field (or runs `onEnter`, e.g. save on the last one). */
function enterGoesOn(e: KeyboardEvent<HTMLElement>, onEnter?: () => void): void {
  if (e.key !== 'Enter' || e.ctrlKey || e.altKey) return;
  e.preventDefault();
  if (onEnter) onEnter();
  else focusNext(e.currentTarget);
}

interface SelectProps<V extends string | number> {
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (value: V) => void;
  error?: string | undefined;
  disabled?: boolean;
  testId?: string;
  onEnter?: () => void;
}

/** A labelled choice among fixed options; Enter goes on to the next field. */
export function Select<V extends string | number>({ label, value, options, onChange, error, disabled, testId, onEnter }: SelectProps<V>) {
  return (
    <Labeled label={label} error={error}>
      <select
        value={value}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => onChange(options[e.target.selectedIndex]!.value)}
        onKeyDown={(e) => enterGoesOn(e, onEnter)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Labeled>
  );
}

interface CheckProps {
  label: ReactNode;
  inputRef?: Ref<HTMLInputElement>;
  /** The API path this box answers for, so a refusal can focus it. */
  path?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  testId?: string;
  onEnter?: () => void;
}

/** A checkbox with its label after it; Enter goes on to the next field (Space ticks it). */
export function Check({ label, inputRef, path, checked, onChange, disabled, testId, onEnter }: CheckProps) {
  return (
    <label className="check">
      <input ref={inputRef} data-path={path} type="checkbox" checked={checked} disabled={disabled} data-testid={testId} onChange={(e) => onChange(e.target.checked)} onKeyDown={(e) => enterGoesOn(e, onEnter)} />{' '}
      {label}
    </label>
  );
}
