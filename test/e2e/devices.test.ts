import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/http-host';
import { inProcessClient } from '../helpers/client';
import { openDemoApp } from '../helpers/temp-app';
import { RENDERER_DIR, chromiumTool, openPage, signIn, startPageHost } from './browser';

const SHOTS = fileURLToPath(new URL('../../test-results/devices', import.meta.url));

let app: ReturnType<typeof openDemoApp>;
let host: RunningHost;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const text = (testId: string) => page.getByTestId(testId).first().textContent();
const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });
const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

const client = inProcessClient(() => app);

beforeAll(async () => {
  if (!existsSync(`${RENDERER_DIR}/index.html`)) throw new Error('先运行 npx electron-vite build：out/renderer 不存在');
  mkdirSync(SHOTS, { recursive: true });
  app = openDemoApp();
  host = await startPageHost(app);
  ({ browser, page } = await openPage(host.url, pageErrors));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await app?.devices.stop();
  app?.dispose();
});

chromiumTool.describe('the device page (F7 设备)', () => {
  it('shows the information officer that nothing is set up yet', async () => {
    await signIn(page, 'zhaomin');
    const tabs = await page.locator('nav.tabs button').allTextContents();
    expect(tabs.some((t) => t.includes('F7') && t.includes('设备'))).toBe(true);
    await page.keyboard.press('F7');
    await page.getByTestId('devices-screen').waitFor();
    await expect.poll(() => text('printer-state')).toBe('未配置');
    expect(await text('reader-state')).toBe('未配置');
    expect(await text('pending-count')).toBe('0');
    expect(await text('serial-ports')).toContain('本机串口');
    expect(await text('hid-devices')).toContain('HID');
    // Keyboard first: the officer starts in the settings.
    await expect.poll(focusedTestId).toBe('printer-use');
    await shot('01-nothing-configured');
  });

  it('测试读卡 without a reader says so in Chinese', async () => {
    await page.keyboard.press('Alt+R');
    await expect.poll(() => text('device-message')).toContain('读卡器未配置');
    await page.getByTestId('device-readCard').click();
    await expect.poll(() => text('device-message')).toContain('读卡器未配置');
  });

  it('a printer port that does not exist: saved, and the status names the Chinese error', async () => {
    expect(await page.getByTestId('printer-path').isDisabled()).toBe(true); // 不使用收据打印机
    await page.getByTestId('printer-use').focus();
    await page.keyboard.press('ArrowUp'); // 串口收据打印机
    expect(await page.getByTestId('printer-use').inputValue()).toBe('serial');
    await page.keyboard.press('Enter');
    expect(await focusedTestId()).toBe('printer-path');
    await page.keyboard.type('/dev/ttyNOPE');
    await page.keyboard.press('Enter');
    expect(await focusedTestId()).toBe('printer-baud');
    await page.getByTestId('printer-baud').selectOption('19200');
    await page.getByTestId('printer-paper').selectOption('58');
    await page.keyboard.press('Alt+S');
    await expect.poll(() => text('device-settings-outcome')).toContain('设备设置已保存');
    expect(await client['devices.settings']()).toEqual({
      printer: { path: '/dev/ttyNOPE', baudRate: 19200, rtscts: false, paper: 58, kickDrawer: true },
      reader: null,
    });
    await expect.poll(() => text('printer-state')).toContain('/dev/ttyNOPE');
    expect(await text('printer-state')).toContain('无法打开');
    expect(await text('printer-error')).toMatch(/无法打开|同左/);
    await shot('02-printer-missing');

    // 测试打印 reports the same, in Chinese.
    await page.keyboard.press('Alt+T');
    await expect.poll(() => text('device-message')).toContain('无法打开');
  });

  it('checks the reader ids as hexadecimal before saving', async () => {
    await page.getByTestId('reader-use').selectOption('hid');
    await page.getByTestId('reader-vid').fill('xyz');
    await page.getByTestId('reader-pid').fill('0x5678');
    await page.keyboard.press('Alt+S');
    await expect.poll(() => text('device-settings')).toContain('厂商号（VID）应为十六进制数');
    expect((await client['devices.settings']()).reader).toBeNull();

    await page.getByTestId('reader-vid').fill('0x1a86');
    await page.getByTestId('reader-report-size').fill('64');
    await page.keyboard.press('Alt+S');
    await expect.poll(() => text('device-settings-outcome')).toContain('设备设置已保存');
    expect((await client['devices.settings']()).reader).toEqual({ vendorId: 0x1a86, productId: 0x5678, reportSize: 64 });
    await expect.poll(() => text('reader-state')).toBe('未连接');
    expect(await page.getByTestId('reader-vid').inputValue()).toBe('0x1a86');

    // Back to no reader.
    await page.getByTestId('reader-use').selectOption('none');
    await page.keyboard.press('Alt+S');
    await expect.poll(async () => (await client['devices.settings']()).reader).toBeNull();
    await expect.poll(() => text('reader-state')).toBe('未配置');
    expect(pageErrors).toEqual([]);
  });

  it('a manager sees the settings read-only, the waiting receipts, and prints them with Alt+Q', async () => {
    // A settlement queues its receipt; the printer cannot print it.
    const [wang] = await client['people.find']({ query: '430721196208050224' });
    const record = await client['settlement.settle']({
      personId: wang!.id,
      visit: { medType: 'outpatient', level: 'township' },
      lines: [{ itemCode: 'FW0001', qty: 1 }],
      clientRequestId: 'devices-e2e-0001',
    });

    await page.reload();
    await signIn(page, 'chenjun');
    await page.keyboard.press('F7');
    await page.getByTestId('devices-screen').waitFor();
    await expect.poll(() => text('pending-count')).toBe('1');
    await expect.poll(() => page.getByTestId('pending-job').count()).toBe(1);
    const job = (await text('pending-job')) ?? '';
    expect(job).toContain('结算收据');
    expect(job).toContain(String(record.id));
    expect(job).toContain('原件');
    expect(await page.getByTestId('printer-path').isDisabled()).toBe(true);
    expect(await page.getByTestId('device-save').count()).toBe(0);
    expect(await text('device-settings')).toContain('只读');

    await page.keyboard.press('Alt+Q');
    await expect.poll(() => text('device-message')).toContain('1 张未打印');
    expect(await text('drain-result')).toContain(`未打印`);
    expect(await text('pending-count')).toBe('1'); // still waiting: nothing is lost
    // F5 refreshes the page (it does not switch to 收费 here).
    await page.keyboard.press('F5');
    expect(await page.getByTestId('devices-screen').isVisible()).toBe(true);
    await shot('03-manager-pending');
    expect(pageErrors).toEqual([]);
  });
});
