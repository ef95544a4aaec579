import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallOrigin } from '../../electron/api/handlers';
import { openCounterApp } from '../../electron/app/counter-app';
import { databasePath } from '../../electron/db/open';
import { DEMO_PASSWORD } from '../../electron/demo/seed-demo';
import type { PrintResult } from '../../electron/devices/printer/printer-driver';
import { decodeEscPos } from '../../electron/devices/sim/escpos-decoder';
import { RemotePrintJobSource } from '../../electron/printing/print-job-source';
import { PrintWorker, type JobPrinter } from '../../electron/printing/print-worker';
import { createClient, type ApiClient, type Transport } from '../../shared/api/client';
import type { PrintJob } from '../../shared/printing';
import { envelopeCaller, inProcessClient } from '../helpers/client';
import { outpatientBill, PEOPLE } from '../helpers/demo-bills';
import { MANAGER_APPROVAL, openDemoApp, snapshot } from '../helpers/temp-app';

// Issue 13: on the hospital server every print job is addressed to the counter whose printer prints it (the
// counter that took the money; for a 重打 or a 日结单 slip the one that asked), and each window's print
// worker takes and reports its own counter's jobs only, through the API.
let app: ReturnType<typeof openDemoApp>;
beforeEach(() => {
  app = openDemoApp({ now: () => new Date('2026-11-23T10:00:00+08:00') });
});
afterEach(() => app.dispose());

const WINDOW_2: CallOrigin = { terminalId: 7, counterId: '02' };
const WINDOW_3: CallOrigin = { terminalId: 8, counterId: '03' };

/** This PC's own calls (counter 01, where the test operator's shift is open). */
const local = inProcessClient(() => app);
const localEnvelope = envelopeCaller(() => app);

/** The typed client a paired terminal's page uses: every call goes through the server's LAN entry as that window. */
function lanTransport(origin: CallOrigin): Transport {
  return (method, input, token) => app.callFrom('lan', token, method, input, origin);
}

/** Signs `username` in at the window and opens that counter's shift. */
async function openWindow(origin: CallOrigin, username: string): Promise<{ api: ApiClient; transport: Transport; token: string }> {
  const session = { token: null as string | null };
  const api = createClient(lanTransport(origin), session);
  session.token = (await api['auth.login']({ username, password: DEMO_PASSWORD })).token;
  await api['shift.open']({ float: 0 });
  return { api, transport: lanTransport(origin), token: session.token };
}

const jobsOf = (counterId: string) =>
  app.db.prepare('SELECT kind, ref_id AS refId, copy FROM print_jobs WHERE counter_id = ? ORDER BY id').all(counterId) as { kind: string; refId: number; copy: number }[];
let n = 0;
const rid = (prefix: string) => `${prefix}-${String(++n).padStart(6, '0')}`;
const text = (bytes: Buffer) =>
  decodeEscPos(bytes)
    .flatMap((e) => (e.type === 'line' ? [e.text] : []))
    .join('\n');

