import { app, BrowserWindow, dialog, ipcMain, Menu, session, type WebContents } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_CHANNEL } from '../../shared/api/transport';
import { openCounterApp, type CounterApp } from '../app/counter-app';
import { seedDemo } from '../demo/seed-demo';
import { buildMenu } from './menu';
import { isOwnPage, rendererEntry } from './renderer-origin';

const here = fileURLToPath(new URL('.', import.meta.url));
let counter: CounterApp | null = null;
let mainWindow: BrowserWindow | null = null;

// Two instances would share one database file and one serial port: the second one only focuses the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.whenReady().then(start, fail);
}

function start(): void {
  counter = openCounterApp({ dataDir: app.getPath('userData') });
  if (process.argv.includes('--demo')) seedDemo(counter.db, counter.repos);
  // Receipts wait in the queue until the printer confirms them; a missing printer costs nothing.
  void counter.startDevices({ drainEveryMs: 3000 });
  counter.district.start();

  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ipcMain.handle(IPC_CHANNEL, (event, method: unknown, input: unknown, token: unknown) => {
    // Only our own top-level page may call; anything else (a frame, a navigated-away page) is refused.
    if (!event.senderFrame || event.senderFrame !== event.sender.mainFrame || !isOwnPage(event.senderFrame.url)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自未知页面的调用' } };
    }
    return counter!.callFrom('ipc', typeof token === 'string' ? token : null, method, input);
  });

  Menu.setApplicationMenu(buildMenu());
  mainWindow = createWindow();
  app.on('window-all-closed', () => app.quit());
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: '乡镇卫生院收费台',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  harden(window.webContents);
  window.once('ready-to-show', () => window.show());
  const entry = rendererEntry(here);
  if (entry.kind === 'url') void window.loadURL(entry.value);
  else void window.loadFile(entry.value);
  return window;
}

/** The page may not navigate away, open windows or embed webviews: it only ever shows our renderer. */
function harden(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function fail(error: unknown): void {
  dialog.showErrorBox('收费台无法启动', error instanceof Error ? error.message : String(error));
  app.exit(1);
}

app.on('before-quit', () => {
  counter?.close();
  counter = null;
});
