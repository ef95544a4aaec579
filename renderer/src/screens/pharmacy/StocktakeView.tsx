import { useMemo, useRef, useState } from 'react';
import type { CatalogueHit } from '../../../../shared/domain';
import type { BatchStock, StocktakeResult } from '../../../../shared/pharmacy';
import { qtyToMilli } from '../../../../shared/quantity';
import { api } from '../../api';
import { DataTable, Field, FormError, formatQty, issuesByPath, qtyText, todayText, useApi, useForm, type Column } from '../../kit';
import { DrugPicker, DrugTitle } from './DrugPicker';
import { useShownIssues } from './useShownIssues';

interface Count {
  counted: string;
  reason: string;
}

const BAD_COUNT = '请输入不小于 0、最多三位小数的数量';

/** What was typed as a count, in thousandths; null while empty, 'bad' when it is not a quantity. */
function countedMilli(text: string): number | null | 'bad' {
  if (text.trim() === '') return null;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) return 'bad';
  return n === 0 ? 0 : (qtyToMilli(n) ?? 'bad');
}

/** The paths of one batch's fields: the form names them by batch, since the counts sent are only the typed ones. */
const countPath = (batchId: number) => `${batchId}.countedQty`;
const reasonPath = (batchId: number) => `${batchId}.reason`;

/**
 * 盘点: pick a drug, type the counted quantity of each batch (empty = not counted this time), a reason where
 * it differs from the book; the variance shows as you type. Enter moves on; Enter on 备注 or Ctrl+Enter submits.
 */
