/**
 * Hot-plug for HID devices by polling enumeration (node-hid has no plug events): every `pollMs` the bus is
 * listed, and a matching device that appears is reported as attached, one that disappears as detached. A
 * reader unplugged and plugged back in is therefore found again within one poll, usually at a new path.
 */
import { type HidBus, type HidDeviceFilter, type HidDeviceInfo, matchesFilter } from './types';

export interface HidWatchEvents {
  attach: (device: HidDeviceInfo) => void;
  detach: (device: HidDeviceInfo) => void;
}

export class HidWatcher {
  private known = new Map<string, HidDeviceInfo>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private readonly listeners = { attach: new Set<HidWatchEvents['attach']>(), detach: new Set<HidWatchEvents['detach']>() };

  constructor(
    private readonly bus: HidBus,
    private readonly filter: HidDeviceFilter,
    private readonly pollMs = 1000,
  ) {}

  on<E extends keyof HidWatchEvents>(event: E, listener: HidWatchEvents[E]): () => void {
    const set = this.listeners[event] as Set<HidWatchEvents[E]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Devices matching the filter at the last poll. */
  get devices(): HidDeviceInfo[] {
    return [...this.known.values()];
  }

  /**
   * Forgets a device so the next poll reports it as attached again if it is listed. Used when its opened
   * transport failed: an unplug and replug faster than one poll leaves the same path in the listing.
   */
  forget(path: string): void {
    this.known.delete(path);
  }

  /** Polls once now, then every `pollMs` until `stop`. */
  async start(): Promise<void> {
    if (this.timer) return;
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One enumeration; overlapping calls share it. Enumeration errors count as "nothing attached this time". */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    let listed: HidDeviceInfo[];
    try {
      listed = (await this.bus.devices()).filter((d) => matchesFilter(d, this.filter));
    } catch {
      return;
    }
    const now = new Map(listed.map((d) => [d.path, d]));
    for (const [path, device] of this.known) {
      if (!now.has(path)) {
        this.known.delete(path);
        for (const l of this.listeners.detach) l(device);
      }
    }
    for (const [path, device] of now) {
      if (!this.known.has(path)) {
        this.known.set(path, device);
        for (const l of this.listeners.attach) l(device);
      }
    }
  }
}
