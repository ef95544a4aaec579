import { useRef, useState } from 'react';
import { ESSENTIAL_NAMES, type CatalogueHit } from '../../../../shared/domain';
import { addFen, mulRatio, type Fen } from '../../../../shared/money';
import type { BatchStock, PharmacySettings, StockInResult } from '../../../../shared/pharmacy';
import { qtyToMilli } from '../../../../shared/quantity';
import { api } from '../../api';
import { DataTable, Field, FormError, formatBp, formatYuan, messageOf, normalizeDate, parseYuan, qtyText, todayText, useApi, useForm, type Column } from '../../kit';
import { DrugPicker } from './DrugPicker';
import { useShownIssues } from './useShownIssues';

interface Header {
  supplier: string;
  invoiceNo: string;
  receivedOn: string;
}
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
function checkForm(header: Header, lines: Line[]) {
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
 * The lines are a list of their own; the header, the refusal and the busy state are the kit's form.
 */
export function StockInView() {
  const settings = useApi('pharmacy.settings', {});
  const form = useForm<Header>(() => ({ supplier: '', invoiceNo: '', receivedOn: todayText() }));
  // Taken out of the form: with `ref={form.scopeRef}` the hooks lint reads every form.* as a ref.
  const { scopeRef } = form;
  const issues = useShownIssues(form.issues);
  const [lines, setLines] = useState<Line[]>([]);
  const [done, setDone] = useState<StockInResult | null>(null);
  const supplierRef = useRef<HTMLInputElement>(null);
  const pickerRef = useRef<HTMLInputElement>(null);

  const setLineField = (index: number, field: LineField, value: string) => {
    setLines((all) => all.map((line, i) => (i === index ? { ...line, [field]: value } : line)));
    issues.hide([`lines[${index}].${LINE_PATHS[field]}`]);
  };
  const addDrug = (drug: CatalogueHit) => {
    const key = nextKey++;
    setDone(null);
    setLines((all) => [...all, { key, drug, batchNo: '', expiryDate: '', qty: '', price: '' }]);
  };
  const removeLine = (index: number) => {
    setLines((all) => all.filter((_, i) => i !== index));
    // The lines below move up, so every line's issue would point at the wrong line.
    issues.hideAll();
    pickerRef.current?.focus();
  };

  const submit = async () => {
    if (form.busy) return;
    if (lines.length === 0) {
      form.fail('入库单至少要有一行：在「添加药品」中输入编码或拼音首字母', {});
      return;
    }
    const { found, payload } = checkForm(form.values, lines);
    if (Object.keys(found).length > 0) {
      form.fail('请更正标红的内容', found);
      return;
    }
    const result = await form.submit((header) => api['pharmacy.stockIn']({ ...header, receivedOn: normalizeDate(header.receivedOn), lines: payload }));
    if (!result) return;
    setDone(result);
    setLines([]);
    form.set({ invoiceNo: '' });
    supplierRef.current?.focus();
  };

  const rows: LineRow[] = lines.map((line, index) => ({
    line,
    index,
    issues: issues.shown,
    settings: settings.data,
    edit: (field, value) => setLineField(index, field, value),
    remove: () => removeLine(index),
  }));

  return (
    <div
      ref={scopeRef}
      data-keyscope
      data-testid="stock-in-form"
      onKeyDown={(e) => {
        // Ctrl+Enter anywhere in the form (not on the whole page) submits it.
        if (e.key === 'Enter' && e.ctrlKey) {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <p className="hint">Enter 下一项；选好药品后依次填批号、有效期、数量、进价；药品栏为空时按 Enter（或任意处 Ctrl+Enter）提交；Esc 清空当前栏</p>
      <div className="form-row">
        <Field label="配送企业" {...form.field('supplier')} error={issues.shown.supplier} autoFocus inputRef={supplierRef} />
        <Field label="发票号" {...form.field('invoiceNo')} error={issues.shown.invoiceNo} />
        <Field label="入库日期" {...form.field('receivedOn')} error={issues.shown.receivedOn} placeholder="yyyy-mm-dd" />
      </div>
      <DataTable
        testId="stock-in-lines"
        columns={LINE_COLUMNS}
        rows={rows}
        rowKey={(row) => row.line.key}
        foot={
          lines.length === 0 && (
            <tr>
              <td colSpan={LINE_COLUMNS.length} className="muted">尚未添加药品</td>
            </tr>
          )
        }
      />
      <DrugPicker label="添加药品" testId="stock-in-picker" inputRef={pickerRef} onPick={addDrug} onEmptyEnter={() => void submit()} />
      <FormError error={form.error} testId="stock-in-error" />
      <p>
        <button type="button" disabled={form.busy} onClick={() => void submit()}>
          提交入库单 <kbd>Ctrl+Enter</kbd>
        </button>
      </p>
      {done && <StockInDone result={done} />}
    </div>
  );
}

/** One line of the stock-in form as its cells need it: the line, its issues and what editing it does. */
interface LineRow {
  line: Line;
  index: number;
  issues: Record<string, string>;
  settings: PharmacySettings | null;
  edit: (field: LineField, value: string) => void;
  remove: () => void;
}

/** The refusals of a line that belong to no one field of it (the drug itself), shown under its name. */
function lineLevel({ index, issues }: LineRow): string[] {
  const fields = Object.values(LINE_PATHS).map((f) => `lines[${index}].${f}`);
  return Object.entries(issues)
    .filter(([path]) => path.startsWith(`lines[${index}]`) && !fields.includes(path))
    .map(([, message]) => message);
}

/** A line's text field, named by its API path so a refusal can point at it. */
function LineInput({ row, field, label, ...rest }: { row: LineRow; field: LineField; label: string; placeholder?: string; className?: string; autoFocus?: boolean }) {
  const path = `lines[${row.index}].${LINE_PATHS[field]}`;
  return <Field bare label={label} value={row.line[field]} onChange={(v) => row.edit(field, v)} path={path} error={row.issues[path]} {...rest} />;
}

// Module-level, so the table keeps its cells (and the focus in them) from one keystroke to the next.
const LINE_COLUMNS: Column<LineRow>[] = [
  {
    id: 'drug',
    header: '药品',
    cell: (row) => (
      <>
        {row.line.drug.name} <span className="muted">{row.line.drug.spec}/{row.line.drug.unit}</span>
        {lineLevel(row).map((m) => (
          <small key={m} className="field-error">{m}</small>
        ))}
      </>
    ),
  },
  // A new line's 批号 takes the focus: the pharmacist goes on typing from the picker.
  { id: 'batchNo', header: '批号', cell: (row) => <LineInput row={row} field="batchNo" label="批号" autoFocus /> },
  { id: 'expiryDate', header: '有效期至', cell: (row) => <LineInput row={row} field="expiryDate" label="有效期至" placeholder="yyyy-mm-dd" /> },
  {
    id: 'qty',
    header: '数量',
    cell: (row) => (
      <>
        <LineInput row={row} field="qty" label="数量" className="short" />
        <span className="muted"> {row.line.drug.unit}</span>
      </>
    ),
  },
  { id: 'price', header: '进价（元）', cell: (row) => <LineInput row={row} field="price" label="进价" className="short" /> },
  {
    id: 'salePrice',
    header: '销售价（元）',
    num: true,
    cell: (row) => (
      <span data-testid="sale-price">
        <SalePrice drug={row.line.drug} price={row.line.price} settings={row.settings} />
      </span>
    ),
  },
  {
    id: 'remove',
    header: null,
    cell: (row) => (
      <button type="button" onClick={row.remove}>
        删除
      </button>
    ),
  },
];

/** What the batch will sell at: purchase price for essential drugs (零差率), markup for the others. */
function SalePrice({ drug, price, settings }: { drug: CatalogueHit; price: string; settings: PharmacySettings | null }) {
  let purchase: Fen;
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
      {formatYuan(addFen(purchase, mulRatio(purchase, markup)))} <span className="tag">{markup === 0 ? '不加成' : `加成 ${formatBp(markup)}`}</span>
    </>
  );
}

const DONE_COLUMNS: Column<BatchStock>[] = [
  { id: 'name', header: '药品', cell: (b) => b.itemName },
  { id: 'batchNo', header: '批号', cell: (b) => b.batchNo },
  { id: 'expiry', header: '有效期至', cell: (b) => b.expiryDate },
  { id: 'qty', header: '数量', num: true, cell: (b) => qtyText(b.balanceMilli, b.unit) },
  { id: 'purchase', header: '进价', num: true, cell: (b) => formatYuan(b.purchasePrice) },
  { id: 'sale', header: '销售价', num: true, cell: (b) => formatYuan(b.salePrice) },
  { id: 'essential', header: '基药', cell: (b) => ESSENTIAL_NAMES[b.essential] },
];

function StockInDone({ result }: { result: StockInResult }) {
  return (
    <div className="done" role="status" data-testid="stock-in-result">
      <p className="ok-line">入库成功：入库单 {result.receiptId}，共 {result.batches.length} 个批次</p>
      <DataTable compact columns={DONE_COLUMNS} rows={result.batches} rowKey={(b) => b.batchId} />
    </div>
  );
}
