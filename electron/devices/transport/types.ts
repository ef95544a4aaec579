/**
 * The two ways the counter talks to hardware, as interfaces the drivers depend on. Exactly one file imports
 * each native library (`hid-node.ts` → node-hid, `serial-node.ts` → serialport); the simulators in
 * `../sim` implement the same interfaces, so every driver runs unchanged in tests without hardware.
 */
import { DeviceError } from '../errors';

/** What enumeration tells about a HID device. `path` is the OS handle used to open it. */
export interface HidDeviceInfo {
  path: string;
  vendorId: number;
  productId: number;
  product?: string;
  manufacturer?: string;
  serialNumber?: string;
  usagePage?: number;
  interface?: number;
}

/** Which HID device is "our reader": vendor and product id from the device settings, optionally narrowed. */
export interface HidDeviceFilter {
  vendorId: number;
  productId: number;
  /** Some readers expose a keyboard interface beside the vendor-defined one; pick the right one. */
  usagePage?: number;
  interface?: number;
}

export function matchesFilter(device: HidDeviceInfo, filter: HidDeviceFilter): boolean {
  return (
    device.vendorId === filter.vendorId &&
    device.productId === filter.productId &&
    (filter.usagePage === undefined || device.usagePage === filter.usagePage) &&
    (filter.interface === undefined || device.interface === filter.interface)
  );
}

export interface HidOpenOptions {
  /** Bytes of payload per report (without the report ID), per reader model: 64 for most full-speed readers. */
  reportSize: number;
  /** Report ID prefixed to every output report; 0 for devices that do not number their reports. */
  reportId?: number;
}

/**
 * One opened HID device exchanging fixed-size reports. Incoming reports are queued from the moment the
 * device is opened; `read` takes the oldest, waiting at most `timeoutMs`.
 */
export interface HidTransport {
  readonly info: HidDeviceInfo;
  readonly reportSize: number;
  readonly isOpen: boolean;
  /** Writes one output report of exactly `reportSize` bytes (shorter buffers are padded with 0x00). */
  write(report: Buffer): Promise<void>;
  /** The next input report, or null when none arrived within `timeoutMs`. Rejects once the device is gone. */
  read(timeoutMs: number): Promise<Buffer | null>;
  /** Drops every queued input report (a half-duplex driver calls this before each request). */
  discardPending(): number;
  /** Called once when the device disappears (unplugged, read error). Returns an unsubscribe function. */
  onDetach(listener: (reason: Error) => void): () => void;
  close(): Promise<void>;
}

/** Enumerates and opens HID devices: node-hid in production, the simulator in tests. */
export interface HidBus {
  devices(): Promise<HidDeviceInfo[]>;
  open(device: HidDeviceInfo, options: HidOpenOptions): Promise<HidTransport>;
}

/** The baud rates the counter's receipt printers are set to (DIP switches), and nothing else. */
export const BAUD_RATES = [9600, 19200, 115200] as const;
export type BaudRate = (typeof BAUD_RATES)[number];

export interface SerialSettings {
  /** `COM3` on Windows, `/dev/ttyUSB0` or a pty link on Linux. */
  path: string;
  baudRate: BaudRate;
  /** Hardware flow control (RTS/CTS), as the printer's DIP switches say. */
  rtscts?: boolean;
}

/** A byte stream to a serial device (a receipt printer). */
export interface SerialTransport {
  readonly path: string;
  readonly baudRate: number;
  readonly isOpen: boolean;
  /** Queues bytes for sending; resolves when the OS accepted them (use `drain` to wait until sent). */
  write(data: Buffer): Promise<void>;
  /** Resolves when every written byte has left the host (tcdrain). */
  drain(): Promise<void>;
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Called once when the port closes, with the error if it closed because of one (unplugged adapter). */
  onClose(listener: (error?: Error) => void): () => void;
  close(): Promise<void>;
}

/** Refuses settings the printer cannot have, in Chinese, before any port is touched. */
export function checkSerialSettings(settings: SerialSettings): void {
  if (!settings.path || typeof settings.path !== 'string') throw new DeviceError('SERIAL_SETTINGS', '请设置打印机串口（如 COM3 或 /dev/ttyUSB0）');
  if (!(BAUD_RATES as readonly number[]).includes(settings.baudRate)) {
    throw new DeviceError('SERIAL_SETTINGS', `打印机波特率只能是 ${BAUD_RATES.join('、')}，收到 ${String(settings.baudRate)}`);
  }
}
