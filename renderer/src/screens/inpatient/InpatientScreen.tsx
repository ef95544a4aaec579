import { useState } from 'react';
import type { Admission } from '../../../../shared/inpatient';
import { LEVEL_NAMES } from '../../../../shared/ledger';
import { formatYuan, keyName, useApi, useShortcuts } from '../../kit';
import { AdmissionList } from './AdmissionList';
import { AdmitForm } from './AdmitForm';
import { ChargeView } from './ChargeView';
import { DepositView } from './DepositView';
import { DischargeView } from './DischargeView';
import type { CounterState } from './ShiftNotice';
import { StatementView } from './StatementView';

const VIEWS = [
  { digit: 1, id: 'list', title: '在院病人', stay: false },
  { digit: 2, id: 'admit', title: '入院登记', stay: false },
  { digit: 3, id: 'deposit', title: '预交金', stay: true },
  { digit: 4, id: 'charge', title: '记账', stay: true },
  { digit: 5, id: 'statement', title: '日清单', stay: true },
  { digit: 6, id: 'discharge', title: '出院结算', stay: true },
] as const;
type ViewId = (typeof VIEWS)[number]['id'];

/**
 * 住院 (F6): Alt+1 在院病人, Alt+2 入院登记; for the stay opened from the list (↑↓ Enter) Alt+3 预交金,
 * Alt+4 记账, Alt+5 日清单, Alt+6 出院结算. Esc on an empty field goes back to the list; Ctrl+P prints the
 * receipt or statement on screen.
 */
export function InpatientScreen() {
  const me = useApi('auth.me', {});
  const shift = useApi('shift.current', {});
  // The views wait for this opening's own answers: a cached shift may have closed since it was read.
  const [ready, setReady] = useState(false);
  if (!ready && !me.loading && !shift.loading) setReady(true);
  const [view, setView] = useState<ViewId>('list');
  const [stayId, setStayId] = useState<number | null>(null);
  // Bumped on every choice of a view, so choosing it again starts it afresh.
  const [mount, setMount] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const stay = useApi('inpatient.statement', stayId === null ? null : { admissionId: stayId });
  const statement = stay.data && stay.data.admission.id === stayId ? stay.data : null;
  const admission = statement?.admission ?? null;

  const go = (id: ViewId, admissionId: number | null = stayId) => {
    const target = VIEWS.find((v) => v.id === id);
    if (target?.stay && admissionId === null) {
      setNotice(`请先在「在院病人」中用 ↑↓ 选择病人并按 Enter，再办理${target.title}`);
      return;
    }
    setNotice(null);
    setStayId(admissionId);
    setView(id);
    setMount((m) => m + 1);
    // The statement is read again whenever it is opened (another stay is asked for anyway).
    if (id === 'statement' && admissionId !== null && admissionId === stayId) stay.reload();
  };

  useShortcuts(true, (event) => {
    const key = keyName(event);
    const target = VIEWS.find((v) => key === `Alt+${v.digit}`);
    if (target) {
      go(target.id);
      return true;
    }
    // A field with text takes Esc itself (it clears and marks the key handled); Esc on an empty one goes back.
    if (event.key === 'Escape' && !event.defaultPrevented && view !== 'list') {
      go('list');
      return true;
    }
    // Ctrl+P prints the receipt or statement on screen instead of the whole page.
    if (key === 'Ctrl+P' && document.querySelector('.ip-printable')) {
      window.print();
      return true;
    }
    return false;
  });

  const counter: CounterState = { user: me.data, shift: ready ? shift.data : undefined, shiftError: shift.error };
  const current = VIEWS.find((v) => v.id === view) ?? VIEWS[0];
  // After every change to the stay, the header and the statement read it again.
  const changed = () => stay.reload();

  return (
    <section className="ip-screen" data-testid="inpatient-screen">
      <h2 className="ip-noprint">
        住院 · {current.title}
        {current.stay && admission && ` · ${admission.personName}`}
      </h2>
      <nav className="subtabs ip-noprint" aria-label="住院功能">
        {VIEWS.map((v) => (
          <button
            key={v.id}
            type="button"
            tabIndex={-1}
            className={v.id === view ? 'active' : ''}
            aria-current={v.id === view ? 'page' : undefined}
            disabled={v.stay && stayId === null}
            onClick={() => go(v.id)}
          >
            <kbd>Alt+{v.digit}</kbd> {v.title}
          </button>
        ))}
      </nav>
      {notice && (
        <p className="warn" role="status" data-testid="inpatient-notice">
          {notice}
        </p>
      )}
      {me.error && <p className="error" role="alert">{me.error}</p>}
      {current.stay && stay.error && <p className="error" role="alert">{stay.error}</p>}
      {current.stay && admission && <StayHeader admission={admission} />}
      {!ready && <p className="muted">正在读取…</p>}
      {ready && view === 'list' && <AdmissionList key={mount} initialId={stayId} onOpen={(a) => go('statement', a.id)} />}
      {ready && view === 'admit' && <AdmitForm key={mount} enabled={me.data?.role === 'cashier'} onAdmitted={(a) => go('deposit', a.id)} />}
      {ready && admission && view === 'deposit' && <DepositView key={mount} admission={admission} counter={counter} onChanged={changed} />}
      {ready && admission && view === 'charge' && <ChargeView key={mount} admission={admission} counter={counter} onChanged={changed} />}
      {ready && view === 'statement' && <StatementView key={mount} statement={statement} error={stay.error} counter={counter} onChanged={changed} />}
      {ready && admission && view === 'discharge' && (
        <DischargeView key={mount} admission={admission} depositsPaid={statement?.depositsPaid ?? null} counter={counter} onChanged={changed} />
      )}
      {ready && current.stay && view !== 'statement' && !admission && !stay.error && <p className="muted">正在读取住院信息…</p>}
    </section>
  );
}

function StayHeader({ admission }: { admission: Admission }) {
  const owing = admission.chargesTotal > admission.depositBalance;
  return (
    <div className="ip-stay ip-noprint" data-testid="stay-header">
      <span>
        住院号 <strong data-testid="stay-id">{admission.id}</strong>
      </span>
      <span>
        <strong>{admission.personName}</strong> <span className="code">{admission.idNumber}</span>
      </span>
      <span>
        {admission.ward || '—'} {admission.bed ? `${admission.bed} 床` : ''}
      </span>
      <span>入院 {admission.admittedOn}</span>
      {admission.diagnosis && <span>诊断 {admission.diagnosis}</span>}
      <span className="muted">{LEVEL_NAMES[admission.level]}</span>
      <span className="spacer" />
      <span>
        费用合计 <strong className="ip-num" data-testid="stay-charges">{formatYuan(admission.chargesTotal)}</strong>
      </span>
      <span>
        预交金余额{' '}
        <strong className={`ip-num${owing && !admission.discharged ? ' ip-red' : ''}`} data-testid="stay-balance">
          {formatYuan(admission.depositBalance)}
        </strong>
      </span>
      {admission.discharged && <span className="ip-tag-red">已于 {admission.discharged.dischargedOn} 出院结算</span>}
    </div>
  );
}
