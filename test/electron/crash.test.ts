import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, databasePath } from '../../electron/db/open';
import { tempDir } from '../helpers/temp-app';

const CHILD = join(import.meta.dirname, '../helpers/settle-forever.mts');
const data = tempDir('counter-crash-');
afterAll(() => data.remove());

/** Runs the settling child until it has committed `after` more rows, then kills it without warning. */
function runAndKill(round: number, after: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, data.dir, `round${round}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lastAcknowledged = 0;
    let seen = 0;
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        lastAcknowledged = Math.max(lastAcknowledged, Number(line));
        if (++seen === after) child.kill('SIGKILL');
      }
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(lastAcknowledged) : reject(new Error(stderr))));
  });
}

describe('a crash at any point', () => {
  it('leaves the ledger whole: nothing acknowledged lost, nothing half-written, receipts gap-free', async () => {
    let acknowledged = 0;
    for (const [round, after] of [[1, 7], [2, 23], [3, 3], [4, 41], [5, 12]] as const) {
      acknowledged = Math.max(acknowledged, await runAndKill(round, after));
    }
    const { db } = openDatabase(databasePath(data.dir), { migrate: false });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const settlements = db.prepare('SELECT * FROM settlements ORDER BY id').all() as Record<string, number | string>[];
      expect(settlements.length).toBeGreaterThanOrEqual(acknowledged);
      expect(settlements.map((s) => s.receipt_no)).toEqual(settlements.map((_s, i) => i + 1));
      const one = (sql: string, ...args: unknown[]) => db.prepare(sql).pluck().get(...args);
      for (const s of settlements) {
        expect(one('SELECT coalesce(sum(amount), 0) FROM payments WHERE settlement_id = ?', s.id)).toBe(s.psn_part_amt);
        expect(one('SELECT count(*) FROM outbox WHERE ref_id = ?', s.id)).toBe(1);
        expect(one('SELECT count(*) FROM audit_log WHERE entity = ?', `settlement:${s.id}`)).toBe(1);
        expect(one('SELECT count(*) FROM bill_lines WHERE bill_id = ?', s.bill_id)).toBeGreaterThan(0);
        const fromAccount = one("SELECT coalesce(sum(amount), 0) FROM payments WHERE settlement_id = ? AND method = 'account'", s.id);
        const accountMoved = one('SELECT coalesce(sum(delta), 0) FROM account_moves WHERE settlement_id = ?', s.id);
        expect((fromAccount as number) + (accountMoved as number)).toBe(0);
      }
      // No account went negative, and refunded settlements left no trace in the year-to-date.
      expect(one('SELECT count(*) FROM (SELECT person_id FROM account_moves GROUP BY person_id HAVING sum(delta) < 0)')).toBe(0);
      expect(
        one(`SELECT count(*) FROM (
               SELECT m.account FROM ytd_moves m JOIN settlements s ON s.id = m.settlement_id
                WHERE s.id IN (SELECT reverses_id FROM settlements WHERE reverses_id IS NOT NULL)
                   OR s.reverses_id IS NOT NULL
                GROUP BY m.person_id, m.account HAVING sum(m.delta) <> 0)`),
      ).toBe(0);
    } finally {
      db.close();
    }
  }, 120_000);
});
