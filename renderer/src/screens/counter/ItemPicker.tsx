import { useState, type Ref } from 'react';
import { CHARGE_CLASS_NAMES, ITEM_KIND_NAMES, type CatalogueHit } from '../../../../shared/domain';
import { formatYuan } from '../../../../shared/money';
import { api } from '../../api';
import { useApiCall } from '../../useApiCall';
import { messageOf, qtyText } from '../pharmacy/format';

interface ItemPickerProps {
  inputRef: Ref<HTMLInputElement>;
  onPick: (item: CatalogueHit) => void;
  /** Enter while the field is empty (the bill uses it to pre-settle). */
  onEmptyEnter: () => void;
  /** ↑ while the field is empty: into the bill's lines. */
  onUpFromEmpty: () => void;
  disabled?: boolean;
}

/** The price a sale of this item would charge now: the first-expiring batch's for a stocked drug. */
export function unitPrice(item: CatalogueHit): number | null {
  if (!item.stocked) return item.price;
  return item.stock?.salePrice ?? null;
}

export function isUnmapped(item: { insurerCode: string | null }): boolean {
  return item.insurerCode === null;
}

/**
 * Adds a drug, service or material by code, name or pinyin initials (amxl): ↑↓ choose, Enter picks, Esc
 * clears. Drugs show their live stock, the FEFO batch's price and its expiry; 未对码 items are marked 自费.
 */
export function ItemPicker({ inputRef, onPick, onEmptyEnter, onUpFromEmpty, disabled }: ItemPickerProps) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const query = text.trim();
  const result = useApiCall(() => (query ? api['catalogue.search']({ query, limit: 20 }) : Promise.resolve([])), `items:${query}`);
  const hits = query ? (result.data ?? []) : [];
  const current = Math.max(0, Math.min(active, hits.length - 1));

  const pick = (item: CatalogueHit) => {
    if (item.stocked && (item.stock?.availableMilli ?? 0) <= 0) {
      setError(`「${item.name}」没有可用库存（未过期批次为 0），不能开单`);
      return;
    }
    setText('');
    setActive(0);
    setError(null);
    onPick(item);
  };

  /** Enter before the answer for the typed text arrived: ask now rather than pick from a stale list. */
  const pickFresh = async () => {
    try {
      const fresh = await api['catalogue.search']({ query, limit: 20 });
      const item = fresh.find((h) => h.code.toLowerCase() === query.toLowerCase()) ?? fresh[0];
      if (item) pick(item);
      else setError(`目录中没有找到「${query}」`);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <div className="picker item-picker" data-testid="item-picker">
      <label className="field">
        <span className="field-label">添加项目：编码 / 名称 / 拼音首字母（药品、诊疗、耗材）</span>
        <input
          ref={inputRef}
          value={text}
          disabled={disabled}
          data-testid="item-input"
          placeholder="如 amxl、ybzl、xcg；空栏按 Enter 预结算"
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
              if (hits.length === 0) {
                if (e.key === 'ArrowUp' && !query) {
                  e.preventDefault();
                  onUpFromEmpty();
                }
                return;
              }
              e.preventDefault();
              setActive(Math.max(0, Math.min(current + (e.key === 'ArrowDown' ? 1 : -1), hits.length - 1)));
            } else if (e.key === 'Enter' && !e.ctrlKey && !e.altKey) {
              e.preventDefault();
              if (!query) onEmptyEnter();
              else if (result.loading || result.error) void pickFresh();
              else if (hits[current]) pick(hits[current]);
              else setError(`目录中没有找到「${query}」`);
            } else if (e.key === 'Escape' && text !== '') {
              e.preventDefault();
              setText('');
              setError(null);
            }
          }}
        />
      </label>
      {(error ?? result.error) && <small className="field-error" role="alert">{error ?? result.error}</small>}
      {hits.length > 0 && (
        <ul className="picker-list item-list" role="listbox" data-testid="item-results">
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
              <span className="code">{hit.code}</span> <strong>{hit.name}</strong> <span className="muted">{hit.spec || ''}/{hit.unit}</span>{' '}
              <span className="muted">{ITEM_KIND_NAMES[hit.kind]}</span>{' '}
              {isUnmapped(hit) ? <span className="tag self-pay">未对码·自费</span> : <span className="tag">{CHARGE_CLASS_NAMES[hit.chargeClass]}</span>}{' '}
              <span className="price">{unitPrice(hit) === null ? '无库存' : `${formatYuan(unitPrice(hit)!)} 元`}</span>
              {hit.stocked && hit.stock && (
                <span className="muted">
                  {' '}· 可用 {qtyText(hit.stock.availableMilli, hit.unit)}
                  {hit.stock.nearestExpiry && ` · 近效期 ${hit.stock.nearestExpiry}`}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
