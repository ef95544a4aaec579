/**
 * A virtual ESC/POS receipt printer. As a class it takes bytes and answers status requests; run as a
 * process it sits on the far end of a socat pty pair, so the counter's real serial path (serialport) can
 * print to it:
 *
 *   socat -d -d pty,raw,echo=0,link=/tmp/x pty,raw,echo=0,link=/tmp/y &
 *   node --import tsx electron/devices/sim/virtual-printer.ts --port /tmp/y [--baud 9600 --pace]
 *        [--scenario '{"steps":[{"afterLines":6,"set":{"paperOut":true}},{"afterMs":300,"set":{"paperOut":false}}]}']
 *        [--out printed.jsonl]
 *
 * It decodes what it receives back to text lines (GB18030), writes one JSON object per line to stdout or
 * `--out` (`ready`, `line`, `qr`, `cut`, `drawer`, `status`, `state`, `closed`), and answers DLE EOT from
 * its state, which the scenario changes: paper out after N lines, paper back after a while, cover open…
 * While it has no paper (or the cover is open) it prints nothing: lines are reported with printed: false.
 *
 * A pty passes bytes as fast as they are written whatever the baud rate; `--pace` makes the printer take
 * them no faster than the wire would (10 bits per byte at `--baud`), so timings mean something.
 */
