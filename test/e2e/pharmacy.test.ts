import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/http-host';
import type { SettlementRecord } from '../../shared/ledger';
import { envelopeCaller, inProcessClient } from '../helpers/client';
import { openDemoApp } from '../helpers/temp-app';
import { RENDERER_DIR, chromiumTool, launchChromium, signIn, startPageHost } from './browser';


let app: ReturnType<typeof openDemoApp>;
let host: RunningHost;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const client = inProcessClient(() => app);
const envelope = envelopeCaller(() => app);

async function settle(clientRequestId: string, itemCode = 'XY0001', qty = 2): Promise<SettlementRecord> {
  return client['settlement.settle']({ personId: 1, visit: { medType: 'outpatient', level: 'township' }, lines: [{ itemCode, qty }], useAccount: false, clientRequestId });
}

const text = (testId: string) => page.getByTestId(testId).textContent();

beforeAll(async () => {
  if (!existsSync(`${RENDERER_DIR}/index.html`)) throw new Error('先运行 npx electron-vite build：out/renderer 不存在');
  app = openDemoApp();
  host = await startPageHost(app);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // Chromium logs every refused API call (409, 400) as a failed resource; those refusals are the test's intent.
    const refusal = /^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text());
    if (message.type() === 'error' && !refusal) pageErrors.push(message.text());
  });
  await page.goto(host.url);
  await signIn(page, 'liqiang');
  await page.getByTestId('hospital-name').filter({ hasText: '卫生院' }).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  app?.dispose();
});

