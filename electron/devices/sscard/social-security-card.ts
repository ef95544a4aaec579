/**
 * The social security card (社会保障卡) application: which APDUs read it, and how its records become the
 * identity the counter uses. Card layout (as public reader code reads it):
 *
 *   SELECT by name  00 A4 04 00 0F 7378312E73682E C9E7BBE1B1A3D5CF   ("sx1.sh." + 社会保障 in GBK)
 *   SELECT EF05     00 A4 02 00 02 EF 05     card information, SFI 5
 *   SELECT EF06     00 A4 02 00 02 EF 06     holder information, SFI 6
 *   READ RECORD     00 B2 <tag> <(SFI << 3) | 4> <Le = length + 2>
 *                   reply: tag, length, data…, 90 00
 *
 *   EF05  01 卡识别码 16 bytes, shown as 32 hex digits; its first 6 digits are the issuing region code
 *         05 发卡日期  4 bytes BCD yyyymmdd
 *         06 卡有效期  4 bytes BCD yyyymmdd (the card is valid through that day)
 *         07 卡号      9 ASCII characters
 *   EF06  08 社会保障号码 18 ASCII characters (= 公民身份号码, checked with GB 11643)
 *         09 姓名      30 bytes GBK/GB18030, padded with spaces, 0x00 or 0xFF
 *         0A 性别      1 ASCII character (1 男, 2 女; a raw 0x01/0x02 is accepted too)
 *         0B 民族      1 BCD byte (01 汉族 … GB/T 3304)
 *         0D 出生日期  4 bytes BCD yyyymmdd
 *
 * Region: taken from 卡识别码's first six digits (the administrative division code of the issuing
 * region), which every card carries in EF05 record 01. The EF05 issuing-institution record is not read:
 * its layout differs between card generations and the counter needs only the division code.
 *
 * Records are read with the lengths above; a card generation with different lengths answers 6C xx and is
 * read again with the right Le by the smart-card layer, so both generations work unchanged.
 */
import iconv from 'iconv-lite';
import { idNumberFacts, idNumberProblem } from '../../../shared/identity';
import { DeviceError, hex } from '../errors';
import type { ReaderDriver } from '../reader/reader-driver';
import { type ApduChannel, SmartCard, SW_NOT_FOUND, requireOk } from '../reader/smart-card';
import { ethnicityName } from './ethnicity';

/** `sx1.sh.社会保障`: the ASCII prefix, then 社会保障 in GBK (C9E7 BBE1 B1A3 D5CF). */
export const SSCARD_APP_NAME = Buffer.from('7378312E73682EC9E7BBE1B1A3D5CF', 'hex');

export interface RecordSpec {
  tag: number;
  length: number;
  label: string;
}

export const EF05 = {
  fid: 0xef05,
  sfi: 5,
  records: {
    cardId: { tag: 0x01, length: 16, label: '卡识别码' },
    issuedOn: { tag: 0x05, length: 4, label: '发卡日期' },
    validUntil: { tag: 0x06, length: 4, label: '卡有效期' },
    cardNo: { tag: 0x07, length: 9, label: '卡号' },
  },
} as const;

export const EF06 = {
  fid: 0xef06,
  sfi: 6,
  records: {
    idNumber: { tag: 0x08, length: 18, label: '社会保障号码' },
    name: { tag: 0x09, length: 30, label: '姓名' },
    gender: { tag: 0x0a, length: 1, label: '性别' },
    ethnicity: { tag: 0x0b, length: 1, label: '民族' },
    birthDate: { tag: 0x0d, length: 4, label: '出生日期' },
  },
} as const;

export interface CardIdentity {
  /** 社会保障号码 = 公民身份号码, 18 characters, X uppercase. */
  idNumber: string;
  name: string;
  gender: 'M' | 'F';
  /** yyyy-mm-dd */
  birthDate: string;
  /** 卡号 (printed on the card face). */
  cardNo: string;
  /** 卡识别码, 32 hex digits (the national platform's card serial, `card_sn`). */
  cardId: string;
  /** Issuing region: 6-digit administrative division code, from 卡识别码. */
  region: string;
  /** 发卡日期, yyyy-mm-dd */
  issuedOn: string;
  /** 卡有效期, yyyy-mm-dd; the card is valid through this day. */
  validUntil: string;
  /** 民族 as a name (汉族), or the raw code when outside GB/T 3304; null when the record is empty. */
  ethnicity: string | null;
}

