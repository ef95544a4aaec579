import { useState, type ReactNode, type Ref } from 'react';
import { messageOf, useApiCall } from './kit';

interface SearchPickerProps<T> {
  label: string;
  placeholder: string;
  /** Asked for every typed text (trimmed, never empty). */
  search: (query: string) => Promise<T[]>;
  keyOf: (item: T) => string | number;
  render: (item: T) => ReactNode;
  /** Why this item cannot be picked (shown instead of picking), or null. */
  refusal?: (item: T) => string | null;
  /** The hit Enter takes when the answer arrives late: an exact match of the typed text, else the first. */
  exact?: (item: T, query: string) => boolean;
  onPick: (item: T) => void;
  /** Enter while the field is empty (a form uses it to submit). */
  onEmptyEnter?: () => void;
  /** What to say when nothing matches the typed text. Esc on an empty field goes on to the screen (back). */
  notFound: (query: string) => string;
  autoFocus?: boolean;
  disabled?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  /** The picker's test id; its input and list take `inputTestId` and `${testId}-results` unless named. */
  testId: string;
  inputTestId?: string;
  resultsTestId?: string;
  /** Extra class names on the picker and on its list. */
  className?: string;
  listClassName?: string;
  /** Say under the field that nothing matches while typing (a hint; Enter still says it as an error). */
  hintNoMatch?: boolean;
  /** ↑ while the field is empty and shows no list: out of the picker (the bill's lines above it). */
  onUpFromEmpty?: () => void;
}

/**
 * A search field with its hits under it: type, ↑↓ choose, Enter picks, Esc clears. The field is emptied after a
 * pick; the caller shows what was picked.
 */
export function SearchPicker<T>(props: SearchPickerProps<T>) {
  const { label, placeholder, search, keyOf, render, refusal, exact, onPick, onEmptyEnter, notFound, autoFocus, disabled, inputRef, testId } = props;
  const { inputTestId, resultsTestId = `${testId}-results`, className, listClassName, hintNoMatch = true, onUpFromEmpty } = props;
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const query = text.trim();
  // The caller's search is a composed call (any method), asked again whenever the typed text changes.
  const result = useApiCall(() => (query ? search(query) : Promise.resolve([] as T[])), query);
  const hits = query ? (result.data ?? []) : [];
  const current = Math.max(0, Math.min(active, hits.length - 1));

  const pick = (item: T) => {
    const refused = refusal?.(item) ?? null;
    if (refused) {
      setError(refused);
      return;
    }
    setText('');
    setActive(0);
    setError(null);
    onPick(item);
  };

  /** Enter before the answer for the typed text arrived: ask for it now rather than pick from a stale list. */
  const pickFresh = async () => {
    try {
      const fresh = await search(query);
      const item = fresh.find((h) => exact?.(h, query)) ?? fresh[0];
      if (item) pick(item);
      else setError(notFound(query));
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <div className={`picker${className ? ` ${className}` : ''}`} data-testid={testId}>
      <label className="field">
        <span className="field-label">{label}</span>
        <input
          ref={inputRef}
          value={text}
          autoFocus={autoFocus}
          disabled={disabled}
          data-testid={inputTestId}
          placeholder={placeholder}
          role="combobox"
          aria-expanded={hits.length > 0}
          aria-autocomplete="list"
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              if (hits.length === 0) {
                if (e.key === 'ArrowUp' && !query && onUpFromEmpty) {
                  e.preventDefault();
                  onUpFromEmpty();
                }
                return;
              }
              e.preventDefault();
              const step = e.key === 'ArrowDown' ? 1 : -1;
              setActive(Math.max(0, Math.min(current + step, hits.length - 1)));
            } else if (e.key === 'Enter' && !e.ctrlKey && !e.altKey) {
              e.preventDefault();
              if (!query) onEmptyEnter?.();
              else if (result.loading || result.error) void pickFresh();
              else if (hits[current]) pick(hits[current]);
              else setError(notFound(query));
            } else if (e.key === 'Escape' && text !== '') {
              e.preventDefault();
              setText('');
              setError(null);
            }
          }}
        />
      </label>
      {(error ?? result.error) && (
        <small className="field-error" role="alert">
          {error ?? result.error}
        </small>
      )}
      {hintNoMatch && query && !result.loading && !result.error && hits.length === 0 && !error && <small className="muted">{notFound(query)}</small>}
      {hits.length > 0 && (
        <ul className={`picker-list${listClassName ? ` ${listClassName}` : ''}`} role="listbox" data-testid={resultsTestId}>
          {hits.map((hit, index) => (
            <li
              key={keyOf(hit)}
              role="option"
              aria-selected={index === current}
              className={`${index === current ? 'selected' : ''}${refusal?.(hit) ? ' ip-refused' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(hit);
              }}
            >
              {render(hit)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
