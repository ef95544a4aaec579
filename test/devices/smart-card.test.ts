import { describe, expect, it } from 'vitest';
import { DeviceError, fromHex, hex } from '../../electron/devices/errors';
import { type ApduChannel, SmartCard, requireOk, swText, withLe } from '../../electron/devices/reader/smart-card';

/** A channel that answers from a script and records what was sent. */
function scripted(answers: string[]): ApduChannel & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async transmit(apdu) {
      sent.push(hex(apdu, ''));
      const next = answers.shift();
      if (next === undefined) throw new Error('script exhausted');
      return fromHex(next);
    },
  };
}

describe('smart-card layer', () => {
  it('returns data and 90 00 as they are', async () => {
    const channel = scripted(['0709413031323334353637 9000']);
    const r = await new SmartCard(channel).transceive(fromHex('00B2072C0B'));
    expect(r.sw).toBe(0x9000);
    expect(hex(r.data, '')).toBe('0709413031323334353637');
  });

  it('61xx: fetches with GET RESPONSE until 90 00, concatenating the pieces', async () => {
    const channel = scripted(['6104', '0102 0304 6102', '0506 9000']);
    const r = await new SmartCard(channel).transceive(fromHex('00A404000F7378312E73682EC9E7BBE1B1A3D5CF'));
    expect(channel.sent).toEqual(['00A404000F7378312E73682EC9E7BBE1B1A3D5CF', '00C0000004', '00C0000002']);
    expect(hex(r.data, '')).toBe('010203040506');
    expect(r.sw).toBe(0x9000);
  });

  it('6100 means 256 bytes wait: GET RESPONSE with Le 00', async () => {
    const channel = scripted(['6100', Buffer.concat([Buffer.alloc(256, 7), fromHex('9000')]).toString('hex')]);
    const r = await new SmartCard(channel).transceive(fromHex('00B2012C12'));
    expect(channel.sent[1]).toBe('00C0000000');
    expect(r.data).toHaveLength(256);
  });

  it('6Cxx: resends the same command with Le = xx', async () => {
    const channel = scripted(['6C16', '0914' + '20'.repeat(20) + '9000']);
    const r = await new SmartCard(channel).transceive(fromHex('00B2093420'));
    expect(channel.sent).toEqual(['00B2093420', '00B2093416']);
    expect(r.data).toHaveLength(22);
  });

  it('6Cxx then 61xx (a T=0 card with the wrong Le)', async () => {
    const channel = scripted(['6C0B', '610B', '0709413031323334353637 9000']);
    const r = await new SmartCard(channel).transceive(fromHex('00B2072C00'));
    expect(channel.sent).toEqual(['00B2072C00', '00B2072C0B', '00C000000B']);
    expect(r.data.subarray(2).toString()).toBe('A01234567');
  });

  it('6A82: says the file is missing; other status words are named in Chinese', async () => {
    const card = new SmartCard(scripted(['6A82', '6F00', '6982']));
    await expect(card.command(fromHex('00A4020002EF06'), '选择文件 EF06')).rejects.toMatchObject({
      code: 'CARD_FILE_MISSING',
      message: expect.stringContaining('选择文件 EF06失败：社保卡中没有该文件'),
    });
    await expect(card.command(fromHex('00B2093420'), '读取姓名')).rejects.toThrow('读取姓名失败：社保卡返回状态字 6F00（无确切诊断）');
    await expect(card.command(fromHex('00B2093420'), '读取姓名')).rejects.toThrow(/6982（安全状态不满足）/);
    expect(() => requireOk({ data: Buffer.alloc(0), sw: 0x6a83 }, '读取卡号')).toThrow(DeviceError);
    expect(swText(0x6abc)).toBe('6ABC');
  });

  it('gives up on a card that never stops asking for GET RESPONSE', async () => {
    const card = new SmartCard({ transmit: async () => fromHex('00 6101') });
    await expect(card.transceive(fromHex('00B2012C12'))).rejects.toMatchObject({ code: 'CARD_STATUS' });
  });

  it('sets Le for every APDU case', () => {
    expect(hex(withLe(fromHex('00B2072C'), 0x0b), '')).toBe('00B2072C0B');
    expect(hex(withLe(fromHex('00B2072C00'), 0x0b), '')).toBe('00B2072C0B');
    expect(hex(withLe(fromHex('00A4020002EF05'), 0x10), '')).toBe('00A4020002EF0510');
    expect(hex(withLe(fromHex('00A4020002EF0500'), 0x10), '')).toBe('00A4020002EF0510');
  });
});
