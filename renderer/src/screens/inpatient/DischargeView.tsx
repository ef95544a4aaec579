import { useEffect, useRef, useState, type Ref } from 'react';
import { INSURED_TYPE_NAMES } from '../../../../shared/domain';
import type { Admission, DischargeResult } from '../../../../shared/inpatient';
import type { SettlementRecord } from '../../../../shared/ledger';
import { minFen, subFen, sumFen, ZERO_FEN, type Fen } from '../../../../shared/money';
import type { SettlementAmounts } from '../../../../shared/settlement/types';
import type { TraceStep } from '../../../../shared/settlement/trace';
import { api } from '../../api';
import { DataTable, Dialog, Facts, FormError, Labeled, formatDateTime, formatYuan, useApi, useForm, type Column } from '../../kit';
import { LAYERS, methodName, newRequestId, type CashMethod } from './inpatientFormat';
import { MethodPicker } from './MethodPicker';
import { canTakeMoney, ShiftNotice, type CounterState } from './ShiftNotice';
import { useRefocusOnClose } from './useRefocusOnClose';

interface DischargeViewProps {
  admission: Admission;
  /** Deposits paid over the stay (from the statement), to tell what a past discharge handed back. */
  depositsPaid: Fen | null;
  counter: CounterState;
  onChanged: () => void;
}

/**
 * 出院结算: the preview of every layer and the Chinese trace, then 个人账户 (employees, Space toggles), 付款方式
 * for what the deposits do not cover, Enter, Enter again to confirm. One request id per intended discharge,
 * reused when it is sent again; a new one only when 个人账户 changes what is being settled.
 */
