import type { PrintJob } from '../../../../shared/printing';
import { DataTable, formatDateTime, type Column } from '../../kit';
import { copyName, PRINT_KIND_NAMES } from './deviceFormat';

export type PendingJobs = { jobs: PrintJob[] } | { error: string } | { forbidden: string } | null;

const COLUMNS: Column<PrintJob>[] = [
  { id: 'id', header: '任务', cell: (job) => job.id },
  { id: 'kind', header: '类别', cell: (job) => PRINT_KIND_NAMES[job.kind] },
  { id: 'ref', header: '单据编号', cell: (job) => job.refId },
  {
    id: 'copy',
    header: '份次',
    cell: (job) => (
      <>
        {copyName(job.copy)}
        {job.partlyPrinted && <span className="warn">（上次中断，将标「重打」）</span>}
      </>
    ),
  },
  { id: 'attempts', header: '已尝试', num: true, cell: (job) => `${job.attempts} 次` },
  { id: 'error', header: '最近错误', cell: (job) => (job.lastError ? <span className="error">{job.lastError}</span> : <span className="muted">—</span>) },
  { id: 'created', header: '加入时间', cell: (job) => formatDateTime(job.createdAt) },
];

/** 待打印收据: each job waiting for the printer, with how often it was tried and why it failed. */
export function PrintJobsPanel({ pending }: { pending: PendingJobs }) {
  return (
    <div data-testid="pending-jobs">
      <h3>待打印收据</h3>
      {pending === null && <p className="muted">正在读取…</p>}
      {pending && 'forbidden' in pending && (
        <p className="muted" data-testid="pending-jobs-forbidden">
          {pending.forbidden}（张数见上方设备状态）
        </p>
      )}
      {pending && 'error' in pending && (
        <p className="error" role="alert">
          {pending.error}
        </p>
      )}
      {pending && 'jobs' in pending && (
        <DataTable
          testId="pending-jobs-table"
          compact
          columns={COLUMNS}
          rows={pending.jobs}
          rowKey={(job) => job.id}
          rowProps={() => ({ 'data-testid': 'pending-job' })}
          empty={<p className="muted">没有待打印的收据。</p>}
        />
      )}
    </div>
  );
}
