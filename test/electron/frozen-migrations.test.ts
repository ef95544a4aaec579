import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../electron/db/migrations/index';

const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', 'electron', 'db', 'migrations');

/**
 * The SQL text of every released migration, as sha256. A database migrated by an older release and one
 * created today must end up with the same schema, so a released migration's text never changes: a change
 * to the schema is a new migration. Add a migration's hash here when it ships.
 *
 * (Migrations 0002, 0003, 0005–0008, 0010 and 0011 once built their append-only triggers by calling a live
 * helper; they now spell those triggers out. The trigger statements, and so the schema sqlite_schema holds,
 * are the same as before to the character; only whitespace-only lines between statements differ.)
 */
const RELEASED: Record<number, string> = {
  1: 'd1102eac7d5b3d3e07981099d6092f2dad67088f80827b7a3c0077b1dea894db', // foundation
  2: 'defe7434384c6fc4d8e077a496ce5d70d55dcb9edc4fd6cdd8b85eb24b910eed', // settlement-ledger
  3: '57a9f3215fd07c97aadfce67043da3369d742cf4949f4031c969707069f692f9', // pharmacy
  4: '4867d270ec40b12dcbc871fdf9541ef7c314c0549b1eff39d555d114260fd29d', // catalogue-search
  5: 'bfe9323305f127deb224369938d2b6b2feb3e10d0182d69691d72155bc015c6a', // sign-in-and-shifts
  6: '1f241d0886a0a5b197dcf6be7948eafad021353bfa4f62101b27189fea3e49df', // inpatient
  7: '030869c37e13c6cea050400a3935038b0bf896d6633a15683b4886de24599240', // print-queue
  8: 'a89a16a14130756ccce07f31020ab2f7e8ef1fae028cb5d408ed9038e9bb091b', // chronic-certifications
  9: 'f0674eb7f1a5d9810c57afcb6054e1ccccfd3d3dbabadf3d8d0e9a8f0eab2d0a', // report-indexes
  10: '30422385a183d7d88d67cdf9b2e694dea9ffa8f79b47eab51d29bb061f7fe4e2', // district-upload
  11: 'fc323e68d18af9fc884bca196850fe08bfd8721e5b59de0848e13a699e9eb510', // cash-tendered
  12: 'fef90c00d75062f710bc7489b9a1fe1acab2db683fa0a265d43659b6f7a786c6', // lan
  13: '096983f366213bcab7d155756e469e8a3404d4767160a1fd0bd8e0f26bddc87f', // print-counter
  14: '336c25912ade88c7d3e6722f336eb8a7af53b6694bc0573f74c8f642c0bc97d2', // installation-id
};

describe('released migrations are frozen', () => {
  it('keeps the SQL text of every released migration exactly as it shipped', () => {
    const hashes = Object.fromEntries(
      MIGRATIONS.filter((m) => m.version in RELEASED).map((m) => [m.version, createHash('sha256').update(m.sql).digest('hex')]),
    );
    expect(Object.keys(hashes).map(Number)).toEqual(Object.keys(RELEASED).map(Number));
    expect(hashes, '已发布的迁移不可修改：结构变化请写成新的迁移').toEqual(RELEASED);
  });

  it('builds no migration from live code: a migration module imports only the Migration type', () => {
    const files = readdirSync(MIGRATIONS_DIR).filter((name) => /^\d{4}-.+\.ts$/.test(name));
    expect(files).toHaveLength(MIGRATIONS.length);
    const offenders = files.flatMap((name) => {
      const text = readFileSync(join(MIGRATIONS_DIR, name), 'utf8');
      const imports = [...text.matchAll(/^import\b.*$/gm)].map((m) => m[0]);
      return imports.filter((line) => line !== "import type { Migration } from '../migration';").map((line) => `${name}: ${line}`);
    });
    expect(offenders).toEqual([]);
  });
});
