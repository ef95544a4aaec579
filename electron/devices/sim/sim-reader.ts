/**
 * A simulated HID card reader on the same `HidBus` / `HidTransport` interfaces as node-hid, speaking the
 * framing of `reader/FRAMING.md` and answering APDUs from a `SimulatedCard`. Faults are scripted so that
 * every failure a counter meets can be replayed byte for byte: corrupt checksums, truncated frames, stray
 * reports, silence, a card pulled out mid-read, a reader unplugged mid-read and plugged back in.
 */
import { ReportQueue, toReport } from '../transport/report-queue';
import type { HidBus, HidDeviceInfo, HidOpenOptions, HidTransport } from '../transport/types';
import { DeviceError } from '../errors';
import { Command, FrameDecoder, RESPONSE_BIT, ReaderStatus, encodeFrame, frameToReports } from '../reader/framing';
import { type CardImage, SimulatedCard } from './card-image';

export type FaultKind =
  /** The response frame's checksum byte is wrong. */
  | 'badChecksum'
  /** Only the first report of the response arrives (a one-report frame is cut in half instead). */
  | 'truncate'
  /** A report of noise arrives before the real response. */
  | 'garbageBefore'
  /** Only noise arrives. */
  | 'garbageInstead'
  /** No answer at all. */
  | 'silent'
  /** The card is pulled out during this command: the reader answers "card communication error". */
  | 'pullCard'
  /** The reader is unplugged during this command; it comes back after `replugAfterMs`, if given. */
  | 'unplug'
  /** The reader answers with status byte `status`. */
  | 'readerStatus';

export interface Fault {
  kind: FaultKind;
  /** Which command triggers it (default: any). */
  command?: 'STATUS' | 'POWER_ON' | 'POWER_OFF' | 'APDU' | 'BEEP';
  /** For APDU commands: the C-APDU must start with these bytes (hex). */
  apdu?: string;
  /** The n-th matching command triggers it (1-based, default 1). */
  nth?: number;
  /** How many matching commands from the n-th on are affected (default 1; 0 = all of them). */
  times?: number;
  replugAfterMs?: number;
  status?: number;
}

export interface SimReaderOptions {
  vendorId?: number;
  productId?: number;
  /** Report payload size the simulated model uses. */
  reportSize?: number;
  /** Delay before each answer (default: next tick). */
  latencyMs?: number;
  faults?: Fault[];
}

const COMMAND_NAMES: Record<number, Fault['command']> = {
  [Command.STATUS]: 'STATUS',
  [Command.POWER_ON]: 'POWER_ON',
  [Command.POWER_OFF]: 'POWER_OFF',
  [Command.APDU]: 'APDU',
  [Command.BEEP]: 'BEEP',
};

const GARBAGE = Buffer.from('FF1337A5C3000102030405060708090A0B0C0D0E0F', 'hex');

/** The reader as hardware: plugged or not, a card in it or not, faults to play. */
export class SimulatedReader {
  readonly vendorId: number;
  readonly productId: number;
  readonly reportSize: number;
  readonly basePath: string;
  private generation = 1;
  private pluggedIn = true;
  private card: SimulatedCard | null = null;
  private powered = false;
  private readonly faults: { fault: Fault; seen: number; fired: number }[];
  private readonly sessions = new Set<SimulatedHidTransport>();
  private replugTimer: NodeJS.Timeout | null = null;
  /** Every command received, in order. */
  readonly commands: { cmd: string; data: string }[] = [];
  beeps = 0;

  constructor(
    card: CardImage | null,
    private readonly options: SimReaderOptions = {},
    basePath = 'sim-hid-reader',
  ) {
    this.vendorId = options.vendorId ?? 0x1234;
    this.productId = options.productId ?? 0x5678;
    this.reportSize = options.reportSize ?? 64;
    this.basePath = basePath;
    this.faults = (options.faults ?? []).map((fault) => ({ fault, seen: 0, fired: 0 }));
    if (card) this.insertCard(card);
  }

  get path(): string {
    return `${this.basePath}#${this.generation}`;
  }

  get plugged(): boolean {
    return this.pluggedIn;
  }

