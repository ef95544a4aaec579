import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { hex } from '../../electron/devices/errors';
import { EscPos, encodeGb18030, statusRequest } from '../../electron/devices/printer/escpos';
import { decodeEscPos, EscPosDecoder, type PrintedEvent } from '../../electron/devices/sim/escpos-decoder';

describe('ESC/POS encoder, byte for byte', () => {
  it('encodes the commands a receipt uses', () => {
    expect(hex(new EscPos().init().build())).toBe('1B 40 1C 26');
    expect(hex(new EscPos().align('center').bold(true).build())).toBe('1B 61 01 1B 45 01');
    expect(hex(new EscPos().size(2).size(1).build())).toBe('1D 21 11 1C 21 0C 1D 21 00 1C 21 00');
    expect(hex(new EscPos().feed(4).cut().build())).toBe('1B 64 04 1D 56 42 00');
    expect(hex(new EscPos().cut('full', 3).build())).toBe('1D 56 41 03');
    expect(hex(new EscPos().drawerKick().build())).toBe('1B 70 00 19 FA');
    expect(hex(new EscPos().line('A').build())).toBe('41 0A');
    expect([1, 2, 3, 4].map((n) => hex(statusRequest(n as 1 | 2 | 3 | 4)))).toEqual(['10 04 01', '10 04 02', '10 04 03', '10 04 04']);
  });

  it('encodes a QR code with GS ( k: model 2, module size, error level, store, print', () => {
    expect(hex(new EscPos().qr('ABC').build())).toBe(
      [
        '1D 28 6B 04 00 31 41 32 00',
        '1D 28 6B 03 00 31 43 06',
        '1D 28 6B 03 00 31 45 31',
        '1D 28 6B 06 00 31 50 30 41 42 43',
        '1D 28 6B 03 00 31 51 30',
      ].join(' '),
    );
  });

  it('prints Chinese as GB18030, including 䓬 that GBK turns into "?"', () => {
    expect(iconv.decode(iconv.encode('苯二氮䓬', 'gbk'), 'gbk')).toBe('苯二氮?');
    const bytes = encodeGb18030('苯二氮䓬');
    expect(hex(bytes.subarray(0, 6))).toBe('B1 BD B6 FE B5 AA');
    expect(bytes).toHaveLength(10); // 䓬 is a four-byte GB18030 code
    expect(iconv.decode(bytes, 'gb18030')).toBe('苯二氮䓬');
  });

  it('prints the yuan sign as ￥ (U+FFE5, A3 A4), also when given ¥ (U+00A5)', () => {
    expect(hex(encodeGb18030('￥12.50'))).toBe('A3 A4 31 32 2E 35 30');
    expect(hex(encodeGb18030('¥12.50'))).toBe('A3 A4 31 32 2E 35 30');
  });

  it('refuses what would print as "?" or as a command, naming the character', () => {
    expect(() => encodeGb18030('张\uD800三')).toThrow(/无法打印的字符：U\+D800/);
    expect(() => encodeGb18030('a\x1B@b')).toThrow(/U\+001B/);
    expect(() => new EscPos().line('姓名\n')).toThrow(expect.objectContaining({ code: 'PRINT_ENCODING' }));
  });
});

describe('ESC/POS round trip (encode → decode)', () => {
  const job = () =>
    new EscPos()
      .init()
      .align('center')
      .bold(true)
      .size(2)
      .line('门诊收费票据')
      .size(1)
      .bold(false)
      .align('left')
      .line('地西泮片（苯二氮䓬类）  1盒   3.20')
      .line('合计 ￥88.70')
      .line('张𠮷')
      .qr('MZ202611230001')
      .feed(3)
      .cut()
      .drawerKick()
      .build();

  const expected: PrintedEvent[] = [
    { type: 'init' },
    { type: 'line', text: '门诊收费票据', align: 'center', bold: true, width: 2, height: 2 },
    { type: 'line', text: '地西泮片（苯二氮䓬类）  1盒   3.20', align: 'left', bold: false, width: 1, height: 1 },
    { type: 'line', text: '合计 ￥88.70', align: 'left', bold: false, width: 1, height: 1 },
    { type: 'line', text: '张𠮷', align: 'left', bold: false, width: 1, height: 1 },
    { type: 'qr', data: 'MZ202611230001' },
    { type: 'feed', lines: 3 },
    { type: 'cut', mode: 'partial' },
    { type: 'drawer', pin: 2, onMs: 50, offMs: 500 },
  ];

  it('gives back the same text, styles, QR code, cut and drawer kick', () => {
    expect(decodeEscPos(job())).toEqual(expected);
  });

  it('decodes the same when the bytes arrive one at a time', () => {
    const events: PrintedEvent[] = [];
    const decoder = new EscPosDecoder((e) => events.push(e));
    for (const b of job()) decoder.push(Buffer.of(b));
    expect(events).toEqual(expected);
  });

  it('answers DLE EOT in the middle of a job, and reports commands it does not know', () => {
    const queries: number[] = [];
    const events: PrintedEvent[] = [];
    const decoder = new EscPosDecoder((e) => events.push(e), (n) => queries.push(n));
    decoder.push(Buffer.concat([new EscPos().init().line('一').build(), statusRequest(4), Buffer.of(0x1b, 0x7e), statusRequest(1)]));
    expect(queries).toEqual([4, 1]);
    expect(events).toEqual([{ type: 'init' }, expect.objectContaining({ type: 'line', text: '一' }), { type: 'unknown', bytes: '1B7E' }]);
  });
});