export function DischargeView({ admission, depositsPaid, counter, onChanged }: DischargeViewProps) {
  // Taken apart: React's lint reads every property of an object holding a ref (scopeRef) as a ref.
  const { values, set, error, busy, scopeRef, fail, submit: send, clear } = useForm<{ useAccount: boolean; method: CashMethod }>({ useAccount: false, method: 'cash' });
  const { useAccount, method } = values;
  const [requestId, setRequestId] = useState(newRequestId);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<DischargeResult | null>(null);
  const accountRef = useRef<HTMLInputElement>(null);
  const methodRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const pastId = admission.discharged?.settlementId ?? null;
  const settled = result !== null || pastId !== null;
  const preview = useApi('inpatient.previewDischarge', settled ? null : { admissionId: admission.id, useAccount });
  const person = useApi('people.find', { query: admission.idNumber, limit: 1 });
  const insured = person.data?.find((p) => p.id === admission.personId) ?? null;
  const employee = insured?.insuredType === 'employee';
  const allowed = canTakeMoney(counter) && !settled;

  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);
  // The first field once the view is there: 个人账户 for an employee, else 付款方式.
  useEffect(() => {
    if (!settled) (accountRef.current ?? methodRef.current)?.focus();
  }, [settled, employee]);
  // Esc on the confirmation, or a refused discharge, goes back to 付款方式.
  useRefocusOnClose(confirming, methodRef);

  const ask = () => {
    if (!allowed || busy) return;
    // Only a preview of what is on screen now may be confirmed (the cache may show an older one meanwhile).
    if (!preview.data || preview.loading) {
      fail(preview.error ?? '预结算尚未完成，请稍候');
      return;
    }
    clear();
    setConfirming(true);
  };

  const discharge = async () => {
    if (!allowed || busy) return;
    // The request id stays after a refusal: sending the same discharge again cannot settle it twice.
    const done = await send(() => api['inpatient.discharge']({ admissionId: admission.id, useAccount, payMethod: method, clientRequestId: requestId }));
    setConfirming(false);
    if (done) {
      setResult(done);
      onChanged();
    }
  };

  if (result) return <DischargeReceipt ref={resultRef} admission={admission} settlement={result.settlement} result={result} />;
  if (pastId !== null) return <PastDischarge admission={admission} settlementId={pastId} depositsPaid={depositsPaid} />;

  const balance = admission.depositBalance;
  const cash = preview.data?.amounts.psn_cash_pay ?? ZERO_FEN;
  const used = minFen(balance, cash);

  return (
    <div ref={scopeRef} data-testid="discharge-form">
      <p className="hint">先核对预结算；{employee ? '空格键切换是否使用个人账户，Enter 下一项；' : ''}选择补缴的付款方式（1–4），Enter，再按 Enter 确认出院结算；Esc 取消确认 / 返回在院病人</p>
      <ShiftNotice state={counter} what="出院结算" />
      {preview.error && (
        <p className="error" role="alert" data-testid="discharge-preview-error">
          {preview.error}
        </p>
      )}
      {!preview.data && !preview.error && <p className="muted">正在预结算…</p>}
      {preview.data && <LayerTable amounts={preview.data.amounts} testPrefix="layer" title="出院预结算（只计算，不记账）" />}
      <div className="ip-discharge">
        <div className="ip-discharge-left">
          <Facts
            className="ip-plan"
            testId="discharge-plan"
            rows={[
              ['预交金余额', <span className="ip-num">{formatYuan(balance)}</span>],
              ['个人现金支付', <span className="ip-num">{preview.data ? formatYuan(cash) : '—'}</span>],
              [
                '预交金抵扣（预计）',
                <span className="ip-num" data-testid="plan-deposit-used">
                  {preview.data ? formatYuan(used) : '—'}
                </span>,
              ],
              preview.data &&
                balance > used && [
                  '退预交金（预计）',
                  <span className="ip-num ip-refund" data-testid="plan-deposit-refund">
                    {formatYuan(subFen(balance, used))}
                  </span>,
                ],
              preview.data &&
                cash > used && [
                  '补缴（预计）',
                  <span className="ip-num ip-red" data-testid="plan-due">
                    {formatYuan(subFen(cash, used))}
                  </span>,
                ],
            ]}
          />
          {employee && (
            <Labeled label={`个人账户（余额 ${formatYuan(preview.data?.accountBalance ?? ZERO_FEN)} 元）`} className="ip-check">
              <span>
                <input
                  ref={accountRef}
                  type="checkbox"
                  checked={useAccount}
                  disabled={!allowed || busy}
                  data-testid="use-account"
                  onChange={(e) => {
                    set({ useAccount: e.target.checked });
                    // A different settlement is intended now: it gets its own request id.
                    setRequestId(newRequestId());
                    setConfirming(false);
                  }}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && !e.ctrlKey && !e.altKey) {
                      e.preventDefault();
                      methodRef.current?.focus();
                    }
                  }}
                />{' '}
                使用职工个人账户支付
              </span>
            </Labeled>
          )}
          {insured && !employee && <p className="muted ip-tight">{INSURED_TYPE_NAMES[insured.insuredType]}：无个人账户</p>}
          <MethodPicker label="补缴付款方式" value={method} onChange={(m) => set({ method: m })} onEnter={ask} disabled={!allowed || busy} pickerRef={methodRef} testId="discharge-method" />
          <p className="ip-tight">
            <button type="button" disabled={!allowed || busy || !preview.data} onClick={ask} data-testid="discharge-ask">
              出院结算 <kbd>Enter</kbd>
            </button>
          </p>
          {confirming && preview.data && (
            <Dialog title="确认出院结算" testId="discharge-confirm" onCancel={() => setConfirming(false)}>
              <p className="ip-tight">
                确认为 <strong>{admission.personName}</strong>（住院号 {admission.id}）出院结算：费用 {formatYuan(preview.data.amounts.medfee_sumamt)} 元，基金支付{' '}
                {formatYuan(preview.data.amounts.fund_pay_sumamt)} 元，个人现金 {formatYuan(cash)} 元
                {balance > used ? `，退预交金 ${formatYuan(subFen(balance, used))} 元` : ''}
                {cash > used ? `，补缴 ${formatYuan(subFen(cash, used))} 元（${methodName(method)}）` : ''}？
              </p>
              {/* No autoFocus: the dialog focuses its first control, this button, itself. */}
              <button type="button" disabled={busy} onClick={() => void discharge()} data-testid="discharge-submit">
                {busy ? '正在结算…' : '确认出院结算（Enter）'}
              </button>
            </Dialog>
          )}
          <FormError error={error} testId="discharge-error" />
        </div>
        <div className="ip-discharge-right">
          <h4>计算过程</h4>
          {preview.data && <Trace steps={preview.data.trace} />}
        </div>
      </div>
    </div>
  );
}

/** The totals among the layers, set in bold. */
const TOTALS = new Set<keyof SettlementAmounts>(['medfee_sumamt', 'fund_pay_sumamt', 'psn_cash_pay']);
const GROUPS = [...new Set(LAYERS.map((l) => l.group))];

type Layer = (typeof LAYERS)[number];
/** A layer as its row shows it: the amount and the test id it answers to. */
type LayerRow = Layer & { amount: Fen; testId: string };

/** Per group, its name over the layer's label (the group is the table's only header). */
const LAYER_COLUMNS = new Map(
  GROUPS.map((group): [string, readonly Column<LayerRow>[]] => [
    group,
    [
      { id: 'label', header: group, cell: (l) => l.label },
      { id: 'field', header: '', cell: (l) => <span className="code">{l.field}</span> },
      { id: 'amount', header: '', num: true, cell: (l) => <span data-testid={l.testId}>{formatYuan(l.amount)}</span> },
    ],
  ]),
);

/** The 14 layers in three columns: how the bill divides, what the funds pay, what the patient pays. */
function LayerTable({ amounts, testPrefix, title }: { amounts: SettlementAmounts; testPrefix: string; title?: string }) {
  return (
    <div className="ip-layers" data-testid={`${testPrefix}s`}>
      {title && <h4 className="ip-layers-title">{title}</h4>}
      <div className="ip-layer-columns">
        {GROUPS.map((group) => (
          <DataTable
            key={group}
            compact
            columns={LAYER_COLUMNS.get(group)!}
            rows={LAYERS.filter((l) => l.group === group).map((l) => ({ ...l, amount: amounts[l.field], testId: `${testPrefix}-${l.field}` }))}
            rowKey={(l) => l.field}
            rowProps={(l) => ({ className: TOTALS.has(l.field) ? 'ip-layer-total' : '' })}
          />
        ))}
      </div>
    </div>
  );
}

