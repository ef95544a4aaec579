import { freeLanPort } from '../lan/hospital';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../shared/demo';
import { startPtyPrinter, type PtyPrinter } from '../devices/pty-printer';
import { counter } from '../helpers/cli';
import { tempDir } from '../helpers/temp-app';
import { requireTool } from '../helpers/tools';
import { pageCall, queryServer, startCounter, stopAll, type RunningCounter } from '../lan/processes';
import { RENDERER_DIR, openPage, signIn } from './browser';

// Issue 13 in Chromium, on a window's PC: a hospital server (`counter serve --lan`) and one paired window
// (`counter terminal serve`) as real processes, with the window's receipt printer on a socat pty. The cashier
// signs in at the window, opens her shift and settles; the receipt comes out of that window's printer. The
// server goes away: the title bar says so and money is refused, nothing done; it comes back: work resumes.
const SHOTS = fileURLToPath(new URL('../../test-results/terminal', import.meta.url));
const tools = requireTool('chromium', 'socat');

const root = tempDir('counter-e2e-terminal-');
const serverDir = join(root.dir, 'server');
const windowDir = join(root.dir, 'window-02');
const database = join(serverDir, 'counter.sqlite3');

let server: { proc: RunningCounter; lanPort: number; lanUrl: string; fingerprint: string };
let terminal: { proc: RunningCounter; hostUrl: string };
let printer: PtyPrinter;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const text = (testId: string) => page.getByTestId(testId).first().textContent();
const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });
const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
const printedText = () => printer.printedLines().join('\n');

async function startServer(lan?: string) {
  // A port below the ephemeral range, so the server can be started on it again after a kill.
  lan ??= `127.0.0.1:${await freeLanPort()}`;
  const { proc, matches } = await startCounter(
    ['serve', '--demo', '--data-dir', serverDir, '--port', '0', '--lan', lan],
    [/局域网）已启动：(https:\/\/127\.0\.0\.1:(\d+))/, /指纹（SHA-256）：([0-9A-F:]{95})/],
  );
  const [lanLine, print] = matches as [RegExpExecArray, RegExpExecArray];
  return { proc, lanUrl: lanLine[1]!, lanPort: Number(lanLine[2]), fingerprint: print[1]! };
}

/** The patient by ID number, one item by pinyin, F8 pre-settle, F9 the pay dialog: ready to take the money. */
async function billReady(idNumber: string, name: string) {
  await page.getByTestId('patient-input').waitFor();
  await expect.poll(focusedTestId).toBe('patient-input');
  await page.keyboard.type(idNumber);
  await page.keyboard.press('Enter');
  await expect.poll(() => text('patient-card')).toContain(name);
  await expect.poll(focusedTestId).toBe('item-input');
  await page.keyboard.type('ybzl');
  await expect.poll(() => text('item-results')).toContain('一般诊疗费');
  await page.keyboard.press('Enter');
  await expect.poll(focusedTestId).toBe('line-qty');
  await page.keyboard.press('Enter');
  await page.keyboard.press('F8');
  await page.getByTestId('preview-panel').waitFor();
  await page.keyboard.press('F9');
  await page.getByTestId('pay-dialog').waitFor();
}

