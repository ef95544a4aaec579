import Database from 'better-sqlite3';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';

import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseOpenError } from '../../electron/db/errors';
import { migrate, schemaVersion } from '../../electron/db/migrate';
import { MIGRATIONS, LATEST_VERSION } from '../../electron/db/migrations/index';
import { databasePath, openDatabase } from '../../electron/db/open';
import { tempDir } from '../helpers/temp-app';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
function freshFile(): string {
  const { dir, remove } = tempDir();
  cleanups.push(remove);
  return databasePath(dir);
}

describe('database', () => {
  it('opens with WAL, synchronous=FULL and foreign keys, migrated to the latest version', () => {
    const { db, migration } = openDatabase(freshFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(migration).toEqual({ from: 0, to: LATEST_VERSION, applied: MIGRATIONS.map((m) => `${m.version}-${m.name}`) });
    db.close();
  });

  it('migrates only once', () => {
    const file = freshFile();
    openDatabase(file).db.close();
    const { db, migration } = openDatabase(file);
    expect(migration?.applied).toEqual([]);
    db.close();
  });

  it('refuses a database written by a newer program, and leaves it as it was', () => {
    const file = freshFile();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/高于本程序支持的版本/);
    const again = new Database(file);
    expect(schemaVersion(again)).toBe(LATEST_VERSION + 1);
    expect(again.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get()).toEqual({ n: 0 });
    again.close();
  });

  it('applies migrations all or nothing', () => {
    const db = new Database(':memory:');
    const broken = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE x (a); SELEC nonsense;' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a file that is not a database with a clear message', () => {
    const file = freshFile();
    writeFileSync(file, 'this is not sqlite'.repeat(100));
    expect(() => openDatabase(file)).toThrow(DatabaseOpenError);
    expect(() => openDatabase(file)).toThrow(/无法使用/);
  });

  it('detects a damaged file at start', () => {
    const file = freshFile();
    const { db } = openDatabase(file);
    db.exec("CREATE TABLE filler (x TEXT); CREATE INDEX filler_x ON filler (x);");
    const insert = db.prepare('INSERT INTO filler VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${'x'.repeat(50)}`);
    })();
    const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'filler_x'").get() as { rootpage: number };
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    // Scribble over the index's root page, the way a torn write or a failing disk would.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (rootpage - 1) * pageSize);
    closeSync(fd);
    expect(() => openDatabase(file)).toThrow(/已损坏/);
  });

  it('keeps policies and the audit trail immutable', () => {
    const { db } = openDatabase(freshFile());
    db.prepare("INSERT INTO policies (id, name, year, effective_from, effective_to, document_json) VALUES ('p', 'p', 2026, '2026-01-01', '2026-12-31', '{}')").run();
    db.prepare("INSERT INTO audit_log (actor, action, entity) VALUES ('a', 'b', 'c')").run();
    expect(() => db.prepare("UPDATE policies SET name = 'x'").run()).toThrow(/不可修改/);
    expect(() => db.prepare('DELETE FROM policies').run()).toThrow(/不可删除/);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/不可修改/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/不可删除/);
    db.close();
  });
});

