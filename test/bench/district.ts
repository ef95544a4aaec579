/**
 * Uploading a busy month to the district centre: 30,000 settlements of ten lines each, through the real
 * uploader (batches, signatures, msgid log, results) to the district simulator on loopback, both in this
 * process. Goal: under 10 s. Also times the parts on their own, to say where the time goes.
 *
 * The month is made from a few real settlements (settled through the ledger, ten lines each), cloned with
 * SQL into 30,000 settlements with their own receipt numbers, accumulator movements and outbox rows, as the
 * ledger would have written them.
 *
 *   node --import tsx test/bench/district.ts [settlements] [batchSize]
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INFNO, type RequestEnvelope } from '../../shared/district/protocol';
import type { SettlementRecord } from '../../shared/ledger';
import { sign } from '../../electron/district/signature';
import { recordPrefix, UploadRecords } from '../../electron/district/upload-records';
import { batchInput } from '../../electron/district/uploader';
import type { OutboxRow } from '../../electron/district/upload-store';
import { PEOPLE } from '../helpers/demo-bills';
import { inProcessClient } from '../helpers/client';
import { openDemoApp, TEST_CONTEXT } from '../helpers/temp-app';
import { startDistrictSimulator } from '../district/simulator';

const FIXMEDINS = 'H33010200001';
const KEY = 'bench-key';

export interface DistrictBench {
  settlements: number;
  lines: number;
  batchSize: number;
  batches: number;
  megabytes: number;
  uploadSeconds: number;
  buildSeconds: number;
  serializeSeconds: number;
  reconcileSeconds: number;
  /** district.status() after the upload (the status line asks every 10 s): median of 20. */
  statusMs: number;
  /** The simulator's own time: parsing, verifying, checking and storing what it received. */
  centreSeconds: number;
  accepted: number;
  reconciled: boolean;
}

/** Ten lines a township visit might carry: consultation, tests, treatment, drugs, materials. */
const TEN_LINES = ['FW0001', 'FW0003', 'FW0002', 'FW0007', 'HC0001', 'XY0001', 'XY0002', 'XY0013', 'XY0017', 'XY0022'].map((itemCode) => ({ itemCode, qty: 1 }));

export async function benchDistrict(total = 30_000, batchSize = 500): Promise<DistrictBench> {
  const now = new Date('2026-11-20T10:00:00+08:00');
  const app = openDemoApp({ now: () => now, district: { timeoutMs: 60_000 } });
  const sim = await startDistrictSimulator({ file: join(app.dataDir, 'district.sqlite'), institutions: [{ code: FIXMEDINS, key: KEY }] });
  try {
    const persons = [PEOPLE.liuJianguo, PEOPLE.wangXiuying, PEOPLE.liDeming, PEOPLE.zhangGuilan, PEOPLE.chenZhiqiang];
    const templates: SettlementRecord[] = [];
    const client = inProcessClient(app);
    for (const [i, personId] of persons.entries()) {
      templates.push(await client['settlement.settle']({ personId, visit: { medType: 'outpatient', level: 'township' }, lines: TEN_LINES, clientRequestId: `bench-template-${i}` }));
    }
    cloneMonth(app.db, total - templates.length, templates.length);

    // The parts on their own: records from the outbox, and the signed JSON of every batch.
    const rows = app.db.prepare('SELECT id, kind, ref_id, payload_json, created_at FROM outbox ORDER BY id').all() as OutboxRow[];
    const records = new UploadRecords(app.db);
    let started = performance.now();
    const built = rows.map((row) => records.build(recordPrefix(FIXMEDINS, '0123456789abcdef', '01'), row));
    const buildSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    let bytes = 0;
    for (let i = 0; i < built.length; i += batchSize) {
      const envelope = { infno: INFNO.uploadBatch, msgid: 'x'.repeat(30), input: batchInput('x'.repeat(30), built.slice(i, i + batchSize)) } as unknown as RequestEnvelope;
      const body = JSON.stringify(envelope);
      sign(KEY, body);
      bytes += Buffer.byteLength(body);
    }
    const serializeSeconds = (performance.now() - started) / 1000;

    app.district.updateSettings(
      { enabled: true, baseUrl: sim.url, fixmedinsCode: FIXMEDINS, fixmedinsName: '基准测试卫生院', admdvs: '330102', caPem: '', batchSize, maxAgeSeconds: 60, key: KEY },
      TEST_CONTEXT,
    );
    started = performance.now();
    const centreBefore = sim.stats().busyMs;
    const result = await app.district.drain(true);
    const uploadSeconds = (performance.now() - started) / 1000;
    const centreSeconds = (sim.stats().busyMs - centreBefore) / 1000;
    if (result.error) throw new Error(result.error);

    const statusTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      app.district.status();
      statusTimes.push(performance.now() - t);
    }
    const statusMs = statusTimes.sort((a, b) => a - b)[10]!;

    started = performance.now();
    const report = await app.district.reconcile('2026-11-01', '2026-11-30', TEST_CONTEXT);
    const reconcileSeconds = (performance.now() - started) / 1000;
    return {
      settlements: rows.length,
      lines: app.db.prepare('SELECT count(*) FROM bill_lines').pluck().get() as number,
      batchSize,
      batches: result.batches,
      megabytes: bytes / 1024 / 1024,
      uploadSeconds,
      buildSeconds,
      serializeSeconds,
      reconcileSeconds,
      centreSeconds,
      statusMs,
      accepted: sim.accepted().length,
      reconciled: report.totalsAgree && report.detailsAgree,
    };
  } finally {
    await sim.close();
    app.dispose();
  }
}

