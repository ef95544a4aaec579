import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/http-host';
import { localDate } from '../../shared/dates';
import { formatYuan } from '../../shared/money';
import { inProcessClient } from '../helpers/client';
import { openDemoApp } from '../helpers/temp-app';
import { RENDERER_DIR, chromiumTool, launchChromium, signIn, startPageHost } from './browser';


let app: ReturnType<typeof openDemoApp>;
let host: RunningHost;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const client = inProcessClient(() => app);

const settle = (clientRequestId: string) =>
  client['settlement.settle']({
    personId: 1,
    visit: { medType: 'outpatient', level: 'township' },
    lines: [{ itemCode: 'XY0001', qty: 2 }, { itemCode: 'FW0001', qty: 1 }],
    useAccount: false,
    clientRequestId,
  });

beforeAll(async () => {
  if (!existsSync(`${RENDERER_DIR}/index.html`)) throw new Error('先运行 npm run build：out/renderer 不存在');
  app = openDemoApp();
  host = await startPageHost(app);
  await settle('reports-e2e-0001');
  await settle('reports-e2e-0002');
  browser = await launchChromium();
  page = await browser.newPage({ acceptDownloads: true });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(host.url);
  await signIn(page, 'chenjun');
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  app?.dispose();
});

const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? '';

chromiumTool.describe('日结/月报 (F8)', () => {
  it('shows the day\'s sheet with the same figures as the main process', async () => {
    const sheet = await client['reports.dailySheet']({ date: localDate(new Date()) });
    await page.keyboard.press('F8');
    await page.getByTestId('daily-sheet').waitFor();
    const total = page.getByTestId('by-type-total').locator('td');
    await expect.poll(() => total.nth(1).textContent()).toBe('2');

    for (const layer of sheet.fundLayers) {
      const cells = page.getByTestId(`amount-${layer.key}`).locator('td');
      expect(await cells.nth(0).textContent()).toBe(layer.label);
      expect(await cells.nth(1).textContent()).toBe(formatYuan(layer.settled));
      expect(await cells.nth(3).textContent()).toBe(formatYuan(layer.net));
    }
    const payTotal = sheet.payments.find((p) => p.key === 'total');
    expect(await page.getByTestId('amount-total').locator('td').nth(3).textContent()).toBe(formatYuan(payTotal!.net));
    expect(await text('cash-expected')).toBe(formatYuan(sheet.cash.expected));
    expect(await text('drawer-net')).toBe(formatYuan(sheet.drawer.net));
    expect(sheet.fundLayers.find((l) => l.key === 'medfee_sumamt')!.settled).toBeGreaterThan(0);
  });

  it('Alt+P saves the PDF as a download named *.pdf and shows its name', async () => {
    const download = page.waitForEvent('download');
    await page.keyboard.press('Alt+P');
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.pdf$/);
    await expect.poll(() => text('daily-pdf-name')).toBe(file.suggestedFilename());
  });

  it('Alt+S shows the short form in monospace and prints it', async () => {
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await page.keyboard.press('Alt+S');
    await page.getByTestId('daily-slip').waitFor();
    expect((await text('daily-slip')).length).toBeGreaterThan(20);
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    if (process.env.REPORTS_SHOT) await page.screenshot({ path: process.env.REPORTS_SHOT.replace('.png', '-daily.png'), fullPage: true });
  });

  it('Alt+2 opens the 月报: indicators, chart of six months, and its PDF', async () => {
    await page.getByTestId('tab-monthly').waitFor();
    await page.keyboard.press('Alt+2');
    await page.getByTestId('monthly-indicators').waitFor();
    expect(await page.getByTestId('monthly-indicators').locator('tbody tr').count()).toBeGreaterThan(3);
    await page.getByTestId('monthly-chart-svg').waitFor();
    expect(await page.getByTestId('chart-visits').getAttribute('points')).toMatch(/^([\d.]+,[\d.]+ ){5}[\d.]+,[\d.]+$/);
    expect(await text('monthly-chart-svg')).toContain('次均费用');
    const download = page.waitForEvent('download');
    await page.keyboard.press('Alt+P');
    expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
    if (process.env.REPORTS_SHOT) await page.screenshot({ path: process.env.REPORTS_SHOT, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('a cashier sees the sheet only', async () => {
    await page.reload();
    await signIn(page, 'zhangli');
    await page.keyboard.press('F8');
    await page.getByTestId('daily-sheet').waitFor();
    await expect.poll(() => page.getByTestId('settlement-reports').getAttribute('data-monthly')).toBe('refused');
    expect(await page.getByTestId('tab-monthly').count()).toBe(0);
    expect(await page.getByTestId('by-type-total').locator('td').nth(1).textContent()).toBe('2');
  });
});
