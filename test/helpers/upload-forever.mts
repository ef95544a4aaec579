// Child process for the upload crash test: settles, sometimes refunds, and uploads in small batches to the
// district simulator until it is killed, printing a line after each step.
import { openCounterApp } from '../../electron/app/counter-app.ts';
import { DEMO_PASSWORD } from '../../electron/demo/seed-demo.ts';
import { inProcessClient } from './client.ts';

const [dataDir, prefix] = process.argv.slice(2) as [string, string];
const app = openCounterApp({ dataDir, now: () => new Date('2026-11-23T10:00:00+08:00'), logError: () => {}, district: { timeoutMs: 2_000 } });
const context = { transport: 'test', operator: 'tester', role: null } as const;
const lines = [{ itemCode: 'FW0001', qty: 1 }, { itemCode: 'FW0003', qty: 1 }];
const client = inProcessClient(app, context);

for (let i = 0; ; i++) {
  const visit = { medType: 'outpatient', level: 'township' } as const;
  const settled = await client['settlement.settle']({ personId: 1 + (i % 5), visit, lines, clientRequestId: `${prefix}-s-${i}` });
  process.stdout.write('settled\n');
  if (i % 3 === 2) {
    await client['settlement.refund']({
      settlementId: settled.id,
      reason: '测试退费',
      clientRequestId: `${prefix}-r-${i}`,
      approval: { username: 'chenjun', password: DEMO_PASSWORD },
    });
  }
  process.stdout.write('draining\n');
  const drained = await app.district.drain(i % 2 === 0);
  process.stdout.write(drained.error ? `failed ${drained.error}\n` : `drained ${drained.batches}\n`);
}
