import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return /\.(ts|tsx|mts)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2] ?? '',
  );
}

const NODE_BUILTINS = /^(node:|fs$|path$|os$|child_process$|crypto$|http$|net$|url$|stream$|util$|events$)/;
const NATIVE_OR_ELECTRON = /^(electron|better-sqlite3|serialport|@serialport\/|node-hid|pdfmake)/;

describe('layering', () => {
  it('only electron/main and electron/preload import Electron', () => {
    const offenders = sources('electron')
      .concat(sources('shared'), sources('renderer'))
      .filter((f) => !/^electron\/(main|preload)\//.test(relative('.', f)))
      .filter((f) => importsOf(f).some((i) => i === 'electron' || i.startsWith('electron/')));
    expect(offenders).toEqual([]);
  });

  it('shared/ is pure TypeScript: no Node module, no device or database library', () => {
    const offenders = sources('shared').filter((f) => importsOf(f).some((i) => NODE_BUILTINS.test(i) || NATIVE_OR_ELECTRON.test(i)));
    expect(offenders).toEqual([]);
  });

  it('the renderer reaches the main process only through the typed API', () => {
    const offenders = sources('renderer').filter((f) =>
      importsOf(f).some((i) => NODE_BUILTINS.test(i) || NATIVE_OR_ELECTRON.test(i) || /(^|\/)electron\//.test(i)),
    );
    expect(offenders).toEqual([]);
  });
});
