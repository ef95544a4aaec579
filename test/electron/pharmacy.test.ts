import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StockService } from '../../electron/pharmacy/stock-service';
import { fen } from '../../shared/money';
import type { InputOf } from '../../shared/api/contract';
import { envelopeCaller, inProcessClient } from '../helpers/client';
import { MANAGER_APPROVAL, TEST_CONTEXT, openDemoApp, snapshot } from '../helpers/temp-app';
import { OUTPATIENT_VISIT, PEOPLE } from '../helpers/demo-bills';

const TODAY = '2026-11-23';
let app: ReturnType<typeof openDemoApp>;
let now = new Date(`${TODAY}T10:00:00+08:00`);
let requestNo = 0;

beforeEach(() => {
  now = new Date(`${TODAY}T10:00:00+08:00`);
  app = openDemoApp({ now: () => now });
});
afterEach(() => app.dispose());

const client = inProcessClient(() => app);
/** For the refusals: the raw `{ ok: false, error }` envelope. */
const envelope = envelopeCaller(() => app);
const batches = (itemCode: string) => client['pharmacy.batches']({ itemCode });
const sell = (itemCode: string, qty: number) =>
  client['settlement.settle']({
    personId: PEOPLE.liuJianguo,
    visit: OUTPATIENT_VISIT,
    lines: [{ itemCode, qty }],
    useAccount: false,
    clientRequestId: `pharm-req-${String(++requestNo).padStart(6, '0')}`,
  });
const stockInRequest = (lines: InputOf<'pharmacy.stockIn'>['lines'], invoiceNo = `INV-${++requestNo}`) => ({
  supplier: '示范县医药配送有限公司',
  invoiceNo,
  receivedOn: TODAY,
  lines,
});
const stockIn = (lines: InputOf<'pharmacy.stockIn'>['lines']) => client['pharmacy.stockIn'](stockInRequest(lines));
const balance = (batchId: number) =>
  app.db.prepare('SELECT coalesce(sum(qty_milli), 0) FROM stock_moves WHERE batch_id = ?').pluck().get(batchId) as number;

describe('zero markup (零差率)', () => {
  it('refuses an essential drug priced above its purchase price, through the API, and writes nothing', async () => {
    const before = snapshot(app.db);
    const result = await envelope('pharmacy.stockIn', stockInRequest([{ itemCode: 'XY0001', batchNo: 'Z1', expiryDate: '2028-12-31', qty: 10, purchasePrice: 700, salePrice: 770 }]));
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(!result.ok && result.error.message).toContain('零差率');
    expect(!result.ok && result.error.details?.issues?.[0]?.path).toBe('lines[0].salePrice');
    expect(snapshot(app.db)).toEqual(before);
  });

  it('refuses it through a direct service call too', () => {
    const service = new StockService(app.db, app.repos, () => now);
    expect(() =>
      service.stockIn(
        { supplier: 'S', invoiceNo: 'direct', receivedOn: TODAY, lines: [{ itemCode: 'XY0005', batchNo: 'D', expiryDate: '2028-01-01', qty: 1, purchasePrice: fen(350), salePrice: fen(351) }] },
        TEST_CONTEXT,
      ),
    ).toThrow(/零差率/);
  });

  it('keeps essential drugs at purchase price whatever the markup setting says; other drugs follow it', async () => {
    await client['pharmacy.updateSettings']({ drugMarkupBp: 1500, compensationMarginBp: 1500, lossAllowanceBp: 500, nearExpiryDays: 90 });
    const essential = await stockIn([{ itemCode: 'XY0001', batchNo: 'M1', expiryDate: '2028-12-31', qty: 5, purchasePrice: 700 }]);
    expect(essential.batches[0]).toMatchObject({ purchasePrice: 700, salePrice: 700 });
    const other = await stockIn([{ itemCode: 'XY0022', batchNo: 'M2', expiryDate: '2028-12-31', qty: 5, purchasePrice: 2000 }]);
    expect(other.batches[0]).toMatchObject({ purchasePrice: 2000, salePrice: 2300 });
  });

  it('is enforced by the database against hand-written SQL', () => {
    const receipt = app.db.prepare('SELECT id FROM stock_receipts LIMIT 1').pluck().get();
    expect(() =>
      app.db
        .prepare("INSERT INTO stock_batches (item_code, batch_no, expiry_date, purchase_price, sale_price, receipt_id) VALUES ('XY0001', 'SQL', '2028-01-01', 680, 700, ?)")
        .run(receipt),
    ).toThrow(/零差率/);
  });

  it('charges each batch its own sale price when a sale spans batches (FEFO)', async () => {
    await stockIn([{ itemCode: 'XY0001', batchNo: 'NEWPRICE', expiryDate: '2027-04-30', qty: 10, purchasePrice: 710 }]);
    const [first, second] = await batches('XY0001');
    expect(first).toMatchObject({ batchNo: '2503A11', expiryDate: '2027-03-31', balanceMilli: 30_000, salePrice: 680 });
    expect(second).toMatchObject({ batchNo: 'NEWPRICE', salePrice: 710 });

    const record = await sell('XY0001', 32);
    expect(record.lines.map((l) => [l.batchId, l.qtyMilli, l.price])).toEqual([
      [first!.batchId, 30_000, 680],
      [second!.batchId, 2_000, 710],
    ]);
    expect(record.amounts.medfee_sumamt).toBe(30 * 680 + 2 * 710);
    expect(balance(first!.batchId)).toBe(0);
    expect(balance(second!.batchId)).toBe(8_000);
    // A bill line may not claim another price for a batch, even by hand.
    const bill = app.db.prepare('SELECT bill_id FROM bill_lines LIMIT 1').pluck().get();
    expect(() =>
      app.db
        .prepare("INSERT INTO bill_lines (bill_id, line_no, item_code, name, charge_class, price, qty_milli, amount, overlimit, fulamt, preself, inscope, batch_id) VALUES (?, 99, 'XY0001', 'x', 'A', 999, 1000, 999, 0, 0, 0, 999, ?)")
        .run(bill, second!.batchId),
    ).toThrow(/零差率/);
  });
});

