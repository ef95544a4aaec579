/**
 * The only file that imports serialport: a receipt printer on a COM port (or a USB-serial adapter, or in
 * tests one end of a socat pty pair) adapted to `SerialTransport`. 8N1, the baud rate and RTS/CTS flow
 * control come from the device settings; the port is locked so a second program cannot interleave bytes.
 */
import { SerialPort } from 'serialport';
import { DeviceError } from '../errors';
import { type SerialSettings, type SerialTransport, checkSerialSettings } from './types';

export class NodeSerialTransport implements SerialTransport {
  private readonly closeListeners = new Set<(error?: Error) => void>();
  private closed = false;

  private constructor(private readonly port: SerialPort) {
    port.on('close', (error?: Error & { disconnected?: boolean }) => {
      if (this.closed) return;
      this.closed = true;
      for (const l of this.closeListeners) l(error ?? undefined);
    });
    // Without an 'error' listener a write error on an unplugged adapter would crash the process.
    port.on('error', () => undefined);
  }

  /** Opens the port; refuses a baud rate the printers are not set to, and explains an open failure in Chinese. */
  static async open(settings: SerialSettings): Promise<NodeSerialTransport> {
    checkSerialSettings(settings);
    const port = new SerialPort({
      path: settings.path,
      baudRate: settings.baudRate,
      dataBits: 8,
      stopBits: 1,
      parity: 'none',
      rtscts: settings.rtscts ?? false,
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) =>
      port.open((error) => {
        if (!error) return resolve();
        reject(
          new DeviceError('SERIAL_OPEN', `打印机串口 ${settings.path} 无法打开：${error.message}（请检查端口号、是否被其他程序占用、用户权限）`, {
            path: settings.path,
          }),
        );
      }),
    );
    return new NodeSerialTransport(port);
  }

  get path(): string {
    return this.port.path;
  }

  get baudRate(): number {
    return this.port.baudRate;
  }

  get isOpen(): boolean {
    return !this.closed && this.port.isOpen;
  }

  write(data: Buffer): Promise<void> {
    if (!this.isOpen) return Promise.reject(closedError(this.path));
    return new Promise((resolve, reject) => {
      this.port.write(data, (error) => (error ? reject(new DeviceError('SERIAL_CLOSED', `向打印机串口写入失败：${error.message}`)) : resolve()));
    });
  }

  drain(): Promise<void> {
    if (!this.isOpen) return Promise.reject(closedError(this.path));
    return new Promise((resolve, reject) => {
      this.port.drain((error) => (error ? reject(new DeviceError('SERIAL_CLOSED', `打印机串口发送失败：${error.message}`)) : resolve()));
    });
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.port.on('data', listener);
    return () => this.port.off('data', listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (!this.port.isOpen) {
      this.closed = true;
      return;
    }
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}

export function openSerial(settings: SerialSettings): Promise<NodeSerialTransport> {
  return NodeSerialTransport.open(settings);
}

/** The serial ports the OS knows, for the device page's picker. */
export async function listSerialPorts(): Promise<{ path: string; manufacturer?: string; vendorId?: string; productId?: string }[]> {
  const ports = await SerialPort.list();
  return ports.map((p) => ({
    path: p.path,
    ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
    ...(p.vendorId ? { vendorId: p.vendorId } : {}),
    ...(p.productId ? { productId: p.productId } : {}),
  }));
}

function closedError(path: string): DeviceError {
  return new DeviceError('SERIAL_CLOSED', `打印机串口 ${path} 已断开，请检查串口线或 USB 转串口线`);
}