function Trace({ steps }: { steps: TraceStep[] }) {
  return (
    <ol className="ip-trace" data-testid="discharge-trace">
      {steps.map((step, i) => (
        <li key={i}>
          <strong>
            {i + 1}. {step.title}
          </strong>
          <span>{step.text}</span>
        </li>
      ))}
    </ol>
  );
}

interface ReceiptProps {
  admission: Admission;
  settlement: SettlementRecord;
  result: Pick<DischargeResult, 'depositUsed' | 'depositRefunded' | 'due'> | null;
  ref?: Ref<HTMLDivElement>;
}

/** The settlement receipt of a discharge, printable (Ctrl+P). */
function DischargeReceipt({ admission, settlement, result, ref }: ReceiptProps) {
  const info = useApi('system.info', {});
  return (
    <div ref={ref} tabIndex={-1} className="ip-discharge-result" data-testid="discharge-result">
      <p className="ok-line ip-noprint" role="status">
        出院结算完成：收据 {settlement.receiptNo}
        {result && result.depositRefunded > 0 && `，请退还病人预交金 ${formatYuan(result.depositRefunded)} 元`}
        {result && result.due > 0 && `，请病人补缴 ${formatYuan(result.due)} 元`}
        {settlement.replayed && '（重复提交，返回原结算）'}
      </p>
      <div className="panel ip-receipt ip-printable" data-testid="discharge-receipt">
        <h3 className="ip-receipt-title">{info.data?.hospitalName ?? ''} 住院结算收据</h3>
        <Facts
          className="ip-receipt-facts"
          rows={[
            ['收据号', <span data-testid="discharge-receipt-no">{settlement.receiptNo}</span>],
            ['结算编号', <span data-testid="discharge-settlement-id">{settlement.id}</span>],
            ['姓名', settlement.person.name],
            ['住院号', admission.id],
            ['入院日期', admission.admittedOn],
            ['结算时间', formatDateTime(settlement.settledAt)],
          ]}
        />
        <LayerTable amounts={settlement.amounts} testPrefix="result-layer" />
        <MoneyTable settlement={settlement} result={result} />
      </div>
      <p className="ip-noprint">
        <button type="button" onClick={() => window.print()}>
          打印结算收据 <kbd>Ctrl+P</kbd>
        </button>{' '}
        <span className="muted">Esc 返回在院病人</span>
      </p>
    </div>
  );
}

/** What the patient paid and how: the deposits' part only when the records tell it. */
function MoneyTable({ settlement, result }: { settlement: SettlementRecord; result: ReceiptProps['result'] }) {
  const columns: Column<SettlementRecord>[] = [
    { id: 'cash', header: '个人现金支付（元）', num: true, cell: (s) => formatYuan(s.amounts.psn_cash_pay) },
    ...(result
      ? [
          { id: 'used', header: '预交金抵扣（元）', num: true, cell: () => <span data-testid="discharge-deposit-used">{formatYuan(result.depositUsed)}</span> },
          {
            id: 'refunded',
            header: '退预交金（元）',
            num: true,
            cell: () => (
              <span className="ip-refund" data-testid="discharge-deposit-refunded">
                {formatYuan(result.depositRefunded)}
              </span>
            ),
          },
          {
            id: 'due',
            header: '补缴（元）',
            num: true,
            cell: () => (
              <span className={result.due > 0 ? 'ip-red' : undefined} data-testid="discharge-due">
                {formatYuan(result.due)}
              </span>
            ),
          },
        ]
      : []),
    { id: 'payments', header: '付款明细', cell: (s) => s.payments.map((p) => `${methodName(p.method)} ${formatYuan(p.amount)}`).join('；') || '—' },
    { id: 'operator', header: '收款员', cell: (s) => s.operator },
  ];
  return <DataTable compact className="ip-money" testId="discharge-money" columns={columns} rows={[settlement]} rowKey={(s) => s.id} />;
}

/** A stay discharged earlier: its settlement again, with what the deposits did as far as the records tell. */
function PastDischarge({ admission, settlementId, depositsPaid }: { admission: Admission; settlementId: number; depositsPaid: Fen | null }) {
  const record = useApi('settlement.get', { settlementId });
  if (record.error) return <p className="error" role="alert">{record.error}</p>;
  if (!record.data) return <p className="muted">正在读取结算记录…</p>;
  const used = sumFen(record.data.payments.filter((p) => p.method === 'deposit').map((p) => p.amount));
  const result =
    depositsPaid === null
      ? null
      : { depositUsed: used, depositRefunded: subFen(subFen(depositsPaid, used), admission.depositBalance), due: subFen(record.data.amounts.psn_cash_pay, used) };
  return <DischargeReceipt admission={admission} settlement={record.data} result={result} />;
}
