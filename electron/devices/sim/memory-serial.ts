/**
 * An in-process serial link: the host end is a `SerialTransport`, the device end a pair of callbacks. For
 * unit tests of the printer driver against `VirtualPrinter` without a pty (the pty path is tested too).
 */
import { DeviceError } from '../errors';
import type { SerialTransport } from '../transport/types';

export class MemorySerialTransport implements SerialTransport {
  readonly path = 'memory';
  private readonly dataListeners = new Set<(chunk: Buffer) => void>();
  private readonly closeListeners = new Set<(error?: Error) => void>();
  private open = true;
  /** Every byte the host wrote. */
  readonly sent: Buffer[] = [];

  constructor(
    readonly baudRate: number,
    private readonly toDevice: (chunk: Buffer) => void,
  ) {}

  get isOpen(): boolean {
    return this.open;
  }

  async write(data: Buffer): Promise<void> {
    if (!this.open) throw new DeviceError('SERIAL_CLOSED', '打印机串口已断开');
    this.sent.push(Buffer.from(data));
    const copy = Buffer.from(data);
    setImmediate(() => this.open && this.toDevice(copy));
  }

  async drain(): Promise<void> {
    if (!this.open) throw new DeviceError('SERIAL_CLOSED', '打印机串口已断开');
  }

  /** The device sends bytes to the host. */
  fromDevice(chunk: Buffer): void {
    if (!this.open) return;
    const copy = Buffer.from(chunk);
    setImmediate(() => {
      for (const l of this.dataListeners) l(copy);
    });
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** The cable is pulled (or the port closed). */
  async close(error?: Error): Promise<void> {
    if (!this.open) return;
    this.open = false;
    for (const l of this.closeListeners) l(error);
  }
}
