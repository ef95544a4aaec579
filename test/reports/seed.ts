import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputOf } from '../../shared/api/contract';
import type { SettlementRecord } from '../../shared/ledger';
import type { CallContext } from '../../electron/api/handlers';
import { reportIndexes } from '../../electron/db/migrations/0009-report-indexes';
import type { Db } from '../../electron/db/open';
import { inProcessClient } from '../helpers/client';
import { MANAGER_APPROVAL, TEST_CONTEXT, openDemoApp } from '../helpers/temp-app';
import { OUTPATIENT_VISIT, outpatientBill, PEOPLE, WARD_DAY_CHARGES } from '../helpers/demo-bills';
import { toolPath } from '../helpers/tools';

type PayMethod = InputOf<'settlement.settle'>['payMethod'];

export const ZHANGLI: CallContext = { transport: 'test', operator: 'zhangli', role: 'cashier' };

/** The business day the daily-sheet tests look at, and the months of the monthly report. */
export const DAY = '2026-11-23';
export const MONTH = '2026-11';
export const PREVIOUS_MONTH = '2026-10';

export interface Seeded {
  app: ReturnType<typeof openDemoApp>;
  clock: { now: Date };
  /** The shifts of DAY: tester's (closed) and zhangli's (closed). */
  dayShifts: number[];
  /** zhangli's shift of the next day, left open. */
  openShift: number;
  /** The settlement with the Ext-A drug name (艾司唑仑片（苯二氮䓬类）). */
  extA: SettlementRecord;
}

/** Whether the database keeps the per-day report sums of migration 0009. */
export function hasReportSums(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'report_daily'").get() !== undefined;
}

/**
 * Applies migration 0009 to a test database unless the app's migrations already did (until it is registered
 * in electron/db/migrations/index.ts, the tests apply it themselves; the schema version is left alone).
 */
export function applyReportSums(db: Db, options: { rebuild?: boolean } = {}): void {
  db.transaction(() => {
    if (options.rebuild && hasReportSums(db)) {
      // Registered already, so kept by triggers from the start: drop it all to fill it again as the migration does.
      db.exec(`DROP TRIGGER settlements_report_settle; DROP TRIGGER settlements_report_refund; DROP TRIGGER settlements_report_ledger;
               DROP TABLE report_daily; DROP TABLE report_daily_items; DROP TABLE report_daily_ledger;
               DROP INDEX discharges_discharged_on;`);
    }
    if (!hasReportSums(db)) db.exec(reportIndexes.sql);
  })();
}


/**
 * A township month and a half through the API: outpatient, chronic, self-pay, employee personal account,
 * a big city-level stay that reaches 大病/救助/兜底, inpatient stays with deposits offset and handed back,
 * refunds the same day and of an earlier month, two shifts on DAY (one per cashier) and an open one after.
 * The per-day report sums (migration 0009) are kept by their triggers from the start (`before`), filled
 * from the finished ledger by the migration (`after`), or left out (`no`, while 0009 is not registered).
 */
