import { readdirSync, readFileSync, statSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
// @ts-expect-error -- plain ESM data shared with eslint.config.js, no type declarations
import { ELECTRON_LAYERS } from './layers.mjs';
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

/** The project file a relative import names, or null for a package or an asset. */
function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = normalize(join(dirname(from), spec));
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}.mts`, join(base, 'index.ts')];
  return candidates.find((c) => /\.(ts|tsx|mts)$/.test(c) && existsSync(join(ROOT, c))) ?? null;
}

function importEdges(files: string[]): Map<string, string[]> {
  return new Map(files.map((f) => [f, importsOf(f).map((i) => resolveImport(f, i)).filter((t): t is string => t !== null)]));
}

/** Every import cycle in a graph, each as the files around it (depth-first search with colours). */
function cyclesIn(edges: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const found: string[][] = [];
  const visit = (file: string, path: string[]) => {
    state.set(file, 'open');
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next, [...path, next]);
    }
    state.set(file, 'done');
  };
  for (const f of edges.keys()) if (!state.has(f)) visit(f, [f]);
  return found;
}

const LAYERS = ELECTRON_LAYERS as Record<string, string[]>;

describe('the direction of dependencies (test/layers.mjs)', () => {
  const files = () => sources('electron').concat(sources('shared'));

  it('no file in electron/ or shared/ imports itself round a cycle', () => {
    expect(cyclesIn(importEdges(files()))).toEqual([]);
  });

  it('a planted cycle is found: the data layer importing the composition root', () => {
    const edges = importEdges(files());
    edges.get('electron/db/open.ts')!.push('electron/app/counter-app.ts');
    expect(cyclesIn(edges).length).toBeGreaterThan(0);
  });

  it('each folder of electron/ imports only the folders the layer table allows', () => {
    const folders = readdirSync(join(ROOT, 'electron')).filter((f) => statSync(join(ROOT, 'electron', f)).isDirectory());
    expect(folders.filter((f) => !(f in LAYERS)), 'folders missing from test/layers.mjs').toEqual([]);
    const offending: string[] = [];
    for (const file of sources('electron')) {
      const folder = file.split('/')[1]!;
      for (const spec of importsOf(file)) {
        const target = resolveImport(file, spec);
        if (!target?.startsWith('electron/')) continue;
        const to = target.split('/')[1]!;
        if (to !== folder && !LAYERS[folder]!.includes(to)) offending.push(`${file} → ${target}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('the layer table itself points one way: no folder reaches itself through it', () => {
    const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
      (LAYERS[from] ?? []).some((n) => n === to || (!seen.has(n) && (seen.add(n), reaches(n, to, seen))));
    expect(Object.keys(LAYERS).filter((f) => reaches(f, f))).toEqual([]);
    // Capabilities never import the composition root or the entry points.
    const roots = ['app', 'cli', 'main', 'preload'];
    expect(Object.keys(LAYERS).filter((f) => !roots.includes(f) && LAYERS[f]!.some((n) => roots.includes(n)))).toEqual([]);
  });
});
