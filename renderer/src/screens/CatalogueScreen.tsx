import { useState } from 'react';
import { CHARGE_CLASS_NAMES, ESSENTIAL_NAMES, type CatalogueItem } from '../../../shared/domain';
import { DataTable, formatYuan, useApi, type Column } from '../kit';
import { SearchBox } from '../SearchBox';

const COLUMNS: readonly Column<CatalogueItem>[] = [
  { id: 'code', header: '编码', cell: (item) => item.code },
  { id: 'name', header: '名称', cell: (item) => item.name },
  { id: 'spec', header: '规格', cell: (item) => item.spec },
  { id: 'unit', header: '单位', cell: (item) => item.unit },
  { id: 'class', header: '类别', cell: (item) => CHARGE_CLASS_NAMES[item.chargeClass] },
  { id: 'essential', header: '基药', cell: (item) => ESSENTIAL_NAMES[item.essential] },
  { id: 'price', header: '单价（元）', num: true, cell: (item) => formatYuan(item.price) },
  { id: 'insurer', header: '医保编码', cell: (item) => item.insurerCode ?? <span className="warn">未对码（仅可自费）</span> },
];

export function CatalogueScreen() {
  const [query, setQuery] = useState('');
  const result = useApi('catalogue.search', query ? { query } : null);
  // An emptied search shows nothing (the cache would still hold the last answer).
  const items = query ? result.data : null;
  return (
    <section>
      <h2>目录查询</h2>
      <SearchBox label="编码 / 名称 / 拼音首字母" placeholder="如 amxl 或 阿莫西林" onSearch={setQuery} />
      {result.error && <p className="error" role="alert">{result.error}</p>}
      {query && items && items.length === 0 && <p className="muted">没有找到「{query}」</p>}
      {items && items.length > 0 && <DataTable testId="catalogue-results" columns={COLUMNS} rows={items} rowKey={(item) => item.code} />}
    </section>
  );
}