describe('print jobs are addressed to a counter', () => {
  it('each window’s settlements, refunds, deposits and 交班 go to that window’s jobs only; a 重打 or a slip to the window that asks', async () => {
    const w2 = await openWindow(WINDOW_2, 'zhangli');
    const w3 = await openWindow(WINDOW_3, 'wangfang');
    const a = await w2.api['settlement.settle']({ ...outpatientBill(), clientRequestId: rid('w2') });
    const b = await w3.api['settlement.settle']({ ...outpatientBill(PEOPLE.wangXiuying), clientRequestId: rid('w3') });
    const c = await w2.api['settlement.settle']({ ...outpatientBill(PEOPLE.liDeming), clientRequestId: rid('w2') });
    const own = await local['settlement.settle']({ ...outpatientBill(PEOPLE.zhangGuilan), clientRequestId: rid('pc') });
    const refund = await w3.api['settlement.refund']({ settlementId: b.id, reason: '退药', clientRequestId: rid('w3'), approval: MANAGER_APPROVAL });
    const admission = await w3.api['inpatient.admit']({ personId: PEOPLE.chenZhiqiang, clientRequestId: rid('w3') });
    const deposit = await w3.api['inpatient.deposit']({ admissionId: admission.id, amount: 50_000, clientRequestId: rid('w3') });
    const shift2 = await w2.api['shift.close']({ counts: {}, note: '测试交班' });
    // A 重打 of counter 02's receipt asked for at window 03 prints at 03; so does 03's 日结单 slip for counter 02.
    const reprint = await w3.api['print.reprint']({ kind: 'settlement', refId: a.id });
    const slip = await w3.api['print.dailySlip']({ date: '2026-11-23', counterId: '02' });

    expect([a.receiptNo, b.receiptNo, c.receiptNo, own.receiptNo]).toEqual(['02-00000001', '03-00000001', '02-00000002', '01-00000001']);
    expect(jobsOf('02')).toEqual([
      { kind: 'settlement', refId: a.id, copy: 0 },
      { kind: 'settlement', refId: c.id, copy: 0 },
      { kind: 'shift', refId: shift2.id, copy: 0 },
    ]);
    expect(jobsOf('03')).toEqual([
      { kind: 'settlement', refId: b.id, copy: 0 },
      { kind: 'settlement', refId: refund.id, copy: 0 },
      { kind: 'deposit', refId: deposit.id, copy: 0 },
      { kind: 'settlement', refId: a.id, copy: 1 },
      { kind: 'daily', refId: slip.refId, copy: 0 },
    ]);
    expect(jobsOf('01')).toEqual([{ kind: 'settlement', refId: own.id, copy: 0 }]);
    expect([reprint.counterId, slip.counterId]).toEqual(['03', '03']);

    // print.pending is the caller's counter's: each window, and this PC (its own counter 01).
    const ids = (jobs: PrintJob[]) => jobs.map((j) => [j.counterId, j.kind, j.refId]);
    expect(ids(await w2.api['print.pending']())).toEqual([
      ['02', 'settlement', a.id],
      ['02', 'settlement', c.id],
      ['02', 'shift', shift2.id],
    ]);
    expect((await w3.api['print.pending']()).map((j) => j.counterId)).toEqual(['03', '03', '03', '03', '03']);
    expect(ids(await local['print.pending']())).toEqual([['01', 'settlement', own.id]]);
    // A job without a counter cannot be written at all.
    expect(() => app.db.prepare("INSERT INTO print_jobs (kind, ref_id, copy, operator, created_at) VALUES ('shift', 99, 0, 'x', 'now')").run()).toThrow(/收费台/);
  });

  it('this PC’s worker prints this PC’s counter’s jobs only', async () => {
    const w2 = await openWindow(WINDOW_2, 'zhangli');
    await w2.api['settlement.settle']({ ...outpatientBill(), clientRequestId: rid('w2') });
    const own = await local['settlement.settle']({ ...outpatientBill(PEOPLE.wangXiuying), clientRequestId: rid('pc') });
    // No printer here: only this PC's own job is tried (and says why it waits); counter 02's is not touched.
    const drained = await local['print.drain']();
    const [ownJob] = await local['print.pending']();
    expect(ownJob).toMatchObject({ refId: own.id, counterId: '01' });
    expect(drained.failed).toEqual([{ jobId: ownJob!.id, reason: expect.stringContaining('未配置收据打印机') as string }]);
    const [job2] = await w2.api['print.pending']();
    expect(job2).toMatchObject({ counterId: '02', attempts: 0, lastError: null });
  });
});