import { closeSync, createWriteStream, openSync, constants as fsConstants, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { fileURLToPath } from 'node:url';
import { type PrinterStatus, type StatusQuery, encodeStatus } from '../printer/status';
import { EscPosDecoder, type PrintedEvent } from './escpos-decoder';

export interface PrinterState extends PrinterStatus {
  /** Does not answer status requests (switched off, wrong cable). */
  mute: boolean;
}

export interface ScenarioStep {
  /** Fires after this many printed text lines since the previous step. */
  afterLines?: number;
  /** Fires this long after the previous step (or the start). */
  afterMs?: number;
  /** Fires after this many status requests since the previous step. */
  afterStatusQueries?: number;
  set: Partial<PrinterState>;
}

export interface PrinterScenario {
  initial?: Partial<PrinterState>;
  steps?: ScenarioStep[];
}

export type PrinterRecord = (PrintedEvent & { printed?: boolean }) | { type: 'status'; n: number; answer: number | null } | ({ type: 'state' } & PrinterState);

export class VirtualPrinter {
  readonly state: PrinterState;
  private readonly decoder: EscPosDecoder;
  private readonly steps: ScenarioStep[];
  private stepIndex = 0;
  private linesSinceStep = 0;
  private queriesSinceStep = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Everything recorded, in order (also passed to `record`). */
  readonly records: PrinterRecord[] = [];

  constructor(
    scenario: PrinterScenario,
    private readonly reply: (bytes: Buffer) => void,
    private readonly record: (r: PrinterRecord) => void = () => undefined,
  ) {
    this.state = { paperOut: false, coverOpen: false, offline: false, error: false, paperNearEnd: false, mute: false, ...scenario.initial };
    this.steps = scenario.steps ?? [];
    this.decoder = new EscPosDecoder(
      (event) => this.onEvent(event),
      (n) => this.onStatusQuery(n),
    );
    this.arm();
  }

  receive(chunk: Uint8Array): void {
    this.decoder.push(chunk);
  }

  /** Changes the state from outside (a test loading paper by hand). */
  set(changes: Partial<PrinterState>): void {
    Object.assign(this.state, changes);
    this.write({ type: 'state', ...this.state });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  /** Lines that came out on paper, in order. */
  printedLines(): string[] {
    return this.records.flatMap((r) => (r.type === 'line' && r.printed ? [r.text] : []));
  }

  private get canPrint(): boolean {
    return !this.state.paperOut && !this.state.coverOpen && !this.state.error;
  }

  private onEvent(event: PrintedEvent): void {
    if (event.type === 'line' || event.type === 'qr') {
      const printed = this.canPrint;
      this.write({ ...event, printed });
      if (printed && event.type === 'line') {
        this.linesSinceStep++;
        const step = this.steps[this.stepIndex];
        if (step?.afterLines !== undefined && this.linesSinceStep >= step.afterLines) this.fire();
      }
    } else {
      this.write(event);
    }
  }

  private onStatusQuery(n: number): void {
    this.queriesSinceStep++;
    const answer = this.state.mute || n < 1 || n > 4 ? null : encodeStatus(this.state)[n as StatusQuery];
    this.write({ type: 'status', n, answer });
    if (answer !== null) this.reply(Buffer.of(answer));
    const step = this.steps[this.stepIndex];
    if (step?.afterStatusQueries !== undefined && this.queriesSinceStep >= step.afterStatusQueries) this.fire();
  }

  private arm(): void {
    this.linesSinceStep = 0;
    this.queriesSinceStep = 0;
    const step = this.steps[this.stepIndex];
    if (step?.afterMs !== undefined) this.timer = setTimeout(() => this.fire(), step.afterMs);
  }

  private fire(): void {
    const step = this.steps[this.stepIndex];
    if (!step) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stepIndex++;
    this.set(step.set);
    this.arm();
  }

  private write(r: PrinterRecord): void {
    this.records.push(r);
    this.record(r);
  }
}

interface CliOptions {
  port: string;
  baud: number;
  pace: boolean;
  scenario: PrinterScenario;
  out: string | null;
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { port: '', baud: 9600, pace: false, scenario: {}, out: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} 需要一个值`);
      return v;
    };
    if (a === '--port') options.port = value();
    else if (a === '--baud') options.baud = Number(value());
    else if (a === '--pace') options.pace = true;
    else if (a === '--scenario') options.scenario = JSON.parse(value()) as PrinterScenario;
    else if (a === '--out') options.out = value();
    else throw new Error(`未知参数：${a}`);
  }
  if (!options.port) throw new Error('用法：virtual-printer --port <pty 路径> [--baud 9600] [--pace] [--scenario JSON] [--out 文件]');
  return options;
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const sink = options.out ? createWriteStream(options.out, { flags: 'a' }) : process.stdout;
  const log = (r: object) => sink.write(`${JSON.stringify({ t: Math.round(performance.now() - started), ...r })}\n`);

  const flags = fsConstants.O_RDWR | fsConstants.O_NOCTTY;
  const readFd = openSync(options.port, flags);
  const writeFd = openSync(options.port, flags);
  const input = new ReadStream(readFd);
  input.setRawMode(true);

  const printer = new VirtualPrinter(options.scenario, (bytes) => writeSync(writeFd, bytes), log);

  // Pacing: each chunk is taken only when the wire would have delivered it; the stream is paused while
  // chunks wait, so the pty's buffer fills and the sender is held back as a real UART would hold it.
  const queue: Buffer[] = [];
  let wireFreeAt = performance.now();
  let draining = false;
  const drain = () => {
    if (draining) return;
    draining = true;
    const next = () => {
      const chunk = queue.shift();
      if (!chunk) {
        draining = false;
        input.resume();
        return;
      }
      wireFreeAt = Math.max(wireFreeAt, performance.now()) + (chunk.length * 10 * 1000) / options.baud;
      setTimeout(() => {
        printer.receive(chunk);
        next();
      }, Math.max(0, wireFreeAt - performance.now()));
    };
    next();
  };
  input.on('data', (chunk: Buffer) => {
    if (!options.pace) return printer.receive(chunk);
    queue.push(chunk);
    if (queue.length > 4) input.pause();
    drain();
  });

  let closing = false;
  const close = (why: string) => {
    if (closing) return;
    closing = true;
    printer.dispose();
    log({ type: 'closed', why });
    input.destroy();
    try {
      closeSync(writeFd);
    } catch {
      // already closed
    }
    if (sink === process.stdout) process.exit(0);
    else sink.end(() => process.exit(0));
  };
  input.on('end', () => close('eof'));
  input.on('error', (e: NodeJS.ErrnoException) => close(e.code ?? e.message));
  process.on('SIGTERM', () => close('SIGTERM'));
  process.on('SIGINT', () => close('SIGINT'));

  log({ type: 'ready', port: options.port, baud: options.baud, pace: options.pace, state: printer.state });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
