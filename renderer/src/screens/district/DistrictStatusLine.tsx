import { Fragment, useEffect, useRef } from 'react';
import type { DistrictStatus } from '../../../../shared/district/types';
import { ageSince, shortTime, useApi } from '../../kit';
import { shortError } from './districtFormat';

export const STATUS_REFRESH_MS = 10_000;

/**
 * The upload status, asked every 10 s; the title bar's line and the 医保上传 page share the one cached answer,
 * so both always say the same.
 */
export function useDistrictStatus() {
  return useApi('district.status', {}, { refetchInterval: STATUS_REFRESH_MS });
}

/** Asks again whenever `signal` changes after mount (on mount the query asks anyway). */
function useReloadOn(signal: number, reload: () => void): void {
  const latest = useRef(reload);
  useEffect(() => {
    latest.current = reload;
  });
  const mounted = useRef(signal);
  useEffect(() => {
    if (signal !== mounted.current) latest.current();
  }, [signal]);
}

/** The parts of the one-line status, in order; `warn` ones are drawn in the warning colour. */
function parts(s: DistrictStatus): { text: string; warn?: boolean; title?: string; id: string }[] {
  const waiting = { id: 'waiting', text: `待上传 ${s.waiting} 条` };
  if (!s.enabled || !s.configured) {
    return [{ id: 'state', text: s.enabled ? '未设置' : '未启用', warn: true }, ...(s.waiting > 0 ? [waiting] : [])];
  }
  return [
    { id: 'last', text: s.lastSuccessAt ? `上次成功 ${shortTime(s.lastSuccessAt)}` : '从未成功' },
    waiting,
    ...(s.oldestWaitingAt && s.waiting > 0 ? [{ id: 'oldest', text: `最久等待 ${ageSince(s.oldestWaitingAt)}` }] : []),
    ...(s.rejectedOpen > 0 ? [{ id: 'rejected', text: `被拒待处理 ${s.rejectedOpen}`, warn: true }] : []),
    ...(s.lastError ? [{ id: 'error', text: shortError(s.lastError.message), warn: true, title: `${shortTime(s.lastError.at)} ${s.lastError.message}` }] : []),
  ];
}

/**
 * 医保上传 in the title bar, for everyone signed in: 未启用/未设置, or the last success, what waits and for how
 * long, rejections waiting for the manager and the last error. Asked every 10 s and whenever `refreshSignal`
 * changes (after 立即上传 and the like on the 医保上传 page).
 */
export function DistrictStatusLine({ refreshSignal }: { refreshSignal: number }) {
  const { data: status, error, reload } = useDistrictStatus();
  useReloadOn(refreshSignal, reload);

  const list = status ? parts(status) : [];
  const title = error ?? list.map((p) => p.title ?? p.text).join(' · ');
  // Two short rows keep the title bar one bar high: what is going on, then what needs attention.
  const main = list.filter((p) => !p.warn || p.id === 'state');
  const attention = list.filter((p) => !main.includes(p));
  const row = (items: typeof list) =>
    items.map((p, i) => (
      <Fragment key={p.id}>
        {i > 0 && ' · '}
        <span data-testid={`district-status-${p.id}`} className={p.warn ? 'district-warn' : undefined}>
          {p.text}
        </span>
      </Fragment>
    ));
  return (
    <span
      className={`district-line${status?.lastError || error ? ' has-error' : ''}`}
      data-testid="district-status"
      data-waiting={status?.waiting}
      title={`医保上传：${title}`}
    >
      <span className="district-line-row">
        <span className="district-line-label">医保上传：</span>
        {!status && !error && <span>…</span>}
        {error && <span className="district-warn">{shortError(error)}</span>}
        {row(main)}
      </span>
      {attention.length > 0 && (
        <span className="district-line-row">
          {' '}
          {row(attention)}
        </span>
      )}
    </span>
  );
}