describe('a window’s printer through the API', () => {
  it('print.jobsForPrinter hands the caller’s counter’s jobs, rendered on the server for its paper, marked 重打 after a half receipt', async () => {
    const w2 = await openWindow(WINDOW_2, 'zhangli');
    const w3 = await openWindow(WINDOW_3, 'wangfang');
    const a = await w2.api['settlement.settle']({ ...outpatientBill(), clientRequestId: rid('w2') });
    await w3.api['settlement.settle']({ ...outpatientBill(PEOPLE.wangXiuying), clientRequestId: rid('w3') });

    const [first, ...others] = await w2.api['print.jobsForPrinter']({ paper: 58 });
    expect(others).toEqual([]);
    expect(first).toMatchObject({ job: { counterId: '02', kind: 'settlement', refId: a.id }, reprint: 0, error: null });
    const paper = text(Buffer.from(first!.bytes!, 'base64'));
    expect(paper).toContain(a.receiptNo);
    expect(paper).toContain('刘建国');
    expect(paper).not.toContain('重打');

    // The printer ran out of paper mid-receipt: the next copy handed out is marked 重打.
    expect(await w2.api['print.report']({ jobId: first!.job.id, outcome: 'failed', reason: '打印机缺纸', partial: true })).toMatchObject({
      recorded: true,
      job: { partlyPrinted: true, lastError: '打印机缺纸' },
    });
    const [again] = await w2.api['print.jobsForPrinter']({ paper: 80 });
    expect(again).toMatchObject({ job: { id: first!.job.id }, reprint: 1 });
    expect(text(Buffer.from(again!.bytes!, 'base64'))).toContain('重打');

    expect(await w2.api['print.report']({ jobId: first!.job.id, outcome: 'printed' })).toMatchObject({ recorded: true });
    // A report repeated after a lost answer records nothing more.
    expect(await w2.api['print.report']({ jobId: first!.job.id, outcome: 'printed' })).toMatchObject({ recorded: false });
    expect(await w2.api['print.jobsForPrinter']({ paper: 80 })).toEqual([]);
    expect(await w2.api['print.pending']()).toEqual([]);
    expect(await w3.api['print.pending']()).toHaveLength(1);
  });

  it('refuses to report another counter’s job, or one that does not exist, and changes nothing', async () => {
    const w2 = await openWindow(WINDOW_2, 'zhangli');
    const w3 = await openWindow(WINDOW_3, 'wangfang');
    await w3.api['settlement.settle']({ ...outpatientBill(), clientRequestId: rid('w3') });
    const [job3] = await w3.api['print.pending']();
    const before = snapshot(app.db);
    const as2 = (input: unknown) => app.callFrom('lan', w2.token, 'print.report', input, WINDOW_2);

    expect(await as2({ jobId: job3!.id, outcome: 'printed' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('收费台 03') as string } });
    expect(await as2({ jobId: job3!.id, outcome: 'failed', reason: '打印机缺纸', partial: true })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await as2({ jobId: 9999, outcome: 'printed' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '没有编号为 9999 的打印任务' } });
    expect(await as2({ jobId: job3!.id, outcome: 'failed' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    // This PC's own counter (01) is just another counter to job 3.
    expect(await localEnvelope('print.report', { jobId: job3!.id, outcome: 'printed' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(snapshot(app.db)).toEqual(before);
    expect(await w3.api['print.pending']()).toEqual([job3]);
    // Nor does a window's printer ever see another counter's job.
    expect(await w2.api['print.jobsForPrinter']({ paper: 80 })).toEqual([]);
  });

  it('a worker over the remote source keeps a printed outcome the server did not hear and tells it before printing anything else', async () => {
    const w2 = await openWindow(WINDOW_2, 'zhangli');
    const first = await w2.api['settlement.settle']({ ...outpatientBill(), clientRequestId: rid('w2') });
    await w2.api['settlement.settle']({ ...outpatientBill(PEOPLE.wangXiuying), clientRequestId: rid('w2') });
    let reportsDown = true;
    const flaky: Transport = async (method, input, token) => {
      if (method === 'print.report' && reportsDown) throw new Error('连接服务器超时');
      return w2.transport(method, input, token);
    };
    const printedBytes: Buffer[] = [];
    const printer: JobPrinter = {
      printJob: (bytes): Promise<PrintResult> => {
        printedBytes.push(bytes);
        return Promise.resolve({ ok: true, status: { paperOut: false, coverOpen: false, offline: false, error: false, paperNearEnd: false }, bytes: bytes.length, ms: 1 });
      },
    };
    const worker = new PrintWorker(new RemotePrintJobSource(createClient(flaky, { token: w2.token })), () => printer, () => 80);

    const lost = await worker.drain();
    expect(lost.printed).toHaveLength(1);
    expect(lost.error).toContain('连接服务器超时');
    expect(printedBytes).toHaveLength(1);
    expect(await w2.api['print.pending']()).toHaveLength(2);

    // Still unreachable: nothing more is printed.
    expect(await worker.drain()).toMatchObject({ printed: [], error: expect.stringContaining('打印结果未能报告') as string });
    expect(printedBytes).toHaveLength(1);

    reportsDown = false;
    const resumed = await worker.drain();
    expect(resumed.error).toBeUndefined();
    expect(resumed.printed).toHaveLength(1);
    expect(printedBytes).toHaveLength(2);
    expect(text(printedBytes[0]!)).toContain(first.receiptNo);
    expect(await w2.api['print.pending']()).toEqual([]);
  });
});

describe('migration 0013 on an existing database', () => {
  it('gives every existing job a counter: a printed receipt its money’s, everything else this PC’s', async () => {
    const w2 = await openWindow(WINDOW_2, 'zhangli');
    const a = await local['settlement.settle']({ ...outpatientBill(), clientRequestId: rid('pc') });
    const b = await w2.api['settlement.settle']({ ...outpatientBill(PEOPLE.wangXiuying), clientRequestId: rid('w2') });
    const c = await w2.api['settlement.settle']({ ...outpatientBill(PEOPLE.liDeming), clientRequestId: rid('w2') });
    const shift2 = await w2.api['shift.close']({ counts: {}, note: '测试交班' });
    await local['print.reprint']({ kind: 'settlement', refId: b.id });
    await local['print.dailySlip']({ date: '2026-11-23' });
    const printedIds = app.db.prepare('SELECT id FROM print_jobs WHERE NOT (kind = ? AND ref_id = ?) ORDER BY id').pluck().all('settlement', c.id) as number[];
    for (const id of printedIds) app.db.prepare("INSERT INTO print_attempts (job_id, outcome, at) VALUES (?, 'printed', 'then')").run(id);
    const dataDir = app.dataDir;
    app.close();

    // Back to the schema before 0013 (the same rows, no counter column), as a database of the last release.
    const raw = new Database(databasePath(dataDir));
    raw.exec(`
      DROP INDEX print_jobs_counter;
      DROP TRIGGER print_jobs_counter_required;
      ALTER TABLE print_jobs DROP COLUMN counter_id;
      PRAGMA user_version = 12;
    `);
    raw.close();

    const upgraded = openCounterApp({ dataDir, logError: () => {} });
    try {
      expect(upgraded.migration).toMatchObject({ from: 12, applied: ['13-print-counter', '14-installation-id'] });
      const rows = upgraded.db.prepare('SELECT kind, ref_id AS refId, copy, counter_id AS counterId FROM print_jobs ORDER BY id').all();
      expect(rows).toEqual([
        { kind: 'settlement', refId: a.id, copy: 0, counterId: '01' },
        { kind: 'settlement', refId: b.id, copy: 0, counterId: '02' },
        // Still waiting when the program was upgraded: this PC printed every job then, and still prints it.
        { kind: 'settlement', refId: c.id, copy: 0, counterId: '01' },
        { kind: 'shift', refId: shift2.id, copy: 0, counterId: '02' },
        { kind: 'settlement', refId: b.id, copy: 1, counterId: '01' },
        { kind: 'daily', refId: 1, copy: 0, counterId: '01' },
      ]);
      expect(() => upgraded.db.exec("UPDATE print_jobs SET counter_id = '09'")).toThrow(/不可修改/);
    } finally {
      upgraded.close();
    }
  });
});
