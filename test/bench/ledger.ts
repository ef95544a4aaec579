/**
 * Settle-and-commit against a file database with synchronous=FULL, side by side with the floor: inserting
 * exactly the rows those settlements wrote, with better-sqlite3, one transaction per settlement, into a
 * database with the same schema and pragmas. Goal: commit within 1.5× of the floor.
 *
 *   node --import tsx test/bench/ledger.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCounterApp } from '../../electron/app/counter-app';
import { databasePath, openDatabase, type Db } from '../../electron/db/open';
import { seedDemo } from '../../electron/demo/seed-demo';
import { inProcessClient } from '../helpers/client';

export interface LedgerBench {
  settlements: number;
  lines: number;
  settlePerSecond: number;
  settleP50Ms: number;
  settleP99Ms: number;
  floorPerSecond: number;
  floorP50Ms: number;
  floorP99Ms: number;
  /** Mean settle time over mean floor time: 1.0 means the ledger costs nothing beyond its own rows. */
  ratio: number;
  dataDir: string;
}

const ITEM_CODES = ['FW0002', 'XY0017', 'FW0007', 'HC0001', 'XY0002', 'FW0003', 'XY0022', 'FW0010', 'XY0001', 'XY0003',
  'XY0005', 'XY0012', 'XY0018', 'XY0019', 'XY0020', 'FW0004', 'FW0005', 'FW0008', 'HC0002', 'ZY0004'];

const TABLES = ['bills', 'bill_lines', 'settlements', 'ytd_moves', 'account_moves', 'stock_moves', 'payments', 'outbox', 'audit_log'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

export async function benchLedger(count = 400, baseDir = tmpdir()): Promise<LedgerBench> {
  const dataDir = mkdtempSync(join(baseDir, 'counter-bench-'));
  try {
    const app = openCounterApp({ dataDir: join(dataDir, 'ledger'), now: () => new Date('2026-06-15T10:00:00+08:00') });
    seedDemo(app.db, app.repos);
    const client = inProcessClient(app, { transport: 'test', operator: 'bench', role: null });
    // Enough stock for every drug line of every settlement below.
    await client['pharmacy.stockIn']({
      supplier: '基准测试配送企业',
      invoiceNo: 'BENCH-1',
      receivedOn: '2026-06-01',
      lines: ITEM_CODES.filter((code) => app.repos.catalogue.get(code)?.stocked).map((itemCode) => ({
        itemCode,
        batchNo: 'BENCH',
        expiryDate: '2029-12-31',
        qty: 5 * (count + 20),
        purchasePrice: app.repos.catalogue.get(itemCode)!.price,
      })),
    });
    await client['shift.open']({ float: 0 });
    const times: number[] = [];
    for (let i = 0; i < count + 20; i++) {
      const request = {
        personId: 1 + (i % 12),
        visit: { medType: 'inpatient', level: 'township' } as const,
        lines: ITEM_CODES.map((itemCode, n) => ({ itemCode, qty: 1 + ((i + n) % 4) })),
        useAccount: i % 2 === 0,
        clientRequestId: `bench-${String(i).padStart(6, "0")}`,
      };
      const start = performance.now();
      await client['settlement.settle'](request);
      const elapsed = performance.now() - start;
      if (i >= 20) times.push(elapsed); // the first settlements warm the JIT and statement caches
    }

    // The floor: the very rows the measured settlements wrote, grouped per settlement.
    const rowsPerSettlement = collectRows(app.db, 21, count + 20);
    // What the rows point at (catalogue, batches and their purchases), so the floor's triggers do the same work.
    const groundwork = new Map<string, Row[]>(
      (
        [
          ['catalogue_items', 'SELECT * FROM catalogue_items'],
          ['stock_receipts', 'SELECT * FROM stock_receipts'],
          ['stock_batches', 'SELECT * FROM stock_batches'],
          ['stock_moves', "SELECT * FROM stock_moves WHERE kind = 'purchase'"],
        ] as const
      ).map(([table, sql]) => [table, app.db.prepare(sql).all() as Row[]]),
    );
    app.close();
    const { db: floorDb } = openDatabase(databasePath(join(dataDir, 'floor')));
    replay(floorDb, [groundwork], ['catalogue_items', 'stock_receipts', 'stock_batches', 'stock_moves']);
    const floorTimes = replay(floorDb, rowsPerSettlement);
    floorDb.close();

    const sorted = [...times].sort((a, b) => a - b);
    const floorSorted = [...floorTimes].sort((a, b) => a - b);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return {
      settlements: count,
      lines: ITEM_CODES.length,
      settlePerSecond: Math.round(1000 / mean(times)),
      settleP50Ms: percentile(sorted, 50),
      settleP99Ms: percentile(sorted, 99),
      floorPerSecond: Math.round(1000 / mean(floorTimes)),
      floorP50Ms: percentile(floorSorted, 50),
      floorP99Ms: percentile(floorSorted, 99),
      ratio: mean(times) / mean(floorTimes),
      dataDir: baseDir,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Row = Record<string, unknown>;

/** For each settlement id in [from, to]: every row of every ledger table that belongs to it. */
function collectRows(db: Db, from: number, to: number): Map<string, Row[]>[] {
  const out: Map<string, Row[]>[] = [];
  for (let id = from; id <= to; id++) {
    const s = db.prepare('SELECT * FROM settlements WHERE id = ?').get(id) as Row;
    const groups = new Map<string, Row[]>();
    groups.set('bills', db.prepare('SELECT * FROM bills WHERE id = ?').all(s.bill_id) as Row[]);
    groups.set('bill_lines', db.prepare('SELECT * FROM bill_lines WHERE bill_id = ?').all(s.bill_id) as Row[]);
    groups.set('settlements', [s]);
    for (const table of ['ytd_moves', 'account_moves', 'stock_moves', 'payments']) {
      groups.set(table, db.prepare(`SELECT * FROM ${table} WHERE settlement_id = ?`).all(id) as Row[]);
    }
    groups.set('outbox', db.prepare('SELECT * FROM outbox WHERE ref_id = ?').all(id) as Row[]);
    groups.set('audit_log', db.prepare('SELECT * FROM audit_log WHERE entity = ?').all(`settlement:${id}`) as Row[]);
    out.push(groups);
  }
  return out;
}

/** Inserts each settlement's rows in one transaction with prepared statements; returns the times. */
function replay(db: Db, settlements: Map<string, Row[]>[], tables: readonly string[] = TABLES): number[] {
  // The floor database needs the rows the ledger rows point at (people, catalogue, policy).
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const insert = (table: string, row: Row) => {
    const columns = Object.keys(row);
    const key = `${table}:${columns.join(',')}`;
    let statement = statements.get(key);
    if (!statement) {
      statement = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
      statements.set(key, statement);
    }
    statement.run(row);
  };
  db.pragma('foreign_keys = OFF'); // the floor measures the ledger's own rows, not their parents
  const times: number[] = [];
  for (const groups of settlements) {
    const start = performance.now();
    db.transaction(() => {
      for (const table of tables) for (const row of groups.get(table) ?? []) insert(table, row);
    }).immediate();
    times.push(performance.now() - start);
  }
  return times;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await benchLedger();
  console.log(JSON.stringify(r, null, 2));
}
