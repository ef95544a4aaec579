import { useRef, useState } from 'react';
import { INSURED_TYPE_NAMES, type InsuredPerson } from '../../../../shared/domain';
import type { Admission } from '../../../../shared/inpatient';
import { LEVEL_NAMES } from '../../../../shared/ledger';
import { api } from '../../api';
import { Field, FormError, groupName, useForm } from '../../kit';
import { SearchPicker } from '../../SearchPicker';
import { newRequestId } from './inpatientFormat';

function PersonLine({ person }: { person: InsuredPerson }) {
  return (
    <>
      <strong>{person.name}</strong> {person.gender === 'M' ? '男' : '女'} {person.birthDate} <span className="code">{person.idNumber}</span>{' '}
      <span className="muted">
        {INSURED_TYPE_NAMES[person.insuredType]}
        {person.groups.length > 0 && ` · ${person.groups.map(groupName).join('、')}`}
        {person.cardNo && ` · 卡号 ${person.cardNo}`}
      </span>
    </>
  );
}

/**
 * 入院登记: find the patient (ID number, card or name; ↑↓ Enter), then 病区, 床号, 诊断 with Enter between them;
 * Enter on 诊断 (or Ctrl+Enter anywhere) admits. One request id per form, reused when the same form is sent again.
 */
export function AdmitForm({ enabled, onAdmitted }: { enabled: boolean; onAdmitted: (admission: Admission) => void }) {
  const [person, setPerson] = useState<InsuredPerson | null>(null);
  // Taken apart: React's lint reads every property of an object holding a ref (scopeRef) as a ref.
  const { field, error, busy, scopeRef, fail, submit: send, clear } = useForm({ ward: '', bed: '', diagnosis: '' });
  const [requestId] = useState(newRequestId);
  const pickerRef = useRef<HTMLInputElement>(null);
  const wardRef = useRef<HTMLInputElement>(null);

  const submit = async () => {
    if (busy || !enabled) return;
    if (!person) {
      fail('请先查找并选择病人：输入身份证号、社保卡号或姓名，↑↓ 选择后按 Enter', {});
      pickerRef.current?.focus();
      return;
    }
    const admission = await send(({ ward, bed, diagnosis }) =>
      api['inpatient.admit']({ personId: person.id, level: 'township', ward: ward.trim(), bed: bed.trim(), diagnosis: diagnosis.trim(), clientRequestId: requestId }),
    );
    if (admission) onAdmitted(admission);
  };

  return (
    <div
      ref={scopeRef}
      data-keyscope
      data-testid="admit-form"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.ctrlKey) {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <p className="hint">输入身份证号、社保卡号或姓名，↑↓ 选择，Enter 选定；再填病区、床号、诊断（Enter 下一项），诊断栏按 Enter（或 Ctrl+Enter）办理入院；Esc 清空当前栏，空栏按 Esc 返回在院病人</p>
      {!enabled && <p className="warn" role="status">入院登记由收费员办理。</p>}
      <SearchPicker<InsuredPerson>
        label="病人（身份证号 / 社保卡号 / 姓名）"
        placeholder="刷卡或输入，如 430721… 或 王秀英"
        testId="admit-person"
        autoFocus
        className="ip-wide-picker"
        disabled={!enabled}
        inputRef={pickerRef}
        search={(query) => api['people.find']({ query, limit: 20 })}
        keyOf={(p) => p.id}
        exact={(p, q) => p.idNumber === q.toUpperCase() || p.cardNo === q || p.name === q}
        render={(p) => <PersonLine person={p} />}
        notFound={(q) => `没有找到「${q}」：请核对身份证号或社保卡号；未参保的病人先在收费处登记`}
        onPick={(p) => {
          setPerson(p);
          clear();
          wardRef.current?.focus();
        }}
        onEmptyEnter={() => (person ? wardRef.current?.focus() : void submit())}
      />
      <div className="panel ip-person" data-testid="admit-picked">
        {person ? <PersonLine person={person} /> : <span className="muted">尚未选择病人</span>}
        <span className="muted"> · 医院级别：{LEVEL_NAMES.township}</span>
      </div>
      <div className="form-row">
        <Field label="病区" {...field('ward')} placeholder="如 内科" inputRef={wardRef} disabled={!enabled} />
        <Field label="床号" {...field('bed')} placeholder="如 3" className="short" disabled={!enabled} />
        <Field label="诊断" {...field('diagnosis')} placeholder="如 肺炎" onEnter={() => void submit()} disabled={!enabled} />
      </div>
      <FormError error={error} testId="admit-error" />
      <p>
        <button type="button" disabled={busy || !enabled} onClick={() => void submit()} data-testid="admit-submit">
          {busy ? '正在办理…' : '办理入院'} <kbd>Ctrl+Enter</kbd>
        </button>
      </p>
    </div>
  );
}
