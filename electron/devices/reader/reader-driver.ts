/**
 * The card reader over any `HidTransport` (node-hid or the simulator): one request frame out, one response
 * frame back, within a timeout, with the reader's status byte turned into a Chinese error. Knows nothing
 * about APDUs beyond carrying them; `smart-card.ts` does that.
 */
import { DeviceError, hex } from '../errors';
import type { HidTransport } from '../transport/types';
import { Command, FrameDecoder, RESPONSE_BIT, ReaderStatus, encodeReports } from './framing';

export interface ReaderTimeouts {
  /** Status, APDU, power off, beep. */
  commandMs: number;
  /** Power on waits for the card's ATR, which slow cards take a while to send. */
  powerOnMs: number;
}

export interface ReaderDriverOptions {
  timeouts?: Partial<ReaderTimeouts>;
  /**
   * Times a request is sent again after a corrupt answer (bad checksum, garbage, truncated frame). Every
   * command this app sends is safe to repeat (status, power, SELECT, READ RECORD, GET RESPONSE).
   */
  retries?: number;
  /** Sees every exchange, for the device page's diagnostics. */
  trace?: (entry: ReaderTraceEntry) => void;
}

export interface ReaderTraceEntry {
  cmd: number;
  request: string;
  response?: string;
  error?: string;
  ms: number;
  garbageReports: number;
}

export const DEFAULT_TIMEOUTS: ReaderTimeouts = { commandMs: 1500, powerOnMs: 3000 };

const RETRYABLE = new Set(['READER_CHECKSUM', 'READER_FRAME', 'READER_TRUNCATED']);

export interface ReaderCardStatus {
  cardPresent: boolean;
  powered: boolean;
}

export class ReaderDriver {
  private readonly decoder = new FrameDecoder();
  private readonly timeouts: ReaderTimeouts;
  private readonly retries: number;
  private busy: Promise<unknown> = Promise.resolve();