export async function seedLedger(options: { reportSums?: 'before' | 'after' | 'no' } = {}): Promise<Seeded> {
  const clock = { now: new Date('2026-10-15T09:00:00+08:00') };
  const app = openDemoApp({ now: () => clock.now }); // shift 1: tester, float 0, 2026-10-15
  const reportSums = options.reportSums ?? 'before';
  if (reportSums === 'before') applyReportSums(app.db);
  let n = 0;
  const rid = () => `report-${String(++n).padStart(6, '0')}`;
  const at = (iso: string) => {
    clock.now = new Date(iso);
  };
  const client = inProcessClient(app);
  const clientAs = (context: CallContext) => inProcessClient(app, context);
  const settle = (request: Omit<InputOf<'settlement.settle'>, 'clientRequestId'>, context: CallContext = TEST_CONTEXT, payMethod: PayMethod = 'cash') =>
    clientAs(context)['settlement.settle']({ ...request, payMethod, clientRequestId: rid() });
  const refund = (settlementId: number, reason: string, context: CallContext = TEST_CONTEXT) =>
    clientAs(context)['settlement.refund']({ settlementId, reason, clientRequestId: rid(), approval: MANAGER_APPROVAL });
  const chronic = (personId: number) => ({ ...outpatientBill(personId), visit: { medType: 'chronic', level: 'township' } as const });
  const drugOnly = (personId: number, itemCode: string, qty: number) => ({
    personId,
    visit: OUTPATIENT_VISIT,
    lines: [
      { itemCode: 'FW0001', qty: 1 },
      { itemCode, qty },
    ],
    useAccount: false,
  });
  const stay = async (personId: number, days: string[], deposit: number, method: PayMethod = 'cash', time = '08:30') => {
    const context = TEST_CONTEXT;
    at(`${days[0]}T${time}:00+08:00`);
    const admission = await clientAs(context)['inpatient.admit']({ personId, ward: '内科', bed: String(personId), diagnosis: '肺炎', clientRequestId: rid() });
    await clientAs(context)['inpatient.deposit']({ admissionId: admission.id, amount: deposit, method, clientRequestId: rid() });
    for (const day of days.slice(0, -1)) {
      at(`${day}T10:00:00+08:00`);
      await clientAs(context)['inpatient.charge']({
        admissionId: admission.id,
        lines: [...WARD_DAY_CHARGES],
        clientRequestId: rid(),
      });
    }
    return admission;
  };
  const discharge = async (admissionId: number, day: string, context: CallContext = TEST_CONTEXT) => {
    at(`${day}T11:00:00+08:00`);
    return clientAs(context)['inpatient.discharge']({ admissionId, clientRequestId: rid() });
  };
  const close = (context: CallContext = TEST_CONTEXT) => clientAs(context)['shift.close']({ counts: { '10000': 3 }, note: '按实点交班（测试）' });

  // ---- October (the month before): shift 1 of tester, 2026-10-15 … 10-18.
  const octA = await settle(outpatientBill(PEOPLE.liuJianguo));
  await settle({ ...outpatientBill(PEOPLE.chenZhiqiang), useAccount: true });
  await settle(chronic(PEOPLE.liuJianguo), TEST_CONTEXT, 'bankcard');
  await settle({ ...outpatientBill(6), selfPay: true }, TEST_CONTEXT, 'wechat');
  await settle(drugOnly(7, 'XY0016', 3));
  const octB = await settle(outpatientBill(PEOPLE.liDeming));
  at('2026-10-16T09:00:00+08:00');
  await refund(octB.id, '处方调整');
  const octStay = await stay(PEOPLE.wangXiuying, ['2026-10-16', '2026-10-17', '2026-10-18', '2026-10-19'], 100_000);
  await discharge(octStay.id, '2026-10-19');
  at('2026-10-19T17:00:00+08:00');
  await close();

  // ---- DAY, first shift: tester, float 200 yuan.
  at(`${DAY}T08:00:00+08:00`);
  const shiftA = await client['shift.open']({ float: 20_000 });
  const a1 = await settle(outpatientBill(PEOPLE.liuJianguo));
  await settle({ ...outpatientBill(PEOPLE.chenZhiqiang), useAccount: true }, TEST_CONTEXT, 'wechat');
  await settle({ ...outpatientBill(PEOPLE.sunLihua), useAccount: true });
  await settle(chronic(8), TEST_CONTEXT, 'bankcard');
  const selfPaid = await settle({ ...outpatientBill(6), selfPay: true }, TEST_CONTEXT, 'alipay');
  const extA = await settle(drugOnly(7, 'XY0016', 2));
  // A city-level stay of a poverty-registered person: reaches 大病保险, 医疗救助 and 兜底保障.
  await settle({
    personId: PEOPLE.zhangGuilan,
    visit: { medType: 'inpatient', level: 'city' },
    lines: [
      { itemCode: 'FW0006', qty: 1000 },
      { itemCode: 'FW0010', qty: 100 },
    ],
    useAccount: false,
  });
  at(`${DAY}T10:30:00+08:00`);
  await refund(a1.id, '患者退药');
  await refund(octA.id, '上月重复收费');
  // A same-day stay (counts one bed day), deposit by card, balance handed back in cash.
  const dayStay = await stay(12, [DAY, DAY], 50_000, 'bankcard');
  await client['inpatient.charge']({ admissionId: dayStay.id, lines: [{ itemCode: 'FW0002', qty: 1 }, { itemCode: 'XY0017', qty: 1 }], clientRequestId: rid() });
  await discharge(dayStay.id, DAY);
  // A stay that goes on: deposit paid today, nothing settled yet.
  const ongoing = await stay(9, [DAY], 30_000, 'cash', '12:00');
  at(`${DAY}T12:30:00+08:00`);
  await close();

  // ---- DAY, second shift: zhangli, float 500 yuan; a refund of the first shift's settlement.
  at(`${DAY}T13:00:00+08:00`);
  const shiftB = await clientAs(ZHANGLI)['shift.open']({ float: 50_000 });
  const b1 = await settle(outpatientBill(PEOPLE.liuJianguo), ZHANGLI);
  await settle(outpatientBill(PEOPLE.liDeming), ZHANGLI, 'wechat');
  await settle(drugOnly(11, 'XY0005', 4), ZHANGLI);
  await clientAs(ZHANGLI)['inpatient.deposit']({ admissionId: ongoing.id, amount: 20_000, method: 'wechat', clientRequestId: rid() });
  at(`${DAY}T16:00:00+08:00`);
  await refund(selfPaid.id, '医生更改诊断', ZHANGLI); // the first shift's self-pay bill
  await refund(b1.id, '重复挂号', ZHANGLI);
  at(`${DAY}T17:30:00+08:00`);
  await close(ZHANGLI);

  // ---- The next day: zhangli again, shift left open.
  at('2026-11-24T08:00:00+08:00');
  const next = await clientAs(ZHANGLI)['shift.open']({ float: 10_000 });
  await settle(outpatientBill(PEOPLE.liuJianguo), ZHANGLI);
  at('2026-11-24T09:00:00+08:00');
  if (reportSums === 'after') applyReportSums(app.db, { rebuild: true });

  return { app, clock, dayShifts: [shiftA.id, shiftB.id], openShift: next.id, extA };
}

/** `pdftotext -layout` of a PDF (poppler-utils). */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    return execFileSync(toolPath('pdftotext'), ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text between two headings of a report (the next heading excluded). */
export function between(text: string, start: string, end?: string): string {
  const from = text.indexOf(start);
  if (from < 0) throw new Error(`报表中没有「${start}」`);
  const to = end === undefined ? -1 : text.indexOf(end, from + start.length);
  return text.slice(from, to < 0 ? undefined : to);
}

/** The cells of the first line in `text` that begins with `label` (after spaces), split on runs of spaces. */
export function rowCells(text: string, label: string): string[] {
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith(`${label} `) || trimmed === label) return trimmed.split(/\s{2,}|\s(?=[-\d])/).filter(Boolean);
  }
  throw new Error(`报表中没有以「${label}」开头的行`);
}