export type RawCardRecords = {
  [K in keyof typeof EF05.records | keyof typeof EF06.records]: Buffer;
} & { atr: Buffer };

export function selectByNameApdu(name: Uint8Array): Buffer {
  return Buffer.concat([Buffer.of(0x00, 0xa4, 0x04, 0x00, name.length), name]);
}

export function selectEfApdu(fid: number): Buffer {
  return Buffer.of(0x00, 0xa4, 0x02, 0x00, 0x02, fid >> 8, fid & 0xff);
}

export function readRecordApdu(sfi: number, record: RecordSpec): Buffer {
  return Buffer.of(0x00, 0xb2, record.tag, (sfi << 3) | 4, record.length + 2);
}

/** Selects the application and both files and reads every record this app uses. The card must be powered. */
export async function readCardRecords(channel: ApduChannel): Promise<Omit<RawCardRecords, 'atr'>> {
  const card = new SmartCard(channel);
  const app = await card.transceive(selectByNameApdu(SSCARD_APP_NAME));
  if (app.sw === SW_NOT_FOUND) {
    throw new DeviceError('NOT_SSCARD', '此卡不是社会保障卡（卡中没有社会保障应用），请插入社保卡，或使用医保电子凭证、身份证');
  }
  requireOk(app, '选择社会保障应用');

  const out: Partial<Omit<RawCardRecords, 'atr'>> = {};
  for (const file of [EF05, EF06]) {
    requireOk(await card.transceive(selectEfApdu(file.fid)), `选择文件 ${file.fid.toString(16).toUpperCase()}`);
    for (const [key, spec] of Object.entries(file.records) as [keyof typeof out, RecordSpec][]) {
      const reply = await card.command(readRecordApdu(file.sfi, spec), `读取${spec.label}`);
      out[key] = recordValue(reply, spec);
    }
  }
  return out as Omit<RawCardRecords, 'atr'>;
}

/** The value of a READ RECORD reply `tag, length, data…`, checked against the tag asked for. */
export function recordValue(reply: Buffer, spec: RecordSpec): Buffer {
  if (reply.length < 2 || reply[0] !== spec.tag) {
    throw new DeviceError('CARD_DATA', `社保卡${spec.label}记录格式错误（应为标签 ${hex([spec.tag])}，收到 ${hex(reply.subarray(0, 2))}），请重新读卡`);
  }
  const length = reply[1]!;
  if (reply.length < 2 + length) {
    throw new DeviceError('CARD_DATA', `社保卡${spec.label}记录不完整（声明 ${length} 字节，收到 ${reply.length - 2} 字节），请重新读卡`);
  }
  return Buffer.from(reply.subarray(2, 2 + length));
}

export interface ReadCardOptions {
  /** The counter's date, yyyy-mm-dd: a card whose 有效期 is before it is refused. */
  today: string;
  /** Beep once when the card was read and accepted (default true). */
  beep?: boolean;
}

/**
 * Reads the inserted card end to end: card present?, power on, application and files, power off, decode
 * and check. Resolves with the identity, or rejects with a DeviceError whose message the counter shows.
 */
export async function readSocialSecurityCard(driver: ReaderDriver, options: ReadCardOptions): Promise<CardIdentity> {
  const status = await driver.status();
  if (!status.cardPresent) throw new DeviceError('NO_CARD', '请插入社保卡（芯片朝上、朝里插到底）');
  const atr = await driver.powerOn();
  let records: Omit<RawCardRecords, 'atr'>;
  try {
    records = await readCardRecords(driver);
  } finally {
    // Best effort: a pulled card or an unplugged reader cannot be powered off, and need not be.
    await driver.powerOff().catch(() => undefined);
  }
  const identity = decodeCard({ ...records, atr }, options.today);
  if (options.beep ?? true) await driver.beep(100).catch(() => undefined);
  return identity;
}

