import { useState } from 'react';
import { INSURED_TYPE_NAMES, type InsuredPerson } from '../../../shared/domain';
import { DataTable, groupName, useApi, type Column } from '../kit';
import { SearchBox } from '../SearchBox';

const COLUMNS: readonly Column<InsuredPerson>[] = [
  { id: 'name', header: '姓名', cell: (p) => p.name },
  { id: 'gender', header: '性别', cell: (p) => (p.gender === 'M' ? '男' : '女') },
  { id: 'birth', header: '出生日期', cell: (p) => p.birthDate },
  { id: 'idNumber', header: '身份证号', cell: (p) => p.idNumber },
  { id: 'type', header: '险种', cell: (p) => INSURED_TYPE_NAMES[p.insuredType] },
  { id: 'groups', header: '人群类别', cell: (p) => p.groups.map(groupName).join('、') || '—' },
  { id: 'card', header: '社保卡号', cell: (p) => p.cardNo ?? '—' },
];

export function PeopleScreen() {
  const [query, setQuery] = useState('');
  const result = useApi('people.find', query ? { query } : null);
  // An emptied search shows nothing (the cache would still hold the last answer).
  const people = query ? result.data : null;
  return (
    <section>
      <h2>参保人查询</h2>
      <SearchBox label="身份证号 / 社保卡号 / 姓名" placeholder="刷卡或输入" onSearch={setQuery} />
      {result.error && <p className="error" role="alert">{result.error}</p>}
      {query && people && people.length === 0 && <p className="muted">没有找到「{query}」</p>}
      {people && people.length > 0 && <DataTable testId="people-results" columns={COLUMNS} rows={people} rowKey={(p) => p.id} />}
    </section>
  );
}
