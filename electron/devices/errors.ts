/**
 * Every device failure the counter can meet, as one error class with a stable `code` (for the queue, the
 * device page and tests) and a Chinese `message` a cashier can act on without calling anyone.
 */
export type DeviceErrorCode =
  // HID card reader
  | 'READER_NOT_CONNECTED'
  | 'READER_DETACHED'
  | 'READER_TIMEOUT'
  | 'READER_CHECKSUM'
  | 'READER_FRAME'
  | 'READER_TRUNCATED'
  | 'READER_REFUSED'
  | 'NO_CARD'
  | 'CARD_REMOVED'
  | 'CARD_STATUS'
  | 'NOT_SSCARD'
  | 'CARD_FILE_MISSING'
  | 'CARD_DATA'
  | 'CARD_EXPIRED'
  | 'CARD_ID_INVALID'
  // QR / 医保电子凭证 scanner
  | 'SCAN_INVALID'
  // Receipt printer
  | 'PRINT_ENCODING'
  | 'RECEIPT_INVALID'
  | 'SERIAL_SETTINGS'
  | 'SERIAL_OPEN'
  | 'SERIAL_CLOSED';

export class DeviceError extends Error {
  constructor(
    readonly code: DeviceErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DeviceError';
  }
}

export function isDeviceError(error: unknown, code?: DeviceErrorCode): error is DeviceError {
  return error instanceof DeviceError && (code === undefined || error.code === code);
}

/** Uppercase hex with spaces, for messages and logs: `00 A4 04 00`. */
export function hex(bytes: Uint8Array | readonly number[], separator = ' '): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(separator);
}

/** Parses hex with optional spaces (`"00 A4 04 00"` or `"00a40400"`); throws on odd length or other characters. */
export function fromHex(text: string): Buffer {
  const clean = text.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`不是十六进制字节串：${text}`);
  return Buffer.from(clean, 'hex');
}
