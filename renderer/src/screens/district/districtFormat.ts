import type { DetailMismatch } from '../../../../shared/district/protocol';
import type { DownloadKind, RejectedRecord } from '../../../../shared/district/types';
import { localDate } from '../../kit';

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
