/**
 * How the screens write money, quantities, dates and times for a person: yuan from integer fen, local time.
 * Figures with a meaning of their own (percentages, indicators, group names) come from shared/format, so
 * screens, receipts and PDFs word them alike.
 */
import { formatDateTime, localDate } from '../../../shared/dates';
import { formatQty } from '../../../shared/quantity';

export { formatYuan, parseYuan } from '../../../shared/money';
export { formatQty } from '../../../shared/quantity';
export { formatDateTime, localDate } from '../../../shared/dates';
export { formatBp, formatChangeBp, formatIndicator, formatIndicatorChange, formatPointsBp, groupName, groupNames } from '../../../shared/format';

const pad = (n: number) => String(n).padStart(2, '0');

/** The counter's own date, as forms default to it. */
export function todayText(): string {
  return localDate(new Date());
}

/** 2026-11 → { from: 2026-11-01, to: 2026-11-30 }. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const lastDay = new Date(y, m, 0).getDate();
  return { from: `${month}-01`, to: `${month}-${pad(lastDay)}` };
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

/** HH:MM:SS of a moment on this machine's clock. */
export function clockTime(at: Date): string {
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/** HH:MM today; MM-DD HH:MM on another day this year; the full date otherwise. */
export function shortTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const day = localDate(at);
  if (day === localDate(now)) return time;
  return day.slice(0, 4) === localDate(now).slice(0, 4) ? `${day.slice(5)} ${time}` : `${day} ${time}`;
}

/** 2026-11-23 10:05:07: for moments where seconds matter. */
export function fullTime(iso: string): string {
  const at = new Date(iso);
  return `${formatDateTime(iso)}:${pad(at.getSeconds())}`;
}

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
