import { useRef, useState } from 'react';
import { ESSENTIAL_NAMES, type CatalogueHit } from '../../../../shared/domain';
import { formatYuan, mulRatio, parseYuan } from '../../../../shared/money';
import type { PharmacySettings, StockInResult } from '../../../../shared/pharmacy';
import { qtyToMilli } from '../../../../shared/quantity';
import { api } from '../../api';
import { useApiCall } from '../../useApiCall';
import { DrugPicker } from './DrugPicker';
import { Field } from './Field';
import { formatBp } from '../../../../shared/format';
import { focusPath, issuesByPath, messageOf, normalizeDate, qtyText, todayText } from './format';

interface Line {
  key: number;
  drug: CatalogueHit;
  batchNo: string;
  expiryDate: string;
  qty: string;
  price: string;
}
type LineField = 'batchNo' | 'expiryDate' | 'qty' | 'price';
/** The API path of each editable field of a line (the price is sent as purchasePrice). */
const LINE_PATHS: Record<LineField, string> = { batchNo: 'batchNo', expiryDate: 'expiryDate', qty: 'qty', price: 'purchasePrice' };

let nextKey = 1;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What the form can tell before asking: empty or malformed fields, all at once. The server checks everything
 * again and alone decides the rest (expired batch, unknown drug, invoice already taken in).
 */
function checkForm(header: { supplier: string; invoiceNo: string; receivedOn: string }, lines: Line[]) {
  const found: Record<string, string> = {};
  if (!header.supplier.trim()) found.supplier = '请输入配送企业';
  if (!header.invoiceNo.trim()) found.invoiceNo = '请输入发票号';
  if (!DATE.test(normalizeDate(header.receivedOn))) found.receivedOn = '入库日期应为 yyyy-mm-dd';
  const payload = lines.map((line, i) => {
    const at = (field: string) => `lines[${i}].${field}`;
    if (!line.batchNo.trim()) found[at('batchNo')] = '请输入批号';
    const expiryDate = normalizeDate(line.expiryDate);
    if (!DATE.test(expiryDate)) found[at('expiryDate')] = '有效期应为 yyyy-mm-dd，如 2028-06-30';
    const qty = Number(line.qty);
    if (qtyToMilli(qty) === null) found[at('qty')] = '数量必须大于 0，最多三位小数';
    let purchasePrice = 0;
    try {
      purchasePrice = parseYuan(line.price, '进价');
      if (purchasePrice < 0) found[at('purchasePrice')] = '进价不能为负';
    } catch (e) {
      found[at('purchasePrice')] = messageOf(e);
    }
    return { itemCode: line.drug.code, batchNo: line.batchNo, expiryDate, qty, purchasePrice };
  });
  return { found, payload };
}

/**
 * 入库: header (配送企业, 发票号, 入库日期), then one line per batch picked with the drug picker. Enter moves on;
 * Enter on the empty drug picker or Ctrl+Enter submits; Esc clears a field. The server sets the sale price.
 */
