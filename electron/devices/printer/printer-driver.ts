/**
 * The receipt printer over any `SerialTransport` (serialport on a COM port, a socat pty in tests). A job
 * is: real-time status before (refuse to send into a printer without paper), the bytes, then status again
 * once the printer has had time to take them (paper ran out, cover opened mid-receipt). The result says
 * in Chinese why a job failed and whether anything may have been printed, so the print queue can decide
 * to retry and mark the reprint 重打.
 */
import { DeviceError } from '../errors';
import type { SerialTransport } from '../transport/types';
import { EscPos, statusRequest } from './escpos';
import { type PrinterProblemCode, type PrinterStatus, type StatusQuery, decodeStatus, isStatusByte, statusProblem } from './status';

export type PrintFailureCode = PrinterProblemCode | 'NO_RESPONSE' | 'BAD_STATUS' | 'PORT_CLOSED';

export type StatusResult = { ok: true; status: PrinterStatus } | { ok: false; code: PrintFailureCode; reason: string; status?: PrinterStatus };

export type PrintResult =
  | { ok: true; status: PrinterStatus; bytes: number; ms: number; warning?: string }
  | {
      ok: false;
      code: PrintFailureCode;
      reason: string;
      /** before: nothing was sent · sending/after: the receipt may be partly printed (reprint it as 重打). */
      stage: 'before' | 'sending' | 'after';
      bytesSent: number;
      status?: PrinterStatus;
    };

export interface PrinterDriverOptions {
  /** How long a DLE EOT answer may take (plus the job's wire time after a job). */
  statusTimeoutMs?: number;
  /** Pause after the bytes are sent before the final status check, for the mechanism to catch up. */
  afterJobDelayMs?: number;
}

export class PrinterDriver {
  private rx: number[] = [];
  private wake: (() => void) | null = null;
  private closedError: Error | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly statusTimeoutMs: number;
  private readonly afterJobDelayMs: number;

  constructor(
    readonly transport: SerialTransport,
    options: PrinterDriverOptions = {},
  ) {
    this.statusTimeoutMs = options.statusTimeoutMs ?? 500;
    this.afterJobDelayMs = options.afterJobDelayMs ?? 200;
    transport.onData((chunk) => {
      for (const b of chunk) this.rx.push(b);
      this.wake?.();
    });
    transport.onClose((error) => {
      this.closedError = error ?? new Error('closed');
      this.wake?.();
    });
  }

  /** The printer's status now (for the device page), or why it cannot be read. */
  status(): Promise<StatusResult> {
    return this.exclusive(() => this.readStatus(this.statusTimeoutMs));
  }

  /** Sends one job (ESC/POS bytes) with status checks before and after. Never rejects: failures are results. */
  printJob(bytes: Buffer): Promise<PrintResult> {
    return this.exclusive(async () => {
      const started = performance.now();
      const before = await this.readStatus(this.statusTimeoutMs);
      if (!before.ok) return { ...before, stage: 'before' as const, bytesSent: 0 };
      const problem = statusProblem(before.status);
      if (problem) return { ok: false, ...problem, stage: 'before', bytesSent: 0, status: before.status };

      try {
        await this.transport.write(bytes);
        await this.transport.drain();
      } catch (error) {
        const reason = error instanceof DeviceError ? error.message : `打印机串口发送失败：${String(error)}`;
        return { ok: false, code: 'PORT_CLOSED', reason: `${reason}；票据可能没有打完整，请检查后重打`, stage: 'sending', bytesSent: bytes.length };
      }
      if (this.afterJobDelayMs > 0) await sleep(this.afterJobDelayMs);

      // The status request queues behind the job's bytes on the wire: allow for their transmission time.
      const wireMs = (bytes.length * 10 * 1000) / this.transport.baudRate;
      const after = await this.readStatus(this.statusTimeoutMs + wireMs);
      if (!after.ok) {
        return { ...after, reason: `打印后${after.reason}；请确认票据是否完整打出，不完整请重打`, stage: 'after' as const, bytesSent: bytes.length };
      }
      const late = statusProblem(after.status);
      if (late) {
        const reason =
          late.code === 'PAPER_OUT'
            ? '打印过程中缺纸：这张票据没有打完整，请装入热敏纸卷后重打'
            : `打印过程中出现问题：${late.reason}；票据可能不完整，处理后请重打`;
        return { ok: false, code: late.code, reason, stage: 'after', bytesSent: bytes.length, status: after.status };
      }
      const result: PrintResult = { ok: true, status: after.status, bytes: bytes.length, ms: performance.now() - started };
      if (after.status.paperNearEnd) result.warning = '打印纸即将用完，请准备新纸卷';
      return result;
    });
  }

  /** Opens the cash drawer (no status check: the drawer does not depend on paper). */
  kickDrawer(): Promise<void> {
    return this.exclusive(async () => {
      await this.transport.write(new EscPos().drawerKick().build());
      await this.transport.drain();
    });
  }

  private async readStatus(firstTimeoutMs: number): Promise<StatusResult> {
    const answers: Partial<Record<StatusQuery, number>> = {};
    const ask = async (n: StatusQuery, timeoutMs: number): Promise<StatusResult | null> => {
      const answer = await this.query(n, timeoutMs);
      if (typeof answer !== 'number') return answer;
      answers[n] = answer;
      return null;
    };
    const failed = (await ask(1, firstTimeoutMs)) ?? (await ask(4, this.statusTimeoutMs));
    if (failed) return failed;
    if ((answers[1]! & 0x08) !== 0) {
      const cause = await ask(2, this.statusTimeoutMs);
      if (cause) return cause;
      if ((answers[2]! & 0x40) !== 0) {
        const error = await ask(3, this.statusTimeoutMs);
        if (error) return error;
      }
    }
    return { ok: true, status: decodeStatus(answers) };
  }

  private async query(n: StatusQuery, timeoutMs: number): Promise<number | StatusResult> {
    if (this.closedError || !this.transport.isOpen) return portClosed(this.transport.path);
    this.rx = [];
    try {
      await this.transport.write(statusRequest(n));
    } catch {
      return portClosed(this.transport.path);
    }
    const deadline = performance.now() + timeoutMs;
    while (this.rx.length === 0) {
      if (this.closedError) return portClosed(this.transport.path);
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        return {
          ok: false,
          code: 'NO_RESPONSE',
          reason: `打印机无响应：请检查打印机电源、串口线（${this.transport.path}）以及波特率设置（当前 ${this.transport.baudRate}）`,
        };
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, remaining);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
      this.wake = null;
    }
    const byte = this.rx.shift()!;
    if (!isStatusByte(byte)) {
      return {
        ok: false,
        code: 'BAD_STATUS',
        reason: `打印机返回的状态无法识别（0x${byte.toString(16).toUpperCase().padStart(2, '0')}）：请核对波特率设置（当前 ${this.transport.baudRate}）与打印机的设置是否一致`,
      };
    }
    return byte;
  }

  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function portClosed(path: string): StatusResult {
  return { ok: false, code: 'PORT_CLOSED', reason: `打印机串口 ${path} 已断开，请检查串口线或 USB 转串口线` };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
