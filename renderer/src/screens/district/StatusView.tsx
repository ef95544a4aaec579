import type { RefObject } from 'react';
import type { DistrictStatus } from '../../../../shared/district/types';
import { formatDateTime } from '../../../../shared/dates';
import { ageSince, DOWNLOAD_NAMES, fullTime } from './districtFormat';

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

function StatusFacts({ status: s }: { status: DistrictStatus }) {
  return (
    <>
      <table className="facts" data-testid="district-facts">
        <tbody>
          <tr>
            <th>连接</th>
            <td data-testid="fact-connection">
              {s.enabled ? '已启用' : <span className="warn">未启用</span>}，{s.configured ? '已设置' : <span className="warn">未设置（中心地址、机构编码、签名密钥由信息员在「连接设置」中填写）</span>}
            </td>
          </tr>
          <tr>
            <th>上次成功</th>
            <td data-testid="fact-last-success">{s.lastSuccessAt ? `${formatDateTime(s.lastSuccessAt)}（${ageSince(s.lastSuccessAt)}前）` : '从未成功'}</td>
          </tr>
          <tr>
            <th>待上传</th>
            <td data-testid="fact-waiting">{s.waiting} 条</td>
          </tr>
          <tr>
            <th>最久等待</th>
            <td data-testid="fact-oldest">{s.oldestWaitingAt && s.waiting > 0 ? `${ageSince(s.oldestWaitingAt)}（自 ${formatDateTime(s.oldestWaitingAt)}）` : '—'}</td>
          </tr>
          <tr>
            <th>正在上传的批次</th>
            <td data-testid="fact-in-flight">
              {s.inFlight ? (
                <>
                  <span className="code">{s.inFlight.msgid}</span>（{s.inFlight.records} 条，等待中心答复）
                </>
              ) : (
                '无'
              )}
            </td>
          </tr>
          <tr>
            <th>中心已接收</th>
            <td data-testid="fact-accepted">{s.accepted} 条</td>
          </tr>
          <tr>
            <th>被拒待处理</th>
            <td data-testid="fact-rejected">{s.rejectedOpen > 0 ? <span className="warn">{s.rejectedOpen} 条（由院长/财务在「拒付处理」中更正或提出异议）</span> : '0 条'}</td>
          </tr>
          <tr>
            <th>最近错误</th>
            <td data-testid="fact-error">{s.lastError ? <span className="loss">{formatDateTime(s.lastError.at)}：{s.lastError.message}</span> : <span className="muted">无</span>}</td>
          </tr>
          <tr>
            <th>下次自动重试</th>
            <td data-testid="fact-next-attempt">{s.nextAttemptAt ? fullTime(s.nextAttemptAt) : <span className="muted">—（未在等待重试）</span>}</td>
          </tr>
        </tbody>
      </table>
      <h4>下载</h4>
      {s.downloads.length === 0 ? (
        <p className="muted" data-testid="fact-downloads">尚未从中心下载过政策、目录或参保名单。</p>
      ) : (
        <table className="grid compact district-downloads" data-testid="fact-downloads">
          <thead>
            <tr>
              <th>内容</th><th>版本</th><th>应用时间</th>
            </tr>
          </thead>
          <tbody>
            {s.downloads.map((d) => (
              <tr key={d.kind}>
                <td>{DOWNLOAD_NAMES[d.kind]}</td>
                <td className="code">{d.ver}</td>
                <td>{formatDateTime(d.appliedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
