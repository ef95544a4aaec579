import { useState } from 'react';
import { formatYuan } from '../../../../shared/money';
import type { BatchStock } from '../../../../shared/pharmacy';
import { lineAmount } from '../../../../shared/settlement/engine';
import { api } from '../../api';
import { useApiCall } from '../../useApiCall';
import { Field } from './Field';
import { expiryText, qtyText } from './format';

/** Expired first (they must come off the shelf), then by expiry date. */
function byUrgency(a: BatchStock, b: BatchStock): number {
  if (a.expired !== b.expired) return a.expired ? -1 : 1;
  return a.expiryDate.localeCompare(b.expiryDate) || a.itemName.localeCompare(b.itemName);
}

/** 近效期: batches with stock that expire within N days (default from 药房设置); Enter applies, Esc resets. */
export function NearExpiryView() {
  const settings = useApiCall(() => api['pharmacy.settings'](), 'settings');
  const [typed, setTyped] = useState<string | null>(null);
  const [days, setDays] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const list = useApiCall(() => api['pharmacy.nearExpiry'](days === undefined ? {} : { days }), String(days));
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
        <table className="grid" data-testid="near-expiry-table">
          <thead>
            <tr>
              <th>编码</th><th>药品</th><th>规格</th><th>批号</th><th>有效期至</th><th>状态</th><th className="num">结存</th><th className="num">结存进价金额（元）</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => (
              <tr key={b.batchId} className={b.expired ? 'expired' : 'near'}>
                <td>{b.itemCode}</td>
                <td>{b.itemName}</td>
                <td>{b.spec}</td>
                <td>{b.batchNo}</td>
                <td>{b.expiryDate}</td>
                <td>{expiryText(b)}</td>
                <td className="num">{qtyText(b.balanceMilli, b.unit)}</td>
                <td className="num">{formatYuan(lineAmount(b.purchasePrice, b.balanceMilli))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
