/**
 * The QR scanner for 医保电子凭证 (the national insurance e-voucher on the patient's phone). Scanners come in
 * two modes and both end in a token string; mapping the token to a person is the insurance adapter's job.
 *
 * Keyboard wedge: the scanner types the code as keystrokes and presses Enter. A scan is told apart from a
 * cashier typing by speed: every key within `maxGapMs` of the previous one, the whole burst within
 * `maxDurationMs`, at least `minLength` characters, then Enter. Slower input is left alone (it is typing).
 *
 * HID-POS (USB HID Point of Sale, barcode scanner page 0x8C), the layout our supported scanners send:
 *
 *   byte 0       report ID 0x02
 *   byte 1       n, data bytes in this report (0…56)
 *   bytes 2…57   data (n bytes used)
 *   bytes 58…60  AIM symbology identifier, e.g. "]Q1" for QR Code
 *   byte 61      reserved
 *   byte 62      bit 0: more reports follow for the same symbol
 *   byte 63      reserved
 *
 * The keyboard-wedge decoder uses no Node API, so it can move to shared/ and run in the page that receives
 * the keys; the HID-POS decoder takes Node Buffers from the HID transport in the main process.
 */
import { DeviceError } from '../errors';

export interface WedgeOptions {
  maxGapMs?: number;
  maxDurationMs?: number;
  minLength?: number;
}

export interface ScanResult {
  text: string;
  /** How the scan arrived, for diagnostics. */
  via: 'wedge' | 'hid-pos';
  symbology?: string;
  durationMs?: number;
}

export class KeyboardWedgeDecoder {
  private chars: string[] = [];
  private firstAt = 0;
  private lastAt = 0;
  private readonly maxGapMs: number;
  private readonly maxDurationMs: number;
  private readonly minLength: number;

  constructor(options: WedgeOptions = {}) {
    this.maxGapMs = options.maxGapMs ?? 50;
    this.maxDurationMs = options.maxDurationMs ?? 2000;
    this.minLength = options.minLength ?? 8;
  }

  /**
   * One key as the page sees it (`KeyboardEvent.key`) and when (ms). Returns the scan when Enter ends a
   * fast enough burst; null otherwise (modifier keys are ignored, other keys just accumulate).
   */
  push(key: string, atMs: number): ScanResult | null {
    if (key === 'Enter') {
      const result =
        this.chars.length >= this.minLength && atMs - this.lastAt <= this.maxGapMs && atMs - this.firstAt <= this.maxDurationMs
          ? { text: this.chars.join(''), via: 'wedge' as const, durationMs: atMs - this.firstAt }
          : null;
      this.chars = [];
      return result;
    }
    if (key.length !== 1) return null; // Shift, Control, Unidentified…
    if (this.chars.length === 0 || atMs - this.lastAt > this.maxGapMs) {
      this.chars = [];
      this.firstAt = atMs;
    }
    this.chars.push(key);
    this.lastAt = atMs;
    return null;
  }

  reset(): void {
    this.chars = [];
  }
}

export const HID_POS_REPORT_ID = 0x02;
export const HID_POS_REPORT_SIZE = 64;
export const HID_POS_DATA_MAX = 56;

export class HidPosDecoder {
  private parts: Buffer[] = [];

  /** One input report (with its report ID first). Returns the scan when its last report arrives. */
  push(report: Buffer): ScanResult | null {
    if (report.length < HID_POS_REPORT_SIZE - 1 || report[0] !== HID_POS_REPORT_ID) return null;
    const n = report[1]!;
    if (n > HID_POS_DATA_MAX) {
      this.parts = [];
      throw new DeviceError('SCAN_INVALID', '扫码枪数据格式错误，请在设备设置中核对扫码枪模式（HID-POS / 键盘）');
    }
    this.parts.push(Buffer.from(report.subarray(2, 2 + n)));
    if ((report[62]! & 0x01) === 1) return null;
    const data = Buffer.concat(this.parts);
    this.parts = [];
    const symbology = report.subarray(58, 61).toString('latin1').replace(/\0+$/, '');
    return { text: data.toString('latin1'), via: 'hid-pos', ...(symbology ? { symbology } : {}) };
  }

  reset(): void {
    this.parts = [];
  }
}

/**
 * Checks what was scanned before anyone sends it to the insurer: an e-voucher code is printable ASCII with
 * no spaces, 16…512 characters. Returns the token (trimmed) or throws a Chinese reason.
 */
export function parseScanToken(text: string): string {
  const token = text.trim();
  if (token === '') throw new DeviceError('SCAN_INVALID', '未读到二维码内容，请让患者重新出示医保电子凭证');
  if (/[^\x21-\x7e]/.test(token)) {
    throw new DeviceError(
      'SCAN_INVALID',
      '扫码内容含有无法识别的字符：请把输入法切换到英文（半角）状态后重新扫码；仍不行请确认扫的是医保电子凭证',
    );
  }
  if (token.length < 16) throw new DeviceError('SCAN_INVALID', `扫码内容过短（${token.length} 个字符），不是医保电子凭证，请重新扫码`);
  if (token.length > 512) throw new DeviceError('SCAN_INVALID', `扫码内容过长（${token.length} 个字符），不是医保电子凭证，请重新扫码`);
  return token;
}
