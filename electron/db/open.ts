import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseOpenError } from './errors';
import { migrate, type MigrationReport } from './migrate';

export type Db = Database.Database;

export const DATABASE_FILE = 'counter.sqlite3';

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

export interface OpenOptions {
  /** Apply pending migrations (the app and `db migrate` do; `db check` only reads). */
  migrate?: boolean;
}

/**
 * Opens the counter's single database file with the settings money needs: WAL so readers never block the
 * cashier, synchronous=FULL so a committed settlement survives power loss, foreign keys enforced.
 */
export function openDatabase(file: string, options: OpenOptions = {}): { db: Db; migration: MigrationReport | null } {
  mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file);
  } catch (cause) {
    throw new DatabaseOpenError(`无法打开数据库文件 ${file}：${(cause as Error).message}`, { cause });
  }
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    quickCheck(db, file);
    const migration = options.migrate === false ? null : migrate(db);
    return { db, migration };
  } catch (error) {
    db.close();
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError(`数据库文件 ${file} 无法使用：${(error as Error).message}`, { cause: error });
  }
}

/** `PRAGMA quick_check`: catches a damaged file at start, before the first bill is written into it. */
export function quickCheck(db: Db, file: string): void {
  let problems: string[];
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  } catch (error) {
    // SQLite may give up on a badly damaged file instead of listing what is wrong.
    problems = [(error as Error).message];
  }
  if (problems.length > 0) {
    throw new DatabaseOpenError(
      `数据库文件 ${file} 已损坏（完整性检查未通过：${problems.slice(0, 3).join('；')}）。请停止收费，联系信息员用最近的备份恢复。`,
    );
  }
}
