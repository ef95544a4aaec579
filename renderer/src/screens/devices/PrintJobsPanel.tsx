import { formatDateTime } from '../../../../shared/dates';
import type { PrintJob } from '../../../../shared/printing';
import { copyName, PRINT_KIND_NAMES } from './deviceFormat';

export type PendingJobs = { jobs: PrintJob[] } | { error: string } | { forbidden: string } | null;

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
      {pending && 'jobs' in pending && pending.jobs.length === 0 && <p className="muted">没有待打印的收据。</p>}
      {pending && 'jobs' in pending && pending.jobs.length > 0 && (
        <table className="grid compact" data-testid="pending-jobs-table">
          <thead>
            <tr>
              <th>任务</th><th>类别</th><th>单据编号</th><th>份次</th><th className="num">已尝试</th><th>最近错误</th><th>加入时间</th>
            </tr>
          </thead>
          <tbody>
            {pending.jobs.map((job) => (
              <tr key={job.id} data-testid="pending-job">
                <td>{job.id}</td>
                <td>{PRINT_KIND_NAMES[job.kind]}</td>
                <td>{job.refId}</td>
                <td>
                  {copyName(job.copy)}
                  {job.partlyPrinted && <span className="warn">（上次中断，将标「重打」）</span>}
                </td>
                <td className="num">{job.attempts} 次</td>
                <td>{job.lastError ? <span className="error">{job.lastError}</span> : <span className="muted">—</span>}</td>
                <td>{formatDateTime(job.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
