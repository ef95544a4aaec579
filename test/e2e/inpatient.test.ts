import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/http-host';
import type { Envelope } from '../../shared/api/errors';
import type { DischargeResult } from '../../shared/inpatient';
import { fen, formatYuan, parseYuan, sumFen } from '../../shared/money';
import { AMOUNT_FIELDS } from '../../shared/settlement/types';
import { inProcessClient } from '../helpers/client';
import { ok, openDemoApp } from '../helpers/temp-app';
import { RENDERER_DIR, chromiumTool, launchChromium, signIn, startPageHost } from './browser';

// The renderer as `npx electron-vite build` leaves it: the test runs what a user would load.
const SHOTS = fileURLToPath(new URL('../../test-results/inpatient/', import.meta.url));
const CASHIER = { transport: 'test', operator: 'zhangli', role: 'cashier' } as const;

let app: ReturnType<typeof openDemoApp>;
let host: RunningHost;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const client = inProcessClient(() => app);
const cashier = inProcessClient(() => app, CASHIER);
let admissionId = 0;
let shot = 0;

const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? '';
const screenshot = (step: string) => page.screenshot({ path: `${SHOTS}${String(++shot).padStart(2, '0')}-${step}.png` });

beforeAll(async () => {
  if (!existsSync(`${RENDERER_DIR}/index.html`)) throw new Error('先运行 npx electron-vite build：out/renderer 不存在');
  mkdirSync(SHOTS, { recursive: true });
  app = openDemoApp();
  // openDemoApp opens a shift for 'tester'; the cashier at the browser takes the counter over.
  await client['shift.close']({ counts: {}, note: '' });
  await cashier['shift.open']({ float: 0 });
  host = await startPageHost(app);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    const refusal = /^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text());
    if (message.type() === 'error' && !refusal) pageErrors.push(message.text());
  });
  await page.goto(host.url);
  await signIn(page, 'zhangli');
  await page.getByTestId('hospital-name').filter({ hasText: '卫生院' }).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  app?.dispose();
});

/** Picks an item in the charge picker by what a cashier types, then types its quantity. */
async function addCharge(typed: string, name: string, qty: string) {
  const before = await page.getByTestId('charge-line').count();
  await page.keyboard.type(typed);
  await expect.poll(() => text('charge-picker-results')).toContain(name);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('charge-line').count()).toBe(before + 1);
  // Focus is in the new line's quantity, its "1" selected: typing replaces it.
  await page.keyboard.type(qty);
  await page.keyboard.press('Enter');
}