export function StockInView() {
  const settings = useApiCall(() => api['pharmacy.settings'](), 'settings');
  const [supplier, setSupplier] = useState('');
  const [invoiceNo, setInvoiceNo] = useState('');
  const [receivedOn, setReceivedOn] = useState(todayText);
  const [lines, setLines] = useState<Line[]>([]);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<StockInResult | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLDivElement>(null);
  const supplierRef = useRef<HTMLInputElement>(null);
  const pickerRef = useRef<HTMLInputElement>(null);

  const clearIssue = (path: string) =>
    setIssues((all) => {
      if (!(path in all)) return all;
      const rest = { ...all };
      delete rest[path];
      return rest;
    });
  const setLineField = (index: number, field: LineField, value: string) => {
    setLines((all) => all.map((line, i) => (i === index ? { ...line, [field]: value } : line)));
    clearIssue(`lines[${index}].${LINE_PATHS[field]}`);
  };
  const addDrug = (drug: CatalogueHit) => {
    const key = nextKey++;
    setDone(null);
    setLines((all) => [...all, { key, drug, batchNo: '', expiryDate: '', qty: '', price: '' }]);
  };
  const removeLine = (index: number) => {
    setLines((all) => all.filter((_, i) => i !== index));
    setIssues({});
    pickerRef.current?.focus();
  };
  const refuse = (message: string, byPath: Record<string, string>) => {
    setError(message);
    setIssues(byPath);
    focusPath(formRef.current, Object.keys(byPath));
  };

  const submit = async () => {
    if (busy) return;
    if (lines.length === 0) {
      setError('入库单至少要有一行：在「添加药品」中输入编码或拼音首字母');
      return;
    }
    const { found, payload } = checkForm({ supplier, invoiceNo, receivedOn }, lines);
    if (Object.keys(found).length > 0) {
      refuse('请更正标红的内容', found);
      return;
    }
    setBusy(true);
    try {
      const result = await api['pharmacy.stockIn']({ supplier, invoiceNo, receivedOn: normalizeDate(receivedOn), lines: payload });
      setDone(result);
      setLines([]);
      setIssues({});
      setError(null);
      setInvoiceNo('');
      supplierRef.current?.focus();
    } catch (e) {
      refuse(messageOf(e), issuesByPath(e));
    } finally {
      setBusy(false);
    }
  };

  const lineLevel = (i: number) =>
    Object.entries(issues)
      .filter(([path]) => path.startsWith(`lines[${i}]`) && !Object.values(LINE_PATHS).some((f) => path === `lines[${i}].${f}`))
      .map(([, message]) => message);

  return (
    <div
      ref={formRef}
      data-keyscope
      data-testid="stock-in-form"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.ctrlKey) {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <p className="hint">Enter 下一项；选好药品后依次填批号、有效期、数量、进价；药品栏为空时按 Enter（或任意处 Ctrl+Enter）提交；Esc 清空当前栏</p>
      <div className="form-row">
        <Field label="配送企业" value={supplier} onChange={setSupplier} path="supplier" error={issues.supplier} autoFocus inputRef={supplierRef} />
        <Field label="发票号" value={invoiceNo} onChange={setInvoiceNo} path="invoiceNo" error={issues.invoiceNo} />
        <Field label="入库日期" value={receivedOn} onChange={setReceivedOn} path="receivedOn" error={issues.receivedOn} placeholder="yyyy-mm-dd" />
      </div>
      <table className="grid" data-testid="stock-in-lines">
        <thead>
          <tr>
            <th>药品</th><th>批号</th><th>有效期至</th><th>数量</th><th>进价（元）</th><th className="num">销售价（元）</th><th />
          </tr>
        </thead>
        <tbody>
          {lines.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">尚未添加药品</td>
            </tr>
          )}
          {lines.map((line, i) => (
            <tr key={line.key}>
              <td>
                {line.drug.name} <span className="muted">{line.drug.spec}/{line.drug.unit}</span>
                {lineLevel(i).map((m) => (
                  <small key={m} className="field-error">{m}</small>
                ))}
              </td>
              <td>
                <Field bare label="批号" value={line.batchNo} onChange={(v) => setLineField(i, 'batchNo', v)} path={`lines[${i}].batchNo`} error={issues[`lines[${i}].batchNo`]} autoFocus />
              </td>
              <td>
                <Field bare label="有效期至" placeholder="yyyy-mm-dd" value={line.expiryDate} onChange={(v) => setLineField(i, 'expiryDate', v)} path={`lines[${i}].expiryDate`} error={issues[`lines[${i}].expiryDate`]} />
              </td>
              <td>
                <Field bare label="数量" className="short" value={line.qty} onChange={(v) => setLineField(i, 'qty', v)} path={`lines[${i}].qty`} error={issues[`lines[${i}].qty`]} />
                <span className="muted"> {line.drug.unit}</span>
              </td>
              <td>
                <Field bare label="进价" className="short" value={line.price} onChange={(v) => setLineField(i, 'price', v)} path={`lines[${i}].purchasePrice`} error={issues[`lines[${i}].purchasePrice`]} />
              </td>
              <td className="num" data-testid="sale-price">
                <SalePrice drug={line.drug} price={line.price} settings={settings.data} />
              </td>
              <td>
                <button type="button" onClick={() => removeLine(i)}>删除</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <DrugPicker label="添加药品" testId="stock-in-picker" inputRef={pickerRef} onPick={addDrug} onEmptyEnter={() => void submit()} />
      {error && <p className="error" role="alert" data-testid="stock-in-error">{error}</p>}
      <p>
        <button type="button" disabled={busy} onClick={() => void submit()}>
          提交入库单 <kbd>Ctrl+Enter</kbd>
        </button>
      </p>
      {done && <StockInDone result={done} />}
    </div>
  );
}

/** What the batch will sell at: purchase price for essential drugs (零差率), markup for the others. */
function SalePrice({ drug, price, settings }: { drug: CatalogueHit; price: string; settings: PharmacySettings | null }) {
  let purchase: number;
  try {
    purchase = parseYuan(price);
  } catch {
    return <span className="muted">—</span>;
  }
  if (drug.essential !== 'none') {
    return (
      <>
        {formatYuan(purchase)} <span className="tag">零差率</span>
      </>
    );
  }
  if (!settings) return <span className="muted">…</span>;
  const markup = settings.drugMarkupBp;
  return (
    <>
      {formatYuan(purchase + mulRatio(purchase, markup))} <span className="tag">{markup === 0 ? '不加成' : `加成 ${formatBp(markup)}`}</span>
    </>
  );
}

function StockInDone({ result }: { result: StockInResult }) {
  return (
    <div className="done" role="status" data-testid="stock-in-result">
      <p className="ok-line">入库成功：入库单 {result.receiptId}，共 {result.batches.length} 个批次</p>
      <table className="grid compact">
        <thead>
          <tr>
            <th>药品</th><th>批号</th><th>有效期至</th><th className="num">数量</th><th className="num">进价</th><th className="num">销售价</th><th>基药</th>
          </tr>
        </thead>
        <tbody>
          {result.batches.map((b) => (
            <tr key={b.batchId}>
              <td>{b.itemName}</td>
              <td>{b.batchNo}</td>
              <td>{b.expiryDate}</td>
              <td className="num">{qtyText(b.balanceMilli, b.unit)}</td>
              <td className="num">{formatYuan(b.purchasePrice)}</td>
              <td className="num">{formatYuan(b.salePrice)}</td>
              <td>{ESSENTIAL_NAMES[b.essential]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
