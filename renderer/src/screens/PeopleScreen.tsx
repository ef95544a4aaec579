import { useState } from 'react';
import { groupName } from '../../../shared/format';
import { INSURED_TYPE_NAMES, type InsuredPerson } from '../../../shared/domain';
import { api } from '../api';
import { SearchBox } from '../SearchBox';
import { useApiCall } from '../useApiCall';

export function PeopleScreen() {
  const [query, setQuery] = useState('');
  const result = useApiCall<InsuredPerson[]>(
    () => (query ? api['people.find']({ query }) : Promise.resolve([])),
    query,
  );
  return (
    <section>
      <h2>参保人查询</h2>
      <SearchBox label="身份证号 / 社保卡号 / 姓名" placeholder="刷卡或输入" onSearch={setQuery} />
      {result.error && <p className="error" role="alert">{result.error}</p>}
      {query && result.data && result.data.length === 0 && <p className="muted">没有找到「{query}」</p>}
      {result.data && result.data.length > 0 && (
        <table className="grid" data-testid="people-results">
          <thead>
            <tr>
              <th>姓名</th><th>性别</th><th>出生日期</th><th>身份证号</th><th>险种</th><th>人群类别</th><th>社保卡号</th>
            </tr>
          </thead>
          <tbody>
            {result.data.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.gender === 'M' ? '男' : '女'}</td>
                <td>{p.birthDate}</td>
                <td>{p.idNumber}</td>
                <td>{INSURED_TYPE_NAMES[p.insuredType]}</td>
                <td>{p.groups.map(groupName).join('、') || '—'}</td>
                <td>{p.cardNo ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
