import type { FieldIssue } from '../../../../shared/api/errors';
import { localDate } from '../../../../shared/dates';
import { formatQty } from '../../../../shared/quantity';

/** The counter's own date, as the pharmacist's forms default to it. */
export function todayText(): string {
  return localDate(new Date());
}

/** 2026-11 → { from: 2026-11-01, to: 2026-11-30 }. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const lastDay = new Date(y, m, 0).getDate();
  return { from: `${month}-01`, to: `${month}-${String(lastDay).padStart(2, '0')}` };
}

/** Accepts 20280630, 2028/06/30 and 2028.06.30 as well as 2028-06-30; anything else goes to the server as typed. */
export function normalizeDate(text: string): string {
  const t = text.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  return /^\d{4}[/.]\d{2}[/.]\d{2}$/.test(t) ? t.replace(/[/.]/g, '-') : t;
}

/** 1500, 盒 → 1.5盒. */
export function qtyText(milli: number, unit: string): string {
  return `${formatQty(milli)}${unit}`;
}

/** How far a batch is from its expiry date, in words. */
export function expiryText(batch: { expired: boolean; daysToExpiry: number }): string {
  if (batch.expired) return `已过期 ${-batch.daysToExpiry} 天`;
  return batch.daysToExpiry === 0 ? '今天到期' : `还有 ${batch.daysToExpiry} 天`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The field issues of a refused call (`details.issues`), by path. */
export function issuesByPath(error: unknown): Record<string, string> {
  const issues = (error as { details?: { issues?: FieldIssue[] } } | null)?.details?.issues ?? [];
  const byPath: Record<string, string> = {};
  for (const issue of issues) byPath[issue.path] ??= issue.message;
  return byPath;
}

/** Focuses the first input marked with one of these paths (after a refused submit). */
export function focusPath(scope: HTMLElement | null, paths: string[]): void {
  for (const path of paths) {
    const input = scope?.querySelector<HTMLInputElement>(`[data-path="${CSS.escape(path)}"]`);
    if (input && !input.disabled) {
      input.focus();
      input.select();
      return;
    }
  }
}
