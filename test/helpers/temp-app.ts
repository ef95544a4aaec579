import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCounterApp, type CounterApp } from '../../electron/app/counter-app';
import type { CallContext } from '../../electron/api/handlers';
import type { Db } from '../../electron/db/open';
import { seedDemo } from '../../electron/demo/seed-demo';

export const TEST_CONTEXT: CallContext = { transport: 'test', operator: 'tester', role: null };

export function tempDir(prefix = 'counter-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real database file in a fresh folder, migrated and filled with the demo hospital. */
export function openDemoApp(options: { now?: () => Date } = {}): CounterApp & { dataDir: string; dispose: () => void } {
  const { dir, remove } = tempDir();
  const app = openCounterApp({ dataDir: dir, logError: () => {}, ...options });
  seedDemo(app.db, app.repos);
  return {
    ...app,
    dataDir: dir,
    dispose: () => {
      app.close();
      remove();
    },
  };
}

/** Every row of every table, to prove that a refused call changed nothing at all. */
export function snapshot(db: Db): Record<string, unknown[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
}
