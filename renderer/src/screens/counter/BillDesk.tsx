import { useEffect, useRef, useState } from 'react';
import { localDate } from '../../../../shared/dates';
import type { CatalogueHit, InsuredPerson, SignedInUser } from '../../../../shared/domain';
import { LEVEL_NAMES, MED_TYPE_NAMES, type SettlementPreview, type SettlementRecord } from '../../../../shared/ledger';
import { formatYuan } from '../../../../shared/money';
import { qtyToMilli } from '../../../../shared/quantity';
import type { ShiftSummary } from '../../../../shared/shift';
import { LEVELS, MED_TYPES, type Level, type MedType } from '../../../../shared/settlement/types';
import { api } from '../../api';
import { focusNext } from '../pharmacy/Field';
import { messageOf } from '../pharmacy/format';
import { BillLines, estimate, type BillLine } from './BillLines';
import { ageOn, lineIndexOf, newRequestId, settledBefore } from './counterFormat';
import { Dialog } from './Dialog';
import { ItemPicker } from './ItemPicker';
import { isPrintKey, useCounterKeys } from './keys';
import { LookupView, refundBlock } from './LookupView';
import { PatientField } from './PatientField';
import { PayDialog, type PayMethod } from './PayDialog';
import { PreviewPanel } from './PreviewPanel';
import { PatientCard } from './PatientCard';
import { drainReceipts, type PrinterOutcome } from './printing';
import { Receipt, type TenderInfo } from './Receipt';
import { RefundDialog } from './RefundDialog';
import { ShiftCloseDialog } from './ShiftCloseDialog';
import { ShiftSummaryView } from './ShiftSummaryView';
import { WalkInDialog } from './WalkInDialog';

type Mode = 'bill' | 'receipt' | 'lookup';
type DialogKind = 'pay' | 'close' | 'refund' | 'newBill' | 'shiftView' | 'walkIn';

interface Patient {
  person: InsuredPerson;
  age: number;
}

interface Preview {
  /** The bill it was computed for, as text: any change to the bill makes it stale. */
  key: string;
  data: SettlementPreview;
  /** One id per intended settlement: every settle attempt of this bill sends it, so none can settle twice. */
  requestId: string;
}

interface ReceiptShown {
  record: SettlementRecord;
  tender: TenderInfo | null;
  /** Why this receipt is shown instead of a new one (the request id had already settled it). */
  note: string | null;
  /** What the receipt printer did with it (print.drain), once known. */
  printer: PrinterOutcome | null;
}

let nextLineKey = 1;

interface BillDeskProps {
  user: SignedInUser;
  shift: ShiftSummary | null;
  /** A cashier in their own open shift; a manager only previews, looks up, reprints and refunds. */
  canSettle: boolean;
  active: boolean;
  hospitalName: string;
  onShiftChanged: () => void;
  onShiftClosed: (summary: ShiftSummary) => void;
}

/**
 * 收费台: identify the patient, add items, F8 pre-settle, F9 settle and take the money, the receipt (F11
 * prints); F7 finds a settlement to reprint or refund; Alt+N starts a new bill; F10 closes the shift; Alt+Z
 * bills an insured patient as self-pay (自费), and a valid ID number not in the roster is registered as one.
 * Enter moves on everywhere. (F1–F6 belong to the shell's tabs, except F2 = 读卡 here.)
 */
