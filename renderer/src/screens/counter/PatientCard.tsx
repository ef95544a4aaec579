import { INSURED_TYPE_NAMES, type InsuredPerson } from '../../../../shared/domain';
import type { YearUsage } from '../../../../shared/ledger';
import type { Fen } from '../../../../shared/money';
import { DataTable, formatYuan, groupName, useApi, type Column } from '../../kit';
import { certificationState, genderName } from './counterFormat';

interface PatientCardProps {
  person: InsuredPerson;
  age: number;
  /** This bill is self-pay: the patient is not insured, or chose 自费 (Alt+Z). */
  selfPay: boolean;
  today: string;
}

/** Who is being billed: the person, their chronic-disease filings, and this year's use of the caps. */
export function PatientCard({ person: p, age, selfPay, today }: PatientCardProps) {
  const insured = p.insuredType !== 'none';
  return (
    <div data-testid="patient-panel">
      <div className="patient-card" data-testid="patient-card">
        <strong className="patient-name">{p.name}</strong>
        <span>{genderName(p.gender)}</span>
        <span>{age} 岁</span>
        <span className="tag">{INSURED_TYPE_NAMES[p.insuredType]}</span>
        {p.groups.map((g) => (
          <span key={g} className="tag group">
            {groupName(g)}
          </span>
        ))}
        {selfPay && (
          <span className="tag self-pay" data-testid="patient-self-pay">
            {insured ? '本次自费' : '自费'}
          </span>
        )}
        <span className="code">{p.idNumber}</span>
        {p.cardNo && <span className="muted">卡号 {p.cardNo}</span>}
      </div>
      {p.certifications.length > 0 && (
        <p data-testid="patient-certs">
          门诊慢特病认定：
          {p.certifications.map((c, i) => {
            const state = certificationState(c, today);
            return (
              <span key={`${c.diseaseCode}-${c.validFrom}`} data-testid="patient-cert" className={state === 'valid' ? '' : 'muted'}>
                {i > 0 && '；'}
                <strong>{c.diseaseName}</strong>（{c.diseaseCode}）有效期至 {c.validTo}
                {state === 'lapsed' && <span className="tag self-pay">已过期</span>}
                {state === 'future' && <span className="tag">{c.validFrom} 起生效</span>}
              </span>
            );
          })}
        </p>
      )}
      {insured ? <YearUsageTable personId={p.id} /> : <p className="muted" data-testid="patient-usage">未参保：不享受医保待遇，账单按自费结算。</p>}
    </div>
  );
}

type UsageRow = YearUsage['rows'][number];

/** A cap's figure: 不封顶 where the policy sets none. */
const capped = (amount: Fen | null) => (amount === null ? '不封顶' : formatYuan(amount));

const USAGE_COLUMNS: Column<UsageRow>[] = [
  { id: 'label', header: '项目', cell: (r) => r.label },
  { id: 'used', header: '已用', num: true, cell: (r) => formatYuan(r.used) },
  { id: 'cap', header: '年度封顶', num: true, cell: (r) => capped(r.cap) },
  { id: 'remaining', header: '剩余', num: true, cell: (r) => capped(r.remaining) },
];

/** 本年度医保使用：each cap of the policy in force, what is used and what remains. */
function YearUsageTable({ personId }: { personId: number }) {
  const usage = useApi('people.usage', { personId });
  if (usage.error) {
    return (
      <p className="error" data-testid="patient-usage">
        本年度使用情况：{usage.error}
      </p>
    );
  }
  if (!usage.data) return <p className="muted">正在读取本年度使用情况…</p>;
  return (
    <DataTable
      columns={USAGE_COLUMNS}
      rows={usage.data.rows}
      rowKey={(r) => r.label}
      compact
      testId="patient-usage"
      caption={
        <>
          {usage.data.year} 年度医保使用（结算政策 {usage.data.policyId}）
        </>
      }
      rowProps={() => ({ 'data-testid': 'usage-row' })}
    />
  );
}
