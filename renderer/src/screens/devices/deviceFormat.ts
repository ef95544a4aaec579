import type { PrintKind } from '../../../../shared/printing';

/** 0x1a86 → 0x1a86: USB ids as the information officer reads them off the device (four hex digits). */
export function hexId(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}

/** A HID device as `1a86:7523`, the way lsusb and Windows' device manager show it. */
export function vidPid(vendorId: number, productId: number): string {
  return `${vendorId.toString(16).padStart(4, '0')}:${productId.toString(16).padStart(4, '0')}`;
}

/** `0x1234`, `1234` or `0X1A86` (always hexadecimal) → the number; a Chinese problem otherwise. */
export function parseHexId(text: string, label: string): { value: number } | { problem: string } {
  const t = text.trim();
  if (t === '') return { problem: `请输入${label}` };
  const match = /^(?:0x)?([0-9a-f]{1,4})$/i.exec(t);
  if (!match) return { problem: `${label}应为十六进制数，如 0x1234（0x0000–0xffff）` };
  return { value: parseInt(match[1]!, 16) };
}

/** The HID report size: a whole number of bytes, 8–1024 (most readers use 64). */
export function parseReportSize(text: string): { value: number } | { problem: string } {
  const t = text.trim();
  if (t === '') return { value: 64 };
  if (!/^\d{1,4}$/.test(t)) return { problem: '报告长度应为 8–1024 的整数（常见为 64）' };
  const n = Number(t);
  return n >= 8 && n <= 1024 ? { value: n } : { problem: '报告长度应为 8–1024 的整数（常见为 64）' };
}

export const PRINT_KIND_NAMES: Record<PrintKind, string> = {
  settlement: '结算收据',
  deposit: '预交金收据',
  shift: '交班汇总',
  daily: '日结单简式',
};

/** 0 → 原件; n → 重打 n. */
export function copyName(copy: number): string {
  return copy === 0 ? '原件' : `重打 ${copy}`;
}