  constructor(
    readonly transport: HidTransport,
    private readonly options: ReaderDriverOptions = {},
  ) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.retries = options.retries ?? 1;
  }

  async status(): Promise<ReaderCardStatus> {
    const payload = await this.request(Command.STATUS, Buffer.alloc(0), this.timeouts.commandMs);
    if (payload.length < 2) throw new DeviceError('READER_FRAME', '读卡器状态应答过短，请重新读卡', { payload: hex(payload) });
    return { cardPresent: payload[0] === 1, powered: payload[1] === 1 };
  }

  /** Powers the card and returns its ATR (answer to reset). */
  async powerOn(): Promise<Buffer> {
    const atr = await this.request(Command.POWER_ON, Buffer.alloc(0), this.timeouts.powerOnMs);
    if (atr.length < 2) throw new DeviceError('CARD_REMOVED', '社保卡无复位应答，请将卡片正面朝上重新插入');
    return atr;
  }

  async powerOff(): Promise<void> {
    await this.request(Command.POWER_OFF, Buffer.alloc(0), this.timeouts.commandMs);
  }

  /** Sends one C-APDU and returns the R-APDU as the card gave it (data, then SW1 SW2). */
  async transmit(apdu: Uint8Array): Promise<Buffer> {
    const response = await this.request(Command.APDU, apdu, this.timeouts.commandMs);
    if (response.length < 2) throw new DeviceError('READER_FRAME', '社保卡应答缺少状态字，请重新读卡', { response: hex(response) });
    return response;
  }

  async beep(durationMs = 100): Promise<void> {
    await this.request(Command.BEEP, Buffer.of(Math.min(255, Math.max(1, Math.round(durationMs / 10)))), this.timeouts.commandMs);
  }

  /** One request/response with retries; requests never overlap (the protocol is half-duplex). */
  request(cmd: number, data: Uint8Array, timeoutMs: number): Promise<Buffer> {
    const run = async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.exchange(cmd, data, timeoutMs);
        } catch (error) {
          if (attempt < this.retries && error instanceof DeviceError && RETRYABLE.has(error.code) && this.transport.isOpen) continue;
          throw error;
        }
      }
    };
    const next = this.busy.then(run, run);
    this.busy = next.catch(() => undefined);
    return next;
  }

  private async exchange(cmd: number, data: Uint8Array, timeoutMs: number): Promise<Buffer> {
    const started = performance.now();
    let garbageReports = 0;
    const trace = (response?: Buffer, error?: unknown) =>
      this.options.trace?.({
        cmd,
        request: hex(data),
        ...(response ? { response: hex(response) } : {}),
        ...(error ? { error: error instanceof Error ? error.message : String(error) } : {}),
        ms: performance.now() - started,
        garbageReports,
      });
    try {
      if (!this.transport.isOpen) throw detached();
      this.transport.discardPending();
      this.decoder.reset();
      for (const report of encodeReports(cmd, data, this.transport.reportSize)) await this.transport.write(report).catch(asDetached);
      const deadline = started + timeoutMs;
      for (;;) {
        const remaining = deadline - performance.now();
        if (remaining <= 0) {
          if (this.decoder.inFrame) throw new DeviceError('READER_TRUNCATED', '读卡器返回的数据不完整，请重新读卡');
          if (garbageReports > 0) {
            throw new DeviceError('READER_FRAME', `读卡器返回无法识别的数据（${garbageReports} 个报告），请重新读卡；反复出现请在设备设置中核对读卡器型号`);
          }
          throw new DeviceError('READER_TIMEOUT', '读卡器无响应（超时），请检查读卡器连接后重新读卡');
        }
        const report = await this.transport.read(remaining).catch(asDetached);
        if (!report) continue;
        const event = this.decoder.push(report);
        if (event.kind === 'garbage') {
          garbageReports++;
          continue;
        }
        if (event.kind === 'pending') continue;
        const { frame } = event;
        // A late answer to an earlier, timed-out request: not ours, keep waiting.
        if (frame.cmd !== (cmd | RESPONSE_BIT)) continue;
        if (frame.data.length < 1) throw new DeviceError('READER_FRAME', '读卡器应答缺少状态字节，请重新读卡');
        const status = frame.data[0]!;
        if (status !== ReaderStatus.OK) throw statusError(status);
        const payload = Buffer.from(frame.data.subarray(1));
        trace(payload);
        return payload;
      }
    } catch (error) {
      trace(undefined, error);
      throw error;
    }
  }
}

function detached(): DeviceError {
  return new DeviceError('READER_DETACHED', '读卡器已断开（读卡中断），请检查 USB 连接后重新读卡');
}

function asDetached(error: unknown): never {
  if (error instanceof DeviceError) throw error;
  throw new DeviceError('READER_DETACHED', '读卡器已断开（读卡中断），请检查 USB 连接后重新读卡', { cause: String(error) });
}

export function statusError(status: number): DeviceError {
  switch (status) {
    case ReaderStatus.NO_CARD:
      return new DeviceError('NO_CARD', '请插入社保卡（芯片朝上、朝里插到底）');
    case ReaderStatus.CARD_COMM:
    case ReaderStatus.NOT_POWERED:
      return new DeviceError('CARD_REMOVED', '读卡中断，请重新插卡（读卡过程中请勿拔卡）');
    case ReaderStatus.BAD_CHECKSUM:
      return new DeviceError('READER_CHECKSUM', '校验错误：读卡器收到的指令校验不通过，请重新读卡');
    case ReaderStatus.UNKNOWN_COMMAND:
    case ReaderStatus.BAD_LENGTH:
      return new DeviceError('READER_REFUSED', `读卡器不接受该指令（状态 ${hex([status])}），请在设备设置中核对读卡器型号`);
    default:
      return new DeviceError('READER_REFUSED', `读卡器返回未知状态 ${hex([status])}，请重新读卡`);
  }
}