  /** The card currently inserted, with its APDU log. */
  get insertedCard(): SimulatedCard | null {
    return this.card;
  }

  get info(): HidDeviceInfo {
    return { path: this.path, vendorId: this.vendorId, productId: this.productId, product: '模拟社保卡读卡器', usagePage: 0xff00 };
  }

  insertCard(image: CardImage): void {
    this.card = new SimulatedCard(image);
    this.powered = false;
  }

  removeCard(): void {
    this.card = null;
    this.powered = false;
  }

  /** Pulls the USB plug: open transports detach, enumeration stops listing the reader. */
  unplug(replugAfterMs?: number): void {
    if (!this.pluggedIn) return;
    this.pluggedIn = false;
    this.powered = false;
    for (const session of this.sessions) session.detach(new Error('设备已拔出'));
    this.sessions.clear();
    if (replugAfterMs !== undefined) {
      this.replugTimer = setTimeout(() => this.replug(), replugAfterMs);
    }
  }

  /** Plugs it back in; the OS gives it a new path, as a real one usually gets. */
  replug(): void {
    if (this.replugTimer) clearTimeout(this.replugTimer);
    this.replugTimer = null;
    if (this.pluggedIn) return;
    this.generation++;
    this.pluggedIn = true;
  }

  connect(reportSize: number): SimulatedHidTransport {
    if (!this.pluggedIn) throw new DeviceError('READER_NOT_CONNECTED', '读卡器未连接');
    if (reportSize !== this.reportSize) {
      // A wrong report size in the settings behaves like a different model: reports do not line up.
      throw new DeviceError('READER_NOT_CONNECTED', `读卡器报告大小为 ${this.reportSize}，设置为 ${reportSize}，请在设备设置中核对型号`);
    }
    const session = new SimulatedHidTransport(this.info, reportSize, (frame, reply) => this.handle(frame, reply), this.latencyMs);
    this.sessions.add(session);
    return session;
  }

  dispose(): void {
    if (this.replugTimer) clearTimeout(this.replugTimer);
  }

  private matchFault(cmd: number, data: Buffer): Fault | null {
    const name = COMMAND_NAMES[cmd];
    for (const entry of this.faults) {
      const { fault } = entry;
      if (fault.command && fault.command !== name) continue;
      if (fault.apdu && !(cmd === Command.APDU && data.subarray(0, fault.apdu.replace(/\s+/g, '').length / 2).equals(Buffer.from(fault.apdu.replace(/\s+/g, ''), 'hex')))) continue;
      entry.seen++;
      const nth = fault.nth ?? 1;
      const times = fault.times ?? 1;
      if (entry.seen >= nth && (times === 0 || entry.fired < times)) {
        entry.fired++;
        return fault;
      }
    }
    return null;
  }

  /** Handles one request frame; `reply` sends response reports (or nothing). */
  private handle(request: { cmd: number; data: Buffer } | 'badChecksum', reply: (reports: Buffer[]) => void): void {
    if (request === 'badChecksum') {
      reply(frameToReports(encodeFrame(0x80, Buffer.of(ReaderStatus.BAD_CHECKSUM)), this.reportSize));
      return;
    }
    const { cmd, data } = request;
    this.commands.push({ cmd: COMMAND_NAMES[cmd] ?? cmd.toString(16), data: data.toString('hex').toUpperCase() });
    const fault = this.matchFault(cmd, data);
    if (fault?.kind === 'unplug') {
      this.unplug(fault.replugAfterMs);
      return;
    }
    if (fault?.kind === 'silent') return;
    if (fault?.kind === 'pullCard') this.removeCard();

    let body: Buffer;
    if (fault?.kind === 'pullCard') body = Buffer.of(ReaderStatus.CARD_COMM);
    else if (fault?.kind === 'readerStatus') body = Buffer.of(fault.status ?? ReaderStatus.UNKNOWN_COMMAND);
    else body = this.execute(cmd, data);

    const frame = encodeFrame(cmd | RESPONSE_BIT, body);
    if (fault?.kind === 'badChecksum') frame[frame.length - 2] = frame[frame.length - 2]! ^ 0x5a;
    let reports = frameToReports(frame, this.reportSize);
    if (fault?.kind === 'truncate') {
      if (reports.length > 1) reports = reports.slice(0, 1);
      else reports = frameToReports(frame.subarray(0, Math.ceil(frame.length / 2)), this.reportSize);
    }
    const garbage = toReport(GARBAGE.subarray(0, Math.min(GARBAGE.length, this.reportSize)), this.reportSize);
    if (fault?.kind === 'garbageInstead') reports = [garbage];
    if (fault?.kind === 'garbageBefore') reports = [garbage, ...reports];
    reply(reports);
  }