/**
 * `count` more settlements, each a copy of a template (round robin) with the next receipt number: its
 * settlement row, accumulator movements and outbox row (setl_id rewritten), in one transaction.
 */
function cloneMonth(db: ReturnType<typeof openDemoApp>['db'], count: number, templates: number): void {
  const columns = (db.prepare('SELECT name FROM pragma_table_info(\'settlements\') WHERE name NOT IN (\'id\', \'client_request_id\', \'receipt_no\')').pluck().all() as string[]).join(', ');
  db.transaction(() => {
    const base = db.prepare('SELECT max(id) AS id, max(receipt_no) AS receipt FROM settlements').get() as { id: number; receipt: number };
    const first = db.prepare('SELECT min(id) FROM settlements').pluck().get() as number;
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
       INSERT INTO settlements (id, client_request_id, receipt_no, ${columns})
       SELECT @id + i, 'bench-' || i, @receipt + i, ${columns.split(', ').map((c) => `t.${c}`).join(', ')}
         FROM n JOIN settlements t ON t.id = @first + (i - 1) % @templates`,
    ).run({ count, id: base.id, receipt: base.receipt, first, templates });
    db.prepare(
      `INSERT INTO ytd_moves (person_id, year, account, delta, settlement_id)
       SELECT m.person_id, m.year, m.account, m.delta, s.id
         FROM settlements s JOIN ytd_moves m ON m.settlement_id = @first + (s.id - @id - 1) % @templates
        WHERE s.id > @id ORDER BY s.id, m.id`,
    ).run({ id: base.id, first, templates });
    db.prepare(
      `INSERT INTO outbox (kind, ref_id, payload_json, created_at)
       SELECT 'settlement', s.id, json_set(o.payload_json, '$.setlinfo.setl_id', s.counter_id || '-' || printf('%08d', s.receipt_no)), o.created_at
         FROM settlements s JOIN outbox o ON o.ref_id = @first + (s.id - @id - 1) % @templates
        WHERE s.id > @id ORDER BY s.id`,
    ).run({ id: base.id, first, templates });
  })();
}

export function reportDistrict(b: DistrictBench): void {
  const s = (n: number) => `${n.toFixed(2)} s`;
  console.log(`医保上传（${b.settlements.toLocaleString('en-US')} 笔结算 × 10 行，每批 ${b.batchSize} 笔，共 ${b.batches} 批，${b.megabytes.toFixed(0)} MB JSON；目标 < 10 s）`);
  console.log(`  上传并取得中心结果   ${s(b.uploadSeconds)}（中心收到 ${b.accepted.toLocaleString('en-US')} 笔；对账 ${b.reconciled ? '一致' : '不一致'}，用时 ${s(b.reconcileSeconds)}；状态查询 ${b.statusMs.toFixed(2)} ms）`);
  const rest = b.uploadSeconds - b.buildSeconds - b.serializeSeconds - b.centreSeconds;
  console.log(
    `  其中：由上传队列生成记录 ${s(b.buildSeconds)}，生成并签名 JSON ${s(b.serializeSeconds)}，` +
      `中心（模拟器：解析、验签、校验、写库）${s(b.centreSeconds)}，其余（HTTP 传输、应答校验、写入结果与报文记录、GC）${s(rest)}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  reportDistrict(await benchDistrict(Number(process.argv[2] ?? 30_000), Number(process.argv[3] ?? 500)));
}
