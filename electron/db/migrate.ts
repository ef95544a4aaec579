import type { Database } from 'better-sqlite3';
import { DatabaseOpenError } from './errors';
import { MIGRATIONS, type Migration } from './migrations/index';

export interface MigrationReport {
  from: number;
  to: number;
  applied: string[];
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema up to date in one transaction: either every pending migration lands with the new
 * version number, or none does. A database written by a newer program is refused, never downgraded.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): MigrationReport {
  const latest = migrations.length;
  const from = schemaVersion(db);
  if (from > latest) {
    throw new DatabaseOpenError(
      `数据库结构版本为 ${from}，高于本程序支持的版本 ${latest}：它由更新版本的收费台写入。请升级本程序后再打开，切勿用旧版本继续记账。`,
    );
  }
  const pending = migrations.filter((m) => m.version > from);
  db.transaction(() => {
    for (const migration of pending) {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
  return { from, to: schemaVersion(db), applied: pending.map((m) => `${m.version}-${m.name}`) };
}
