import { useEffect, useRef, useState, type Ref } from 'react';
import { formatDateTime } from '../../../../shared/dates';
import { INSURED_TYPE_NAMES } from '../../../../shared/domain';
import type { Admission, DischargeResult } from '../../../../shared/inpatient';
import type { SettlementPreview, SettlementRecord } from '../../../../shared/ledger';
import { formatYuan } from '../../../../shared/money';
import type { SettlementAmounts } from '../../../../shared/settlement/types';
import type { TraceStep } from '../../../../shared/settlement/trace';
import { api } from '../../api';
import { useApiCall } from '../../useApiCall';
import { messageOf } from '../pharmacy/format';
import { LAYERS, methodName, newRequestId, type CashMethod } from './inpatientFormat';
import { MethodPicker } from './MethodPicker';
import { canTakeMoney, ShiftNotice, type CounterState } from './ShiftNotice';

interface DischargeViewProps {
  admission: Admission;
  /** Deposits paid over the stay (from the statement), to tell what a past discharge handed back. */
  depositsPaid: number | null;
  counter: CounterState;
  onChanged: () => void;
}

/**
 * 出院结算: the preview of every layer and the Chinese trace, then 个人账户 (employees, Space toggles), 付款方式
 * for what the deposits do not cover, Enter, Enter again to confirm. One request id per intended discharge,
 * reused when it is sent again; a new one only when 个人账户 changes what is being settled.
 */
