import { join } from 'node:path';
import { expect } from 'vitest';
import type { CallContext } from '../../electron/api/handlers';
import type { CounterApp } from '../../electron/app/counter-app';
import type { BillRequest, SettlementRecord } from '../../shared/ledger';
import { formatReceiptNo } from '../../shared/ledger';
import { inProcessClient } from '../helpers/client';
import { MANAGER_APPROVAL, openDemoApp } from '../helpers/temp-app';
import { OUTPATIENT_VISIT, PEOPLE } from '../helpers/demo-bills';
import { startDistrictSimulator, type DistrictSimulator } from './simulator';

export const FIXMEDINS = 'H33010200001';
export const KEY = 'district-test-key-0001';
export const ADMIN: CallContext = { transport: 'test', operator: 'zhaomin', role: null };
export const MANAGER: CallContext = { transport: 'test', operator: 'chenjun', role: null };

/** A settable clock, so a test can live through thirty days in a second. */
export class Clock {
  constructor(private at: Date) {}
  readonly now = () => new Date(this.at);
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

export interface Harness {
  app: ReturnType<typeof openDemoApp>;
  sim: DistrictSimulator;
  clock: Clock;
  settle(personId?: number, lines?: { itemCode: string; qty: number }[], visit?: BillRequest['visit']): Promise<SettlementRecord>;
  refund(settlementId: number): Promise<SettlementRecord>;
  dispose(): Promise<void>;
}

let requestNo = 0;

/** A demo counter connected to a fresh district simulator over loopback. */
export async function startHarness(
  options: { start?: Date; timeoutMs?: number; batchSize?: number; random?: () => number } = {},
): Promise<Harness> {
  const clock = new Clock(options.start ?? new Date('2026-11-02T09:00:00+08:00'));
  const app = openDemoApp({ now: clock.now, district: { timeoutMs: options.timeoutMs ?? 2_000, random: () => 0.5 } });
  const sim = await startDistrictSimulator({ file: join(app.dataDir, 'district.sqlite'), institutions: [{ code: FIXMEDINS, key: KEY }], ...(options.random ? { random: options.random } : {}) });
  configure(app, sim.url, options.batchSize ?? 500);
  const client = inProcessClient(app);
  return {
    app,
    sim,
    clock,
    settle: (personId = PEOPLE.liuJianguo, lines = [{ itemCode: 'FW0001', qty: 1 }, { itemCode: 'FW0003', qty: 1 }], visit = OUTPATIENT_VISIT) =>
      client['settlement.settle']({ personId, visit, lines, clientRequestId: `district-${++requestNo}-${Date.now()}` }),
    refund: (settlementId) =>
      client['settlement.refund']({ settlementId, reason: '患者要求退费', clientRequestId: `district-r-${++requestNo}-${Date.now()}`, approval: MANAGER_APPROVAL }),
    dispose: async () => {
      await sim.close();
      app.dispose();
    },
  };
}

export function configure(app: Harness['app'], baseUrl: string, batchSize = 500, key = KEY): void {
  app.district.updateSettings(
    { enabled: true, baseUrl, fixmedinsCode: FIXMEDINS, fixmedinsName: '测试乡镇卫生院', admdvs: '330102', caPem: '', batchSize, maxAgeSeconds: 60, key },
    ADMIN,
  );
}

/** Drains until nothing waits, as the background uploader would over time; fails after `tries` rounds. */
export async function drainUntilEmpty(app: Pick<CounterApp, 'district'>, tries = 50): Promise<number> {
  for (let round = 1; round <= tries; round++) {
    const result = await app.district.drain(true);
    if (!result.error && app.district.status().waiting === 0) return round;
  }
  throw new Error(`上传 ${tries} 轮后仍有记录等待：${JSON.stringify(app.district.status())}`);
}

/** The ledger's records the centre must hold (not self-paid), in outbox order: setl_id and kind. */
export function ledgerRecords(app: Pick<CounterApp, 'db'>): { setl_id: string; rec_type: '2207' | '2208' }[] {
  return (
    app.db
      .prepare(
        `SELECT s.counter_id, s.receipt_no, s.kind FROM outbox o JOIN settlements s ON s.id = o.ref_id
          WHERE o.kind IN ('settlement', 'refund') ORDER BY o.id`,
      )
      .all() as { counter_id: string; receipt_no: number; kind: string }[]
  ).map((r) => ({ setl_id: formatReceiptNo(r.counter_id, r.receipt_no), rec_type: r.kind === 'settle' ? '2207' : '2208' }));
}

/**
 * Every settlement and refund is at the centre exactly once, in ledger order — except that a resubmitted
 * record arrives when the manager resubmits it (`ordered: false`).
 */
export function expectExactlyOnce(h: Harness, options: { ordered: boolean } = { ordered: true }): void {
  const held = h.sim.accepted().map((r) => ({ setl_id: r.setl_id, rec_type: r.rec_type }));
  const bySetlId = (a: { setl_id: string }, b: { setl_id: string }) => a.setl_id.localeCompare(b.setl_id);
  if (options.ordered) expect(held).toEqual(ledgerRecords(h.app));
  else expect([...held].sort(bySetlId)).toEqual(ledgerRecords(h.app).sort(bySetlId));
  expect(new Set(held.map((r) => r.setl_id)).size).toBe(held.length);
}

/** 对总账 and 对明细账 over the whole period agree to the fen. */
export async function expectReconciled(h: Harness, from = '2026-01-01', to = '2026-12-31'): Promise<void> {
  const report = await h.app.district.reconcile(from, to, MANAGER);
  expect(report.mismatches).toEqual([]);
  expect(report.centre).toEqual(report.local);
  expect(report).toMatchObject({ totalsAgree: true, detailsAgree: true, pending: 0 });
}

export { seeded } from '../helpers/random';
