import { useState, type Ref } from 'react';
import type { SettlementRecord } from '../../../../shared/ledger';
import { Field, FormError } from '../../kit';
import { Receipt } from './Receipt';

interface LookupViewProps {
  record: SettlementRecord | null;
  error: string | null;
  busy: boolean;
  canRefund: boolean;
  /** What became of the last 重打 sent to the receipt printer. */
  reprintNote: string | null;
  inputRef: Ref<HTMLInputElement>;
  hospitalName: string;
  operatorName: (username: string) => string;
  onLookup: (settlementId: number) => void;
  onProblem: (message: string) => void;
  onBack: () => void;
}

/** Why a looked-up settlement cannot be refunded, or null. */
export function refundBlock(record: SettlementRecord): string | null {
  if (record.kind === 'refund') return '这是一笔退费记录，不能再退费';
  if (record.refundedById !== null) return `已退费（退费结算编号 ${record.refundedById}），不能重复退费`;
  return null;
}

/**
 * 退费 / 重打: find a settlement by the 结算编号 printed on its receipt (Enter), see it marked 重打; F11 prints
 * it again (a 重打 job for the receipt printer, and the page's own print as the fallback), F9 refunds it
 * (with a manager's approval), Esc returns to the bill.
 */
export function LookupView({ record, error, busy, canRefund, reprintNote, inputRef, hospitalName, operatorName, onLookup, onProblem, onBack }: LookupViewProps) {
  const [text, setText] = useState('');
  const submit = () => {
    const t = text.trim();
    if (/^\d{1,12}$/.test(t) && Number(t) > 0) onLookup(Number(t));
    else if (/-/.test(t)) onProblem('请输入收据上的「结算编号」（纯数字），收据号（如 01-00000042）暂不能直接查询');
    else onProblem('结算编号应为正整数，见收据上的「结算编号」');
  };
  const block = record ? refundBlock(record) : null;
  return (
    <div
      className="lookup"
      data-testid="lookup-view"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onBack();
        }
      }}
    >
      <h3>退费 / 重打收据</h3>
      <div className="form-row">
        {/* Esc goes back to the bill at once, typed or not (the view's own handler), so the field lets it through. */}
        <Field label="结算编号（见收据）" value={text} onChange={setText} inputRef={inputRef} autoFocus inputMode="numeric" testId="lookup-input" escapeClears={false} onEnter={submit} />
        <span className="muted">Enter 查询 · F11 重打 · F9 退费 · Esc 返回收费</span>
      </div>
      {busy && <p className="muted">正在查询…</p>}
      <FormError error={error} testId="lookup-error" />
      {record && (
        <>
          <p className={block ? 'warn' : 'hint'} data-testid="lookup-status">
            {block ?? (canRefund ? '按 F9 整单退费（需院长/财务当场输入密码），F11 重打收据' : 'F11 重打收据')}
          </p>
          {reprintNote && (
            <p className="notice" role="status" data-testid="reprint-status">
              {reprintNote}
            </p>
          )}
          <Receipt record={record} hospitalName={hospitalName} operatorName={operatorName} reprint />
        </>
      )}
    </div>
  );
}