export function DischargeView({ admission, depositsPaid, counter, onChanged }: DischargeViewProps) {
  const [useAccount, setUseAccount] = useState(false);
  const [method, setMethod] = useState<CashMethod>('cash');
  const [requestId, setRequestId] = useState(newRequestId);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<DischargeResult | null>(null);
  const accountRef = useRef<HTMLInputElement>(null);
  const methodRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const pastId = admission.discharged?.settlementId ?? null;
  const settled = result !== null || pastId !== null;
  const preview = useApiCall<SettlementPreview | null>(
    () => (settled ? Promise.resolve(null) : api['inpatient.previewDischarge']({ admissionId: admission.id, useAccount })),
    `${admission.id}|${useAccount}|${settled}`,
  );
  const person = useApiCall(() => api['people.find']({ query: admission.idNumber, limit: 1 }), admission.idNumber);
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

  const ask = () => {
    if (!allowed || busy) return;
    if (!preview.data) {
      setError(preview.error ?? '预结算尚未完成，请稍候');
      return;
    }
    setError(null);
    setConfirming(true);
  };

  const discharge = async () => {
    if (!allowed || busy) return;
    setBusy(true);
    setError(null);
    try {
      const done = await api['inpatient.discharge']({ admissionId: admission.id, useAccount, payMethod: method, clientRequestId: requestId });
      setResult(done);
      setConfirming(false);
      onChanged();
    } catch (e) {
      // The request id stays: sending the same discharge again cannot settle it twice.
      setError(messageOf(e));
      setConfirming(false);
      methodRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  if (result) return <DischargeReceipt ref={resultRef} admission={admission} settlement={result.settlement} result={result} />;
  if (pastId !== null) return <PastDischarge admission={admission} settlementId={pastId} depositsPaid={depositsPaid} />;

  const balance = admission.depositBalance;
  const cash = preview.data?.amounts.psn_cash_pay ?? 0;
  const used = Math.min(balance, cash);

  return (
    <div data-testid="discharge-form">
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
          <table className="facts ip-plan" data-testid="discharge-plan">
            <tbody>
              <tr>
                <th>预交金余额</th>
                <td className="ip-num">{formatYuan(balance)}</td>
              </tr>
              <tr>
                <th>个人现金支付</th>
                <td className="ip-num">{preview.data ? formatYuan(cash) : '—'}</td>
              </tr>
              <tr>
                <th>预交金抵扣（预计）</th>
                <td className="ip-num" data-testid="plan-deposit-used">
                  {preview.data ? formatYuan(used) : '—'}
                </td>
              </tr>
              {preview.data && balance > used && (
                <tr>
                  <th>退预交金（预计）</th>
                  <td className="ip-num ip-refund" data-testid="plan-deposit-refund">
                    {formatYuan(balance - used)}
                  </td>
                </tr>
              )}
              {preview.data && cash > used && (
                <tr>
                  <th>补缴（预计）</th>
                  <td className="ip-num ip-red" data-testid="plan-due">
                    {formatYuan(cash - used)}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          {employee && (
            <label className="field ip-check">
              <span className="field-label">个人账户（余额 {formatYuan(preview.data?.accountBalance ?? 0)} 元）</span>
              <span>
                <input
                  ref={accountRef}
                  type="checkbox"
                  checked={useAccount}
                  disabled={!allowed || busy}
                  data-testid="use-account"
                  onChange={(e) => {
                    setUseAccount(e.target.checked);
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
            </label>
          )}
          {insured && !employee && <p className="muted ip-tight">{INSURED_TYPE_NAMES[insured.insuredType]}：无个人账户</p>}
          <MethodPicker label="补缴付款方式" value={method} onChange={setMethod} onEnter={ask} disabled={!allowed || busy} pickerRef={methodRef} testId="discharge-method" />
          <p className="ip-tight">
            <button type="button" disabled={!allowed || busy || !preview.data} onClick={ask} data-testid="discharge-ask">
              出院结算 <kbd>Enter</kbd>
            </button>
          </p>
          {confirming && preview.data && (
            <div
              className="confirm"
              role="alertdialog"
              aria-label="确认出院结算"
              data-testid="discharge-confirm"
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.preventDefault();
                  e.stopPropagation();
                  setConfirming(false);
                  methodRef.current?.focus();
                }
              }}
            >
              <p className="ip-tight">
                确认为 <strong>{admission.personName}</strong>（住院号 {admission.id}）出院结算：费用 {formatYuan(preview.data.amounts.medfee_sumamt)} 元，基金支付{' '}
                {formatYuan(preview.data.amounts.fund_pay_sumamt)} 元，个人现金 {formatYuan(cash)} 元
                {balance > used ? `，退预交金 ${formatYuan(balance - used)} 元` : ''}
                {cash > used ? `，补缴 ${formatYuan(cash - used)} 元（${methodName(method)}）` : ''}？
              </p>
              <button type="button" autoFocus disabled={busy} onClick={() => void discharge()} data-testid="discharge-submit">
                {busy ? '正在结算…' : '确认出院结算（Enter）'}
              </button>{' '}
              <span className="muted">Esc 取消</span>
            </div>
          )}
          {error && (
            <p className="error" role="alert" data-testid="discharge-error">
              {error}
            </p>
          )}
        </div>
        <div className="ip-discharge-right">
          <h4>计算过程</h4>
          {preview.data && <Trace steps={preview.data.trace} />}
        </div>
      </div>
    </div>
  );
}

/** The 14 layers in three columns: how the bill divides, what the funds pay, what the patient pays. */
function LayerTable({ amounts, testPrefix, title }: { amounts: SettlementAmounts; testPrefix: string; title?: string }) {
  const groups = [...new Set(LAYERS.map((l) => l.group))];
  return (
    <div className="ip-layers" data-testid={`${testPrefix}s`}>
      {title && <h4 className="ip-layers-title">{title}</h4>}
      <div className="ip-layer-columns">
        {groups.map((group) => (
          <table className="grid compact" key={group}>
            <thead>
              <tr className="ip-layer-group">
                <th colSpan={3}>{group}</th>
              </tr>
            </thead>
            <tbody>
              {LAYERS.filter((l) => l.group === group).map((layer) => (
                <tr key={layer.field} className={TOTALS.has(layer.field) ? 'ip-layer-total' : ''}>
                  <td>{layer.label}</td>
                  <td className="code">{layer.field}</td>
                  <td className="num" data-testid={`${testPrefix}-${layer.field}`}>
                    {formatYuan(amounts[layer.field])}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
    </div>
  );
}

const TOTALS = new Set<keyof SettlementAmounts>(['medfee_sumamt', 'fund_pay_sumamt', 'psn_cash_pay']);

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
  const info = useApiCall(() => api['system.info'](), 'info');
  const a = settlement.amounts;
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
        <table className="facts ip-receipt-facts">
          <tbody>
            <tr>
              <th>收据号</th>
              <td data-testid="discharge-receipt-no">{settlement.receiptNo}</td>
              <th>结算编号</th>
              <td data-testid="discharge-settlement-id">{settlement.id}</td>
            </tr>
            <tr>
              <th>姓名</th>
              <td>{settlement.person.name}</td>
              <th>住院号</th>
              <td>{admission.id}</td>
            </tr>
            <tr>
              <th>入院日期</th>
              <td>{admission.admittedOn}</td>
              <th>结算时间</th>
              <td>{formatDateTime(settlement.settledAt)}</td>
            </tr>
          </tbody>
        </table>
        <LayerTable amounts={a} testPrefix="result-layer" />
        <table className="grid compact ip-money" data-testid="discharge-money">
          <thead>
            <tr>
              <th className="num">个人现金支付（元）</th>
              {result && (
                <>
                  <th className="num">预交金抵扣（元）</th>
                  <th className="num">退预交金（元）</th>
                  <th className="num">补缴（元）</th>
                </>
              )}
              <th>付款明细</th>
              <th>收款员</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td className="num">{formatYuan(a.psn_cash_pay)}</td>
              {result && (
                <>
                  <td className="num" data-testid="discharge-deposit-used">
                    {formatYuan(result.depositUsed)}
                  </td>
                  <td className="num ip-refund" data-testid="discharge-deposit-refunded">
                    {formatYuan(result.depositRefunded)}
                  </td>
                  <td className={`num${result.due > 0 ? ' ip-red' : ''}`} data-testid="discharge-due">
                    {formatYuan(result.due)}
                  </td>
                </>
              )}
              <td>{settlement.payments.map((p) => `${methodName(p.method)} ${formatYuan(p.amount)}`).join('；') || '—'}</td>
              <td>{settlement.operator}</td>
            </tr>
          </tbody>
        </table>
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

/** A stay discharged earlier: its settlement again, with what the deposits did as far as the records tell. */
function PastDischarge({ admission, settlementId, depositsPaid }: { admission: Admission; settlementId: number; depositsPaid: number | null }) {
  const record = useApiCall(() => api['settlement.get']({ settlementId }), String(settlementId));
  if (record.error) return <p className="error" role="alert">{record.error}</p>;
  if (!record.data) return <p className="muted">正在读取结算记录…</p>;
  const used = record.data.payments.filter((p) => p.method === 'deposit').reduce((s, p) => s + p.amount, 0);
  const result =
    depositsPaid === null
      ? null
      : { depositUsed: used, depositRefunded: depositsPaid - used - admission.depositBalance, due: record.data.amounts.psn_cash_pay - used };
  return <DischargeReceipt admission={admission} settlement={record.data} result={result} />;
}
