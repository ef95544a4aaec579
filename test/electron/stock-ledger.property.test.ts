import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SettlementRecord } from '../../shared/ledger';
import { envelopeCaller, inProcessClient } from '../helpers/client';
import { MANAGER_APPROVAL, ok, openDemoApp } from '../helpers/temp-app';

const TODAY = '2026-11-23';
const ITEMS = ['XY0001', 'XY0005', 'XY0021'] as const;

type Op =
  | { kind: 'in'; item: number; qty: number; expiryOffset: number }
  | { kind: 'sell'; item: number; qty: number }
  | { kind: 'refund'; pick: number }
  | { kind: 'count'; item: number; pick: number; delta: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('in' as const), item: fc.nat(2), qty: fc.integer({ min: 1, max: 60 }), expiryOffset: fc.integer({ min: 1, max: 900 }) }),
  fc.record({ kind: fc.constant('sell' as const), item: fc.nat(2), qty: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('refund' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('count' as const), item: fc.nat(2), pick: fc.nat(), delta: fc.integer({ min: -5, max: 5 }) }),
);


function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

describe('the stock ledger under any sequence of operations', () => {
  it('keeps every balance equal to the sum of its movements and to a simple model, FEFO, never negative', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const app = openDemoApp({ now: () => new Date(`${TODAY}T10:00:00+08:00`) });
        try {
          const client = inProcessClient(app);
          const envelope = envelopeCaller(app);
          const batchesOf = (code: string) => client['pharmacy.batches']({ itemCode: code });
          const model = new Map<number, { item: string; expiry: string; balance: number }>();
          for (const code of ITEMS) for (const b of await batchesOf(code)) model.set(b.batchId, { item: code, expiry: b.expiryDate, balance: b.balanceMilli });
          const sales: SettlementRecord[] = [];
          let n = 0;

          for (const o of ops) {
            n++;
            if (o.kind === 'in') {
              const expiry = addDays(TODAY, o.expiryOffset);
              const result = await client['pharmacy.stockIn']({
                supplier: '配送企业',
                invoiceNo: `P${n}`,
                receivedOn: TODAY,
                lines: [{ itemCode: ITEMS[o.item]!, batchNo: `B${n}`, expiryDate: expiry, qty: o.qty, purchasePrice: 500 + n }],
              });
              model.set(result.batches[0]!.batchId, { item: ITEMS[o.item]!, expiry, balance: o.qty * 1000 });
            } else if (o.kind === 'sell') {
              const code = ITEMS[o.item]!;
              // FEFO over the model: unexpired batches with stock, by expiry then id.
              const usable = [...model.entries()]
                .filter(([, b]) => b.item === code && b.balance > 0 && b.expiry >= TODAY)
                .sort(([ia, a], [ib, b]) => (a.expiry === b.expiry ? ia - ib : a.expiry < b.expiry ? -1 : 1));
              const available = usable.reduce((s, [, b]) => s + b.balance, 0);
              const result = await envelope('settlement.settle', {
                personId: 1 + (n % 12),
                visit: { medType: 'outpatient', level: 'township' },
                lines: [{ itemCode: code, qty: o.qty }],
                useAccount: false,
                clientRequestId: `prop-${String(n).padStart(6, '0')}`,
              });
              if (o.qty * 1000 > available) {
                expect(result.ok).toBe(false);
                continue;
              }
              const record = ok<SettlementRecord>(result);
              let remaining = o.qty * 1000;
              const expected: [number, number][] = [];
              for (const [id, b] of usable) {
                if (remaining === 0) break;
                const take = Math.min(remaining, b.balance);
                expected.push([id, take]);
                remaining -= take;
              }
              expect(record.lines.map((l) => [l.batchId, l.qtyMilli])).toEqual(expected);
              for (const [id, take] of expected) model.get(id)!.balance -= take;
              sales.push(record);
            } else if (o.kind === 'refund') {
              const open = sales.filter((s) => s.refundedById === null);
              if (open.length === 0) continue;
              const sale = open[o.pick % open.length]!;
              await client['settlement.refund']({ settlementId: sale.id, reason: '退药', clientRequestId: `prop-r-${String(n).padStart(6, '0')}`, approval: MANAGER_APPROVAL });
              sale.refundedById = -1;
              for (const line of sale.lines) model.get(line.batchId!)!.balance += line.qtyMilli;
            } else {
              const candidates = [...model.entries()].filter(([, b]) => b.item === ITEMS[o.item]);
              const [batchId, b] = candidates[o.pick % candidates.length]!;
              const counted = Math.max(0, b.balance + o.delta * 1000);
              await client['pharmacy.stocktake']({ takenOn: TODAY, counts: [{ batchId, countedQty: counted / 1000, reason: '盘点差异' }] });
              b.balance = counted;
            }
          }

          for (const [batchId, b] of model) {
            const sum = app.db.prepare('SELECT coalesce(sum(qty_milli), 0) FROM stock_moves WHERE batch_id = ?').pluck().get(batchId);
            expect(sum).toBe(b.balance);
            expect(b.balance).toBeGreaterThanOrEqual(0);
          }
          for (const code of ITEMS) {
            for (const batch of await batchesOf(code)) expect(batch.balanceMilli).toBe(model.get(batch.batchId)!.balance);
          }
          expect((await client['reports.stocktakeMonth']({ month: '2026-11' })).balanced).toBe(true);
        } finally {
          app.dispose();
        }
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
