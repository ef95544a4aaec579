import type { Ref } from 'react';
import { ESSENTIAL_NAMES, type CatalogueHit } from '../../../../shared/domain';
import { api } from '../../api';
import { SearchPicker } from '../../SearchPicker';
import { qtyText } from '../../kit';

interface DrugPickerProps {
  label?: string;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  onPick: (drug: CatalogueHit) => void;
  /** Enter while the picker is empty (a form uses it to submit). */
  onEmptyEnter?: () => void;
  testId?: string;
}

const searchStocked = async (query: string) => (await api['catalogue.search']({ query, limit: 20 })).filter((h) => h.stocked);

/**
 * Finds a stocked drug by code, name or pinyin initials: ↑↓ choose, Enter picks, Esc clears. The field is
 * emptied after a pick; the caller shows what was picked.
 */
export function DrugPicker({ label = '药品', autoFocus, inputRef, onPick, onEmptyEnter, testId = 'drug-picker' }: DrugPickerProps) {
  return (
    <SearchPicker<CatalogueHit>
      label={label}
      placeholder="编码 / 名称 / 拼音首字母，如 amxl"
      search={searchStocked}
      keyOf={(hit) => hit.code}
      exact={(hit, query) => hit.code.toLowerCase() === query.toLowerCase()}
      notFound={(query) => `没有找到库存药品「${query}」`}
      hintNoMatch={false}
      onPick={onPick}
      testId={testId}
      {...(autoFocus !== undefined ? { autoFocus } : {})}
      {...(inputRef ? { inputRef } : {})}
      {...(onEmptyEnter ? { onEmptyEnter } : {})}
      render={(hit) => (
        <>
          <span className="code">{hit.code}</span> {hit.name} <span className="muted">{hit.spec}</span>{' '}
          <span className="muted">
            {ESSENTIAL_NAMES[hit.essential]} · 可用 {hit.stock ? qtyText(hit.stock.availableMilli, hit.unit) : '—'}
          </span>
        </>
      )}
    />
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
