import type { KeyboardEvent } from 'react';
import type { RejectedRecord, ResubmitRequest } from '../../../../shared/district/types';
import { api } from '../../api';
import { DataTable, Field, issuesByPath, useForm, type Column } from '../../kit';
import { REC_TYPE_NAMES } from './districtFormat';

export type RejectionMode = 'resubmit' | 'dispute';

interface RejectionFormProps {
  record: RejectedRecord;
  mode: RejectionMode;
  onDone: (handled: RejectedRecord) => void;
  onCancel: () => void;
}

type Line = RejectedRecord['lines'][number];

/** A fee line with its correction field's state (the rows carry it, so the columns stay the same). */
interface LineRow {
  line: Line;
  code: string;
  error: string | undefined;
  onChange: (code: string) => void;
}

/** The field of one line's corrected code, by its 序号 (the API answers by position in what was sent). */
const linePath = (feedetlSn: string) => `hilistCodes.${feedetlSn}`;

const LINE_COLUMNS: Column<LineRow>[] = [
  { id: 'sn', header: '序号', cell: (r) => r.line.feedetlSn },
  { id: 'name', header: '项目', cell: (r) => r.line.name },
  // The class on the content, not the column: a column's class also colours its header.
  { id: 'code', header: '当前医保编码', cell: (r) => (r.line.hilistCode !== null ? <span className="code">{r.line.hilistCode}</span> : <span className="muted">（无，自费项目）</span>) },
  {
    id: 'fix',
    header: '更正为（留空不改）',
    cell: (r) => (
      <Field bare label={`第 ${r.line.feedetlSn} 条明细更正后的医保编码`} value={r.code} onChange={r.onChange} path={linePath(r.line.feedetlSn)} error={r.error} />
    ),
  },
];

/**
 * The API's field issues as the form shows them: `hilistCodes[i]…` answers for the i-th correction sent, so
 * it goes under that line's field; ordered as the form reads, so the first wrong field gets the focus.
 */
function issuesOnForm(error: unknown, sent: { feedetlSn: string }[], record: RejectedRecord): Record<string, string> {
  const mapped: Record<string, string> = {};
  for (const [path, message] of Object.entries(issuesByPath(error))) {
    const index = /^hilistCodes\[(\d+)\]/.exec(path)?.[1];
    const change = index !== undefined ? sent[Number(index)] : undefined;
    mapped[change ? linePath(change.feedetlSn) : path] ??= message;
  }
  const order = ['psnCertNo', ...record.lines.map((l) => linePath(l.feedetlSn)), 'note'];
  const ordered: Record<string, string> = {};
  for (const path of [...order.filter((p) => p in mapped), ...Object.keys(mapped)]) ordered[path] ??= mapped[path]!;
  return ordered;
}

/**
 * 更正后重新提交 (an optional corrected 身份证号, optional corrected 医保编码 per fee line, a required 说明) or
 * 提出异议 (a required 说明). Enter goes field to field and submits on 说明; Esc cancels.
 */
export function RejectionForm({ record, mode, onDone, onCancel }: RejectionFormProps) {
  // Taken apart: React's lint reads every property of an object holding a ref (scopeRef) as a ref.
  const { values, issues, error, busy, scopeRef, field, set, fail, submit: send } = useForm<{ note: string; psnCertNo: string; codes: Record<string, string> }>({
    note: '',
    psnCertNo: '',
    codes: {},
  });
  const resubmit = mode === 'resubmit';
  const { codes } = values;

  const submit = () =>
    send(async ({ note, psnCertNo, codes }) => {
      const changes = record.lines
        .map((l) => ({ feedetlSn: l.feedetlSn, hilistCode: (codes[l.feedetlSn] ?? '').trim() }))
        .filter((c) => c.hilistCode !== '');
      try {
        let handled: RejectedRecord;
        if (resubmit) {
          const request: ResubmitRequest = { outboxId: record.outboxId, note };
          if (psnCertNo.trim() !== '') request.psnCertNo = psnCertNo.trim();
          if (changes.length > 0) request.hilistCodes = changes;
          handled = await api['district.resubmit'](request);
        } else {
          handled = await api['district.dispute']({ outboxId: record.outboxId, note });
        }
        onDone(handled);
      } catch (e) {
        const issues = issuesOnForm(e, changes, record);
        // With field errors under their fields, the line below only says so (the API's sentence names paths).
        fail(Object.keys(issues).length > 0 ? '有误，请按各项下方的提示更正后再提交' : e, issues);
      }
    });

  const lineRows = record.lines.map(
    (line): LineRow => ({
      line,
      code: codes[line.feedetlSn] ?? '',
      error: issues[linePath(line.feedetlSn)],
      onChange: (code) => set({ codes: { ...codes, [line.feedetlSn]: code } }),
    }),
  );

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    // A field's own Esc clears it first (and marks the event handled); Esc on an empty field cancels.
    if (e.key === 'Escape' && !e.nativeEvent.defaultPrevented) {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  };

  return (
    <div ref={scopeRef}>
      <form
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
                {...field('psnCertNo')}
                placeholder={record.psnCertNo}
                autoFocus
                className="district-cert"
              />
            </div>
            <DataTable
              testId="district-resubmit-lines"
              compact
              className="district-lines"
              columns={LINE_COLUMNS}
              rows={lineRows}
              rowKey={(r) => r.line.feedetlSn}
              empty={null}
            />
            {issues.hilistCodes && <small className="field-error">{issues.hilistCodes}</small>}
          </>
        )}
        <div className="form-row">
          <Field
            label={resubmit ? '处理说明（必填）' : '异议说明（必填）'}
            {...field('note')}
            placeholder={resubmit ? '如：已与参保人核对身份证号' : '如：按区县政策属于支付范围，已书面申诉'}
            autoFocus={!resubmit}
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
    </div>
  );
}
