import type { Ref } from 'react';
import { CHARGE_CLASS_NAMES, ITEM_KIND_NAMES, type CatalogueHit } from '../../../../shared/domain';
import type { Fen } from '../../../../shared/money';
import { api } from '../../api';
import { formatYuan, qtyText } from '../../kit';
import { SearchPicker } from '../../SearchPicker';

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
export function unitPrice(item: CatalogueHit): Fen | null {
  if (!item.stocked) return item.price;
  return item.stock?.salePrice ?? null;
}

export function isUnmapped(item: { insurerCode: string | null }): boolean {
  return item.insurerCode === null;
}

/** The price a sale would charge now, or 无库存 for a drug with no batch to sell from. */
function Price({ amount }: { amount: Fen | null }) {
  return <span className="price">{amount === null ? '无库存' : `${formatYuan(amount)} 元`}</span>;
}

const searchCatalogue = (query: string) => api['catalogue.search']({ query, limit: 20 });

/**
 * Adds a drug, service or material by code, name or pinyin initials (amxl): ↑↓ choose, Enter picks, Esc
 * clears. Drugs show their live stock, the FEFO batch's price and its expiry; 未对码 items are marked 自费.
 */
export function ItemPicker({ inputRef, onPick, onEmptyEnter, onUpFromEmpty, disabled }: ItemPickerProps) {
  return (
    <SearchPicker<CatalogueHit>
      label="添加项目：编码 / 名称 / 拼音首字母（药品、诊疗、耗材）"
      placeholder="如 amxl、ybzl、xcg；空栏按 Enter 预结算"
      search={searchCatalogue}
      keyOf={(hit) => hit.code}
      exact={(hit, query) => hit.code.toLowerCase() === query.toLowerCase()}
      refusal={(item) => (item.stocked && (item.stock?.availableMilli ?? 0) <= 0 ? `「${item.name}」没有可用库存（未过期批次为 0），不能开单` : null)}
      notFound={(query) => `目录中没有找到「${query}」`}
      hintNoMatch={false}
      onPick={onPick}
      onEmptyEnter={onEmptyEnter}
      onUpFromEmpty={onUpFromEmpty}
      inputRef={inputRef}
      testId="item-picker"
      inputTestId="item-input"
      resultsTestId="item-results"
      className="item-picker"
      listClassName="item-list"
      {...(disabled !== undefined ? { disabled } : {})}
      render={(hit) => (
        <>
          <span className="code">{hit.code}</span> <strong>{hit.name}</strong> <span className="muted">{hit.spec || ''}/{hit.unit}</span>{' '}
          <span className="muted">{ITEM_KIND_NAMES[hit.kind]}</span>{' '}
          {isUnmapped(hit) ? <span className="tag self-pay">未对码·自费</span> : <span className="tag">{CHARGE_CLASS_NAMES[hit.chargeClass]}</span>}{' '}
          <Price amount={unitPrice(hit)} />
          {hit.stocked && hit.stock && (
            <span className="muted">
              {' '}· 可用 {qtyText(hit.stock.availableMilli, hit.unit)}
              {hit.stock.nearestExpiry && ` · 近效期 ${hit.stock.nearestExpiry}`}
            </span>
          )}
        </>
      )}
    />
  );
}
