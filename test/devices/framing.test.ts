import { describe, expect, it } from 'vitest';
import { DeviceError, fromHex, hex } from '../../electron/devices/errors';
import { Command, FrameDecoder, MAX_DATA, encodeFrame, encodeReports, frameToReports, parseFrame } from '../../electron/devices/reader/framing';

const bytes = (text: string) => fromHex(text);

describe('reader framing, byte for byte (FRAMING.md)', () => {
  it('encodes STATUS with an empty body', () => {
    expect(hex(encodeFrame(Command.STATUS))).toBe('02 00 00 10 10 03');
  });

  it('encodes the READ RECORD of the card number with an XOR checksum', () => {
    expect(hex(encodeFrame(Command.APDU, bytes('00B2072C0B')))).toBe('02 00 05 13 00 B2 07 2C 0B 84 03');
    const reports = encodeReports(Command.APDU, bytes('00B2072C0B'), 64);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toEqual(Buffer.concat([bytes('02 00 05 13 00 B2 07 2C 0B 84 03'), Buffer.alloc(53)]));
  });

  it('splits a long frame over reports with zero padding and no per-report header', () => {
    const reports = encodeReports(Command.APDU, bytes('00A404000F7378312E73682EC9E7BBE1B1A3D5CF'), 16);
    expect(reports.map((r) => hex(r))).toEqual([
      '02 00 14 13 00 A4 04 00 0F 73 78 31 2E 73 68 2E',
      'C9 E7 BB E1 B1 A3 D5 CF F5 03 00 00 00 00 00 00',
    ]);
  });

  it('writes LEN big-endian', () => {
    const frame = encodeFrame(Command.APDU, Buffer.alloc(300, 0x11));
    expect(hex(frame.subarray(0, 4))).toBe('02 01 2C 13');
    expect(frame).toHaveLength(306);
    expect(frameToReports(frame, 64)).toHaveLength(5);
    expect(() => encodeFrame(Command.APDU, Buffer.alloc(MAX_DATA + 1))).toThrow(/过长/);
  });

  it('decodes the documented answers', () => {
    expect(parseFrame(bytes('02 00 03 90 00 01 00 92 03'))).toEqual({ cmd: 0x90, data: bytes('000100') });
    const answer = parseFrame(bytes('02 00 0E 93 00 07 09 41 30 31 32 33 34 35 36 37 90 00 42 03'));
    expect(answer.cmd).toBe(0x93);
    expect(answer.data.subarray(3, 12).toString()).toBe('A01234567');
    expect(parseFrame(bytes('02 00 01 91 01 91 03'))).toEqual({ cmd: 0x91, data: bytes('01') });
  });

  it('reassembles a multi-report frame and ignores the padding', () => {
    const frame = encodeFrame(0x93, Buffer.from(Array.from({ length: 70 }, (_, i) => i)));
    const reports = frameToReports(frame, 32);
    expect(reports).toHaveLength(3);
    const decoder = new FrameDecoder();
    expect(decoder.push(reports[0]!)).toEqual({ kind: 'pending' });
    expect(decoder.inFrame).toBe(true);
    expect(decoder.push(reports[1]!)).toEqual({ kind: 'pending' });
    const last = decoder.push(reports[2]!);
    expect(last).toEqual({ kind: 'frame', frame: { cmd: 0x93, data: frame.subarray(4, 74) } });
    expect(decoder.inFrame).toBe(false);
  });

  it('treats a report that cannot start a frame as garbage', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(bytes('FF 13 37 00')).kind).toBe('garbage');
    // STX but a length beyond the maximum: noise that happens to start with 0x02.
    expect(decoder.push(Buffer.concat([bytes('02 FF FF'), Buffer.alloc(61)])).kind).toBe('garbage');
    expect(decoder.inFrame).toBe(false);
  });

  it('refuses a bad checksum and a missing end byte with Chinese messages', () => {
    const good = encodeFrame(0x93, bytes('00 90 00'));
    const badChk = Buffer.from(good);
    badChk[badChk.length - 2] = badChk[badChk.length - 2]! ^ 0x01;
    expect(() => parseFrame(badChk)).toThrow(DeviceError);
    expect(() => parseFrame(badChk)).toThrow(/校验错误/);
    const badEtx = Buffer.from(good);
    badEtx[badEtx.length - 1] = 0x04;
    expect(() => parseFrame(badEtx)).toThrow(/结束符/);
    const decoder = new FrameDecoder();
    expect(() => decoder.push(frameToReports(badChk, 64)[0]!)).toThrow(expect.objectContaining({ code: 'READER_CHECKSUM' }));
  });

  it('drops a partial frame on reset, so a truncated answer never spoils the next one', () => {
    const long = frameToReports(encodeFrame(0x93, Buffer.alloc(100, 0x55)), 64);
    const decoder = new FrameDecoder();
    decoder.push(long[0]!);
    decoder.reset();
    const next = decoder.push(frameToReports(encodeFrame(0x90, bytes('00 01 01')), 64)[0]!);
    expect(next).toEqual({ kind: 'frame', frame: { cmd: 0x90, data: bytes('00 01 01') } });
  });
});
