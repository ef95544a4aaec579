import type { Ref } from 'react';

/** Moves focus to the next enabled field inside the nearest `data-keyscope` element (Enter = 下一项). */
export function focusNext(from: HTMLElement): boolean {
  const scope = from.closest('[data-keyscope]') ?? document.body;
  const fields = Array.from(scope.querySelectorAll<HTMLElement>('input:not([disabled]), select:not([disabled]), textarea:not([disabled])'));
  const next = fields[fields.indexOf(from) + 1];
  next?.focus();
  return next !== undefined;
}

interface FieldProps {
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
}

/** One text field of a pharmacist's form: Enter goes on, Esc clears it, and its error sits right under it. */
export function Field({ label, value, onChange, path, error, placeholder, autoFocus, disabled, onEnter, inputRef, bare, className }: FieldProps) {
  const input = (
    <input
      ref={inputRef}
      value={value}
      placeholder={placeholder}
      autoFocus={autoFocus}
      disabled={disabled}
      data-path={path}
      aria-label={bare ? label : undefined}
      aria-invalid={error ? true : undefined}
      className={className}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.ctrlKey && !e.altKey) {
          e.preventDefault();
          if (onEnter) onEnter();
          else focusNext(e.currentTarget);
        } else if (e.key === 'Escape' && value !== '') {
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