export function StocktakeView() {
  const [drug, setDrug] = useState<CatalogueHit | null>(null);
  /** Bumped on every pick, so picking the same drug again puts the focus back on its first count. */
  const [pickNo, setPickNo] = useState(0);
  const [counts, setCounts] = useState<Record<number, Count>>({});
  const form = useForm(() => ({ takenOn: todayText(), note: '' }));
  // Taken out of the form: with `ref={form.scopeRef}` the hooks lint reads every form.* as a ref.
  const { scopeRef } = form;
  const issues = useShownIssues(form.issues);
  const [result, setResult] = useState<StocktakeResult | null>(null);
  const pickerRef = useRef<HTMLInputElement>(null);
  const batches = useApi('pharmacy.batches', drug ? { itemCode: drug.code } : null);

  const pickDrug = (picked: CatalogueHit) => {
    setDrug(picked);
    setPickNo((n) => n + 1);
    setCounts({});
    form.clear();
    setResult(null);
  };
  const setCount = (batchId: number, field: keyof Count, value: string) => {
    setCounts((all) => ({ ...all, [batchId]: { counted: '', reason: '', ...all[batchId], [field]: value } }));
    issues.hide([countPath(batchId), reasonPath(batchId)]);
  };

  const submit = async () => {
    if (form.busy || !batches.data) return;
    const counted = batches.data.filter((b) => (counts[b.batchId]?.counted ?? '').trim() !== '');
    if (counted.length === 0) {
      form.fail('请至少为一个批次填写实盘数量', {});
      return;
    }
    const found: Record<string, string> = {};
    for (const b of counted) {
      const c = counts[b.batchId]!;
      const milli = countedMilli(c.counted);
      if (milli === 'bad') found[countPath(b.batchId)] = BAD_COUNT;
      else if (milli !== b.balanceMilli && !c.reason.trim()) found[reasonPath(b.batchId)] = `批号 ${b.batchNo} 账实不符，请填写盈亏原因`;
    }
    if (Object.keys(found).length > 0) {
      form.fail('请更正标红的内容', found);
      return;
    }
    const answer = await form.submit(async ({ takenOn, note }) => {
      try {
        return await api['pharmacy.stocktake']({
          takenOn,
          note,
          counts: counted.map((b) => {
            const c = counts[b.batchId]!;
            return { batchId: b.batchId, countedQty: Number(c.counted), reason: c.reason.trim() || undefined };
          }),
        });
      } catch (e) {
        form.fail(e, byBatch(issuesByPath(e), counted));
        return undefined;
      }
    });
    if (!answer) return;
    setResult(answer);
    setCounts({});
    batches.reload();
    pickerRef.current?.focus();
  };

  const rows: CountRow[] = (batches.data ?? []).map((batch, index) => ({
    batch,
    first: index === 0,
    count: counts[batch.batchId],
    issues: issues.shown,
    onChange: (field, value) => setCount(batch.batchId, field, value),
  }));

  return (
    <div
      ref={scopeRef}
      data-keyscope
      data-testid="stocktake-form"
      onKeyDown={(e) => {
        // Ctrl+Enter anywhere in the form (not on the whole page) submits it.
        if (e.key === 'Enter' && e.ctrlKey) {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <p className="hint">选定药品后逐批填写实盘数量（留空的批次本次不盘），与账面不符时必须填写原因；Enter 下一项，在「备注」按 Enter 或 Ctrl+Enter 提交</p>
      <DrugPicker autoFocus inputRef={pickerRef} onPick={pickDrug} />
      {drug && <DrugTitle drug={drug} />}
      {batches.error && <p className="error" role="alert">{batches.error}</p>}
      {drug && batches.data && batches.data.length === 0 && <p className="muted">该药品没有结存的批次。</p>}
      {drug && !batches.loading && rows.length > 0 && (
        <DataTable key={pickNo} testId="stocktake-lines" columns={COUNT_COLUMNS} rows={rows} rowKey={(r) => r.batch.batchId} rowProps={(r) => ({ className: r.batch.expired ? 'expired' : '' })} />
      )}
      <div className="form-row">
        <Field label="盘点日期" {...form.field('takenOn')} error={issues.shown.takenOn} placeholder="yyyy-mm-dd" />
        <Field label="备注" {...form.field('note')} error={issues.shown.note} onEnter={() => void submit()} />
      </div>
      <FormError error={form.error} testId="stocktake-error" />
      <p>
        <button type="button" disabled={form.busy || !drug} onClick={() => void submit()}>
          提交盘点 <kbd>Ctrl+Enter</kbd>
        </button>
      </p>
      {result && <StocktakeDone result={result} unit={drug?.unit ?? ''} />}
    </div>
  );
}

/** The server names counts[i] (the i-th batch sent); the form names each field by its batch. */
function byBatch(issues: Record<string, string>, sent: BatchStock[]): Record<string, string> {
  const mapped: Record<string, string> = {};
  for (const [path, message] of Object.entries(issues)) {
    const m = /^counts\[(\d+)\]\.(\w+)$/.exec(path);
    const batch = m ? sent[Number(m[1])] : undefined;
    mapped[batch ? `${batch.batchId}.${m![2]}` : path] = message;
  }
  return mapped;
}

/** One batch of the count as its cells need it. */
interface CountRow {
  batch: BatchStock;
  /** The first row's count takes the focus when a drug's batches appear. */
  first: boolean;
  count: Count | undefined;
  issues: Record<string, string>;
  onChange: (field: keyof Count, value: string) => void;
}

/** The typed count less the book, in thousandths; null until a valid count is typed. */
function varianceOf(row: CountRow): number | null {
  const counted = countedMilli(row.count?.counted ?? '');
  return typeof counted === 'number' ? counted - row.batch.balanceMilli : null;
}

function VarianceText({ variance }: { variance: number | null }) {
  return (
    <span className={variance ? (variance > 0 ? 'gain' : 'loss') : undefined} data-testid="variance">
      {variance === null ? '' : variance === 0 ? '相符' : `${variance > 0 ? '+' : ''}${formatQty(variance)}（${variance > 0 ? '盘盈' : '盘亏'}）`}
    </span>
  );
}

// Module-level, so the table keeps its cells (and the focus in them) from one keystroke to the next.
const COUNT_COLUMNS: Column<CountRow>[] = [
  { id: 'batchNo', header: '批号', cell: (r) => r.batch.batchNo },
  { id: 'expiry', header: '有效期至', cell: (r) => <>{r.batch.expiryDate}{r.batch.expired && '（已过期）'}</> },
  { id: 'book', header: '账面数量', num: true, cell: (r) => qtyText(r.batch.balanceMilli, r.batch.unit) },
  {
    id: 'counted',
    header: '实盘数量',
    cell: (r) => {
      const path = countPath(r.batch.batchId);
      const bad = countedMilli(r.count?.counted ?? '') === 'bad';
      return (
        <Field bare label={`批号 ${r.batch.batchNo} 实盘数量`} className="short" value={r.count?.counted ?? ''} onChange={(v) => r.onChange('counted', v)} path={path} autoFocus={r.first} error={r.issues[path] ?? (bad ? BAD_COUNT : undefined)} />
      );
    },
  },
  { id: 'variance', header: '差异', num: true, cell: (r) => <VarianceText variance={varianceOf(r)} /> },
  {
    id: 'reason',
    header: '盈亏原因',
    cell: (r) => {
      const path = reasonPath(r.batch.batchId);
      const variance = varianceOf(r);
      return (
        <Field bare label={`批号 ${r.batch.batchNo} 盈亏原因`} value={r.count?.reason ?? ''} onChange={(v) => r.onChange('reason', v)} path={path} disabled={!variance} placeholder={variance ? '必填' : ''} error={r.issues[path]} />
      );
    },
  },
];

type ResultLine = StocktakeResult['lines'][number];

function resultColumns(unit: string): Column<ResultLine>[] {
  return [
    { id: 'name', header: '药品', cell: (l) => l.itemName },
    { id: 'batchNo', header: '批号', cell: (l) => l.batchNo },
    { id: 'book', header: `账面（${unit}）`, num: true, cell: (l) => formatQty(l.bookMilli) },
    { id: 'counted', header: '实盘', num: true, cell: (l) => formatQty(l.countedMilli) },
    {
      id: 'variance',
      header: '差异',
      num: true,
      cell: (l) => (
        <span className={l.varianceMilli > 0 ? 'gain' : l.varianceMilli < 0 ? 'loss' : undefined}>
          {l.varianceMilli === 0 ? '相符' : `${l.varianceMilli > 0 ? '+' : ''}${formatQty(l.varianceMilli)}`}
        </span>
      ),
    },
    { id: 'reason', header: '原因', cell: (l) => l.reason ?? '' },
  ];
}

function StocktakeDone({ result, unit }: { result: StocktakeResult; unit: string }) {
  const columns = useMemo(() => resultColumns(unit), [unit]);
  return (
    <div className="done" role="status" data-testid="stocktake-result">
      <p className="ok-line">盘点已保存：盘点单 {result.stocktakeId}（{result.takenOn}），差异已记入台账</p>
      <DataTable compact columns={columns} rows={result.lines} rowKey={(l) => l.batchId} />
    </div>
  );
}
