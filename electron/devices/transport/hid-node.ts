/**
 * The only file that imports node-hid. It enumerates HID devices (`devicesAsync`, which the hot-plug
 * watcher polls), opens one by its OS path and adapts it to `HidTransport`.
 *
 * Reports: node-hid writes `[reportId, ...payload]` (hidapi wants the report ID first even when the device
 * does not number its reports, then 0x00) and delivers input reports without a report ID for unnumbered
 * devices, which is what our readers are. A read error (the reader was unplugged) detaches the transport;
 * the watcher notices the device is gone from enumeration and finds it again when it is plugged back in.
 *
 * Needs libusb-1.0-0 on Linux (the prebuilt hidraw/libusb bindings ship inside the npm package) and read/
 * write permission on /dev/hidraw* (a udev rule on the counter PC; see the device page's help text).
 */
import { EventEmitter } from 'node:events';
import { HIDAsync, devicesAsync } from 'node-hid';
import { DeviceError } from '../errors';
import { ReportQueue, toReport } from './report-queue';
import type { HidBus, HidDeviceInfo, HidOpenOptions, HidTransport } from './types';

/** The part of node-hid's `HIDAsync` this adapter uses (so it can be exercised with a stand-in). */
export interface HidAsyncLike extends EventEmitter {
  write(values: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
}

export class NodeHidTransport implements HidTransport {
  private readonly queue = new ReportQueue();
  private readonly detachListeners = new Set<(reason: Error) => void>();
  private open = true;

  constructor(
    private readonly device: HidAsyncLike,
    readonly info: HidDeviceInfo,
    readonly reportSize: number,
    private readonly reportId = 0,
  ) {
    device.on('data', (data: Buffer) => this.queue.push(Buffer.from(data)));
    device.on('error', (error: unknown) => this.detach(error instanceof Error ? error : new Error(String(error))));
  }

  get isOpen(): boolean {
    return this.open;
  }

  async write(report: Buffer): Promise<void> {
    if (!this.open) throw new DeviceError('READER_DETACHED', '读卡器已断开，请检查 USB 连接后重新读卡');
    const out = Buffer.concat([Buffer.of(this.reportId), toReport(report, this.reportSize)]);
    try {
      await this.device.write(out);
    } catch (error) {
      this.detach(error instanceof Error ? error : new Error(String(error)));
      throw new DeviceError('READER_DETACHED', '读卡器已断开，请检查 USB 连接后重新读卡', { cause: String(error) });
    }
  }

  read(timeoutMs: number): Promise<Buffer | null> {
    return this.queue.read(timeoutMs);
  }

  discardPending(): number {
    return this.queue.discard();
  }

  onDetach(listener: (reason: Error) => void): () => void {
    this.detachListeners.add(listener);
    return () => this.detachListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.queue.fail(new DeviceError('READER_DETACHED', '读卡器连接已关闭'));
    await this.device.close().catch(() => undefined);
  }

  private detach(reason: Error): void {
    if (!this.open) return;
    this.open = false;
    this.queue.fail(new DeviceError('READER_DETACHED', '读卡器已断开（读卡中断），请检查 USB 连接后重新读卡', { cause: reason.message }));
    for (const listener of this.detachListeners) listener(reason);
    void this.device.close().catch(() => undefined);
  }
}

export class NodeHidBus implements HidBus {
  async devices(): Promise<HidDeviceInfo[]> {
    const found = await devicesAsync();
    const result: HidDeviceInfo[] = [];
    for (const d of found) {
      if (!d.path) continue;
      const info: HidDeviceInfo = { path: d.path, vendorId: d.vendorId, productId: d.productId, interface: d.interface };
      if (d.product) info.product = d.product;
      if (d.manufacturer) info.manufacturer = d.manufacturer;
      if (d.serialNumber) info.serialNumber = d.serialNumber;
      if (d.usagePage !== undefined) info.usagePage = d.usagePage;
      result.push(info);
    }
    return result;
  }

  async open(device: HidDeviceInfo, options: HidOpenOptions): Promise<HidTransport> {
    let handle: HIDAsync;
    try {
      handle = await HIDAsync.open(device.path);
    } catch (error) {
      throw new DeviceError('READER_NOT_CONNECTED', `读卡器无法打开（${String(error)}），请检查 USB 连接和设备权限`);
    }
    return new NodeHidTransport(handle, device, options.reportSize, options.reportId ?? 0);
  }
}
