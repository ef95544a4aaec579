import type { Envelope } from '../../shared/api/errors';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCounterApp, type CounterApp } from '../../electron/app/counter-app';
import type { CallContext } from '../../electron/api/handlers';
import type { Db } from '../../electron/db/open';
import type { DistrictOptions } from '../../electron/district/district-service';
import { DEMO_PASSWORD, seedDemo } from '../../electron/demo/seed-demo';
import { ShiftService } from '../../electron/shifts/shift-service';

export const TEST_CONTEXT: CallContext = { transport: 'test', operator: 'tester', role: null };

/** The demo manager's credentials, as typed at the counter to approve a refund. */
export const MANAGER_APPROVAL = { username: 'chenjun', password: DEMO_PASSWORD };

export function tempDir(prefix = 'counter-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real database file in a fresh folder, migrated and filled with the demo hospital. */
export function openDemoApp(options: { now?: () => Date; district?: DistrictOptions } = {}): CounterApp & { dataDir: string; dispose: () => void } {
  const { dir, remove } = tempDir();
  const app = openCounterApp({ dataDir: dir, logError: () => {}, ...options });
  seedDemo(app.db, app.repos);
  // Money is taken only in an open shift: the tests' operator opens one with an empty drawer.
  new ShiftService(app.db, app.repos, options.now ?? (() => new Date())).open(0, TEST_CONTEXT);
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

/** The result of a call that must succeed; otherwise the test fails with the server's Chinese message. */
export function ok<T>(envelope: Envelope): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.result as T;
}
