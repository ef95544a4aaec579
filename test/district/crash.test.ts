import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCounterApp } from '../../electron/app/counter-app';
import { seedDemo } from '../../electron/demo/seed-demo';
import { ShiftService } from '../../electron/shifts/shift-service';
import { tempDir, TEST_CONTEXT } from '../helpers/temp-app';
import { configure, drainUntilEmpty, expectExactlyOnce, expectReconciled, FIXMEDINS, KEY, type Harness } from './harness';
import { startDistrictSimulator } from './simulator';

const CHILD = join(import.meta.dirname, '../helpers/upload-forever.mts');
const data = tempDir('counter-upload-crash-');
afterAll(() => data.remove());

/**
 * Runs the uploading child until it has printed `after` lines, then kills it without warning `delayMs`
 * later — landing, run to run, between committing a batch and sending it, mid-request, or while results
 * are written.
 */
function runAndKill(round: number, after: number, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, data.dir, `round${round}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = 0;
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      seen += chunk.split('\n').filter(Boolean).length;
      if (seen >= after) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(stderr))));
  });
}

describe('the counter killed while uploading', () => {
  it('loses and doubles nothing: after a restart every record reaches the centre once, in order', async () => {
    const sim = await startDistrictSimulator({ file: join(data.dir, 'district.sqlite'), institutions: [{ code: FIXMEDINS, key: KEY }] });
    try {
      const setup = openCounterApp({ dataDir: data.dir, logError: () => {} });
      seedDemo(setup.db, setup.repos);
      new ShiftService(setup.db, setup.repos, () => new Date()).open(0, TEST_CONTEXT);
      configure(setup as Harness['app'], sim.url, 3);
      setup.close();

      const rounds = [[9, 0], [4, 1], [17, 3], [6, 0], [11, 2], [8, 5], [14, 1]] as const;
      for (const [round, [after, delayMs]] of rounds.entries()) await runAndKill(round, after, delayMs);

      const app = openCounterApp({ dataDir: data.dir, logError: () => {} });
      try {
        expect(app.db.pragma('integrity_check', { simple: true })).toBe('ok');
        const h = { app, sim } as unknown as Harness;
        await drainUntilEmpty(app);
        expect(sim.accepted().length).toBeGreaterThan(10);
        expectExactlyOnce(h);
        await expectReconciled(h, '2026-11-23', '2026-11-23');
      } finally {
        app.close();
      }
    } finally {
      await sim.close();
    }
  });
});
