// Child process for the crash test: settles and refunds until it is killed, printing each committed id.
import { openCounterApp } from '../../electron/app/counter-app.ts';
import { DEMO_PASSWORD, seedDemo } from '../../electron/demo/seed-demo.ts';
import { ShiftService } from '../../electron/shifts/shift-service.ts';
import { inProcessClient } from './client.ts';
import { inpatientBill, outpatientBill } from './demo-bills.ts';

const [dataDir, prefix] = process.argv.slice(2) as [string, string];
const app = openCounterApp({ dataDir, now: () => new Date('2026-11-23T10:00:00+08:00'), logError: () => {} });
seedDemo(app.db, app.repos);
const context = { transport: 'test', operator: 'crash', role: null } as const;
const shifts = new ShiftService(app.db, app.repos, () => new Date());
if (!shifts.current()) shifts.open(0, context);
const client = inProcessClient(app, context);

for (let i = 0; ; i++) {
  const personId = 1 + (i % 12);
  const bill = i % 3 === 0 ? inpatientBill(personId) : outpatientBill(personId);
  const { id } = await client['settlement.settle']({ ...bill, useAccount: true, clientRequestId: `${prefix}-s-${i}` });
  process.stdout.write(`${id}\n`);
  if (i % 4 === 1) {
    const refunded = await client['settlement.refund']({ settlementId: id, reason: '测试退费', clientRequestId: `${prefix}-r-${i}`, approval: { username: 'chenjun', password: DEMO_PASSWORD } });
    process.stdout.write(`${refunded.id}\n`);
  }
}
