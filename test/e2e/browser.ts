import { chromium, type Browser, type Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import type { CounterApp } from '../../electron/app/counter-app';
import { startHttpHost, type RunningHost } from '../../electron/host/http-host';
import { DEMO_PASSWORD } from '../../shared/demo';
import { requireTool, toolPath } from '../helpers/tools';

/**
 * Every UI suite needs Chromium: `chromiumTool.describe(…)` fails the file in CI when it is missing (CHROMIUM_PATH,
 * else /usr/bin/chromium or PATH) and skips it, saying why, elsewhere.
 */
export const chromiumTool = requireTool('chromium');

/** Debian's Chromium, headless, with the flags this closed network needs (no background connections). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: toolPath('chromium'),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** Signs in from the keyboard as a cashier would: username, Enter, password, Enter. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByTestId('login').waitFor();
  await page.keyboard.type(username);
  await page.keyboard.press('Enter');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.getByTestId('signed-in-user').waitFor();
}

/**
 * The renderer as `npm run build` leaves it: the tests run what a user would load. COUNTER_RENDERER_DIR
 * points elsewhere (a build made with `electron-vite build --outDir D` is in D/renderer).
 */
export const RENDERER_DIR = process.env.COUNTER_RENDERER_DIR ?? fileURLToPath(new URL('../../out/renderer', import.meta.url));

/** The Node host over a test app, as `counter serve` wires it: page calls carry their session token. */
export function startPageHost(app: Pick<CounterApp, 'callFrom'>): Promise<RunningHost> {
  return startHttpHost({ call: (token, method, input) => app.callFrom('http', token, method, input), rendererDir: RENDERER_DIR, port: 0 });
}

/**
 * Collects what goes wrong in the page: uncaught errors, HTTP 500s, and console errors other than Chromium's
 * log of refused API calls (4xx, and 503 for a device or centre that is not there), which are expected.
 */
export function watchPageErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    if (response.status() === 500) errors.push(`${response.status()} ${response.url()}`);
  });
  page.on('console', (message) => {
    const expected = /^Failed to load resource: the server responded with a status of (4\d\d|503)/.test(message.text());
    if (message.type() === 'error' && !expected) errors.push(message.text());
  });
}

/** Chromium with one 1366×900 page on the host's URL, its errors collected into `errors`. */
export async function openPage(url: string, errors: string[]): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  watchPageErrors(page, errors);
  await page.goto(url);
  return { browser, page };
}
