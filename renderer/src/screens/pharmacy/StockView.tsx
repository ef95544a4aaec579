import { useState } from 'react';
import type { CatalogueHit } from '../../../../shared/domain';
import { formatYuan } from '../../../../shared/money';
import { STOCK_MOVE_NAMES, type BatchStock, type StockLedgerEntry } from '../../../../shared/pharmacy';
import { formatQty } from '../../../../shared/quantity';
import { api } from '../../api';
import { useApiCall } from '../../useApiCall';
import { DrugPicker, DrugTitle } from './DrugPicker';
import { expiryText, qtyText } from './format';

/** 库存与台账: pick a drug, see its batches (FEFO order) and its 进销存台账 with running balances per batch. */
export function StockView() {
  const [drug, setDrug] = useState<CatalogueHit | null>(null);
  const code = drug?.code ?? '';
  const batches = useApiCall(() => (code ? api['pharmacy.batches']({ itemCode: code }) : Promise.resolve([])), code);
  const ledger = useApiCall(() => (code ? api['pharmacy.ledger']({ itemCode: code }) : Promise.resolve([])), code);
  return (
    <div>
      <DrugPicker autoFocus onPick={setDrug} />
      {!drug && <p className="muted">输入药品编码或拼音首字母，Enter 选定后显示批次库存与进销存台账。</p>}
      {drug && (
        <>
          <DrugTitle drug={drug} />
          <h3>批次库存</h3>
          {batches.error && <p className="error" role="alert">{batches.error}</p>}
          {batches.data && <BatchTable batches={batches.data} />}
          <h3>进销存台账</h3>
          {ledger.error && <p className="error" role="alert">{ledger.error}</p>}
          {ledger.data && <LedgerTable entries={ledger.data} unit={drug.unit} />}
        </>
      )}
    </div>
  );
}

function BatchTable({ batches }: { batches: BatchStock[] }) {
  if (batches.length === 0) return <p className="muted">没有结存的批次。</p>;
  const total = batches.reduce((sum, b) => sum + b.balanceMilli, 0);
  const unit = batches[0]?.unit ?? '';
  return (
    <table className="grid" data-testid="batch-table">
      <thead>
        <tr>
          <th>批号</th><th>有效期至</th><th>距效期</th><th className="num">进价（元）</th><th className="num">销售价（元）</th><th className="num">结存</th>
        </tr>
      </thead>
      <tbody>
        {batches.map((b) => (
          <tr key={b.batchId} className={b.expired ? 'expired' : ''}>
            <td>{b.batchNo}</td>
            <td>{b.expiryDate}</td>
            <td>{expiryText(b)}</td>
            <td className="num">{formatYuan(b.purchasePrice)}</td>
            <td className="num">
              {formatYuan(b.salePrice)} {b.essential !== 'none' && <span className="tag">零差率</span>}
            </td>
            <td className="num">{qtyText(b.balanceMilli, b.unit)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th colSpan={5}>合计</th>
          <th className="num">{qtyText(total, unit)}</th>
        </tr>
      </tfoot>
    </table>
  );
}

function runningSums(values: number[]): number[] {
  const sums: number[] = [];
  values.forEach((v, i) => sums.push((sums[i - 1] ?? 0) + v));
  return sums;
}

function LedgerTable({ entries, unit }: { entries: StockLedgerEntry[]; unit: string }) {
  if (entries.length === 0) return <p className="muted">没有出入库记录。</p>;
  // The entries come in movement order, so a running sum over all batches is the drug's own balance.
  const itemBalances = runningSums(entries.map((e) => e.qtyMilli));
  return (
    <table className="grid" data-testid="ledger-table">
      <thead>
        <tr>
          <th>日期</th><th>类型</th><th>批号</th><th className="num">入库</th><th className="num">出库</th><th className="num">批次结存</th><th className="num">品种结存（{unit}）</th><th>摘要</th><th>操作员</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e, index) => (
          <tr key={e.id}>
            <td>{e.businessDate}</td>
            <td>{STOCK_MOVE_NAMES[e.kind]}</td>
            <td>{e.batchNo}</td>
            <td className="num">{e.qtyMilli > 0 ? formatQty(e.qtyMilli) : ''}</td>
            <td className="num">{e.qtyMilli < 0 ? formatQty(-e.qtyMilli) : ''}</td>
            <td className="num">{formatQty(e.balanceMilli)}</td>
            <td className="num">{formatQty(itemBalances[index] ?? 0)}</td>
            <td>{e.reference}</td>
            <td>{e.operator}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
