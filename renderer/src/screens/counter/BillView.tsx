import { LEVEL_NAMES, MED_TYPE_NAMES } from '../../../../shared/ledger';
import { fen } from '../../../../shared/money';
import { qtyToMilli } from '../../../../shared/quantity';
import { LEVELS, MED_TYPES } from '../../../../shared/settlement/types';
import { Check, FormError, Select, formatYuan, todayText } from '../../kit';
import { BillLines, estimate } from './BillLines';
import type { Desk } from './billState';
import { ItemPicker } from './ItemPicker';
import { PatientCard } from './PatientCard';
import { PatientField } from './PatientField';
import { PreviewPanel } from './PreviewPanel';
import type { DeskActions } from './useDeskActions';

const MED_TYPE_OPTIONS = MED_TYPES.map((m) => ({ value: m, label: MED_TYPE_NAMES[m] }));
const LEVEL_OPTIONS = LEVELS.map((l) => ({ value: l, label: LEVEL_NAMES[l] }));

/** 就诊类型, 医院级别, and what this patient's bill may use: the personal account (Alt+A), 自费 (Alt+Z). */
function VisitRow({ state, dispatch, bill }: Desk) {
  const { person, insured, accountAllowed } = bill;
  return (
    <div className="form-row visit-row">
      <Select label="就诊类型" value={state.medType} options={MED_TYPE_OPTIONS} testId="visit-medtype" onChange={(medType) => dispatch({ type: 'medTypeChanged', medType })} />
      <Select label="医院级别" value={state.level} options={LEVEL_OPTIONS} testId="visit-level" onChange={(level) => dispatch({ type: 'levelChanged', level })} />
      {accountAllowed && (
        <Check label="使用职工个人账户（Alt+A）" checked={state.useAccount} testId="use-account" onChange={(on) => dispatch({ type: 'accountSet', on })} />
      )}
      {person && insured && (
        <Check label="本次自费，不使用医保（Alt+Z）" checked={state.selfPayChosen} testId="self-pay" onChange={(on) => dispatch({ type: 'selfPaySet', on })} />
      )}
      {person && !insured && <span className="tag self-pay">未参保：自费结算</span>}
    </div>
  );
}

/** The bill being made: who, which visit, the lines, the item picker, the estimate and what is wrong with it. */
function BillColumn({ desk, actions, onPreview }: { desk: Desk; actions: DeskActions; onPreview: () => void }) {
  const { state, dispatch, focus, bill } = desk;
  const { lines, billError } = state;
  const estimated = lines.reduce<number | null>((sum, l) => {
    const a = estimate(l);
    return sum === null || a === null ? null : sum + a;
  }, 0);
  return (
    <div className="counter-left" data-keyscope>
      <PatientField
        key={state.patientFieldKey}
        inputRef={focus.patientRef}
        onPick={actions.pickPatient}
        notice={state.cardNotice}
        onClearNotice={() => dispatch({ type: 'cardNoticeShown', notice: null })}
        onRegisterWalkIn={(idNumber) => dispatch({ type: 'walkInOffered', idNumber })}
      />
      {state.patient ? (
        <PatientCard person={state.patient.person} age={state.patient.age} selfPay={bill.selfPay} today={todayText()} />
      ) : (
        <p className="muted patient-none">尚未识别患者</p>
      )}
      <VisitRow {...desk} />
      <BillLines
        lines={lines}
        tableRef={focus.linesRef}
        problem={billError && billError.line !== null ? { line: billError.line, message: billError.message } : null}
        onQtyChange={actions.setQty}
        onRemove={actions.removeLine}
        onFocusRow={focus.row}
        onFocusQty={focus.qty}
        onLeave={focus.picker}
      />
      <ItemPicker inputRef={focus.pickerRef} onPick={actions.addItem} onEmptyEnter={onPreview} onUpFromEmpty={() => lines.length > 0 && focus.row(lines.length - 1)} />
      <p className="bill-total">
        {lines.length} 项 · 预估合计 <strong className="num" data-testid="bill-estimate">{estimated === null ? '—' : formatYuan(fen(estimated))}</strong> 元
      </p>
      <p className="hint">Enter 选中项目后输入数量再 Enter；空栏 ↑ 进入明细（↑↓ 选行，Del 删除，Enter 改数量）；Shift+Tab 修改就诊类型与级别。</p>
      {billError && billError.line === null && <FormError error={billError.message} testId="bill-error" />}
      {billError && billError.line !== null && (
        <p className="error" data-testid="bill-error">
          第 {billError.line + 1} 行有误（已标红）：{billError.message}
        </p>
      )}
    </div>
  );
}

/** The preview for the bill as it is, word that it went stale, or what F8 and F9 will do. */
function PreviewColumn({ state, bill }: Desk) {
  const { preview, previewBusy } = state;
  const requestLines = state.lines.map((l) => ({ itemCode: l.item.code, qtyMilli: qtyToMilli(Number(l.qty)) ?? 0 }));
  return (
    <div className="counter-right">
      {previewBusy && <p className="muted">正在预结算…</p>}
      {bill.fresh && preview && <PreviewPanel preview={preview.data} request={requestLines} selfPay={bill.selfPay} />}
      {!bill.fresh && preview && !previewBusy && (
        <p className="warn stale" data-testid="preview-stale">
          账单已修改，原预结算作废：请按 F8 重新预结算。
        </p>
      )}
      {!preview && !previewBusy && (
        <div className="muted idle">
          <p>
            识别患者、添加项目后按 <kbd>F8</kbd> 预结算：这里显示基本医保、大病保险、医疗救助、兜底各层支付和个人现金，以及可向患者宣读的计算过程。
          </p>
          <p>
            核对无误按 <kbd>F9</kbd> 收费。
          </p>
        </div>
      )}
    </div>
  );
}

/** 收费台's bill: the bill being made on the left, its pre-settlement on the right. */
export function BillView({ desk, actions, onPreview }: { desk: Desk; actions: DeskActions; onPreview: () => void }) {
  return (
    <div className="counter-body">
      <BillColumn desk={desk} actions={actions} onPreview={onPreview} />
      <PreviewColumn {...desk} />
    </div>
  );
}