export function BillDesk({ user, shift, canSettle, active, hospitalName, onShiftChanged, onShiftClosed }: BillDeskProps) {
  const [patient, setPatient] = useState<Patient | null>(null);
  const [medType, setMedType] = useState<MedType>('outpatient');
  const [level, setLevel] = useState<Level>('township');
  const [useAccount, setUseAccount] = useState(false);
  /** An insured patient chose to pay this bill themselves (自费, Alt+Z). */
  const [selfPayChosen, setSelfPayChosen] = useState(false);
  const [walkInId, setWalkInId] = useState<string | null>(null);
  /** Remounts the patient field (clearing what was typed) once a walk-in is registered. */
  const [patientFieldKey, setPatientFieldKey] = useState(0);
  const [reprintNote, setReprintNote] = useState<string | null>(null);
  const [lines, setLines] = useState<BillLine[]>([]);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewBusy, setPreviewBusy] = useState(false);
  const [billError, setBillError] = useState<{ message: string; line: number | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>('bill');
  const [receipt, setReceipt] = useState<ReceiptShown | null>(null);
  const [looked, setLooked] = useState<{ record: SettlementRecord | null; error: string | null; busy: boolean }>({ record: null, error: null, busy: false });
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [payBusy, setPayBusy] = useState(false);
  const [payError, setPayError] = useState<string | null>(null);

  const patientRef = useRef<HTMLInputElement>(null);
  const pickerRef = useRef<HTMLInputElement>(null);
  const linesRef = useRef<HTMLTableElement>(null);
  const lookupRef = useRef<HTMLInputElement>(null);
  const receiptRef = useRef<HTMLDivElement>(null);
  const payConfirm = useRef<(() => void) | null>(null);
  const settling = useRef(false);
  const previewSeq = useRef(0);
  /** The settle attempt made for a bill, kept until it succeeds: a re-preview of that bill reuses its id. */
  const attempt = useRef<{ key: string; requestId: string } | null>(null);
  const refundIds = useRef(new Map<number, string>());
  const [refundRequestId, setRefundRequestId] = useState('');
  const [cardNotice, setCardNotice] = useState<string | null>(null);
  const afterRender = useRef<(() => void) | null>(null);

  const person = patient?.person ?? null;
  const insured = person !== null && person.insuredType !== 'none';
  // A person not insured here is always billed as self-pay (the server does so too); an insured one may choose it.
  const selfPay = person !== null && (!insured || selfPayChosen);
  const accountAllowed = person?.insuredType === 'employee' && !selfPay;
  const request = person
    ? {
        personId: person.id,
        visit: { medType, level },
        lines: lines.map((l) => ({ itemCode: l.item.code, qty: Number(l.qty) })),
        useAccount: accountAllowed && useAccount,
        selfPay,
      }
    : null;
  const requestKey = request ? JSON.stringify(request) : '';
  const fresh = preview !== null && preview.key === requestKey;

  // ----- focus -----
  const focusQty = (index: number) => {
    const input = linesRef.current?.querySelector<HTMLInputElement>(`[data-qty="${index}"]`);
    input?.focus();
    input?.select();
  };
  const focusRow = (index: number) => linesRef.current?.querySelector<HTMLElement>(`[data-row="${index}"]`)?.focus();
  const focusDefault = () => {
    if (mode === 'receipt') receiptRef.current?.focus();
    else if (mode === 'lookup') lookupRef.current?.focus();
    else if (person) pickerRef.current?.focus();
    else patientRef.current?.focus();
  };
  const later = (fn: () => void) => {
    afterRender.current = fn;
  };
  useEffect(() => {
    const fn = afterRender.current;
    afterRender.current = null;
    fn?.();
    // Focus is never left on nothing: after a dialog or a view change, it goes to this view's first field.
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (active && dialog === null && lost) focusDefault();
  });
  const wasActive = useRef(false);
  useEffect(() => {
    if (active && !wasActive.current) focusDefault();
    wasActive.current = active;
  });

  // ----- the bill -----
  const changed = () => {
    setBillError(null);
  };
  const pickPatient = (p: InsuredPerson) => {
    setPatient({ person: p, age: ageOn(p.birthDate, localDate(new Date())) });
    if (p.insuredType !== 'employee') setUseAccount(false);
    setSelfPayChosen(false);
    setNotice(null);
    setCardNotice(null);
    changed();
    pickerRef.current?.focus();
  };
  const addItem = (item: CatalogueHit) => {
    changed();
    const existing = lines.findIndex((l) => l.item.code === item.code);
    if (existing >= 0) {
      setNotice(`「${item.name}」已在第 ${existing + 1} 行：请修改该行数量`);
      focusQty(existing);
      return;
    }
    setNotice(null);
    const index = lines.length;
    const key = nextLineKey++;
    setLines((all) => [...all, { key, item, qty: '1' }]);
    later(() => focusQty(index));
  };
  const setQty = (index: number, qty: string) => {
    changed();
    setLines((all) => all.map((l, i) => (i === index ? { ...l, qty } : l)));
  };
  const removeLine = (index: number) => {
    changed();
    const remaining = lines.length - 1;
    setLines((all) => all.filter((_, i) => i !== index));
    later(() => (remaining > 0 ? focusRow(Math.min(index, remaining - 1)) : pickerRef.current?.focus()));
  };
  const resetBill = () => {
    setPatient(null);
    setLines([]);
    setPreview(null);
    setBillError(null);
    setUseAccount(false);
    setSelfPayChosen(false);
    setMedType('outpatient');
    setLevel('township');
  };
  const startNewBill = () => {
    resetBill();
    setNotice(null);
    setMode('bill');
    setDialog(null);
    later(() => patientRef.current?.focus());
  };
  const askNewBill = () => {
    if (mode === 'bill' && (lines.length > 0 || person)) setDialog('newBill');
    else startNewBill();
  };

  const runPreview = async () => {
    if (!request || !person) {
      setBillError({ message: '请先识别患者：输入身份证号、社保卡号或姓名后按 Enter', line: null });
      patientRef.current?.focus();
      return;
    }
    if (lines.length === 0) {
      setBillError({ message: '账单还没有项目：输入拼音首字母添加', line: null });
      pickerRef.current?.focus();
      return;
    }
    const bad = lines.findIndex((l) => qtyToMilli(Number(l.qty)) === null);
    if (bad >= 0) {
      setBillError({ message: `第 ${bad + 1} 行：数量必须大于 0，最多三位小数`, line: bad });
      focusQty(bad);
      return;
    }
    const key = requestKey;
    const seq = ++previewSeq.current;
    setPreviewBusy(true);
    setBillError(null);
    try {
      const data = await api['settlement.preview'](request);
      if (seq !== previewSeq.current) return;
      const requestId = attempt.current?.key === key ? attempt.current.requestId : newRequestId();
      setPreview({ key, data, requestId });
    } catch (e) {
      if (seq !== previewSeq.current) return;
      const line = lineIndexOf(e);
      setPreview(null);
      setBillError({ message: messageOf(e), line });
      if (line !== null) focusQty(line);
    } finally {
      if (seq === previewSeq.current) setPreviewBusy(false);
    }
  };

  const openPay = () => {
    if (!canSettle) {
      setBillError({ message: shift ? '院长/财务在收费台只能预结算、查询、重打和退费；收费请由本班收费员操作' : '尚未开班，不能收费', line: null });
      return;
    }
    if (!fresh || !preview) {
      setBillError({
        message: preview ? '账单已修改：请先按 F8 重新预结算，再按 F9 结算' : '请先按 F8 预结算，核对金额后再按 F9 结算',
        line: null,
      });
      return;
    }
    setPayError(null);
    setDialog('pay');
  };

  const settle = async (payment: { method: PayMethod; tendered: number; change: number }) => {
    if (settling.current || !request || !preview || !fresh) return;
    settling.current = true;
    setPayBusy(true);
    setPayError(null);
    attempt.current = { key: preview.key, requestId: preview.requestId };
    try {
      const record = await api['settlement.settle']({
        ...request,
        clientRequestId: preview.requestId,
        payMethod: payment.method,
        ...(payment.method === 'cash' ? { tendered: payment.tendered } : {}),
      });
      attempt.current = null;
      showSettled(record, { ...payment }, null);
    } catch (e) {
      const line = lineIndexOf(e);
      const earlier = settledBefore(e);
      if (earlier !== null) {
        // The request id already settled a bill (its answer was lost, and the bill changed since): that
        // settlement is the one the money was taken for. Show its receipt; nothing was charged twice.
        try {
          const record = await api['settlement.get']({ settlementId: earlier });
          attempt.current = null;
          showSettled(record, null, `${messageOf(e)}。以下为该笔结算（结算编号 ${record.id}）的收据；当前账单未收费，如仍需收费请重新开单`);
        } catch (getError) {
          setPayError(`${messageOf(e)}（结算编号 ${earlier}）；读取该收据失败：${messageOf(getError)}。可按 F7 输入结算编号查询`);
        }
      } else if (line !== null) {
        // Stock moved since the preview (another counter sold it): back to the bill, the line marked.
        setDialog(null);
        setPreview(null);
        setBillError({ message: messageOf(e), line });
        later(() => focusQty(line));
      } else {
        const unavailable = (e as { code?: string }).code === 'UNAVAILABLE';
        setPayError(unavailable ? `${messageOf(e)}。恢复后按 F9 重试：沿用同一请求号，不会重复收费` : messageOf(e));
      }
    } finally {
      settling.current = false;
      setPayBusy(false);
    }
  };

  /** After money is booked: the receipt on screen, and the receipt printer asked to print it (not awaited). */
  const showSettled = (record: SettlementRecord, tender: TenderInfo | null, note: string | null, keepBill = false) => {
    setReceipt({ record, tender, note, printer: null });
    if (!keepBill) resetBill();
    setNotice(null);
    setDialog(null);
    setMode('receipt');
    onShiftChanged();
    void drainReceipts().then((printer) => setReceipt((r) => (r && r.record.id === record.id ? { ...r, printer } : r)));
  };

  // ----- look-up, reprint, refund -----
  const openLookup = () => {
    setDialog(null);
    setNotice(null);
    setReprintNote(null);
    setMode('lookup');
    later(() => lookupRef.current?.focus());
  };
  const lookUp = async (settlementId: number) => {
    setLooked({ record: null, error: null, busy: true });
    setReprintNote(null);
    try {
      setLooked({ record: await api['settlement.get']({ settlementId }), error: null, busy: false });
    } catch (e) {
      setLooked({ record: null, error: messageOf(e), busy: false });
    }
  };
  const openRefund = () => {
    const record = looked.record;
    if (!record) {
      setLooked((l) => ({ ...l, error: '请先输入结算编号并按 Enter 查询' }));
      return;
    }
    const block = refundBlock(record);
    if (block) {
      setLooked((l) => ({ ...l, error: block }));
      return;
    }
    if (!shift) {
      setLooked((l) => ({ ...l, error: '尚未开班：退费要在开着的班次里办理' }));
      return;
    }
    const id = refundIds.current.get(record.id) ?? newRequestId();
    refundIds.current.set(record.id, id);
    setRefundRequestId(id);
    setDialog('refund');
  };
  const refunded = (refund: SettlementRecord) => {
    setLooked({ record: null, error: null, busy: false });
    showSettled(refund, null, null, true);
  };

  /** 重打: a new job for the receipt printer, marked 重打 on paper, then printed; the outcome is shown. */
  const reprint = async (record: SettlementRecord) => {
    setReprintNote('正在交收据打印机重打…');
    try {
      const job = await api['print.reprint']({ kind: 'settlement', refId: record.id });
      const printer = await drainReceipts();
      setReprintNote(`已加入打印队列（第 ${job.copy} 次重打）${printer ? `；${printer.text}` : ''}`);
    } catch (e) {
      setReprintNote(`重打未能加入打印队列：${messageOf(e)}`);
    }
  };

  const print = () => {
    if (mode === 'lookup' && looked.record) {
      void reprint(looked.record);
      window.print();
    } else if (mode === 'receipt') window.print();
    else setNotice('没有可打印的收据：结算后或查到收据后按 F11 打印');
  };

  const readCard = () => {
    if (mode !== 'bill') {
      setMode('bill');
      if (mode === 'receipt') resetBill();
    }
    setDialog(null);
    setNotice(null);
    setCardNotice('正在读卡…');
    const typeInstead = () =>
      later(() => {
        patientRef.current?.focus();
        patientRef.current?.select();
      });
    // The card in the reader identifies the person; without a reader (or a card) the cashier types the ID.
    api['devices.readCard']().then(
      async ({ identity, personId }) => {
        const person = personId === null ? null : (await api['people.find']({ query: identity.idNumber, limit: 1 }))[0];
        if (person) {
          setCardNotice(null);
          pickPatient(person);
        } else {
          setCardNotice(`社保卡 ${identity.name}（${identity.idNumber}）不在参保名单中：可登记为自费病人`);
          typeInstead();
        }
      },
      (error: unknown) => {
        setCardNotice(`${(error as Error).message}。请输入身份证号或社保卡号`);
        typeInstead();
      },
    );
  };

  const openClose = () => {
    if (!shift) {
      setNotice('尚未开班');
      return;
    }
    setDialog(canSettle ? 'close' : 'shiftView');
  };

  useCounterKeys((e) => {
    if (dialog) {
      if (e.key === 'F9' && dialog === 'pay') {
        payConfirm.current?.();
        return true;
      }
      // While a dialog is open, no F-key may switch screens or start something else underneath it.
      return /^F\d{1,2}$/.test(e.key) || isPrintKey(e);
    }
    if (isPrintKey(e)) {
      print();
      return true;
    }
    if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyN') {
      askNewBill();
      return true;
    }
    if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyA' && mode === 'bill' && accountAllowed) {
      setUseAccount((on) => !on);
      return true;
    }
    if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyZ' && mode === 'bill') {
      if (!person) setNotice('请先识别患者，再按 Alt+Z 选择自费');
      else if (!insured) setNotice(`${person.name} 未参保，账单已按自费结算`);
      else {
        setSelfPayChosen((on) => !on);
        setNotice(null);
      }
      return true;
    }
    switch (e.key) {
      case 'F2':
        readCard();
        return true;
      case 'F7':
        openLookup();
        return true;
      case 'F8':
        if (mode === 'bill') void runPreview();
        return true;
      case 'F9':
        if (mode === 'bill') openPay();
        else if (mode === 'lookup') openRefund();
        return true;
      case 'F10':
        openClose();
        return true;
      default:
        return false;
    }
  });

  const operatorName = (username: string) => (username === user.username ? `${user.name}（${username}）` : username);
  const estimated = lines.reduce<number | null>((sum, l) => {
    const a = estimate(l);
    return sum === null || a === null ? null : sum + a;
  }, 0);
  const requestLines = lines.map((l) => ({ itemCode: l.item.code, qtyMilli: qtyToMilli(Number(l.qty)) ?? 0 }));

  return (
    <div className="desk">
      <div className="counter-bar" data-testid="shift-bar">
        {shift ? (
          <span>
            班次 {shift.id} · {operatorName(shift.cashier)} · 备用金 {formatYuan(shift.float)} · 结算 {shift.settlements} 笔 · 退费 {shift.refunds} 笔 · 应有现金{' '}
            <strong data-testid="bar-expected">{formatYuan(shift.expectedCash)}</strong>
          </span>
        ) : (
          <span className="warn">收费台尚未开班（只可预结算、查询与重打）</span>
        )}
        <span className="spacer" />
        <span className="keys">
          <kbd>F2</kbd> 读卡 <kbd>F7</kbd> 退费/重打 <kbd>Alt+N</kbd> 新账单 <kbd>Alt+Z</kbd> 自费 <kbd>F8</kbd> 预结算 <kbd>F9</kbd> {mode === 'lookup' ? '退费' : '结算'} <kbd>F10</kbd>{' '}
          {canSettle ? '交班' : '班次'} <kbd>F11</kbd> 打印
        </span>
      </div>
      {notice && (
        <p className="notice" role="status" data-testid="counter-notice">
          {notice}
        </p>
      )}

      {mode === 'bill' && (
        <div className="counter-body">
          <div className="counter-left" data-keyscope>
            <PatientField
              key={patientFieldKey}
              inputRef={patientRef}
              onPick={pickPatient}
              notice={cardNotice}
              onClearNotice={() => setCardNotice(null)}
              onRegisterWalkIn={(idNumber) => {
                setWalkInId(idNumber);
                setDialog('walkIn');
              }}
            />
            {patient ? (
              <PatientCard person={patient.person} age={patient.age} selfPay={selfPay} today={localDate(new Date())} />
            ) : (
              <p className="muted patient-none">尚未识别患者</p>
            )}
            <div className="form-row visit-row">
              <label className="field">
                <span className="field-label">就诊类型</span>
                <select
                  value={medType}
                  data-testid="visit-medtype"
                  onChange={(e) => setMedType(e.target.value as MedType)}
                  onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), focusNext(e.currentTarget))}
                >
                  {MED_TYPES.map((m) => (
                    <option key={m} value={m}>
                      {MED_TYPE_NAMES[m]}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span className="field-label">医院级别</span>
                <select
                  value={level}
                  data-testid="visit-level"
                  onChange={(e) => setLevel(e.target.value as Level)}
                  onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), focusNext(e.currentTarget))}
                >
                  {LEVELS.map((l) => (
                    <option key={l} value={l}>
                      {LEVEL_NAMES[l]}
                    </option>
                  ))}
                </select>
              </label>
              {accountAllowed && (
                <label className="check">
                  <input
                    type="checkbox"
                    checked={useAccount}
                    data-testid="use-account"
                    onChange={(e) => setUseAccount(e.target.checked)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') {
                        e.preventDefault();
                        focusNext(e.currentTarget);
                      }
                    }}
                  />{' '}
                  使用职工个人账户（Alt+A）
                </label>
              )}
              {person && insured && (
                <label className="check">
                  <input
                    type="checkbox"
                    checked={selfPayChosen}
                    data-testid="self-pay"
                    onChange={(e) => setSelfPayChosen(e.target.checked)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') {
                        e.preventDefault();
                        focusNext(e.currentTarget);
                      }
                    }}
                  />{' '}
                  本次自费，不使用医保（Alt+Z）
                </label>
              )}
              {person && !insured && <span className="tag self-pay">未参保：自费结算</span>}
            </div>
            <BillLines
              lines={lines}
              tableRef={linesRef}
              problem={billError && billError.line !== null ? { line: billError.line, message: billError.message } : null}
              onQtyChange={setQty}
              onRemove={removeLine}
              onFocusRow={focusRow}
              onFocusQty={focusQty}
              onLeave={() => pickerRef.current?.focus()}
            />
            <ItemPicker
              inputRef={pickerRef}
              onPick={addItem}
              onEmptyEnter={() => void runPreview()}
              onUpFromEmpty={() => lines.length > 0 && focusRow(lines.length - 1)}
            />
            <p className="bill-total">
              {lines.length} 项 · 预估合计 <strong className="num" data-testid="bill-estimate">{estimated === null ? '—' : formatYuan(estimated)}</strong> 元
            </p>
            <p className="hint">
              Enter 选中项目后输入数量再 Enter；空栏 ↑ 进入明细（↑↓ 选行，Del 删除，Enter 改数量）；Shift+Tab 修改就诊类型与级别。
            </p>
            {billError && billError.line === null && (
              <p className="error" role="alert" data-testid="bill-error">
                {billError.message}
              </p>
            )}
            {billError && billError.line !== null && (
              <p className="error" data-testid="bill-error">
                第 {billError.line + 1} 行有误（已标红）：{billError.message}
              </p>
            )}
          </div>
          <div className="counter-right">
            {previewBusy && <p className="muted">正在预结算…</p>}
            {fresh && preview && <PreviewPanel preview={preview.data} request={requestLines} selfPay={selfPay} />}
            {!fresh && preview && !previewBusy && (
              <p className="warn stale" data-testid="preview-stale">
                账单已修改，原预结算作废：请按 F8 重新预结算。
              </p>
            )}
            {!preview && !previewBusy && (
              <div className="muted idle">
                <p>识别患者、添加项目后按 <kbd>F8</kbd> 预结算：这里显示基本医保、大病保险、医疗救助、兜底各层支付和个人现金，以及可向患者宣读的计算过程。</p>
                <p>核对无误按 <kbd>F9</kbd> 收费。</p>
              </div>
            )}
          </div>
        </div>
      )}

      {mode === 'receipt' && receipt && (
        <div
          className="receipt-view"
          ref={receiptRef}
          tabIndex={-1}
          data-testid="receipt-view"
          onKeyDown={(e) => {
            if ((e.key === 'Enter' || e.key === 'Escape') && e.target === e.currentTarget) {
              e.preventDefault();
              startNewBill();
            }
          }}
        >
          <p className={receipt.note ? 'warn' : 'ok-line'} role="status" data-testid="settle-outcome">
            {receipt.record.kind === 'refund'
              ? `退费成功：退费收据 ${receipt.record.receiptNo}，冲销结算编号 ${receipt.record.reversesId}`
              : receipt.note
                ? receipt.note
                : `结算成功：收据 ${receipt.record.receiptNo}（结算编号 ${receipt.record.id}）${receipt.record.selfPay ? '，自费' : ''}${receipt.tender && receipt.tender.change > 0 ? `，找零 ${formatYuan(receipt.tender.change)} 元` : ''}`}
            。F11 打印，Enter 开始下一位患者。
          </p>
          {receipt.printer && (
            <p className={receipt.printer.ok ? 'muted' : 'warn'} data-testid="printer-outcome">
              {receipt.printer.text}
            </p>
          )}
          <Receipt record={receipt.record} hospitalName={hospitalName} operatorName={operatorName} tender={receipt.tender} />
        </div>
      )}

      {mode === 'lookup' && (
        <LookupView
          record={looked.record}
          error={looked.error}
          busy={looked.busy}
          canRefund={shift !== null}
          reprintNote={reprintNote}
          inputRef={lookupRef}
          hospitalName={hospitalName}
          operatorName={operatorName}
          onLookup={(id) => void lookUp(id)}
          onProblem={(message) => setLooked({ record: null, error: message, busy: false })}
          onBack={() => {
            setMode('bill');
            later(() => (person ? pickerRef.current?.focus() : patientRef.current?.focus()));
          }}
        />
      )}

      {dialog === 'pay' && preview && person && (
        <PayDialog
          personName={person.name}
          medfee={preview.data.amounts.medfee_sumamt}
          fund={preview.data.amounts.fund_pay_sumamt}
          account={preview.data.amounts.acct_pay}
          cash={preview.data.amounts.psn_cash_pay}
          busy={payBusy}
          error={payError}
          confirmRef={payConfirm}
          onConfirm={(p) => void settle(p)}
          onCancel={() => !payBusy && setDialog(null)}
        />
      )}
      {dialog === 'refund' && looked.record && (
        <RefundDialog
          original={looked.record}
          clientRequestId={refundRequestId}
          onRefunded={refunded}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog === 'close' && <ShiftCloseDialog pendingLines={mode === 'bill' ? lines.length : 0} onCancel={() => setDialog(null)} onClosed={onShiftClosed} />}
      {dialog === 'shiftView' && shift && (
        <Dialog title="当前班次" testId="shift-view-dialog" onCancel={() => setDialog(null)} wide>
          <ShiftSummaryView shift={shift} cashierName={operatorName(shift.cashier)} hospitalName={hospitalName} />
          <p className="muted">院长/财务只能查看；交班由本班收费员操作。</p>
          <button type="button" onClick={() => setDialog(null)}>
            关闭 <kbd>Esc</kbd>
          </button>
        </Dialog>
      )}
      {dialog === 'walkIn' && walkInId && (
        <WalkInDialog
          idNumber={walkInId}
          onCancel={() => setDialog(null)}
          onRegistered={(registered) => {
            setDialog(null);
            setWalkInId(null);
            setPatientFieldKey((k) => k + 1);
            pickPatient(registered);
            later(() => pickerRef.current?.focus());
          }}
        />
      )}
      {dialog === 'newBill' && (
        <Dialog title="放弃当前账单？" testId="new-bill-dialog" onCancel={() => setDialog(null)}>
          <p>当前账单有 {lines.length} 项尚未结算，开始新账单将清空患者和明细。</p>
          <button type="button" autoFocus onClick={startNewBill}>
            清空，开始新账单 <kbd>Enter</kbd>
          </button>{' '}
          <button type="button" onClick={() => setDialog(null)}>
            继续当前账单 <kbd>Esc</kbd>
          </button>
        </Dialog>
      )}
    </div>
  );
}
