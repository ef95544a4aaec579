import { useState } from 'react';
import { CHARGE_CLASS_NAMES, ESSENTIAL_NAMES, type CatalogueItem } from '../../../shared/domain';
import { formatYuan } from '../../../shared/money';
import { api } from '../api';
import { SearchBox } from '../SearchBox';
import { useApiCall } from '../useApiCall';

export function CatalogueScreen() {
  const [query, setQuery] = useState('');
  const result = useApiCall<CatalogueItem[]>(
    () => (query ? api['catalogue.search']({ query }) : Promise.resolve([])),
    query,
  );
  return (
    <section>
      <h2>目录查询</h2>
      <SearchBox label="编码 / 名称 / 拼音首字母" placeholder="如 amxl 或 阿莫西林" onSearch={setQuery} />
      {result.error && <p className="error" role="alert">{result.error}</p>}
      {query && result.data && result.data.length === 0 && <p className="muted">没有找到「{query}」</p>}
      {result.data && result.data.length > 0 && (
        <table className="grid" data-testid="catalogue-results">
          <thead>
            <tr>
              <th>编码</th><th>名称</th><th>规格</th><th>单位</th><th>类别</th><th>基药</th><th className="num">单价（元）</th><th>医保编码</th>
            </tr>
          </thead>
          <tbody>
            {result.data.map((item) => (
              <tr key={item.code}>
                <td>{item.code}</td>
                <td>{item.name}</td>
                <td>{item.spec}</td>
                <td>{item.unit}</td>
                <td>{CHARGE_CLASS_NAMES[item.chargeClass]}</td>
                <td>{ESSENTIAL_NAMES[item.essential]}</td>
                <td className="num">{formatYuan(item.price)}</td>
                <td>{item.insurerCode ?? <span className="warn">未对码（仅可自费）</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