/** Turns raw records into the identity, refusing expired cards and numbers that fail GB 11643. */
export function decodeCard(raw: RawCardRecords, today: string): CardIdentity {
  const idNumber = asciiField(raw.idNumber, EF06.records.idNumber.label).toUpperCase();
  const problem = idNumberProblem(idNumber);
  if (problem) {
    throw new DeviceError('CARD_ID_INVALID', `社保卡中的社会保障号码 ${maskId(idNumber)} 无效：${problem}。此卡数据可能有误，请到社保经办机构核查，本次可用身份证办理`, {
      problem,
    });
  }

  const cardId = hex(raw.cardId, '');
  if (cardId.length !== 32 || !/^\d{6}/.test(cardId)) {
    throw new DeviceError('CARD_DATA', `社保卡卡识别码格式不正确（${cardId || '空'}），请重新读卡`);
  }
  const issuedOn = bcdDate(raw.issuedOn, EF05.records.issuedOn.label);
  const validUntil = bcdDate(raw.validUntil, EF05.records.validUntil.label);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`today 应为 yyyy-mm-dd，收到 ${today}`);
  if (validUntil < today) {
    throw new DeviceError('CARD_EXPIRED', `社保卡已过有效期（有效期至 ${validUntil}），请到社保经办机构换领新卡；本次可使用医保电子凭证或身份证办理`, {
      validUntil,
    });
  }

  const cardNo = asciiField(raw.cardNo, EF05.records.cardNo.label);
  const name = gbField(raw.name, EF06.records.name.label);
  const facts = idNumberFacts(idNumber);
  const birthDate = bcdDate(raw.birthDate, EF06.records.birthDate.label);
  if (birthDate !== facts.birthDate) {
    throw new DeviceError('CARD_DATA', `社保卡内出生日期 ${birthDate} 与社会保障号码不一致，请重新读卡；仍不一致请到社保经办机构核查`);
  }
  const gender = genderOf(raw.gender) ?? facts.gender;
  if (gender !== facts.gender) {
    throw new DeviceError('CARD_DATA', '社保卡内性别与社会保障号码不一致，请重新读卡；仍不一致请到社保经办机构核查');
  }
  const ethnicityCode = hex(raw.ethnicity, '');
  const ethnicity = ethnicityCode === '' || ethnicityCode === 'FF' || ethnicityCode === '00' ? null : (ethnicityName(ethnicityCode) ?? ethnicityCode);

  return { idNumber, name, gender, birthDate, cardNo, cardId, region: cardId.slice(0, 6), issuedOn, validUntil, ethnicity };
}

const PAD_BYTES = new Set([0x00, 0x20, 0xff]);

function stripPadding(bytes: Buffer): Buffer {
  let end = bytes.length;
  while (end > 0 && PAD_BYTES.has(bytes[end - 1]!)) end--;
  return bytes.subarray(0, end);
}

function asciiField(bytes: Buffer, label: string): string {
  const value = stripPadding(bytes);
  if (value.length === 0) throw new DeviceError('CARD_DATA', `社保卡中${label}为空，请重新读卡`);
  if (!value.every((b) => b >= 0x21 && b <= 0x7e)) {
    throw new DeviceError('CARD_DATA', `社保卡中${label}含有无法识别的字符（${hex(value)}），请重新读卡`);
  }
  return value.toString('latin1');
}

/** GB18030 (a superset of the GBK the cards are written in, so rare characters in names decode), trimmed. */
function gbField(bytes: Buffer, label: string): string {
  const text = iconv.decode(stripPadding(bytes), 'gb18030').replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  if (text === '') throw new DeviceError('CARD_DATA', `社保卡中${label}为空，请重新读卡`);
  // eslint-disable-next-line no-control-regex
  if (/[\uFFFD\u0000-\u001F\u007F]/.test(text)) {
    throw new DeviceError('CARD_DATA', `社保卡中${label}无法识别（${hex(bytes)}），请重新读卡`);
  }
  return text;
}

function bcdDate(bytes: Buffer, label: string): string {
  const digits = hex(bytes, '');
  const y = digits.slice(0, 4);
  const m = digits.slice(4, 6);
  const d = digits.slice(6, 8);
  const iso = `${y}-${m}-${d}`;
  const at = /^\d{8}$/.test(digits) ? new Date(`${iso}T00:00:00Z`) : null;
  const valid = at !== null && !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === iso;
  if (!valid) throw new DeviceError('CARD_DATA', `社保卡中${label}无效（${digits || '空'}），请重新读卡`);
  return iso;
}

function genderOf(bytes: Buffer): 'M' | 'F' | null {
  const b = bytes[0];
  if (b === 0x31 || b === 0x01) return 'M';
  if (b === 0x32 || b === 0x02) return 'F';
  return null;
}

/** 430721********0018: enough for the cashier to compare with the card, not enough to leak in a log. */
export function maskId(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : id;
}