  private execute(cmd: number, data: Buffer): Buffer {
    const ok = (payload: Uint8Array = Buffer.alloc(0)) => Buffer.concat([Buffer.of(ReaderStatus.OK), payload]);
    switch (cmd) {
      case Command.STATUS:
        return ok(Buffer.of(this.card ? 1 : 0, this.powered ? 1 : 0));
      case Command.POWER_ON:
        if (!this.card) return Buffer.of(ReaderStatus.NO_CARD);
        this.card.reset();
        this.powered = true;
        return ok(this.card.atr);
      case Command.POWER_OFF:
        this.powered = false;
        return ok();
      case Command.APDU:
        if (!this.card) return Buffer.of(ReaderStatus.NO_CARD);
        if (!this.powered) return Buffer.of(ReaderStatus.NOT_POWERED);
        return ok(this.card.process(data));
      case Command.BEEP:
        this.beeps++;
        return ok();
      default:
        return Buffer.of(ReaderStatus.UNKNOWN_COMMAND);
    }
  }

  get latencyMs(): number {
    return this.options.latencyMs ?? 0;
  }
}

/** The host's handle on a simulated reader: what `HidBus.open` returns. */
export class SimulatedHidTransport implements HidTransport {
  private readonly queue = new ReportQueue();
  private readonly decoder = new FrameDecoder();
  private readonly detachListeners = new Set<(reason: Error) => void>();
  private open = true;
  /** Every report written by the host, for byte-for-byte assertions. */
  readonly written: Buffer[] = [];

  constructor(
    readonly info: HidDeviceInfo,
    readonly reportSize: number,
    private readonly handler: (request: { cmd: number; data: Buffer } | 'badChecksum', reply: (reports: Buffer[]) => void) => void,
    private readonly latencyMs = 0,
  ) {}

  get isOpen(): boolean {
    return this.open;
  }

  async write(report: Buffer): Promise<void> {
    if (!this.open) throw new DeviceError('READER_DETACHED', '读卡器已断开（读卡中断），请检查 USB 连接后重新读卡');
    const r = toReport(report, this.reportSize);
    this.written.push(Buffer.from(r));
    let request: { cmd: number; data: Buffer } | 'badChecksum' | null = null;
    try {
      const event = this.decoder.push(r);
      if (event.kind === 'frame') request = event.frame;
    } catch {
      request = 'badChecksum';
    }
    if (request) {
      const req = request;
      const deliver = () =>
        this.handler(req, (reports) => {
          if (this.open) for (const rep of reports) this.queue.push(rep);
        });
      if (this.latencyMs > 0) setTimeout(deliver, this.latencyMs);
      else setImmediate(deliver);
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
  }

  detach(reason: Error): void {
    if (!this.open) return;
    this.open = false;
    this.queue.fail(new DeviceError('READER_DETACHED', '读卡器已断开（读卡中断），请检查 USB 连接后重新读卡', { cause: reason.message }));
    for (const l of this.detachListeners) l(reason);
  }
}

/** A USB bus with simulated readers on it (and only them). */
export class SimulatedHidBus implements HidBus {
  constructor(readonly readers: SimulatedReader[]) {}

  async devices(): Promise<HidDeviceInfo[]> {
    return this.readers.filter((r) => r.plugged).map((r) => r.info);
  }

  async open(device: HidDeviceInfo, options: HidOpenOptions): Promise<HidTransport> {
    const reader = this.readers.find((r) => r.plugged && r.path === device.path);
    if (!reader) throw new DeviceError('READER_NOT_CONNECTED', '读卡器未连接');
    return reader.connect(options.reportSize);
  }

  dispose(): void {
    for (const r of this.readers) r.dispose();
  }
}
