import { useState, type Ref } from 'react';
import { ESSENTIAL_NAMES, type CatalogueHit } from '../../../../shared/domain';
import { api } from '../../api';
import { useApiCall } from '../../useApiCall';
import { messageOf, qtyText } from './format';

interface DrugPickerProps {
  label?: string;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  onPick: (drug: CatalogueHit) => void;
  /** Enter while the picker is empty (a form uses it to submit). */
  onEmptyEnter?: () => void;
  testId?: string;
}

const onlyStocked = (hits: CatalogueHit[]) => hits.filter((h) => h.stocked);

/**
 * Finds a stocked drug by code, name or pinyin initials: ↑↓ choose, Enter picks, Esc clears. The field is
 * emptied after a pick; the caller shows what was picked.
 */
export function DrugPicker({ label = '药品', autoFocus, inputRef, onPick, onEmptyEnter, testId = 'drug-picker' }: DrugPickerProps) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const query = text.trim();
  const result = useApiCall(() => (query ? api['catalogue.search']({ query, limit: 20 }) : Promise.resolve([])), query);
  const hits = query ? onlyStocked(result.data ?? []) : [];
  const current = Math.max(0, Math.min(active, hits.length - 1));

  const pick = (drug: CatalogueHit) => {
    setText('');
    setActive(0);
    setError(null);
    onPick(drug);
  };

  /** Enter before the answer for the typed text arrived: ask for it now rather than pick from a stale list. */
  const pickFresh = async () => {
    try {
      const fresh = onlyStocked(await api['catalogue.search']({ query, limit: 20 }));
      const exact = fresh.find((h) => h.code.toLowerCase() === query.toLowerCase());
      const drug = exact ?? fresh[0];
      if (drug) pick(drug);
      else setError(`没有找到库存药品「${query}」`);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <div className="picker" data-testid={testId}>
      <label className="field">
        <span className="field-label">{label}</span>
        <input
          ref={inputRef}
          value={text}
          autoFocus={autoFocus}
          placeholder="编码 / 名称 / 拼音首字母，如 amxl"
          role="combobox"
          aria-expanded={hits.length > 0}
          aria-autocomplete="list"
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const step = e.key === 'ArrowDown' ? 1 : -1;
              setActive(Math.max(0, Math.min(current + step, hits.length - 1)));
            } else if (e.key === 'Enter' && !e.ctrlKey && !e.altKey) {
              e.preventDefault();
              if (!query) onEmptyEnter?.();
              else if (result.loading || result.error) void pickFresh();
              else if (hits[current]) pick(hits[current]);
              else setError(`没有找到库存药品「${query}」`);
            } else if (e.key === 'Escape' && text !== '') {
              e.preventDefault();
              setText('');
              setError(null);
            }
          }}
        />
      </label>
      {(error ?? result.error) && <small className="field-error">{error ?? result.error}</small>}
      {hits.length > 0 && (
        <ul className="picker-list" role="listbox" data-testid={`${testId}-results`}>
          {hits.map((hit, index) => (
            <li
              key={hit.code}
              role="option"
              aria-selected={index === current}
              className={index === current ? 'selected' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(hit);
              }}
            >
              <span className="code">{hit.code}</span> {hit.name} <span className="muted">{hit.spec}</span>{' '}
              <span className="muted">
                {ESSENTIAL_NAMES[hit.essential]} · 可用 {hit.stock ? qtyText(hit.stock.availableMilli, hit.unit) : '—'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The picked drug, as a heading line. */
export function DrugTitle({ drug }: { drug: CatalogueHit }) {
  return (
    <p className="drug-title" data-testid="picked-drug">
      <strong>{drug.name}</strong> <span className="code">{drug.code}</span> {drug.spec} / {drug.unit} ·{' '}
      {ESSENTIAL_NAMES[drug.essential]}
    </p>
  );
}
