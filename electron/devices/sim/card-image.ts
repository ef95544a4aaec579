/**
 * A social security card in JSON (`test/fixtures/cards/*.json`) and the card side of its APDUs: SELECT by
 * name and by file id, READ RECORD by tag with SFI, GET RESPONSE, and the status words a real card sends
 * (61 xx when it makes the terminal fetch data, 6C xx for a wrong Le, 6A 82 / 6A 83 for what it lacks).
 */
import iconv from 'iconv-lite';
import { fromHex } from '../errors';

/**
 * One record's value: a plain string is ASCII; `gbk` is text in GBK/GB18030 padded to `length` with `pad`
 * (default spaces); `bcd` is digits packed two per byte; `hex` is raw bytes.
 */
export type RecordValue =
  | string
  | { text: string; length?: number; pad?: PadStyle }
  | { gbk: string; length?: number; pad?: PadStyle }
  | { bcd: string }
  | { hex: string };

export type PadStyle = 'space' | 'zero' | 'ff';

export interface CardImage {
  /** Answer to reset, hex. */
  atr: string;
  /** Application name; default `sx1.sh.社会保障` (encoded GBK). A bank card has another. */
  applicationName?: string;
  /** Records by tag (two hex digits) in EF05 and EF06; a missing file answers 6A 82. */
  ef05?: Record<string, RecordValue>;
  ef06?: Record<string, RecordValue>;
  /**
   * T=0 behaviour: every reply that carries data is announced with 61 xx and fetched with GET RESPONSE,
   * at most `getResponseChunk` bytes per GET RESPONSE (the rest announced again with 61 xx).
   */
  getResponse?: boolean;
  getResponseChunk?: number;
  /** Forced status words: a command starting with `apdu` (hex) answers `sw`, `times` times (default always). */
  statusWords?: { apdu: string; sw: string; times?: number }[];
}

export function encodeRecordValue(value: RecordValue): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'latin1');
  if ('bcd' in value) return fromHex(value.bcd);
  if ('hex' in value) return fromHex(value.hex);
  const bytes = 'gbk' in value ? iconv.encode(value.gbk, 'gb18030') : Buffer.from(value.text, 'latin1');
  const length = value.length ?? bytes.length;
  if (bytes.length > length) throw new Error(`卡片镜像记录超长：${bytes.length} > ${length}`);
  const padByte = value.pad === 'zero' ? 0x00 : value.pad === 'ff' ? 0xff : 0x20;
  return Buffer.concat([bytes, Buffer.alloc(length - bytes.length, padByte)]);
}

const DEFAULT_APP_NAME = 'sx1.sh.社会保障';
const FILES: Record<number, 'ef05' | 'ef06'> = { 0xef05: 'ef05', 0xef06: 'ef06' };
const SFI: Record<number, 'ef05' | 'ef06'> = { 5: 'ef05', 6: 'ef06' };

const sw = (value: number) => Buffer.of(value >> 8, value & 0xff);

/** The card's behaviour for one power-on session (selection state, pending GET RESPONSE data). */
export class SimulatedCard {
  private appSelected = false;
  private currentEf: 'ef05' | 'ef06' | null = null;
  private pending: Buffer | null = null;
  private readonly appName: Buffer;
  private readonly forced: { apdu: Buffer; sw: Buffer; left: number }[];
  /** Every exchange, as hex, for tests to assert the exact APDU sequence. */
  readonly log: { command: string; response: string }[] = [];

  constructor(readonly image: CardImage) {
    this.appName = iconv.encode(image.applicationName ?? DEFAULT_APP_NAME, 'gbk');
    this.forced = (image.statusWords ?? []).map((f) => ({ apdu: fromHex(f.apdu), sw: fromHex(f.sw), left: f.times ?? Infinity }));
  }

  get atr(): Buffer {
    return fromHex(this.image.atr);
  }

