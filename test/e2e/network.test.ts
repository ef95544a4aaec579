import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/http-host';
import { openDemoApp } from '../helpers/temp-app';
import { RENDERER_DIR, chromiumTool, openPage, signIn, startPageHost } from './browser';

const SHOTS = fileURLToPath(new URL('../../test-results/network', import.meta.url));

let app: ReturnType<typeof openDemoApp>;
let host: RunningHost;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const text = (testId: string) => page.getByTestId(testId).first().textContent();
const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });

beforeAll(async () => {
  if (!existsSync(`${RENDERER_DIR}/index.html`)) throw new Error('先运行 npx electron-vite build：out/renderer 不存在');
  mkdirSync(SHOTS, { recursive: true });
  app = openDemoApp();
  await app.lan.ensureIdentity(); // as `counter serve --lan` does on the hospital server
  host = await startPageHost(app);
  ({ browser, page } = await openPage(host.url, pageErrors));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  app?.dispose();
});

chromiumTool.describe('the hospital network page (F12 医院网络)', () => {
  it('shows the fingerprint, makes a pairing code from the keyboard, lists the paired window and revokes it', async () => {
    await signIn(page, 'zhaomin');
    await page.keyboard.press('F12');
    await page.getByTestId('network-screen').waitFor();
    const fingerprint = app.lan.server()!.fingerprint;
    expect(await text('network-fingerprint')).toBe(fingerprint);

    // The server's own counter number is refused, named under its field.
    await page.keyboard.press('Alt+N');
    await page.keyboard.type('门诊收费二');
    await page.keyboard.press('Enter');
    await page.keyboard.type('01');
    await page.keyboard.press('Enter');
    await expect.poll(() => text('pairing-error')).toContain('服务器本机');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('pairing-counter');
    await shot('01-counter-refused');

    await page.getByTestId('pairing-counter').fill('02');
    await page.keyboard.press('Enter');
    await page.getByTestId('pairing-code').waitFor();
    const shown = await text('pairing-code');
    const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(shown ?? '')?.[1];
    expect(code, shown ?? '').toBeDefined();
    expect(shown).toContain(fingerprint);
    await shot('02-pairing-code');

    // The window pairs (as `counter terminal pair` would reach the service), and shows up with its counter.
    const grant = app.lan.pair(code!);
    await page.keyboard.press('Alt+R');
    await expect.poll(() => text(`terminal-${grant.terminalId}`)).toContain('门诊收费二');
    expect(await text(`terminal-${grant.terminalId}`)).toContain('在用');
    expect(await text(`terminal-${grant.terminalId}`)).toContain('赵敏'); // who paired it, by name

    await page.getByTestId(`revoke-${grant.terminalId}`).click();
    await page.getByTestId('revoke-dialog').waitFor();
    await shot('03-revoke-dialog');
    await page.keyboard.press('Enter');
    await expect.poll(() => text(`terminal-${grant.terminalId}`)).toContain('已停用');
    expect(() => app.lan.authenticate(grant.credential)).toThrow(/停用/);
    await shot('04-revoked');
    expect(pageErrors).toEqual([]);
  });
});
