/**
 * Test and bench helper: a socat pty pair with the virtual printer on one end, the other end's path for
 * the counter's real serial code. Everything started here is stopped by `stop()` (by process id).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrinterRecord, PrinterScenario } from '../../electron/devices/sim/virtual-printer';
import { toolPath } from '../helpers/tools';

const ROOT = join(import.meta.dirname, '../..');
const VIRTUAL_PRINTER = join(ROOT, 'electron/devices/sim/virtual-printer.ts');

export interface PtyPrinter {
  /** Open this with the serial transport. */
  hostPath: string;
  records(): (PrinterRecord & { t: number })[];
  printedLines(): string[];
  waitFor(predicate: (records: (PrinterRecord & { t: number })[]) => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startPtyPrinter(options: { scenario?: PrinterScenario; pace?: boolean; baud?: number } = {}): Promise<PtyPrinter> {
  const socat = toolPath('socat');
  const dir = mkdtempSync(join(tmpdir(), 'counter-pty-'));
  const hostPath = join(dir, 'host');
  const printerPath = join(dir, 'printer');
  const out = join(dir, 'printed.jsonl');
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(2000)]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const socatChild = spawn(socat, ['-d', '-d', `pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${printerPath}`], { stdio: 'ignore' });
    children.push(socatChild);
    await until(() => existsSync(hostPath) && existsSync(printerPath), 5000, 'socat 未建立 pty');
    const args = ['--import', 'tsx', VIRTUAL_PRINTER, '--port', printerPath, '--out', out, '--baud', String(options.baud ?? 9600)];
    if (options.pace) args.push('--pace');
    if (options.scenario) args.push('--scenario', JSON.stringify(options.scenario));
    const printer = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    printer.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    children.push(printer);
    const records = () => {
      if (!existsSync(out)) return [];
      return readFileSync(out, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as PrinterRecord & { t: number });
    };
    await until(() => records().some((r) => (r.type as string) === 'ready') || printer.exitCode !== null, 15_000, '虚拟打印机未就绪');
    if (printer.exitCode !== null) throw new Error(`虚拟打印机退出：${stderr}`);
    return {
      hostPath,
      records,
      printedLines: () => records().flatMap((r) => (r.type === 'line' && r.printed ? [r.text] : [])),
      waitFor: (predicate, timeoutMs = 5000) => until(() => predicate(records()), timeoutMs, '等待虚拟打印机超时'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(what);
    await sleep(20);
  }
}
