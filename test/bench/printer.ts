/**
 * The receipt printer path: how many bytes a typical receipt is on 58 mm and 80 mm paper, and how long it
 * takes to print through the real serial code (serialport → socat pty → virtual printer) at 9600 baud,
 * against the wire limit bytes × 10 ÷ baud (8N1: a start bit, 8 data bits, a stop bit per byte).
 *
 * A pty moves bytes as fast as they are written whatever the baud rate, so two numbers are measured: the
 * printer taking bytes at wire speed (`--pace`, the realistic one) and unpaced (what the code and the pty
 * themselves cost). A job's time includes the status checks before and after it (DLE EOT 1 and 4 each).
 * The print head itself (≈ 60–90 mm/s on counter printers) is slower still and not modelled.
 *
 *   node --import tsx test/bench/printer.ts
 */
import { fileURLToPath } from 'node:url';
import { PrinterDriver } from '../../electron/devices/printer/printer-driver';
import { type PaperWidth, renderReceipt } from '../../electron/devices/printer/receipt-layout';
import { sampleReceipt } from '../../electron/devices/printer/sample-receipt';
import { openSerial } from '../../electron/devices/transport/serial-node';
import { startPtyPrinter } from '../devices/pty-printer';
import { onPath } from '../helpers/tools';

export interface PrinterBenchRow {
  paper: PaperWidth;
  /** Bytes of the ESC/POS job for the sample receipt (6 items, 2 funds, no QR). */
  bytes: number;
  /** bytes × 10 ÷ baud, in ms. */
  wireMs: number;
  /** Median printJob time with the virtual printer taking bytes at wire speed; null without socat. */
  pacedMs: number | null;
  /** Median printJob time over the pty with no pacing; null without socat. */
  unpacedMs: number | null;
}

export interface PrinterBench {
  baud: number;
  runs: number;
  rows: PrinterBenchRow[];
  /** Why the timings are missing, if they are. */
  skipped?: string;
}

export async function benchPrinter(options: { runs?: number; baud?: 9600 | 19200 | 115200 } = {}): Promise<PrinterBench> {
  const runs = options.runs ?? 3;
  const baud = options.baud ?? 9600;
  const jobs = ([58, 80] as PaperWidth[]).map((paper) => ({ paper, bytes: renderReceipt(sampleReceipt(), paper) }));
  const rows: PrinterBenchRow[] = jobs.map(({ paper, bytes }) => ({
    paper,
    bytes: bytes.length,
    wireMs: (bytes.length * 10 * 1000) / baud,
    pacedMs: null,
    unpacedMs: null,
  }));
  if (!onPath('socat')) return { baud, runs, rows, skipped: 'PATH 中没有 socat，只给出字节数与线路极限' };

  for (const pace of [true, false]) {
    const printer = await startPtyPrinter({ pace, baud });
    const port = await openSerial({ path: printer.hostPath, baudRate: baud });
    try {
      const driver = new PrinterDriver(port, { afterJobDelayMs: 0, statusTimeoutMs: 1000 });
      for (const [i, { bytes }] of jobs.entries()) {
        const times: number[] = [];
        for (let r = 0; r < runs; r++) {
          const result = await driver.printJob(bytes);
          if (!result.ok) throw new Error(`打印失败：${result.reason}`);
          times.push(result.ms);
        }
        times.sort((a, b) => a - b);
        const median = times[Math.floor(times.length / 2)]!;
        if (pace) rows[i]!.pacedMs = median;
        else rows[i]!.unpacedMs = median;
      }
    } finally {
      await port.close();
      await printer.stop();
    }
  }
  return { baud, runs, rows };
}

/** Prints the result in Chinese, as `npm run bench` shows it. */
export function reportPrinter(result: PrinterBench): void {
  const ms = (n: number | null) => (n === null ? '—' : `${n.toFixed(0)} ms`);
  console.log(`收据打印（示例门诊票据：6 个项目、2 项基金；${result.baud} 波特，8N1；每项取 ${result.runs} 次中位数）`);
  for (const row of result.rows) {
    const ratio = row.pacedMs === null ? '' : `（线路极限的 ${(row.pacedMs / row.wireMs).toFixed(2)} 倍）`;
    console.log(
      `  ${row.paper} mm  ${row.bytes} 字节   线路极限 ${ms(row.wireMs)}   按线速实测 ${ms(row.pacedMs)}${ratio}   pty 不限速 ${ms(row.unpacedMs)}`,
    );
  }
  if (result.skipped) console.log(`  （${result.skipped}）`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) reportPrinter(await benchPrinter());