chromiumTool.describe('住院 at the keyboard (F6)', () => {
  it('admits 王秀英 from the keyboard and takes a 1,000.00 deposit with its receipt', async () => {
    // A cashier lands on 收费 (F5), whose bill desk keeps F6 for itself: leave it first.
    await page.keyboard.press('F1');
    await page.keyboard.press('F6');
    await page.getByTestId('inpatient-list').waitFor();
    await expect.poll(() => text('inpatient-list')).toContain('没有在院病人');
    await screenshot('list-empty');

    await page.keyboard.press('Alt+2');
    await page.getByTestId('admit-form').waitFor();
    await page.keyboard.type('430721196208050224');
    await expect.poll(() => text('admit-person-results')).toContain('王秀英');
    await page.keyboard.press('Enter');
    await expect.poll(() => text('admit-picked')).toContain('王秀英');
    await page.keyboard.type('内科');
    await page.keyboard.press('Enter');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await page.keyboard.type('肺炎');
    await screenshot('admit-form');
    await page.keyboard.press('Enter');

    await page.getByTestId('deposit-form').waitFor();
    await expect.poll(() => text('stay-header')).toContain('王秀英');
    admissionId = Number(await text('stay-id'));
    expect(admissionId).toBeGreaterThan(0);
    await page.keyboard.type('1,000.00');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // 付款方式: 现金 (the default)
    await page.getByTestId('deposit-receipt').waitFor();
    expect(await text('deposit-receipt-no')).toMatch(/^01-Y\d{7}$/);
    expect(await text('deposit-receipt-amount')).toBe('1,000.00');
    expect(await text('deposit-balance-after')).toBe('1,000.00');
    await expect.poll(() => text('stay-balance')).toBe('1,000.00');
    await screenshot('deposit-receipt');
    expect(pageErrors).toEqual([]);
  });

  it('charges the stay on three occasions and the 日清单 lists every line with the right totals', async () => {
    await page.keyboard.press('Alt+4');
    await page.getByTestId('charge-form').waitFor();
    for (let occasion = 1; occasion <= 3; occasion++) {
      await addCharge('ptcwf', '普通床位费', '1');
      await addCharge('XY0017', '0.9%氯化钠注射液', '2');
      await addCharge('FW0007', '静脉输液', '2');
      expect(await text('charge-estimate')).toBe('41.20');
      if (occasion === 1) await screenshot('charge-lines');
      await page.keyboard.press('Enter'); // on the empty picker: 记账
      await expect.poll(() => page.getByTestId('charge-line').count()).toBe(0);
      await expect.poll(() => text('charge-result')).toContain('已记账 3 行，合计 41.20 元');
      await expect.poll(() => text('stay-charges')).toBe(formatYuan(fen(occasion * 4120)));
    }
    await screenshot('charged');

    // 在院病人 lists the stay with its charges and deposit; Enter opens it on its 日清单.
    await page.keyboard.press('Alt+1');
    await expect.poll(() => page.getByTestId('inpatient-row').count()).toBe(1);
    const row = await text('inpatient-row');
    expect(row).toContain('王秀英');
    expect(row).toContain('内科 3 床');
    expect(row).toContain('123.60');
    expect(await text('deposit-balance')).toBe('1,000.00');
    await screenshot('list-in-hospital');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('statement-line').count()).toBe(9);
    const api = await client['inpatient.statement']({ admissionId });
    const apiLines = api.days.flatMap((d) => d.lines);
    const rows = await page.getByTestId('statement-line').allTextContents();
    rows.forEach((row, i) => {
      const line = apiLines[i]!;
      expect(row).toContain(line.name);
      expect(row).toContain(formatYuan(line.amount));
      if (line.batchNo) expect(row).toContain(line.batchNo);
    });
    const amounts = await page.locator('[data-testid="statement-line"] td:nth-child(7)').allTextContents();
    const sum = sumFen(amounts.map((a) => parseYuan(a)));
    expect(sum).toBe(3 * 4120);
    expect(await text('statement-total')).toBe(formatYuan(sum));
    expect(await page.getByTestId('day-total').allTextContents()).toEqual(api.days.map((d) => formatYuan(d.total)));
    expect(await page.getByTestId('running-total').last().textContent()).toBe(formatYuan(sum));
    expect(await text('statement-deposits')).toBe('1,000.00');
    await screenshot('statement');

    // 冲销 the last 静脉输液 line: End, Delete, a reason, Enter.
    await page.keyboard.press('End');
    await page.keyboard.press('Delete');
    await page.getByTestId('cancel-charge').waitFor();
    expect(await text('cancel-charge')).toContain('静脉输液');
    await page.keyboard.type('医嘱取消');
    await page.keyboard.press('Enter');
    await expect.poll(() => text('statement-message')).toContain('已冲销');
    await expect.poll(() => page.getByTestId('statement-line').count()).toBe(10);
    const reversal = page.getByTestId('statement-line').last();
    expect(await reversal.textContent()).toContain('冲销');
    expect(await reversal.textContent()).toContain('-16.00');
    expect(await text('statement-total')).toBe(formatYuan(fen(3 * 4120 - 1600)));
    await screenshot('statement-cancelled');
    expect(pageErrors).toEqual([]);
  });

  it('previews the discharge with every layer as the API gives it, then settles it against the deposits', async () => {
    await page.keyboard.press('Alt+6');
    await page.getByTestId('layers').waitFor();
    const preview = await client['inpatient.previewDischarge']({ admissionId });
    expect(preview.amounts.medfee_sumamt).toBe(3 * 4120 - 1600);
    for (const field of AMOUNT_FIELDS) {
      expect(await text(`layer-${field}`), field).toBe(formatYuan(preview.amounts[field]));
    }
    const steps = await page.locator('[data-testid="discharge-trace"] li').allTextContents();
    expect(steps).toHaveLength(preview.trace.length);
    preview.trace.forEach((step, i) => {
      expect(steps[i]).toContain(`${i + 1}. ${step.title}`);
      expect(steps[i]).toContain(step.text);
    });
    const cash = preview.amounts.psn_cash_pay;
    expect(await text('plan-deposit-used')).toBe(formatYuan(fen(Math.min(cash, 100_000))));
    await screenshot('discharge-preview');

    await page.keyboard.press('Enter'); // 付款方式 → 确认
    await page.getByTestId('discharge-confirm').waitFor();
    await screenshot('discharge-confirm');
    const reply = page.waitForResponse((r) => r.url().endsWith('/api/inpatient.discharge'));
    await page.keyboard.press('Enter');
    const result = ok<DischargeResult>((await (await reply).json()) as Envelope);
    await page.getByTestId('discharge-result').waitFor();
    expect(result.settlement.amounts).toEqual(preview.amounts);
    expect(await text('discharge-deposit-used')).toBe(formatYuan(result.depositUsed));
    expect(await text('discharge-deposit-refunded')).toBe(formatYuan(result.depositRefunded));
    expect(await text('discharge-due')).toBe(formatYuan(result.due));
    expect(result.depositUsed + result.depositRefunded).toBe(100_000);
    expect(await text('discharge-receipt-no')).toBe(result.settlement.receiptNo);
    expect(await text('discharge-settlement-id')).toBe(String(result.settlement.id));
    for (const field of AMOUNT_FIELDS) {
      expect(await text(`result-layer-${field}`), field).toBe(formatYuan(result.settlement.amounts[field]));
    }
    await expect.poll(() => text('stay-header')).toContain('出院结算');
    await screenshot('discharge-result');

    await page.keyboard.press('Escape');
    await page.getByTestId('inpatient-list').waitFor();
    await expect.poll(() => text('inpatient-list')).toContain('没有在院病人');
    expect(pageErrors).toEqual([]);
  });

  it('takes no money without an open shift and says to open one on 收费 (F5)', async () => {
    await cashier['shift.close']({ counts: {}, note: '测试：不点钞' });
    await cashier['inpatient.admit']({ personId: 1, ward: '外科', bed: '5', clientRequestId: 'e2e-inpatient-noshift' });
    // Re-enter the tab so it reads the shift again.
    await page.keyboard.press('F1');
    await page.keyboard.press('F6');
    await expect.poll(() => page.getByTestId('inpatient-row').count()).toBe(1);
    await page.keyboard.press('Enter');
    await page.getByTestId('statement').waitFor();
    await page.keyboard.press('Alt+3');
    await expect.poll(() => text('shift-notice')).toContain('尚未开班');
    expect(await text('shift-notice')).toContain('F5');
    expect(await page.getByTestId('deposit-form').locator('input').first().isDisabled()).toBe(true);
    expect(await page.getByTestId('deposit-submit').isDisabled()).toBe(true);
    await screenshot('no-shift');
    await page.keyboard.press('Alt+6');
    await expect.poll(() => text('shift-notice')).toContain('尚未开班');
    await page.getByTestId('discharge-preview-error').waitFor(); // nothing charged yet: the preview says so
    expect(await page.getByTestId('discharge-ask').isDisabled()).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
