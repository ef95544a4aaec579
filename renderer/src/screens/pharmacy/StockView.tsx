import { useMemo, useState } from 'react';
import type { CatalogueHit } from '../../../../shared/domain';
import { STOCK_MOVE_NAMES, type BatchStock, type StockLedgerEntry } from '../../../../shared/pharmacy';
import { DataTable, formatQty, formatYuan, qtyText, useApi, type Column } from '../../kit';
import { DrugPicker, DrugTitle } from './DrugPicker';
import { expiryText } from './expiry';

/** 库存与台账: pick a drug, see its batches (FEFO order) and its 进销存台账 with running balances per batch. */
export function StockView() {
  const [drug, setDrug] = useState<CatalogueHit | null>(null);
  const input = drug ? { itemCode: drug.code } : null;
  const batches = useApi('pharmacy.batches', input);
  const ledger = useApi('pharmacy.ledger', input);
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

const BATCH_COLUMNS: Column<BatchStock>[] = [
  { id: 'batchNo', header: '批号', cell: (b) => b.batchNo },
  { id: 'expiry', header: '有效期至', cell: (b) => b.expiryDate },
  { id: 'left', header: '距效期', cell: (b) => expiryText(b) },
  { id: 'purchase', header: '进价（元）', num: true, cell: (b) => formatYuan(b.purchasePrice) },
  {
    id: 'sale',
    header: '销售价（元）',
    num: true,
    cell: (b) => (
      <>
        {formatYuan(b.salePrice)} {b.essential !== 'none' && <span className="tag">零差率</span>}
      </>
    ),
  },
  { id: 'balance', header: '结存', num: true, cell: (b) => qtyText(b.balanceMilli, b.unit) },
];

function BatchTable({ batches }: { batches: BatchStock[] }) {
  const total = batches.reduce((sum, b) => sum + b.balanceMilli, 0);
  const unit = batches[0]?.unit ?? '';
  return (
    <DataTable
      testId="batch-table"
      columns={BATCH_COLUMNS}
      rows={batches}
      rowKey={(b) => b.batchId}
      rowProps={(b) => ({ className: b.expired ? 'expired' : '' })}
      empty={<p className="muted">没有结存的批次。</p>}
      foot={
        <tr>
          <th colSpan={5}>合计</th>
          <th className="num">{qtyText(total, unit)}</th>
        </tr>
      }
    />
  );
}

function runningSums(values: number[]): number[] {
  const sums: number[] = [];
  values.forEach((v, i) => sums.push((sums[i - 1] ?? 0) + v));
  return sums;
}

/** A ledger entry with the drug's balance after it (over all batches). */
type LedgerRow = StockLedgerEntry & { itemBalance: number };

function ledgerColumns(unit: string): Column<LedgerRow>[] {
  return [
    { id: 'date', header: '日期', cell: (e) => e.businessDate },
    { id: 'kind', header: '类型', cell: (e) => STOCK_MOVE_NAMES[e.kind] },
    { id: 'batchNo', header: '批号', cell: (e) => e.batchNo },
    { id: 'in', header: '入库', num: true, cell: (e) => (e.qtyMilli > 0 ? formatQty(e.qtyMilli) : '') },
    { id: 'out', header: '出库', num: true, cell: (e) => (e.qtyMilli < 0 ? formatQty(-e.qtyMilli) : '') },
    { id: 'batchBalance', header: '批次结存', num: true, cell: (e) => formatQty(e.balanceMilli) },
    { id: 'itemBalance', header: `品种结存（${unit}）`, num: true, cell: (e) => formatQty(e.itemBalance) },
    { id: 'reference', header: '摘要', cell: (e) => e.reference },
    { id: 'operator', header: '操作员', cell: (e) => e.operator },
  ];
}

function LedgerTable({ entries, unit }: { entries: StockLedgerEntry[]; unit: string }) {
  const columns = useMemo(() => ledgerColumns(unit), [unit]);
  // The entries come in movement order, so a running sum over all batches is the drug's own balance.
  const rows = useMemo(() => {
    const balances = runningSums(entries.map((e) => e.qtyMilli));
    return entries.map((e, i) => ({ ...e, itemBalance: balances[i] ?? 0 }));
  }, [entries]);
  return <DataTable testId="ledger-table" columns={columns} rows={rows} rowKey={(e) => e.id} empty={<p className="muted">没有出入库记录。</p>} />;
}
