import { useRef, useState } from 'react';
import type { CatalogueHit } from '../../../../shared/domain';
import type { BatchStock, StocktakeResult } from '../../../../shared/pharmacy';
import { formatQty, qtyToMilli } from '../../../../shared/quantity';
import { api } from '../../api';
import { useApiCall } from '../../useApiCall';
import { DrugPicker, DrugTitle } from './DrugPicker';
import { Field } from './Field';
import { focusPath, issuesByPath, messageOf, qtyText, todayText } from './format';

interface Count {
  counted: string;
  reason: string;
}

/** What was typed as a count, in thousandths; null while empty, 'bad' when it is not a quantity. */
function countedMilli(text: string): number | null | 'bad' {
  if (text.trim() === '') return null;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) return 'bad';
  return n === 0 ? 0 : (qtyToMilli(n) ?? 'bad');
}

/**
 * 盘点: pick a drug, type the counted quantity of each batch (empty = not counted this time), a reason where
 * it differs from the book; the variance shows as you type. Enter moves on; Enter on 备注 or Ctrl+Enter submits.
 */
export function StocktakeView() {
  const [drug, setDrug] = useState<CatalogueHit | null>(null);
  /** Bumped on every pick, so picking the same drug again puts the focus back on its first count. */
  const [pickNo, setPickNo] = useState(0);
  const [counts, setCounts] = useState<Record<number, Count>>({});
  const [takenOn, setTakenOn] = useState(todayText);
  const [note, setNote] = useState('');
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<StocktakeResult | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLDivElement>(null);
  const pickerRef = useRef<HTMLInputElement>(null);
  const code = drug?.code ?? '';
  const batches = useApiCall(() => (code ? api['pharmacy.batches']({ itemCode: code }) : Promise.resolve([])), code);

  const pickDrug = (picked: CatalogueHit) => {
    setDrug(picked);
    setPickNo((n) => n + 1);
    setCounts({});
    setIssues({});
    setError(null);
    setResult(null);
  };
  const setCount = (batchId: number, field: keyof Count, value: string) => {
    setCounts((all) => ({ ...all, [batchId]: { counted: '', reason: '', ...all[batchId], [field]: value } }));
    setIssues((all) => {
      const rest = { ...all };
      delete rest[`${batchId}.countedQty`];
      delete rest[`${batchId}.reason`];
      return rest;
    });
  };

  const submit = async () => {
    if (busy || !batches.data) return;
    const counted = batches.data.filter((b) => (counts[b.batchId]?.counted ?? '').trim() !== '');
    if (counted.length === 0) {
      setError('请至少为一个批次填写实盘数量');
      return;
    }
    const found: Record<string, string> = {};
    for (const b of counted) {
      const c = counts[b.batchId]!;
      const milli = countedMilli(c.counted);
      if (milli === 'bad') found[`${b.batchId}.countedQty`] = '请输入不小于 0、最多三位小数的数量';
      else if (milli !== b.balanceMilli && !c.reason.trim()) found[`${b.batchId}.reason`] = `批号 ${b.batchNo} 账实不符，请填写盈亏原因`;
    }
    if (Object.keys(found).length > 0) {
      setError('请更正标红的内容');
      setIssues(found);
      focusPath(formRef.current, Object.keys(found));
      return;
    }
    setBusy(true);
    try {
      const answer = await api['pharmacy.stocktake']({
        takenOn,
        note,
        counts: counted.map((b) => {
          const c = counts[b.batchId]!;
          return { batchId: b.batchId, countedQty: Number(c.counted), reason: c.reason.trim() || undefined };
        }),
      });
      setResult(answer);
      setCounts({});
      setIssues({});
      setError(null);
      batches.reload();
      pickerRef.current?.focus();
    } catch (e) {
      // The server names counts[i]; the form names each field by its batch.
      const byPath: Record<string, string> = {};
      for (const [path, message] of Object.entries(issuesByPath(e))) {
        const m = /^counts\[(\d+)\]\.(\w+)$/.exec(path);
        const batch = m ? counted[Number(m[1])] : undefined;
        byPath[batch ? `${batch.batchId}.${m![2]}` : path] = message;
      }
      setError(messageOf(e));
      setIssues(byPath);
      focusPath(formRef.current, Object.keys(byPath));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      ref={formRef}
      data-keyscope
      data-testid="stocktake-form"
      onKeyDown={(e) => {
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
      {drug && !batches.loading && batches.data && batches.data.length > 0 && (
        <table key={pickNo} className="grid" data-testid="stocktake-lines">
          <thead>
            <tr>
              <th>批号</th><th>有效期至</th><th className="num">账面数量</th><th>实盘数量</th><th className="num">差异</th><th>盈亏原因</th>
            </tr>
          </thead>
          <tbody>
            {batches.data.map((b, index) => (
              <CountRow key={b.batchId} first={index === 0} batch={b} count={counts[b.batchId]} issues={issues} onChange={(field, value) => setCount(b.batchId, field, value)} />
            ))}
          </tbody>
        </table>
      )}
      <div className="form-row">
        <Field label="盘点日期" value={takenOn} onChange={setTakenOn} path="takenOn" error={issues.takenOn} placeholder="yyyy-mm-dd" />
        <Field label="备注" value={note} onChange={setNote} path="note" error={issues.note} onEnter={() => void submit()} />
      </div>
      {error && <p className="error" role="alert" data-testid="stocktake-error">{error}</p>}
      <p>
        <button type="button" disabled={busy || !drug} onClick={() => void submit()}>
          提交盘点 <kbd>Ctrl+Enter</kbd>
        </button>
      </p>
      {result && <StocktakeDone result={result} unit={drug?.unit ?? ''} />}
    </div>
  );
}

/** One batch; the first row's count takes the focus when a drug's batches appear. */
function CountRow({ first, batch, count, issues, onChange }: {
  first: boolean;
  batch: BatchStock;
  count: Count | undefined;
  issues: Record<string, string>;
  onChange: (field: keyof Count, value: string) => void;
}) {
  const counted = countedMilli(count?.counted ?? '');
  const variance = typeof counted === 'number' ? counted - batch.balanceMilli : null;
  return (
    <tr className={batch.expired ? 'expired' : ''}>
      <td>{batch.batchNo}</td>
      <td>{batch.expiryDate}{batch.expired && '（已过期）'}</td>
      <td className="num">{qtyText(batch.balanceMilli, batch.unit)}</td>
      <td>
        <Field bare label={`批号 ${batch.batchNo} 实盘数量`} className="short" value={count?.counted ?? ''} onChange={(v) => onChange('counted', v)} path={`${batch.batchId}.countedQty`} autoFocus={first} error={issues[`${batch.batchId}.countedQty`] ?? (counted === 'bad' ? '请输入不小于 0、最多三位小数的数量' : undefined)} />
      </td>
      <td className={`num ${variance ? (variance > 0 ? 'gain' : 'loss') : ''}`} data-testid="variance">
        {variance === null ? '' : variance === 0 ? '相符' : `${variance > 0 ? '+' : ''}${formatQty(variance)}（${variance > 0 ? '盘盈' : '盘亏'}）`}
      </td>
      <td>
        <Field bare label={`批号 ${batch.batchNo} 盈亏原因`} value={count?.reason ?? ''} onChange={(v) => onChange('reason', v)} path={`${batch.batchId}.reason`} disabled={!variance} placeholder={variance ? '必填' : ''} error={issues[`${batch.batchId}.reason`]} />
      </td>
    </tr>
  );
}

function StocktakeDone({ result, unit }: { result: StocktakeResult; unit: string }) {
  return (
    <div className="done" role="status" data-testid="stocktake-result">
      <p className="ok-line">盘点已保存：盘点单 {result.stocktakeId}（{result.takenOn}），差异已记入台账</p>
      <table className="grid compact">
        <thead>
          <tr>
            <th>药品</th><th>批号</th><th className="num">账面（{unit}）</th><th className="num">实盘</th><th className="num">差异</th><th>原因</th>
          </tr>
        </thead>
        <tbody>
          {result.lines.map((l) => (
            <tr key={l.batchId}>
              <td>{l.itemName}</td>
              <td>{l.batchNo}</td>
              <td className="num">{formatQty(l.bookMilli)}</td>
              <td className="num">{formatQty(l.countedMilli)}</td>
              <td className={`num ${l.varianceMilli > 0 ? 'gain' : l.varianceMilli < 0 ? 'loss' : ''}`}>
                {l.varianceMilli === 0 ? '相符' : `${l.varianceMilli > 0 ? '+' : ''}${formatQty(l.varianceMilli)}`}
              </td>
              <td>{l.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
