import { ApiError } from '../../shared/api/errors';
import { localDate } from '../../shared/dates';
import type { CardReadResult, DeviceSettings, DeviceStatus } from '../../shared/devices';
import type { CallContext } from '../api/handlers';
import type { Repositories } from '../db/repositories';
import { writeAudit } from '../audit/audit-log';
import type { Db } from '../db/open';
import { DeviceError } from './errors';
import { createCardReader, listHidDevices, listSerialPorts, openReceiptPrinter } from './node-devices';
import type { PrinterDriver } from './printer/printer-driver';
import { renderReceipt } from './printer/receipt-layout';
import { sampleReceipt } from './printer/sample-receipt';

const NONE: DeviceSettings = { printer: null, reader: null };

/**
 * The counter's devices in the running app: opens the printer and the card reader from the settings,
 * hands the printer to the print worker (wired in electron/app), and answers the device page. A missing or broken device costs nothing:
 * receipts wait in the queue with the reason, and the cashier types the ID number instead of swiping.
 */
export class DeviceService {
  private printer: PrinterDriver | null = null;
  private printerError: string | null = null;
  private reader: ReturnType<typeof createCardReader> | null = null;

  constructor(
    private readonly db: Db,
    private readonly repos: Repositories,
    /** The receipts still waiting to print, with why the last attempt failed (the print queue's). */
    private readonly pendingJobs: () => readonly { lastError: string | null }[],
    private readonly now: () => Date,
  ) {}

  settings(): DeviceSettings {
    const text = this.repos.settings.get('devices');
    return text ? (JSON.parse(text) as DeviceSettings) : NONE;
  }

  async updateSettings(next: DeviceSettings, context: CallContext): Promise<DeviceSettings> {
    this.db.transaction(() => {
      const before = this.settings();
      this.repos.settings.set('devices', JSON.stringify(next));
      writeAudit(this.db, { actor: context.operator, action: 'devices.settings', entity: 'settings', details: { before, after: next } });
    }).immediate();
    await this.stop();
    await this.start();
    return this.settings();
  }

  /** The printer driver the print worker uses, or why there is none right now. */
  currentPrinter(): PrinterDriver | { unavailable: string } {
    if (this.printer) return this.printer;
    if (!this.settings().printer) return { unavailable: '未配置收据打印机：请信息员在“设备”页设置串口' };
    return { unavailable: this.printerError ?? '收据打印机未连接' };
  }

  /** Opens what is configured. */
  async start(): Promise<void> {
    const { printer, reader } = this.settings();
    if (printer) {
      try {
        this.printer = await openReceiptPrinter({ path: printer.path, baudRate: printer.baudRate, rtscts: printer.rtscts });
        this.printerError = null;
      } catch (error) {
        this.printerError = error instanceof DeviceError ? error.message : `无法打开打印机串口 ${printer.path}：${(error as Error).message}`;
      }
    }
    if (reader) {
      this.reader = createCardReader({ filter: { vendorId: reader.vendorId, productId: reader.productId }, reportSize: reader.reportSize });
      await this.reader.connection.start();
    }
  }

  async stop(): Promise<void> {
    await this.printer?.transport.close().catch(() => {});
    this.printer = null;
    await this.reader?.connection.stop();
    this.reader = null;
  }

  async status(): Promise<DeviceStatus> {
    const { printer, reader } = this.settings();
    const printerStatus = this.printer ? await this.printer.status() : null;
    const readerState = this.reader?.connection.state;
    const [serialPorts, hidDevices] = await Promise.all([
      listSerialPorts().catch(() => []),
      listHidDevices().catch(() => []),
    ]);
    const pending = this.pendingJobs();
    return {
      printer: {
        configured: printer !== null,
        connected: printerStatus?.ok ?? false,
        state: !printer ? '未配置' : printerStatus?.ok ? '就绪' : (printerStatus && !printerStatus.ok ? printerStatus.reason : (this.printerError ?? '未连接')),
        lastError: this.printerError ?? pending.find((j) => j.lastError)?.lastError ?? null,
      },
      reader: {
        configured: reader !== null,
        connected: readerState?.connected ?? false,
        state: !reader ? '未配置' : readerState?.connected ? '已连接' : '未连接',
        lastError: readerState && !readerState.connected ? (readerState.lastError ?? null) : null,
      },
      pendingJobs: pending.length,
      serialPorts: serialPorts.map((p) => ({ path: p.path, manufacturer: p.manufacturer })),
      hidDevices: hidDevices.map((d) => ({ vendorId: d.vendorId, productId: d.productId, product: d.product })),
    };
  }

  async testPrint(): Promise<{ ok: boolean; message: string }> {
    const settings = this.settings().printer;
    if (!settings) throw new ApiError('UNAVAILABLE', '未配置收据打印机');
    if (!this.printer) throw new ApiError('UNAVAILABLE', this.printerError ?? '打印机未连接');
    const result = await this.printer.printJob(renderReceipt(sampleReceipt(), settings.paper));
    return result.ok ? { ok: true, message: '测试页已打印' } : { ok: false, message: result.reason };
  }

  /** 读卡: the social security card in the reader, and the roster person it belongs to. */
  async readCard(): Promise<CardReadResult> {
    if (!this.reader) throw new ApiError('UNAVAILABLE', '读卡器未配置');
    try {
      const identity = await this.reader.cards.read(localDate(this.now()));
      const [person] = this.repos.people.find(identity.idNumber, 1);
      return {
        identity: { idNumber: identity.idNumber, name: identity.name, cardNo: identity.cardNo, validUntil: identity.validUntil },
        personId: person && person.idNumber === identity.idNumber ? person.id : null,
      };
    } catch (error) {
      if (error instanceof DeviceError) throw new ApiError('UNAVAILABLE', error.message);
      throw error;
    }
  }
}
