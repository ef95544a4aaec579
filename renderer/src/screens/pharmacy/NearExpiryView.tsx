import { useState } from 'react';
import type { BatchStock } from '../../../../shared/pharmacy';
import { lineAmount } from '../../../../shared/settlement/engine';
import { DataTable, Field, formatYuan, qtyText, useApi, type Column } from '../../kit';
import { expiryText } from './expiry';

/** Expired first (they must come off the shelf), then by expiry date. */
function byUrgency(a: BatchStock, b: BatchStock): number {
  if (a.expired !== b.expired) return a.expired ? -1 : 1;
  return a.expiryDate.localeCompare(b.expiryDate) || a.itemName.localeCompare(b.itemName);
}

const COLUMNS: Column<BatchStock>[] = [
  { id: 'code', header: '编码', cell: (b) => b.itemCode },
  { id: 'name', header: '药品', cell: (b) => b.itemName },
  { id: 'spec', header: '规格', cell: (b) => b.spec },
  { id: 'batchNo', header: '批号', cell: (b) => b.batchNo },
  { id: 'expiry', header: '有效期至', cell: (b) => b.expiryDate },
  { id: 'state', header: '状态', cell: (b) => expiryText(b) },
  { id: 'balance', header: '结存', num: true, cell: (b) => qtyText(b.balanceMilli, b.unit) },
  { id: 'cost', header: '结存进价金额（元）', num: true, cell: (b) => formatYuan(lineAmount(b.purchasePrice, b.balanceMilli)) },
];

/** 近效期: batches with stock that expire within N days (default from 药房设置); Enter applies, Esc resets. */
export function NearExpiryView() {
  const settings = useApi('pharmacy.settings', {});
  const [typed, setTyped] = useState<string | null>(null);
  const [days, setDays] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const list = useApi('pharmacy.nearExpiry', days === undefined ? {} : { days });
  const defaultDays = settings.data?.nearExpiryDays;
  const shownDays = days ?? defaultDays;

  const apply = () => {
    const text = (typed ?? '').trim();
    if (text === '') {
      setDays(undefined);
      setError(null);
      return;
    }
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 730) {
      setError('天数应为 0–730 的整数');
      return;
    }
    setError(null);
    setDays(n);
  };

  const rows = [...(list.data ?? [])].sort(byUrgency);
  const expiredCount = rows.filter((b) => b.expired).length;
  return (
    <div data-keyscope>
      <div className="form-row">
        <Field
          label="效期在几天内"
          className="short"
          value={typed ?? (defaultDays === undefined ? '' : String(defaultDays))}
          onChange={(v) => setTyped(v)}
          onEnter={apply}
          error={error ?? undefined}
          autoFocus
        />
        <span className="muted">默认 {defaultDays ?? '…'} 天（药房设置）；改天数后按 Enter，Esc 清空后 Enter 恢复默认</span>
      </div>
      {list.error && <p className="error" role="alert">{list.error}</p>}
      {list.data && (
        <p>
          {shownDays !== undefined && <>{shownDays} 天内到期及已过期的批次：</>}共 {rows.length} 个，其中已过期 <strong className="loss">{expiredCount}</strong> 个（不能发药，应下架报损）。
        </p>
      )}
      {list.data && rows.length > 0 && (
        <DataTable testId="near-expiry-table" columns={COLUMNS} rows={rows} rowKey={(b) => b.batchId} rowProps={(b) => ({ className: b.expired ? 'expired' : 'near' })} />
      )}
    </div>
  );
}
