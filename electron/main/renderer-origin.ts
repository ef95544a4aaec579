import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app } from 'electron';

/** electron-vite dev serves the renderer over HTTP with hot reload; everywhere else it is a local file. */
export function rendererEntry(mainDir: string): { kind: 'url' | 'file'; value: string } {
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && devUrl) return { kind: 'url', value: devUrl };
  return { kind: 'file', value: join(mainDir, '../renderer/index.html') };
}

let ownPrefix: string | null = null;

/** True for our renderer's own document (file or dev server), false for anything a link could lead to. */
export function isOwnPage(url: string): boolean {
  ownPrefix ??= (() => {
    const devUrl = process.env.ELECTRON_RENDERER_URL;
    if (!app.isPackaged && devUrl) return new URL(devUrl).origin + '/';
    return pathToFileURL(join(app.getAppPath(), 'out/renderer/index.html')).href;
  })();
  return url.startsWith(ownPrefix);
}
