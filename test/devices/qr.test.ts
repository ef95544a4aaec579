import { describe, expect, it } from 'vitest';
import { HidPosDecoder, KeyboardWedgeDecoder, parseScanToken } from '../../electron/devices/qr/scanner';
import { hidPosReports, wedgeKeystrokes } from '../../electron/devices/sim/sim-scanner';

const TOKEN = 'EC0A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F70819';

function feed(decoder: KeyboardWedgeDecoder, keys: { key: string; atMs: number }[]) {
  return keys.map((k) => decoder.push(k.key, k.atMs)).filter((r) => r !== null);
}

describe('QR scanner: keyboard wedge', () => {
  it('turns a fast burst ending in Enter into the token', () => {
    const results = feed(new KeyboardWedgeDecoder(), wedgeKeystrokes(TOKEN, { startMs: 1000, gapMs: 3 }));
    expect(results).toEqual([{ text: TOKEN, via: 'wedge', durationMs: TOKEN.length * 3 }]);
    expect(parseScanToken(results[0]!.text)).toBe(TOKEN);
  });

  it('leaves a cashier typing alone (keys too slow), and Shift does not break a scan', () => {
    const decoder = new KeyboardWedgeDecoder({ maxGapMs: 50 });
    expect(feed(decoder, wedgeKeystrokes('4307211958', { gapMs: 180 }))).toEqual([]);
    const withShift = wedgeKeystrokes(TOKEN, { startMs: 5000 }).flatMap((k) => (/[A-Z]/.test(k.key) ? [{ key: 'Shift', atMs: k.atMs }, k] : [k]));
    expect(feed(decoder, withShift).map((r) => r.text)).toEqual([TOKEN]);
  });

  it('a pause inside the burst starts over: only the fast tail counts', () => {
    const decoder = new KeyboardWedgeDecoder({ minLength: 8 });
    const keys = [...wedgeKeystrokes('abc', { startMs: 0 }).slice(0, 3), ...wedgeKeystrokes(TOKEN, { startMs: 500 })];
    expect(feed(decoder, keys).map((r) => r.text)).toEqual([TOKEN]);
  });

  it('refuses a burst that is too long in total or too short', () => {
    expect(feed(new KeyboardWedgeDecoder({ maxDurationMs: 100 }), wedgeKeystrokes(TOKEN, { gapMs: 10 }))).toEqual([]);
    expect(feed(new KeyboardWedgeDecoder(), wedgeKeystrokes('12345'))).toEqual([]);
  });
});

describe('QR scanner: HID-POS', () => {
  it('joins a token spread over several reports, with its symbology', () => {
    const long = TOKEN.repeat(3);
    const reports = hidPosReports(long);
    expect(reports).toHaveLength(3);
    expect(reports.every((r) => r.length === 64 && r[0] === 0x02)).toBe(true);
    const decoder = new HidPosDecoder();
    expect(decoder.push(reports[0]!)).toBeNull();
    expect(decoder.push(reports[1]!)).toBeNull();
    expect(decoder.push(reports[2]!)).toEqual({ text: long, via: 'hid-pos', symbology: ']Q1' });
  });

  it('ignores other reports and refuses a bad length', () => {
    const decoder = new HidPosDecoder();
    expect(decoder.push(Buffer.alloc(64))).toBeNull();
    const bad = hidPosReports(TOKEN)[0]!;
    bad[1] = 60;
    expect(() => decoder.push(bad)).toThrow(/扫码枪数据格式错误/);
  });
});

describe('QR token validation', () => {
  it('explains every refusal in Chinese', () => {
    expect(() => parseScanToken('  ')).toThrow(/未读到二维码内容/);
    expect(() => parseScanToken('ABC123')).toThrow(/过短/);
    expect(() => parseScanToken('A'.repeat(600))).toThrow(/过长/);
    // A wedge scanner behind a Chinese IME types full-width characters.
    expect(() => parseScanToken('ＥＣ０Ａ２Ｂ３Ｃ４Ｄ５Ｅ６Ｆ７０８１')).toThrow(/输入法切换到英文/);
    expect(parseScanToken(` ${TOKEN}\r\n`)).toBe(TOKEN);
  });
});
