import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/http-host';
import { openDemoApp, snapshot } from '../helpers/temp-app';
import { DEMO_PASSWORD } from '../../shared/demo';
import { RENDERER_DIR, chromiumTool, launchChromium, signIn, startPageHost } from './browser';


let app: ReturnType<typeof openDemoApp>;
let host: RunningHost;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(`${RENDERER_DIR}/index.html`)) throw new Error('先运行 npm run build：out/renderer 不存在');
  app = openDemoApp();
  host = await startPageHost(app);
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(host.url);
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  app?.dispose();
});

chromiumTool.describe('the counter in Chromium', () => {
  it('renders the Chinese shell and completes an API round trip against the demo database', async () => {
    await expect.poll(() => page.getByTestId('hospital-name').textContent()).toBe('示范县青山镇卫生院（演示）');
    expect(await page.locator('h1').textContent()).toBe('乡镇卫生院收费台');
    expect(await page.getByTestId('login').textContent()).toContain('演示账号');
    await signIn(page, 'chenjun');
    expect(await page.getByTestId('signed-in-user').textContent()).toBe('陈军（院长/财务）');
    const facts = await page.getByTestId('system-info').textContent();
    expect(facts).toContain('42 项');
    expect(facts).toContain('12 人');
    expect(pageErrors).toEqual([]);
  });

  it('is driven from the keyboard: F2 opens the catalogue, pinyin initials find a drug', async () => {
    await page.keyboard.press('F2');
    await page.keyboard.type('amxl');
    await expect.poll(() => page.getByTestId('catalogue-results').textContent()).toContain('阿莫西林胶囊');
    expect(await page.getByTestId('catalogue-results').textContent()).toContain('6.80');
    await page.keyboard.press('F3');
    await page.keyboard.type('430721196208050224');
    await expect.poll(() => page.getByTestId('people-results').textContent()).toContain('王秀英');
    expect(await page.getByTestId('people-results').textContent()).toContain('低保');
  });

  it('a malformed call from the page gets a clear Chinese error and leaves the database unchanged', async () => {
    const before = snapshot(app.db);
    const reply = await page.evaluate(async (password) => {
      const post = (method: string, body: unknown, token?: string) =>
        fetch(`/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { 'x-counter-session': token } : {}) },
          body: JSON.stringify(body),
        });
      const login = await (await post('auth.login', { username: 'zhaomin', password })).json();
      const response = await post(
        'system.updateSettings',
        { hospitalName: { $gt: '' }, counterId: "01'; DROP TABLE settings; --" },
        login.result.token,
      );
      return { status: response.status, body: await response.json() };
    }, DEMO_PASSWORD);
    const afterLogin = snapshot(app.db);
    expect(afterLogin.audit_log?.length).toBe((before.audit_log?.length ?? 0) + 1); // the sign-in, nothing else
    expect(reply.status).toBe(400);
    expect(reply.body.ok).toBe(false);
    expect(reply.body.error.code).toBe('BAD_INPUT');
    expect(reply.body.error.message).toMatch(/医院名称|hospitalName/);
    expect(snapshot(app.db)).toEqual({ ...before, audit_log: afterLogin.audit_log });
  });
});
