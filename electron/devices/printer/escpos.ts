/**
 * An ESC/POS encoder for the counter's thermal receipt printers (Epson-compatible, as the domestic 58/80 mm
 * printers are). Text is GB18030 with Chinese mode on (FS &): every string is checked to survive the round
 * trip `decode(encode(s)) === s`, so a character the printer would print as '?' is refused before anything
 * is sent, with its code point in the message. The yuan sign is printed as ￥ (U+FFE5, two bytes A3 A4 in
 * every Chinese font); ¥ (U+00A5), which GB18030 only has as a four-byte code many fonts lack, is mapped to it.
 */
import iconv from 'iconv-lite';
import { DeviceError } from '../errors';

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';
const ALIGN: Record<Align, number> = { left: 0, center: 1, right: 2 };

export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';
const QR_ECC: Record<QrErrorLevel, number> = { L: 48, M: 49, Q: 50, H: 51 };

/** Encodes printable text as GB18030, or throws naming the characters a printer cannot print. */
export function encodeGb18030(text: string): Buffer {
  const normalised = text.replace(/\u00a5/g, '\uffe5');
  const bad: string[] = [];
  for (const ch of normalised) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0) || (cp >= 0xd800 && cp <= 0xdfff)) bad.push(describe(ch));
  }
  const bytes = iconv.encode(normalised, 'gb18030');
  if (bad.length === 0 && iconv.decode(bytes, 'gb18030') !== normalised) {
    for (const ch of normalised) if (iconv.decode(iconv.encode(ch, 'gb18030'), 'gb18030') !== ch) bad.push(describe(ch));
  }
  if (bad.length > 0) {
    throw new DeviceError('PRINT_ENCODING', `无法打印的字符：${[...new Set(bad)].join('、')}。请修改后再打印（打印机会把它印成“?”）`, { text });
  }
  return bytes;
}

function describe(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff) ? code : `「${ch}」(${code})`;
}

/** Builds one print job. Every method appends bytes; `build` returns them. */
export class EscPos {
  private readonly parts: Buffer[] = [];

  /** ESC @ (reset), then FS & (Chinese character mode: bytes ≥ 0x80 are GB18030). */
  init(): this {
    return this.raw([ESC, 0x40, FS, 0x26]);
  }

  align(align: Align): this {
    return this.raw([ESC, 0x61, ALIGN[align]]);
  }

  bold(on: boolean): this {
    return this.raw([ESC, 0x45, on ? 1 : 0]);
  }

  /** Character size: GS ! for ASCII and FS ! for Chinese characters (printers differ in which they honour). */
  size(width: 1 | 2, height: 1 | 2 = width): this {
    const gs = ((width - 1) << 4) | (height - 1);
    const fs = (width === 2 ? 0x04 : 0) | (height === 2 ? 0x08 : 0);
    return this.raw([GS, 0x21, gs, FS, 0x21, fs]);
  }

  text(text: string): this {
    this.parts.push(encodeGb18030(text));
    return this;
  }

  line(text = ''): this {
    if (text !== '') this.text(text);
    return this.raw([LF]);
  }

  /** Prints the buffer and feeds `lines` lines (ESC d n). */
  feed(lines: number): this {
    return this.raw([ESC, 0x64, clampByte(lines)]);
  }

  /** QR code, model 2 (GS ( k): module size 1–16 dots, error correction level, then store and print. */
  qr(data: string, options: { moduleSize?: number; level?: QrErrorLevel } = {}): this {
    const bytes = Buffer.from(data, 'utf8');
    if (bytes.length === 0 || bytes.length > 7089) throw new DeviceError('PRINT_ENCODING', `二维码内容长度无效：${bytes.length} 字节`);
    const store = bytes.length + 3;
    const moduleSize = Math.min(16, Math.max(1, options.moduleSize ?? 6));
    return this.raw([GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00])
      .raw([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, moduleSize])
      .raw([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, QR_ECC[options.level ?? 'M']])
      .raw([GS, 0x28, 0x6b, store & 0xff, store >> 8, 0x31, 0x50, 0x30])
      .raw(bytes)
      .raw([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]);
  }

  /** Feeds to the cutter and cuts (GS V 66 n: partial cut leaves a hinge; GS V 65 n full cut). */
  cut(mode: 'partial' | 'full' = 'partial', feedDots = 0): this {
    return this.raw([GS, 0x56, mode === 'full' ? 65 : 66, clampByte(feedDots)]);
  }

  /** Cash-drawer kick (ESC p m t1 t2): pulse on pin 2 (m = 0) or pin 5 (m = 1), times in ms (2 ms units). */
  drawerKick(pin: 2 | 5 = 2, onMs = 50, offMs = 500): this {
    return this.raw([ESC, 0x70, pin === 5 ? 1 : 0, clampByte(Math.round(onMs / 2)), clampByte(Math.round(offMs / 2))]);
  }

  raw(bytes: Uint8Array | readonly number[]): this {
    this.parts.push(Buffer.from(bytes));
    return this;
  }

  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** DLE EOT n: real-time status request (1 printer, 2 offline cause, 3 error cause, 4 paper sensor). */
export function statusRequest(n: 1 | 2 | 3 | 4): Buffer {
  return Buffer.of(DLE, EOT, n);
}

function clampByte(n: number): number {
  return Math.min(255, Math.max(0, Math.round(n)));
}
