/**
 * The input side of a HID transport: reports arrive as events and drivers read them one at a time with a
 * timeout. Shared by the node-hid adapter and the simulator so both queue, time out and fail alike.
 */
export class ReportQueue {
  private readonly reports: Buffer[] = [];
  private waiter: { resolve: (report: Buffer | null) => void; reject: (error: Error) => void; timer: NodeJS.Timeout } | null = null;
  private failure: Error | null = null;

  push(report: Buffer): void {
    if (this.failure) return;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = null;
      clearTimeout(waiter.timer);
      waiter.resolve(report);
    } else {
      this.reports.push(report);
    }
  }

  /** Ends the queue: the pending and every later `read` rejects with `error`. */
  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.reports.length = 0;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = null;
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }

  get failed(): Error | null {
    return this.failure;
  }

  read(timeoutMs: number): Promise<Buffer | null> {
    if (this.failure) return Promise.reject(this.failure);
    const next = this.reports.shift();
    if (next) return Promise.resolve(next);
    if (this.waiter) return Promise.reject(new Error('ReportQueue: only one read may wait at a time'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(null);
      }, Math.max(0, timeoutMs));
      this.waiter = { resolve, reject, timer };
    });
  }

  discard(): number {
    const n = this.reports.length;
    this.reports.length = 0;
    return n;
  }
}

/** Pads (with 0x00) or refuses a report so exactly `size` payload bytes go out. */
export function toReport(data: Buffer, size: number): Buffer {
  if (data.length > size) throw new Error(`HID 报告超长：${data.length} 字节，报告大小为 ${size}`);
  if (data.length === size) return data;
  const report = Buffer.alloc(size);
  data.copy(report);
  return report;
}
