/**
 * Reads ESC/POS back into what a person would see on the paper: text lines (GB18030 in Chinese mode) with
 * their alignment, weight and size, QR codes, feeds, cuts and drawer kicks. Streaming: bytes may arrive in
 * any pieces, a command split across pieces waits for the rest. Real-time status requests (DLE EOT n) are
 * handed to `onStatusQuery` and answered at once, as a printer does. Used by the virtual printer and by
 * the encoder's round-trip tests.
 */
import iconv from 'iconv-lite';
import type { Align } from '../printer/escpos';

export type PrintedEvent =
  | { type: 'line'; text: string; align: Align; bold: boolean; width: 1 | 2; height: 1 | 2 }
  | { type: 'qr'; data: string }
  | { type: 'feed'; lines: number }
  | { type: 'cut'; mode: 'full' | 'partial' }
  | { type: 'drawer'; pin: 2 | 5; onMs: number; offMs: number }
  | { type: 'init' }
  | { type: 'unknown'; bytes: string };

const ALIGNS: Align[] = ['left', 'center', 'right'];

export class EscPosDecoder {
  private pending: number[] = [];
  private line: number[] = [];
  private align: Align = 'left';
  private bold = false;
  private width: 1 | 2 = 1;
  private height: 1 | 2 = 1;
  private chinese = false;
  private qrData: Buffer | null = null;

  constructor(
    private readonly emit: (event: PrintedEvent) => void,
    private readonly onStatusQuery: (n: number) => void = () => undefined,
  ) {}

  push(chunk: Uint8Array): void {
    for (const b of chunk) this.pending.push(b);
    let at = 0;
    for (;;) {
      const used = this.step(at);
      if (used === 0) break;
      at += used;
    }
    this.pending = this.pending.slice(at);
  }

  /** Prints whatever text is waiting without a line feed (end of stream). */
  flush(): void {
    if (this.line.length) this.endLine();
  }

  /** Consumes one command or byte at `at`; returns how many bytes, or 0 when more are needed. */
  private step(at: number): number {
    const p = this.pending;
    const n = p.length - at;
    if (n <= 0) return 0;
    const b = p[at]!;
    const need = (k: number) => n >= k;
    const arg = (k: number) => p[at + k]!;
    switch (b) {
      case 0x0a:
        this.endLine();
        return 1;
      case 0x0d:
        return 1;
      case 0x10: // DLE
        if (!need(2)) return 0;
        if (arg(1) === 0x04) {
          if (!need(3)) return 0;
          this.onStatusQuery(arg(2));
          return 3;
        }
        if (arg(1) === 0x14) {
          if (!need(5)) return 0;
          this.emit({ type: 'drawer', pin: arg(3) === 1 ? 5 : 2, onMs: arg(4) * 100, offMs: arg(4) * 100 });
          return 5;
        }
        return this.unknown(at, 2);
      case 0x1b: // ESC
        return this.esc(at, n);
      case 0x1d: // GS
        return this.gs(at, n);
      case 0x1c: // FS
        if (!need(2)) return 0;
        if (arg(1) === 0x26) {
          this.chinese = true;
          return 2;
        }
        if (arg(1) === 0x2e) {
          this.chinese = false;
          return 2;
        }
        if (arg(1) === 0x21 || arg(1) === 0x43 || arg(1) === 0x2d || arg(1) === 0x57) return need(3) ? 3 : 0;
        if (arg(1) === 0x53) return need(4) ? 4 : 0;
        return this.unknown(at, 2);
      default:
        if (b < 0x20) return this.unknown(at, 1);
        this.line.push(b);
        return 1;
    }
  }

