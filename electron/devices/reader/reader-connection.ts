/**
 * Keeps the card reader connected across unplugging: a `HidWatcher` polls the bus for the vendor/product
 * id from the device settings, opens the reader when it appears and drops it when it goes away (or when its
 * transport fails mid-read). A read always uses the reader as it is at that moment and fails fast with
 * 读卡器未连接 when there is none, so the counter never hangs on a missing device.
 */
import { DeviceError } from '../errors';
import { HidWatcher } from '../transport/hid-watch';
import type { HidBus, HidDeviceFilter, HidDeviceInfo, HidTransport } from '../transport/types';
import { ReaderDriver, type ReaderDriverOptions } from './reader-driver';

export interface ReaderSettings {
  filter: HidDeviceFilter;
  /** Report payload size of this reader model (64 for most). */
  reportSize: number;
  reportId?: number;
  /** How often to enumerate for hot-plug. */
  pollMs?: number;
  driver?: ReaderDriverOptions;
}

export type ReaderState = { connected: true; device: HidDeviceInfo } | { connected: false; lastError?: string };

export class ReaderConnection {
  private readonly watcher: HidWatcher;
  private current: { device: HidDeviceInfo; transport: HidTransport; driver: ReaderDriver } | null = null;
  private opening: Promise<void> | null = null;
  private lastError: string | undefined;
  private readonly listeners = new Set<(state: ReaderState) => void>();

  constructor(
    private readonly bus: HidBus,
    private readonly settings: ReaderSettings,
  ) {
    this.watcher = new HidWatcher(bus, settings.filter, settings.pollMs ?? 1000);
    this.watcher.on('attach', (device) => void this.attach(device));
    this.watcher.on('detach', (device) => {
      if (this.current?.device.path === device.path) void this.drop(new Error('设备已从系统中移除'));
    });
  }

  async start(): Promise<void> {
    await this.watcher.start();
    await this.opening;
  }

  async stop(): Promise<void> {
    this.watcher.stop();
    await this.opening;
    await this.drop();
  }

  get state(): ReaderState {
    if (this.current) return { connected: true, device: this.current.device };
    return this.lastError ? { connected: false, lastError: this.lastError } : { connected: false };
  }

  onChange(listener: (state: ReaderState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The connected reader's driver, or 读卡器未连接. Polls once first so a just-plugged reader is found. */
  async driver(): Promise<ReaderDriver> {
    if (!this.current) {
      await this.watcher.poll();
      await this.opening;
    }
    if (this.current && this.current.transport.isOpen) return this.current.driver;
    throw new DeviceError(
      'READER_NOT_CONNECTED',
      `读卡器未连接：请检查读卡器 USB 线（设置中的型号为 VID ${hex4(this.settings.filter.vendorId)} / PID ${hex4(this.settings.filter.productId)}）`,
      this.lastError ? { lastError: this.lastError } : undefined,
    );
  }

  /** Resolves when a reader is connected, or rejects with 读卡器未连接 after `timeoutMs`. */
  async waitForReader(timeoutMs: number): Promise<ReaderDriver> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await this.driver();
      } catch (error) {
        if (Date.now() >= deadline) throw error;
        await new Promise((r) => setTimeout(r, Math.min(50, this.settings.pollMs ?? 1000)));
      }
    }
  }

  private attach(device: HidDeviceInfo): Promise<void> {
    if (this.current) return Promise.resolve();
    if (this.opening) return this.opening;
    this.opening = (async () => {
      try {
        const transport = await this.bus.open(device, { reportSize: this.settings.reportSize, reportId: this.settings.reportId ?? 0 });
        const driver = new ReaderDriver(transport, this.settings.driver);
        this.current = { device, transport, driver };
        this.lastError = undefined;
        transport.onDetach((reason) => {
          if (this.current?.transport === transport) void this.drop(reason);
        });
        this.emit();
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.watcher.forget(device.path);
        this.emit();
      }
    })().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async drop(reason?: Error): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.current = null;
    if (reason) this.lastError = reason.message;
    this.watcher.forget(current.device.path);
    await current.transport.close().catch(() => undefined);
    this.emit();
  }

  private emit(): void {
    const state = this.state;
    for (const l of this.listeners) l(state);
  }
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0').toUpperCase();
}
