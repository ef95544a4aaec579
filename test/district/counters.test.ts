import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ShiftService } from '../../electron/shifts/shift-service';
import { OUTPATIENT_VISIT, PEOPLE } from '../helpers/demo-bills';
import { inProcessClient } from '../helpers/client';
import { openDemoApp, tempDir, TEST_CONTEXT } from '../helpers/temp-app';
import { configure, drainUntilEmpty, FIXMEDINS, KEY, type Harness } from './harness';
import { startDistrictSimulator, type DistrictSimulator } from './simulator';

const centreDir = tempDir('district-centre-');
afterAll(() => centreDir.remove());
const NOW = new Date('2026-11-23T10:00:00+08:00');
let apps: ReturnType<typeof openDemoApp>[] = [];
let sim: DistrictSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  for (const app of apps) app.dispose();
  apps = [];
});

async function counter(counterId: string): Promise<ReturnType<typeof openDemoApp>> {
  // Every counter's clock reads the same second: the worst case for msgids.
  const app = openDemoApp({ now: () => NOW });
  if (counterId !== '01') {
    // The demo opened its shift at counter 01; this PC is another counter, with a shift of its own.
    app.repos.settings.set('counterId', counterId);
    new ShiftService(app.db, app.repos, () => NOW).open(0, TEST_CONTEXT);
  }
  configure(app as Harness['app'], sim!.url, 2);
  apps.push(app);
  return app;
}

let requestNo = 0;
const settle = (app: ReturnType<typeof openDemoApp>) =>
  inProcessClient(app)['settlement.settle']({
    personId: PEOPLE.liuJianguo,
    visit: OUTPATIENT_VISIT,
    lines: [{ itemCode: 'FW0001', qty: 1 }],
    clientRequestId: `counters-${++requestNo}`,
  });

describe('a hospital with several counters, each with its own database', () => {
  it('gets every counter’s records to the centre, none mistaken for another’s', async () => {
    sim = await startDistrictSimulator({ file: join(centreDir.dir, 'one.sqlite'), institutions: [{ code: FIXMEDINS, key: KEY }] });
    const one = await counter('01');
    const two = await counter('02');
    const settled: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const app of [one, two]) {
        settled.push((await settle(app)).receiptNo, (await settle(app)).receiptNo);
        await app.district.drain(true);
      }
    }
    await drainUntilEmpty(one);
    await drainUntilEmpty(two);
    expect(sim.accepted().map((r) => r.setl_id).sort()).toEqual([...settled].sort());
    // Record ids name the institution, the installation (issue 13), the counter and the outbox row.
    const installations = [one, two].map((app) => app.repos.settings.get('installationId'));
    expect(new Set(installations).size).toBe(2);
    for (const r of sim.accepted()) expect(r.record.rec_id).toMatch(new RegExp(`^${FIXMEDINS}-(${installations.join('|')})-0[12]-\\d+$`));
    const msgids = [one, two].flatMap((app) => app.db.prepare('SELECT msgid FROM district_messages').pluck().all() as string[]);
    expect(new Set(msgids).size).toBe(msgids.length);
  });

  it('never repeats a msgid, even when more than a hundred messages fall in one second', async () => {
    sim = await startDistrictSimulator({ file: join(centreDir.dir, 'two.sqlite'), institutions: [{ code: FIXMEDINS, key: KEY }] });
    const app = await counter('07');
    for (let i = 0; i < 120; i++) {
      await settle(app);
      await app.district.drain(true);
    }
    const msgids = app.db.prepare('SELECT msgid FROM district_messages ORDER BY id').pluck().all() as string[];
    expect(msgids.length).toBeGreaterThan(100);
    expect(new Set(msgids).size).toBe(msgids.length);
    for (const msgid of msgids) expect(msgid.slice(26, 28)).toBe('07'); // the counter's number leads the sequence
    expect(sim.accepted()).toHaveLength(120);
  });

  it('two PCs left at one counter number: the centre refuses the clash instead of losing one PC’s claims silently', async () => {
    sim = await startDistrictSimulator({ file: join(centreDir.dir, 'three.sqlite'), institutions: [{ code: FIXMEDINS, key: KEY }] });
    const first = await counter('01');
    const second = await counter('01');
    for (let i = 0; i < 5; i++) {
      await settle(first);
      await settle(second);
    }
    await drainUntilEmpty(first);
    for (let pass = 0; pass < 5; pass++) await second.district.drain(true);
    // Both PCs numbered their receipts 01-00000001…05 and stamped their batches alike: the centre keeps the
    // first PC's; the second PC is never told "accepted" — its records keep waiting, and its status line
    // says why (before issue 13 both reported 5 accepted while the centre held 5 in all).
    expect(sim.accepted()).toHaveLength(5);
    expect(first.district.status()).toMatchObject({ accepted: 5, rejectedOpen: 0, waiting: 0 });
    const stuck = second.district.status();
    expect(stuck).toMatchObject({ accepted: 0, waiting: 5 });
    expect(stuck.lastError?.message).toMatch(/不属于本批|报文号|重复/);
  });
});