  private esc(at: number, n: number): number {
    if (n < 2) return 0;
    const p = this.pending;
    const cmd = p[at + 1]!;
    const withArg = (apply: (v: number) => void) => {
      if (n < 3) return 0;
      apply(p[at + 2]!);
      return 3;
    };
    switch (cmd) {
      case 0x40: // ESC @
        this.flush();
        this.align = 'left';
        this.bold = false;
        this.width = 1;
        this.height = 1;
        this.chinese = false;
        this.emit({ type: 'init' });
        return 2;
      case 0x45: // ESC E n
      case 0x47: // ESC G n (double strike, shown as bold)
        return withArg((v) => (this.bold = (v & 1) === 1));
      case 0x61: // ESC a n
        return withArg((v) => (this.align = ALIGNS[v % 48 <= 2 ? v % 48 : 0] ?? 'left'));
      case 0x21: // ESC ! n
        return withArg((v) => {
          this.bold = (v & 0x08) !== 0;
          this.height = v & 0x10 ? 2 : 1;
          this.width = v & 0x20 ? 2 : 1;
        });
      case 0x64: // ESC d n
        return withArg((v) => {
          this.flush();
          this.emit({ type: 'feed', lines: v });
        });
      case 0x4a: // ESC J n (feed dots)
        return withArg(() => this.flush());
      case 0x32: // ESC 2
        return 2;
      case 0x33: // ESC 3 n
      case 0x4d: // ESC M n
      case 0x2d: // ESC - n
      case 0x74: // ESC t n
      case 0x52: // ESC R n
      case 0x7b: // ESC { n
      case 0x56: // ESC V n
      case 0x20: // ESC SP n
        return withArg(() => undefined);
      case 0x70: // ESC p m t1 t2
        if (n < 5) return 0;
        this.emit({ type: 'drawer', pin: p[at + 2]! % 48 === 1 ? 5 : 2, onMs: p[at + 3]! * 2, offMs: p[at + 4]! * 2 });
        return 5;
      default:
        return this.unknown(at, 2);
    }
  }

  private gs(at: number, n: number): number {
    if (n < 2) return 0;
    const p = this.pending;
    const cmd = p[at + 1]!;
    switch (cmd) {
      case 0x21: // GS ! n
        if (n < 3) return 0;
        this.width = ((p[at + 2]! >> 4) & 0x07) >= 1 ? 2 : 1;
        this.height = (p[at + 2]! & 0x07) >= 1 ? 2 : 1;
        return 3;
      case 0x56: {
        // GS V m [n]
        if (n < 3) return 0;
        const m = p[at + 2]!;
        const hasN = m === 65 || m === 66 || m === 97 || m === 98 || m === 103 || m === 104;
        if (hasN && n < 4) return 0;
        this.flush();
        this.emit({ type: 'cut', mode: m === 0 || m === 48 || m === 65 || m === 97 ? 'full' : 'partial' });
        return hasN ? 4 : 3;
      }
      case 0x28: {
        // GS ( k pL pH cn fn [params]
        if (n < 5) return 0;
        const len = p[at + 3]! | (p[at + 4]! << 8);
        if (n < 5 + len) return 0;
        if (p[at + 2] === 0x6b) this.qr(Buffer.from(p.slice(at + 5, at + 5 + len)));
        return 5 + len;
      }
      case 0x42: // GS B n
      case 0x48: // GS H n
      case 0x66: // GS f n
      case 0x68: // GS h n
      case 0x77: // GS w n
      case 0x61: // GS a n
      case 0x72: // GS r n
        return n < 3 ? 0 : 3;
      case 0x4c: // GS L nL nH
      case 0x57: // GS W nL nH
        return n < 4 ? 0 : 4;
      default:
        return this.unknown(at, 2);
    }
  }

  private qr(body: Buffer): void {
    // body: cn fn params…; cn 0x31 is QR Code.
    if (body[0] !== 0x31) return;
    const fn = body[1];
    if (fn === 0x50) this.qrData = Buffer.from(body.subarray(3));
    if (fn === 0x51 && this.qrData) {
      this.flush();
      this.emit({ type: 'qr', data: this.qrData.toString('utf8') });
    }
  }

  private unknown(at: number, length: number): number {
    this.emit({ type: 'unknown', bytes: Buffer.from(this.pending.slice(at, at + length)).toString('hex').toUpperCase() });
    return length;
  }

  private endLine(): void {
    const bytes = Buffer.from(this.line);
    this.line = [];
    const text = this.chinese ? iconv.decode(bytes, 'gb18030') : bytes.toString('latin1');
    this.emit({ type: 'line', text, align: this.align, bold: this.bold, width: this.width, height: this.height });
  }
}

/** Decodes a whole job at once (no status answers). */
export function decodeEscPos(bytes: Uint8Array): PrintedEvent[] {
  const events: PrintedEvent[] = [];
  const decoder = new EscPosDecoder((e) => events.push(e));
  decoder.push(bytes);
  decoder.flush();
  return events;
}