  reset(): void {
    this.appSelected = false;
    this.currentEf = null;
    this.pending = null;
  }

  process(apdu: Buffer): Buffer {
    const response = this.respond(apdu);
    this.log.push({ command: apdu.toString('hex').toUpperCase(), response: response.toString('hex').toUpperCase() });
    return response;
  }

  private respond(apdu: Buffer): Buffer {
    if (apdu.length < 4) return sw(0x6700);
    const forced = this.forced.find((f) => f.left > 0 && apdu.subarray(0, f.apdu.length).equals(f.apdu));
    if (forced) {
      forced.left--;
      return forced.sw;
    }
    const [cla, ins, p1, p2] = [apdu[0]!, apdu[1]!, apdu[2]!, apdu[3]!];
    if (cla !== 0x00) return sw(0x6e00);
    if (ins !== 0xc0) this.pending = null;
    switch (ins) {
      case 0xa4:
        return this.select(p1, apdu);
      case 0xb2:
        return this.readRecord(p1, p2, apdu.length >= 5 ? apdu[apdu.length - 1]! : 0);
      case 0xc0:
        return this.getResponseCmd(apdu.length >= 5 ? apdu[4]! : 0);
      default:
        return sw(0x6d00);
    }
  }

  private select(p1: number, apdu: Buffer): Buffer {
    const lc = apdu[4] ?? 0;
    const data = apdu.subarray(5, 5 + lc);
    if (p1 === 0x04) {
      if (!data.equals(this.appName)) return sw(0x6a82);
      this.appSelected = true;
      this.currentEf = null;
      // File control information: 6F len 84 len name.
      const fci = Buffer.concat([Buffer.of(0x6f, this.appName.length + 2, 0x84, this.appName.length), this.appName]);
      return this.image.getResponse ? this.announce(fci) : sw(0x9000);
    }
    if (p1 === 0x02) {
      if (!this.appSelected || data.length !== 2) return sw(0x6a82);
      const file = FILES[data.readUInt16BE(0)];
      if (!file || !this.image[file]) return sw(0x6a82);
      this.currentEf = file;
      return sw(0x9000);
    }
    return sw(0x6a86);
  }

  private readRecord(tag: number, p2: number, le: number): Buffer {
    if (!this.appSelected) return sw(0x6982);
    if ((p2 & 0x07) !== 0x04) return sw(0x6a86);
    const sfi = p2 >> 3;
    const file = sfi === 0 ? this.currentEf : SFI[sfi];
    const records = file ? this.image[file] : undefined;
    if (!records) return sw(0x6a82);
    const value = records[tag.toString(16).padStart(2, '0').toUpperCase()] ?? records[tag.toString(16).padStart(2, '0')];
    if (value === undefined) return sw(0x6a83);
    const bytes = encodeRecordValue(value);
    const record = Buffer.concat([Buffer.of(tag, bytes.length), bytes]);
    const expected = record.length & 0xff;
    if (le !== expected) return sw(0x6c00 | expected);
    return this.image.getResponse ? this.announce(record) : Buffer.concat([record, sw(0x9000)]);
  }

  private announce(data: Buffer): Buffer {
    this.pending = data;
    return sw(0x6100 | Math.min(this.chunk(), data.length));
  }

  private chunk(): number {
    return Math.min(256, this.image.getResponseChunk ?? 256) & 0x1ff;
  }

  private getResponseCmd(le: number): Buffer {
    const pending = this.pending;
    if (!pending) return sw(0x6985);
    const want = le === 0 ? 256 : le;
    const available = Math.min(this.chunk(), pending.length);
    if (want > available) return sw(0x6c00 | (available & 0xff));
    const piece = pending.subarray(0, want);
    const rest = pending.subarray(want);
    this.pending = rest.length ? Buffer.from(rest) : null;
    return Buffer.concat([piece, rest.length ? sw(0x6100 | Math.min(this.chunk(), rest.length)) : sw(0x9000)]);
  }
}
