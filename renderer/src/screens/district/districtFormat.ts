import { localDate } from '../../../../shared/dates';
import type { DetailMismatch } from '../../../../shared/district/protocol';
import type { DownloadKind, RejectedRecord } from '../../../../shared/district/types';

export const DOWNLOAD_NAMES: Record<DownloadKind, string> = { policy: '政策', catalogue: '目录', roster: '参保名单' };

export const REC_TYPE_NAMES: Record<RejectedRecord['recType'], string> = { '2207': '结算', '2208': '退费' };

export const MISMATCH_NAMES: Record<DetailMismatch['kind'], string> = {
  missing_locally: '本机缺',
  missing_at_centre: '中心缺',
  amount_differs: '金额不符',
};

export const ACTION_NAMES: Record<NonNullable<RejectedRecord['action']>['action'], string> = {
  resubmitted: '已更正重新提交',
  disputed: '已提出异议',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** How long ago, in the largest whole unit: 45 秒, 3 分钟, 5 小时, 2 天. */
export function ageText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} 秒`;
  if (s < 3600) return `${Math.floor(s / 60)} 分钟`;
  if (s < 86_400) return `${Math.floor(s / 3600)} 小时`;
  return `${Math.floor(s / 86_400)} 天`;
}

/** Age of an ISO instant relative to the browser's clock. */
export function ageSince(iso: string, now = Date.now()): string {
  return ageText(now - Date.parse(iso));
}

/** HH:MM today; MM-DD HH:MM on another day this year; the full date otherwise. */
export function shortTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const day = localDate(at);
  if (day === localDate(now)) return time;
  return day.slice(0, 4) === localDate(now).slice(0, 4) ? `${day.slice(5)} ${time}` : `${day} ${time}`;
}

/** 2026-11-23 10:05:07: for moments where seconds matter (the next retry). */
export function fullTime(iso: string): string {
  const at = new Date(iso);
  return `${localDate(at)} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/** A long error cut for the title bar (the whole text goes in the tooltip). */
export function shortError(message: string, max = 28): string {
  const chars = Array.from(message);
  return chars.length <= max ? message : `${chars.slice(0, max).join('')}…`;
}

/** The first day of this month and today, as the 对账 form defaults to. */
export function thisMonthToToday(now = new Date()): { from: string; to: string } {
  const today = localDate(now);
  return { from: `${today.slice(0, 8)}01`, to: today };
}