describe('stock', () => {
  it('never sells an expired batch, and says so', async () => {
    const before = snapshot(app.db);
    // XY0021 has an expired batch (2409C03) and a good one of 300; ask for more than the good one holds.
    const result = await envelope('settlement.settle', {
      personId: PEOPLE.liuJianguo,
      visit: OUTPATIENT_VISIT,
      lines: [{ itemCode: 'FW0001', qty: 1 }, { itemCode: 'XY0021', qty: 305 }],
      useAccount: false,
      clientRequestId: 'expired-0001',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!result.ok && result.error.message).toContain('库存不足：「维生素C片」需要 305瓶，可用 300瓶');
    expect(!result.ok && result.error.message).toContain('过期批次 2409C03');
    expect(!result.ok && result.error.details?.issues?.[0]?.path).toBe('lines[1].qty');
    expect(snapshot(app.db)).toEqual(before);
    const record = await sell('XY0021', 300);
    const expired = (await batches('XY0021')).find((b) => b.batchNo === '2409C03')!;
    expect(record.lines.every((l) => l.batchId !== expired.batchId)).toBe(true);
    expect(expired.balanceMilli).toBe(12_000);
  });

  it('shows short stock at pre-settlement, before anything is settled', async () => {
    const result = await envelope('settlement.preview', {
      personId: PEOPLE.liuJianguo,
      visit: OUTPATIENT_VISIT,
      lines: [{ itemCode: 'XY0005', qty: 1000 }],
      useAccount: false,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!result.ok && result.error.message).toMatch(/库存不足：「对乙酰氨基酚片」需要 1000盒，可用 340盒/);
  });

  it('returns a refunded sale to the very batches it came from, linked to the refund', async () => {
    await stockIn([{ itemCode: 'XY0001', batchNo: 'R2', expiryDate: '2027-04-30', qty: 10, purchasePrice: 710 }]);
    const before = (await batches('XY0001')).map((b) => [b.batchId, b.balanceMilli]);
    const sale = await sell('XY0001', 35);
    const refund = await client['settlement.refund']({ settlementId: sale.id, reason: '患者退药', clientRequestId: 'refund-pharm-01', approval: MANAGER_APPROVAL });
    expect((await batches('XY0001')).map((b) => [b.batchId, b.balanceMilli])).toEqual(before);
    const returns = app.db.prepare("SELECT batch_id, qty_milli FROM stock_moves WHERE kind = 'return' AND settlement_id = ? ORDER BY id").all(refund.id);
    expect(returns).toEqual(sale.lines.map((l) => ({ batch_id: l.batchId, qty_milli: l.qtyMilli })));
    expect((await client['pharmacy.dispensingQueue']()).some((e) => (e as { settlementId: number }).settlementId === sale.id)).toBe(false);
  });

  it('dispenses a settled prescription once, and never an expired batch', async () => {
    const sale = await sell('XY0005', 2); // FEFO: the batch expiring 2027-01-20
    const queue = await client['pharmacy.dispensingQueue']();
    expect(queue.find((e) => e.settlementId === sale.id)?.lines[0]?.batchNo).toBe('2502B07');

    now = new Date('2027-01-21T09:00:00+08:00'); // the batch expired while the prescription waited
    const late = await envelope('pharmacy.dispense', { settlementId: sale.id });
    expect(late).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!late.ok && late.error.message).toContain('批次已过期，不能发药');

    now = new Date(`${TODAY}T15:00:00+08:00`);
    const done = await client['pharmacy.dispense']({ settlementId: sale.id });
    expect(done.lines).toHaveLength(1);
    const again = await envelope('pharmacy.dispense', { settlementId: sale.id });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('records stocktake variances as movements with a reason, and refuses a variance without one', async () => {
    const [batch] = await batches('XY0012');
    const missing = await envelope('pharmacy.stocktake', { takenOn: TODAY, counts: [{ batchId: batch!.batchId, countedQty: 298 }] });
    expect(missing).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    await client['pharmacy.stocktake']({ takenOn: TODAY, counts: [{ batchId: batch!.batchId, countedQty: 298, reason: '破损 2 盒' }] });
    expect(balance(batch!.batchId)).toBe(298_000);
    const report = await client['reports.stocktakeMonth']({ month: '2026-11' });
    expect(report.rows.find((r) => r.batchNo === batch!.batchNo)).toMatchObject({ lossMilli: 2_000, countedMilli: 298_000, balanced: true });
    expect(report.balanced).toBe(true);
  });

  it('refuses to let stock go negative, even by hand', () => {
    const batch = app.db.prepare("SELECT id FROM stock_batches WHERE item_code = 'XY0003'").pluck().get() as number;
    expect(() =>
      app.db
        .prepare("INSERT INTO stock_moves (batch_id, kind, qty_milli, operator, at, business_date) VALUES (?, 'loss', -999999999, 'x', 'now', ?)")
        .run(batch, TODAY),
    ).toThrow(/库存不足/);
    expect(() => app.db.exec('UPDATE stock_moves SET qty_milli = 1')).toThrow(/不可修改/);
  });
});

describe('reports', () => {
  it('computes the zero-markup compensation basis from essential purchases, margin and loss allowance', async () => {
    await stockIn([{ itemCode: 'XY0001', batchNo: 'C1', expiryDate: '2028-12-31', qty: 100, purchasePrice: 1000 }]);
    await stockIn([{ itemCode: 'XY0022', batchNo: 'C2', expiryDate: '2028-12-31', qty: 100, purchasePrice: 1000 }]);
    const report = await client['reports.pharmacy']({ from: TODAY, to: TODAY });
    expect(report.compensation.essentialPurchaseAmount).toBe(100_000); // XY0022 is not an essential drug
    expect(report.compensation.amount).toBe(14_250); // 100,000 × 95% × 15%
    expect(report.compensation.formula).toContain('合理损耗 5%');
  });

  it('measures the essential-drug share by amount and by item count', async () => {
    await sell('XY0001', 2); // essential, 13.60
    await sell('XY0022', 1); // not essential, 23.50
    const report = await client['reports.pharmacy']({ from: TODAY, to: TODAY });
    expect(report.essentialShare).toMatchObject({ essentialItemsUsed: 1, drugItemsUsed: 2, byItemCountBp: 5000 });
    expect(report.essentialShare.byAmountBp).toBe(Math.round((1360 / (1360 + 2350)) * 10000));
  });

  it('posts the price the bill charges', async () => {
    const list = await client['reports.priceList']();
    const amoxicillin = list.find((e) => e.code === 'XY0001')!;
    const sale = await sell('XY0001', 1);
    expect(sale.lines[0]!.price).toBe(amoxicillin.price);
    expect(list.find((e) => e.code === 'XY0024')!.note).toContain('未对码');
  });
});
