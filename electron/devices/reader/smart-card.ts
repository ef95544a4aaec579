/**
 * ISO 7816-4 on top of the reader: sends a command APDU and follows the card's transport-level answers so
 * callers see only the final data and status word.
 *
 *   61 xx  xx more bytes are waiting: GET RESPONSE (00 C0 00 00 xx, xx = 00 means 256), repeated while the
 *          card keeps answering 61 xx; the pieces are concatenated.
 *   6C xx  wrong Le: the same command is sent again with Le = xx (once).
 *   6A 82  file or application not found: reported as such, so the caller can say which file.
 * Any other status word other than 90 00 is turned into a Chinese error by `requireOk`.
 */
import { DeviceError, hex } from '../errors';

/** What the smart-card layer needs from a reader: the driver, or anything that carries APDUs. */
export interface ApduChannel {
  transmit(apdu: Uint8Array): Promise<Buffer>;
}

export interface ApduResponse {
  data: Buffer;
  sw: number;
}

export const SW_OK = 0x9000;
export const SW_NOT_FOUND = 0x6a82;
export const SW_RECORD_NOT_FOUND = 0x6a83;

const MAX_GET_RESPONSE = 32;

/** Meanings of the status words these cards send, for messages. */
const SW_MEANINGS: Record<number, string> = {
  0x6281: '返回的数据可能已损坏',
  0x6283: '所选文件已失效',
  0x6581: '卡片存储器故障',
  0x6700: '长度错误',
  0x6982: '安全状态不满足',
  0x6983: '认证方法已锁定',
  0x6984: '引用的数据无效',
  0x6985: '使用条件不满足',
  0x6986: '不允许的命令',
  0x6a81: '功能不支持',
  0x6a82: '文件或应用未找到',
  0x6a83: '记录未找到',
  0x6a86: '参数 P1/P2 错误',
  0x6a88: '引用的数据未找到',
  0x6b00: '参数错误',
  0x6d00: '指令不支持',
  0x6e00: '指令类别不支持',
  0x6f00: '无确切诊断',
};

export function swText(sw: number): string {
  const code = sw.toString(16).toUpperCase().padStart(4, '0');
  const meaning = SW_MEANINGS[sw];
  return meaning ? `${code}（${meaning}）` : code;
}

/** The same APDU with its Le set to `le` (added for a case-1/3 command, replaced for a case-2/4 one). */
export function withLe(apdu: Uint8Array, le: number): Buffer {
  const bytes = Buffer.from(apdu);
  if (bytes.length < 4) throw new Error(`APDU 过短：${hex(bytes)}`);
  if (bytes.length === 4) return Buffer.concat([bytes, Buffer.of(le)]); // case 1 → 2
  if (bytes.length === 5) return Buffer.concat([bytes.subarray(0, 4), Buffer.of(le)]); // case 2
  const lc = bytes[4]!;
  if (bytes.length === 5 + lc) return Buffer.concat([bytes, Buffer.of(le)]); // case 3 → 4
  if (bytes.length === 6 + lc) return Buffer.concat([bytes.subarray(0, 5 + lc), Buffer.of(le)]); // case 4
  throw new Error(`APDU 结构无法识别：${hex(bytes)}`);
}

export class SmartCard {
  constructor(private readonly channel: ApduChannel) {}

  /** Sends `apdu`, follows 61xx and 6Cxx, and returns the final data and status word. */
  async transceive(apdu: Uint8Array): Promise<ApduResponse> {
    let response = split(await this.channel.transmit(apdu));
    if (response.sw >> 8 === 0x6c) {
      response = split(await this.channel.transmit(withLe(apdu, response.sw & 0xff)));
    }
    const pieces = [response.data];
    for (let rounds = 0; response.sw >> 8 === 0x61; rounds++) {
      if (rounds >= MAX_GET_RESPONSE) throw new DeviceError('CARD_STATUS', '社保卡持续要求取响应数据，请重新插卡');
      response = split(await this.channel.transmit(Buffer.of(0x00, 0xc0, 0x00, 0x00, response.sw & 0xff)));
      pieces.push(response.data);
    }
    return { data: Buffer.concat(pieces), sw: response.sw };
  }

  /** `transceive`, then any status but 90 00 as a Chinese error naming `what` (e.g. "读取姓名"). */
  async command(apdu: Uint8Array, what: string): Promise<Buffer> {
    return requireOk(await this.transceive(apdu), what);
  }
}

export function requireOk(response: ApduResponse, what: string): Buffer {
  if (response.sw === SW_OK) return response.data;
  if (response.sw === SW_NOT_FOUND || response.sw === SW_RECORD_NOT_FOUND) {
    throw new DeviceError('CARD_FILE_MISSING', `${what}失败：社保卡中${response.sw === SW_NOT_FOUND ? '没有该文件' : '没有该记录'}（状态字 ${swText(response.sw)}）`, {
      sw: response.sw,
    });
  }
  throw new DeviceError('CARD_STATUS', `${what}失败：社保卡返回状态字 ${swText(response.sw)}，请重新插卡再试`, { sw: response.sw });
}

function split(rapdu: Buffer): ApduResponse {
  if (rapdu.length < 2) throw new DeviceError('READER_FRAME', '社保卡应答缺少状态字，请重新读卡');
  return { data: Buffer.from(rapdu.subarray(0, rapdu.length - 2)), sw: rapdu.readUInt16BE(rapdu.length - 2) };
}