beforeAll(async () => {
  if (!existsSync(`${RENDERER_DIR}/index.html`)) throw new Error('先运行 npx electron-vite build：out/renderer 不存在');
  if (!tools.found) return;
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  const made = await counter(['lan', 'code', '门诊收费二', '02', '--data-dir', serverDir]);
  const code = /配对码：([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(made.stdout)?.[1];
  if (!code) throw new Error(`配对码未生成：${made.stdout}${made.stderr}`);
  const paired = await counter(['terminal', 'pair', server.lanUrl, code, '--fingerprint', server.fingerprint, '--data-dir', windowDir]);
  if (paired.code !== 0) throw new Error(paired.stderr);
  printer = await startPtyPrinter();
  const started = await startCounter(['terminal', 'serve', '--data-dir', windowDir, '--port', '0'], [/已启动：(http:\/\/127\.0\.0\.1:\d+\/)/]);
  terminal = { proc: started.proc, hostUrl: started.matches[0]![1]! };
  // The window's 信息员 sets up the receipt printer plugged into this PC (devices.updateSettings runs here).
  const { envelope } = await pageCall(terminal.hostUrl, 'auth.login', { username: 'zhaomin', password: DEMO_PASSWORD });
  if (!envelope.ok) throw new Error(envelope.error.message);
  const admin = (envelope.result as { token: string }).token;
  const set = await pageCall(
    terminal.hostUrl,
    'devices.updateSettings',
    { printer: { path: printer.hostPath, baudRate: 9600, rtscts: true, paper: 80, kickDrawer: false }, reader: null },
    admin,
  );
  if (!set.envelope.ok) throw new Error(set.envelope.error.message);
  await pageCall(terminal.hostUrl, 'auth.logout', {}, admin);
  ({ browser, page } = await openPage(terminal.hostUrl, pageErrors));
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await terminal?.proc.stop();
  await server?.proc.stop();
  await stopAll();
  await printer?.stop();
  root.remove();
});

tools.describe('a cashier at a window of the hospital network', () => {
  it('signs in at the window, opens the shift and settles: the receipt comes out of this window’s printer', async () => {
    await page.getByTestId('login').waitFor();
    await expect.poll(() => text('link-mode')).toBe('终端·收费台 02');
    expect(await page.getByTestId('link-offline').count()).toBe(0);
    await shot('01-login-at-window');

    await signIn(page, 'zhangli');
    await page.getByTestId('shift-open-form').waitFor();
    expect(await text('shift-open-form')).toContain('收费台 02');
    await page.keyboard.type('100.00');
    await page.keyboard.press('Enter');
    await expect.poll(() => text('shift-bar')).toContain('备用金 100.00');

    await billReady('430721196208050224', '王秀英');
    await shot('02-pay');
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    const receiptNo = (await text('receipt-no')) ?? '';
    expect(receiptNo).toBe('02-00000001');
    // The page asks for the receipt at once (print.drain, run on this PC): it comes out of the pty printer.
    await printer.waitFor(() => printedText().includes(receiptNo), 10_000);
    expect(printedText()).toContain('门诊收费票据');
    expect(printedText()).toContain('王秀英');
    await expect.poll(() => text('printer-outcome')).toContain('已打印');
    await shot('03-receipt-printed');
    expect(queryServer(database, "SELECT counter_id FROM settlements")).toEqual([{ counter_id: '02' }]);
  });

  it('says in the title bar that the server is gone and refuses the money, nothing done', async () => {
    await page.keyboard.press('Enter'); // next patient
    await billReady('430721195803120018', '刘建国');
    await server.proc.stop('SIGKILL');

    await expect.poll(() => text('link-offline'), { timeout: 15_000 }).toBe('无法连接医院服务器，正在自动重连…');
    await page.keyboard.press('Enter');
    await expect.poll(() => text('pay-error')).toContain('无法连接医院服务器，「结算并收费」未办理，没有任何改动');
    await shot('04-server-gone');
    expect(queryServer(database, 'SELECT count(*) AS n FROM settlements')).toEqual([{ n: 1 }]);
  });

  it('clears the warning when the server is back, and the cashier carries on', async () => {
    server = await startServer(`127.0.0.1:${server.lanPort}`);
    await expect.poll(() => page.getByTestId('link-offline').count(), { timeout: 15_000 }).toBe(0);
    expect(await text('link-mode')).toBe('终端·收费台 02');
    await shot('05-server-back');

    // The server's restart ended the sessions kept in its memory: the cashier signs in again.
    await page.reload();
    await signIn(page, 'zhangli');
    await billReady('430721195803120018', '刘建国');
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    expect(await text('receipt-no')).toBe('02-00000002');
    await printer.waitFor(() => printedText().includes('02-00000002'), 10_000);
    await shot('06-working-again');
    expect(pageErrors).toEqual([]);
  });
});