chromiumTool.describe('the pharmacist at the keyboard (F4 药房)', () => {
  it('dispenses a settled prescription from the queue with Enter, Enter', async () => {
    const record = await settle('e2e-pharm-0001');
    await page.keyboard.press('F4');
    await expect.poll(() => text('dispensing-queue')).toContain(record.receiptNo);
    const queue = await text('dispensing-queue');
    expect(queue).toContain(record.person.name);
    expect(queue).toContain('阿莫西林胶囊');
    expect(queue).toContain('2503A11'); // FEFO: the batch that expires first
    expect(queue).toContain('2027-03-31');

    await page.keyboard.press('Enter');
    await expect.poll(() => text('dispense-confirm')).toContain(record.person.name);
    await page.keyboard.press('Enter');
    await expect.poll(() => text('dispense-outcome')).toContain(`已发药：收据 ${record.receiptNo}`);
    await expect.poll(() => text('dispensing-queue')).not.toContain(record.receiptNo);
    expect(pageErrors).toEqual([]);
  });

  it('shows the Chinese refusal when a prescription can no longer be dispensed, and refreshes the queue', async () => {
    const record = await settle('e2e-pharm-0002');
    // Re-open the view so it reads the queue again, then let another counter dispense it first.
    await page.keyboard.press('Alt+2');
    await page.keyboard.press('Alt+1');
    await expect.poll(() => text('dispensing-queue')).toContain(record.receiptNo);
    const other = await envelope('pharmacy.dispense', { settlementId: record.id });
    expect(other.ok).toBe(true);

    await page.keyboard.press('Enter');
    await expect.poll(() => text('dispense-confirm')).toContain(record.receiptNo);
    await page.keyboard.press('Escape'); // Esc cancels the confirmation …
    expect(await page.getByTestId('dispense-confirm').count()).toBe(0);
    await page.keyboard.press('Enter'); // … and Enter asks again
    await page.keyboard.press('Enter');
    await expect.poll(() => text('dispense-outcome')).toContain('不能重复发药');
    expect(await page.getByTestId('dispense-outcome').getAttribute('role')).toBe('alert');
    await expect.poll(() => text('dispensing-queue')).not.toContain(record.receiptNo);
  });

  it('takes in a batch through the form: picker by pinyin, field errors next to the field, zero-markup sale price', async () => {
    await page.keyboard.press('Alt+2');
    // Focus lands in 配送企业; Enter moves on; the date defaults to today.
    await page.keyboard.type('示范县医药配送有限公司');
    await page.keyboard.press('Enter');
    await page.keyboard.type('FP-E2E-0001');
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-path="receivedOn"]').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.keyboard.press('Enter');

    await page.keyboard.type('amxl');
    await expect.poll(() => text('stock-in-picker-results')).toContain('阿莫西林胶囊');
    await page.keyboard.press('Enter');
    await expect.poll(() => text('stock-in-lines')).toContain('阿莫西林胶囊');
    // Focus is now in the new line's 批号.
    await page.keyboard.type('E2E2611');
    await page.keyboard.press('Enter');
    await page.keyboard.type('2020-01-31'); // already expired: the server refuses it
    await page.keyboard.press('Enter');
    await page.keyboard.type('50');
    await page.keyboard.press('Enter');
    await page.keyboard.type('7.00');
    await expect.poll(() => text('sale-price')).toContain('7.00');
    expect(await text('sale-price')).toContain('零差率');
    await page.keyboard.press('Enter'); // to the empty picker
    await page.keyboard.press('Enter'); // empty picker: submit

    await expect.poll(() => text('stock-in-error')).toContain('过期');
    const expiry = page.locator('[data-path="lines[0].expiryDate"]');
    expect(await expiry.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('td', { has: expiry }).textContent()).toContain('过期药品不能入库');
    // The refused field has the focus: Esc clears it, type the right date, submit with Ctrl+Enter.
    await page.keyboard.press('Escape');
    expect(await expiry.inputValue()).toBe('');
    await page.keyboard.type('20281231');
    await page.keyboard.press('Control+Enter');

    await expect.poll(() => text('stock-in-result')).toContain('入库成功');
    const result = await text('stock-in-result');
    expect(result).toContain('E2E2611');
    expect(result).toContain('2028-12-31');
    expect(result).toContain('7.00');
    expect(await text('stock-in-lines')).toContain('尚未添加药品');

    await page.keyboard.press('Alt+3');
    await page.keyboard.type('amxl');
    await expect.poll(() => text('drug-picker-results')).toContain('阿莫西林胶囊');
    await page.keyboard.press('Enter');
    await expect.poll(() => text('batch-table')).toContain('E2E2611');
    const row = page.getByTestId('batch-table').locator('tr', { hasText: 'E2E2611' });
    expect(await row.textContent()).toMatch(/7\.00\s*零差率/);
    expect(await row.textContent()).toContain('50盒');
    await expect.poll(() => text('ledger-table')).toContain('FP-E2E-0001');
    const ledger = await text('ledger-table');
    expect(ledger).toContain('采购入库');
    expect(ledger).toContain('销售出库');
    expect(pageErrors).toEqual([]);
  });

  it('counts a batch at stocktake with a live variance and a required reason', async () => {
    await page.keyboard.press('Alt+4');
    await page.keyboard.type('XY0005');
    await expect.poll(() => text('drug-picker-results')).toContain('对乙酰氨基酚片');
    await page.keyboard.press('Enter');
    await expect.poll(() => text('stocktake-lines')).toContain('2502B07');
    // Focus moves to the first batch's counted quantity (2502B07, 40 on the book, expires first).
    await page.keyboard.type('39');
    await expect.poll(() => page.getByTestId('variance').first().textContent()).toContain('-1（盘亏）');
    await page.keyboard.press('Enter'); // to 盈亏原因, enabled because the count differs
    await page.keyboard.type('破损一盒');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => text('stocktake-result')).toContain('盘点已保存');
    expect(await text('stocktake-result')).toContain('-1');
    await expect.poll(() => text('stocktake-lines')).toContain('39盒');
  });

  it('lists the expired batch first and in red on 近效期', async () => {
    await page.keyboard.press('Alt+5');
    await expect.poll(() => text('near-expiry-table')).toContain('2409C03');
    const first = page.getByTestId('near-expiry-table').locator('tbody tr').first();
    expect(await first.textContent()).toContain('2409C03');
    expect(await first.textContent()).toContain('已过期');
    expect(await first.getAttribute('class')).toContain('expired');
    expect(await text('near-expiry-table')).toContain('2502B07'); // XY0005, expiring within the default days
  });

  it('shows the reports: compensation, essential share, month stocktake, price list and unmapped items', async () => {
    await page.keyboard.press('Alt+6');
    await expect.poll(() => text('price-list')).toContain('阿莫西林胶囊');
    await expect.poll(() => text('compensation')).toContain('基本药物采购金额');
    expect(await text('essential-share')).toMatch(/\d+\.\d{2}%/);
    expect(await text('pharmacy-report')).toContain('阿莫西林胶囊');
    await expect.poll(() => text('stocktake-month-overall')).toContain('三帐相符');
    expect(await text('unmapped-list')).toContain('盐酸小檗碱片');
    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: '/tmp/pharmacy-reports.png', fullPage: true });
  });
});
