/**
 * HID card-reader framing (ours: vendors do not publish theirs). Full description with worked examples in
 * FRAMING.md beside this file; the summary:
 *
 *   offset  size  field
 *   0       1     STX  0x02
 *   1       2     LEN  big-endian count of DATA bytes (0..MAX_DATA)
 *   3       1     CMD  host→reader: 0x10 STATUS, 0x11 POWER_ON, 0x12 POWER_OFF, 0x13 APDU, 0x14 BEEP
 *                      reader→host: the request's CMD | 0x80
 *   4       LEN   DATA responses: DATA[0] is the reader status (0x00 OK …), the payload follows
 *   4+LEN   1     CHK  XOR of every byte from LEN (offset 1) through the last DATA byte
 *   5+LEN   1     ETX  0x03
 *
 * A frame (LEN + 6 bytes) starts at byte 0 of a HID report of `reportSize` bytes (64 on most readers,
 * configurable per model). A longer frame continues at byte 0 of the following reports, with no per-report
 * header; the rest of the last report is zero padding. Exchanges are half-duplex: one request, one response.
 */
import { DeviceError, hex } from '../errors';

export const STX = 0x02;
export const ETX = 0x03;
/** Largest DATA accepted: an extended-length APDU never appears on these cards; 261 + status is the real max. */
export const MAX_DATA = 1024;
export const FRAME_OVERHEAD = 6;

export const Command = {
  STATUS: 0x10,
  POWER_ON: 0x11,
  POWER_OFF: 0x12,
  APDU: 0x13,
  BEEP: 0x14,
} as const;
export type CommandCode = (typeof Command)[keyof typeof Command];

export const RESPONSE_BIT = 0x80;

/** The first DATA byte of every response. */
export const ReaderStatus = {
  OK: 0x00,
  NO_CARD: 0x01,
  /** The card stopped answering during the command: pulled out, or bad contact. */
  CARD_COMM: 0x02,
  NOT_POWERED: 0x03,
  /** The reader received our frame with a bad checksum. */
  BAD_CHECKSUM: 0x04,
  UNKNOWN_COMMAND: 0x05,
  BAD_LENGTH: 0x06,
} as const;

export function checksum(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= bytes[i]!;
  return x;
}

/** One frame's bytes, unsplit. */
export function encodeFrame(cmd: number, data: Uint8Array = new Uint8Array(0)): Buffer {
  if (data.length > MAX_DATA) throw new Error(`读卡器帧数据过长：${data.length} 字节（最多 ${MAX_DATA}）`);
  const frame = Buffer.alloc(data.length + FRAME_OVERHEAD);
  frame[0] = STX;
  frame.writeUInt16BE(data.length, 1);
  frame[3] = cmd;
  frame.set(data, 4);
  frame[4 + data.length] = checksum(frame, 1, 4 + data.length);
  frame[5 + data.length] = ETX;
  return frame;
}

/** A frame split into zero-padded reports of `reportSize` bytes, ready to write one by one. */
export function frameToReports(frame: Buffer, reportSize: number): Buffer[] {
  if (!Number.isInteger(reportSize) || reportSize < 8) throw new Error(`HID 报告大小无效：${reportSize}`);
  const reports: Buffer[] = [];
  for (let at = 0; at < frame.length; at += reportSize) {
    const report = Buffer.alloc(reportSize);
    frame.copy(report, 0, at, Math.min(at + reportSize, frame.length));
    reports.push(report);
  }
  return reports;
}

export function encodeReports(cmd: number, data: Uint8Array, reportSize: number): Buffer[] {
  return frameToReports(encodeFrame(cmd, data), reportSize);
}

export interface Frame {
  cmd: number;
  data: Buffer;
}

export type DecodeEvent =
  | { kind: 'frame'; frame: Frame }
  /** A report that cannot start a frame while none is in progress: line noise or a stray report. */
  | { kind: 'garbage'; report: Buffer }
  | { kind: 'pending' };

/**
 * Reassembles frames from reports. Stateful across reports of one frame; `reset` drops a partial frame
 * (the driver resets before each request, so a truncated frame never corrupts the next exchange).
 * Throws a DeviceError for a frame that is complete but wrong (checksum, end byte).
 */
export class FrameDecoder {
  private parts: Buffer[] = [];
  private have = 0;
  private need = 0;

  get inFrame(): boolean {
    return this.need > 0;
  }

  reset(): void {
    this.parts = [];
    this.have = 0;
    this.need = 0;
  }

  push(report: Buffer): DecodeEvent {
    if (!this.inFrame) {
      if (report.length < 3 || report[0] !== STX) return { kind: 'garbage', report };
      const len = report.readUInt16BE(1);
      if (len > MAX_DATA) return { kind: 'garbage', report };
      this.need = len + FRAME_OVERHEAD;
    }
    this.parts.push(report);
    this.have += report.length;
    if (this.have < this.need) return { kind: 'pending' };
    const frame = Buffer.concat(this.parts).subarray(0, this.need);
    this.reset();
    return { kind: 'frame', frame: parseFrame(frame) };
  }
}

/** Checks one complete frame (exactly LEN + 6 bytes) and returns its command and data. */
export function parseFrame(frame: Buffer): Frame {
  if (frame.length < FRAME_OVERHEAD || frame[0] !== STX) {
    throw new DeviceError('READER_FRAME', '读卡器返回的数据格式错误，请重新读卡', { frame: hex(frame) });
  }
  const len = frame.readUInt16BE(1);
  if (frame.length !== len + FRAME_OVERHEAD) {
    throw new DeviceError('READER_FRAME', '读卡器返回的数据长度错误，请重新读卡', { frame: hex(frame) });
  }
  const expected = checksum(frame, 1, 4 + len);
  if (frame[4 + len] !== expected) {
    throw new DeviceError('READER_CHECKSUM', '校验错误：读卡器返回的数据校验不通过，请重新读卡', { frame: hex(frame) });
  }
  if (frame[5 + len] !== ETX) {
    throw new DeviceError('READER_FRAME', '读卡器返回的数据缺少结束符，请重新读卡', { frame: hex(frame) });
  }
  return { cmd: frame[3]!, data: Buffer.from(frame.subarray(4, 4 + len)) };
}
