import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { RejectedRecord, ResubmitRequest } from '../../../../shared/district/types';
import { api } from '../../api';
import { Field } from '../pharmacy/Field';
import { focusPath, issuesByPath, messageOf } from '../pharmacy/format';
import { REC_TYPE_NAMES } from './districtFormat';

export type RejectionMode = 'resubmit' | 'dispute';

interface RejectionFormProps {
  record: RejectedRecord;
  mode: RejectionMode;
  onDone: (handled: RejectedRecord) => void;
  onCancel: () => void;
}

/**
 * 更正后重新提交 (an optional corrected 身份证号, optional corrected 医保编码 per fee line, a required 说明) or
 * 提出异议 (a required 说明). Enter goes field to field and submits on 说明; Esc cancels.
 */
export function RejectionForm({ record, mode, onDone, onCancel }: RejectionFormProps) {
  const [note, setNote] = useState('');
  const [certNo, setCertNo] = useState('');
  const [codes, setCodes] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const firstRef = useRef<HTMLInputElement>(null);
  const scope = useRef<HTMLFormElement>(null);
  useEffect(() => firstRef.current?.focus(), []);
  const resubmit = mode === 'resubmit';

  const submit = async () => {
    if (busy) return;
    const changes = record.lines
      .map((l) => ({ feedetlSn: l.feedetlSn, hilistCode: (codes[l.feedetlSn] ?? '').trim() }))
      .filter((c) => c.hilistCode !== '');
    setBusy(true);
    setError(null);
    setProblems({});
    try {
      let handled: RejectedRecord;
      if (resubmit) {
        const request: ResubmitRequest = { outboxId: record.outboxId, note };
        if (certNo.trim() !== '') request.psnCertNo = certNo.trim();
        if (changes.length > 0) request.hilistCodes = changes;
        handled = await api['district.resubmit'](request);
      } else {
        handled = await api['district.dispute']({ outboxId: record.outboxId, note });
      }
      onDone(handled);
    } catch (e) {
      const byPath = issuesByPath(e);
      // hilistCodes[i]… answers for the i-th line sent: shown on that line.
      const mapped: Record<string, string> = {};
      for (const [path, message] of Object.entries(byPath)) {
        const index = /^hilistCodes\[(\d+)\]/.exec(path)?.[1];
        const change = index !== undefined ? changes[Number(index)] : undefined;
        mapped[change ? `line:${change.feedetlSn}` : path] ??= message;
      }
      setProblems(mapped);
      // With field errors under their fields, the line below only says so (the API's sentence names paths).
      setError(Object.keys(mapped).length > 0 ? '有误，请按各项下方的提示更正后再提交' : messageOf(e));
      // The first wrong field in the form's order gets the focus.
      const order = ['psnCertNo', ...record.lines.map((l) => `line:${l.feedetlSn}`), 'note'];
      focusPath(
        scope.current,
        order.filter((p) => p in mapped).map((p) => (p.startsWith('line:') ? `hilistCodes.${p.slice(5)}` : p)),
      );
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    // A field's own Esc clears it first (and marks the event handled); Esc on an empty field cancels.
    if (e.key === 'Escape' && !e.nativeEvent.defaultPrevented) {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  };

  return (
    <form
      ref={scope}
      className="panel district-rejection-form"
      data-testid={`district-${mode}-form`}
      data-keyscope
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h4>
        {resubmit ? '更正后重新提交' : '提出异议'}：收据号 <span className="code">{record.setlId}</span>（{REC_TYPE_NAMES[record.recType]}，{record.personName}）
      </h4>
      <p className="hint">
        拒付原因：<span className="loss">{record.reason}</span>
        {resubmit
          ? '。更正后作为一条新记录随下一批上传，金额不变；原记录与拒付原因保留备查。'
          : '。提出异议后此记录不再提交，异议说明留档（请另行向中心书面申诉）。'}
      </p>
      {resubmit && (
        <>
          <div className="form-row">
            <Field
              label={`身份证号（留空不改，现为 ${record.psnCertNo}）`}
              value={certNo}
              onChange={setCertNo}
              path="psnCertNo"
              error={problems.psnCertNo}
              placeholder={record.psnCertNo}
              inputRef={firstRef}
              className="district-cert"
            />
          </div>
          {record.lines.length > 0 && (
            <table className="grid compact district-lines" data-testid="district-resubmit-lines">
              <thead>
                <tr>
                  <th>序号</th><th>项目</th><th>当前医保编码</th><th>更正为（留空不改）</th>
                </tr>
              </thead>
              <tbody>
                {record.lines.map((l) => (
                  <tr key={l.feedetlSn}>
                    <td>{l.feedetlSn}</td>
                    <td>{l.name}</td>
                    <td className="code">{l.hilistCode ?? <span className="muted">（无，自费项目）</span>}</td>
                    <td>
                      <Field
                        bare
                        label={`第 ${l.feedetlSn} 条明细更正后的医保编码`}
                        value={codes[l.feedetlSn] ?? ''}
                        onChange={(v) => setCodes((c) => ({ ...c, [l.feedetlSn]: v }))}
                        path={`hilistCodes.${l.feedetlSn}`}
                        error={problems[`line:${l.feedetlSn}`]}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {problems.hilistCodes && <small className="field-error">{problems.hilistCodes}</small>}
        </>
      )}
      <div className="form-row">
        <Field
          label={resubmit ? '处理说明（必填）' : '异议说明（必填）'}
          value={note}
          onChange={setNote}
          path="note"
          error={problems.note}
          placeholder={resubmit ? '如：已与参保人核对身份证号' : '如：按区县政策属于支付范围，已书面申诉'}
          inputRef={resubmit ? undefined : firstRef}
          onEnter={() => void submit()}
          className="district-note"
        />
      </div>
      <p className="form-row">
        <button type="submit" disabled={busy} data-testid="district-rejection-submit">
          {resubmit ? '重新提交' : '提出异议'} <kbd>Enter</kbd>
        </button>
        <button type="button" onClick={onCancel}>
          取消 <kbd>Esc</kbd>
        </button>
      </p>
      {busy && <p className="muted">正在保存…</p>}
      {error && (
        <p className="error" role="alert" data-testid="district-rejection-error">
          {error}
        </p>
      )}
    </form>
  );
}
