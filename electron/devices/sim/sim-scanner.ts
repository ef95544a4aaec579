/** A simulated QR scanner: the keystrokes a keyboard-wedge scanner types, and the reports a HID-POS one sends. */
import { HID_POS_DATA_MAX, HID_POS_REPORT_ID, HID_POS_REPORT_SIZE } from '../qr/scanner';

export function wedgeKeystrokes(text: string, options: { startMs?: number; gapMs?: number } = {}): { key: string; atMs: number }[] {
  const start = options.startMs ?? 0;
  const gap = options.gapMs ?? 4;
  const keys = [...text].map((key, i) => ({ key, atMs: start + i * gap }));
  keys.push({ key: 'Enter', atMs: start + text.length * gap });
  return keys;
}

export function hidPosReports(text: string, symbology = ']Q1'): Buffer[] {
  const data = Buffer.from(text, 'latin1');
  const reports: Buffer[] = [];
  for (let at = 0; at === 0 || at < data.length; at += HID_POS_DATA_MAX) {
    const chunk = data.subarray(at, at + HID_POS_DATA_MAX);
    const report = Buffer.alloc(HID_POS_REPORT_SIZE);
    report[0] = HID_POS_REPORT_ID;
    report[1] = chunk.length;
    chunk.copy(report, 2);
    report.write(symbology.slice(0, 3), 58, 'latin1');
    report[62] = at + HID_POS_DATA_MAX < data.length ? 1 : 0;
    reports.push(report);
  }
  return reports;
}
