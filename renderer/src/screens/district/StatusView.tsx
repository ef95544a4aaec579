import type { ReactNode, RefObject } from 'react';
import type { DistrictStatus } from '../../../../shared/district/types';
import { ageSince, DataTable, Facts, formatDateTime, fullTime, type Column } from '../../kit';
import { DOWNLOAD_NAMES } from './districtFormat';

interface StatusViewProps {
  status: DistrictStatus | null;
  error: string | null;
  busy: boolean;
  onSync: () => void;
  syncRef: RefObject<HTMLButtonElement | null>;
}

/** 状态: everything district.status says, and 立即上传. */
export function StatusView({ status, error, busy, onSync, syncRef }: StatusViewProps) {
  return (
    <div data-testid="district-status-view">
      <p className="form-row">
        <button type="button" ref={syncRef} disabled={busy} data-testid="district-sync" onClick={onSync}>
          立即上传 <kbd>Alt+U</kbd>
        </button>
        <span className="muted">把等待中的结算、退费记录马上发往区医保中心（不必等批次凑满或到时）。</span>
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!status && !error && <p className="muted">正在读取上传状态…</p>}
      {status && <StatusFacts status={status} />}
    </div>
  );
}

type Download = DistrictStatus['downloads'][number];

const DOWNLOAD_COLUMNS: Column<Download>[] = [
  { id: 'kind', header: '内容', cell: (d) => DOWNLOAD_NAMES[d.kind] },
  // Classes on the content, not the column: a column's class also colours its header.
  { id: 'ver', header: '版本', cell: (d) => <span className="code">{d.ver}</span> },
  { id: 'applied', header: '应用时间', cell: (d) => formatDateTime(d.appliedAt) },
];

/** Each fact's value carries its test id (the kit's Facts gives the cells none of their own). */
const fact = (testId: string, value: ReactNode) => <span data-testid={testId}>{value}</span>;

function StatusFacts({ status: s }: { status: DistrictStatus }) {
  return (
    <>
      <Facts
        testId="district-facts"
        rows={[
          [
            '连接',
            fact(
              'fact-connection',
              <>
                {s.enabled ? '已启用' : <span className="warn">未启用</span>}，{s.configured ? '已设置' : <span className="warn">未设置（中心地址、机构编码、签名密钥由信息员在「连接设置」中填写）</span>}
              </>,
            ),
          ],
          ['上次成功', fact('fact-last-success', s.lastSuccessAt ? `${formatDateTime(s.lastSuccessAt)}（${ageSince(s.lastSuccessAt)}前）` : '从未成功')],
          ['待上传', fact('fact-waiting', `${s.waiting} 条`)],
          ['最久等待', fact('fact-oldest', s.oldestWaitingAt && s.waiting > 0 ? `${ageSince(s.oldestWaitingAt)}（自 ${formatDateTime(s.oldestWaitingAt)}）` : '—')],
          [
            '正在上传的批次',
            fact(
              'fact-in-flight',
              s.inFlight ? (
                <>
                  <span className="code">{s.inFlight.msgid}</span>（{s.inFlight.records} 条，等待中心答复）
                </>
              ) : (
                '无'
              ),
            ),
          ],
          ['中心已接收', fact('fact-accepted', `${s.accepted} 条`)],
          ['被拒待处理', fact('fact-rejected', s.rejectedOpen > 0 ? <span className="warn">{s.rejectedOpen} 条（由院长/财务在「拒付处理」中更正或提出异议）</span> : '0 条')],
          ['最近错误', fact('fact-error', s.lastError ? <span className="loss">{formatDateTime(s.lastError.at)}：{s.lastError.message}</span> : <span className="muted">无</span>)],
          ['下次自动重试', fact('fact-next-attempt', s.nextAttemptAt ? fullTime(s.nextAttemptAt) : <span className="muted">—（未在等待重试）</span>)],
        ]}
      />
      <h4>下载</h4>
      <DataTable
        testId="fact-downloads"
        compact
        className="district-downloads"
        columns={DOWNLOAD_COLUMNS}
        rows={s.downloads}
        rowKey={(d) => d.kind}
        empty={
          <p className="muted" data-testid="fact-downloads">
            尚未从中心下载过政策、目录或参保名单。
          </p>
        }
      />
    </>
  );
}
