import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envelopeCaller, inProcessClient } from '../helpers/client';
import { openDemoApp, snapshot } from '../helpers/temp-app';
import { PEOPLE, WARD_DAY_CHARGES } from '../helpers/demo-bills';

// Issue 13: a terminal that lost the server retries with the same request id. The same id with the same
// content gets the first answer; the same id with other content is a CONFLICT and writes nothing.
let app: ReturnType<typeof openDemoApp>;
beforeEach(() => {
  app = openDemoApp({ now: () => new Date('2026-11-20T09:00:00+08:00') });
});
afterEach(() => app.dispose());

const client = inProcessClient(() => app);
const envelope = envelopeCaller(() => app);

describe('admissions, deposits and charges are idempotent by request id', () => {
  it('a retried admission gets the same stay; other content under the same id is refused', async () => {
    const input = { personId: PEOPLE.wangXiuying, ward: '内科', bed: '3', diagnosis: '肺炎', clientRequestId: 'idem-admit-1' };
    const first = await client['inpatient.admit'](input);
    expect(await client['inpatient.admit'](input)).toEqual(first);
    const before = snapshot(app.db);
    const refused = await envelope('inpatient.admit', { ...input, bed: '4' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((refused as { error: { message: string } }).error.message).toContain('idem-admit-1');
    expect((refused as { error: { message: string } }).error.message).toContain(`住院号 ${first.id}`);
    expect(snapshot(app.db)).toEqual(before);
  });

  it('a retried deposit gets the same receipt; another amount or method under the same id is refused, not answered with the old receipt', async () => {
    const admission = await client['inpatient.admit']({ personId: PEOPLE.wangXiuying, ward: '内科', bed: '3', diagnosis: '肺炎', clientRequestId: 'idem-admit-2' });
    const input = { admissionId: admission.id, amount: 100_000, clientRequestId: 'idem-deposit-1' };
    const first = await client['inpatient.deposit'](input);
    expect(await client['inpatient.deposit'](input)).toEqual(first);
    const before = snapshot(app.db);
    for (const other of [{ ...input, amount: 50_000 }, { ...input, method: 'wechat' as const }]) {
      const refused = await envelope('inpatient.deposit', other);
      expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect((refused as { error: { message: string } }).error.message).toContain(first.receiptNo);
    }
    expect(snapshot(app.db)).toEqual(before);
  });

  it('a retried charge gets the same lines; other lines under the same id are refused', async () => {
    const admission = await client['inpatient.admit']({ personId: PEOPLE.wangXiuying, ward: '内科', bed: '3', diagnosis: '肺炎', clientRequestId: 'idem-admit-3' });
    const input = { admissionId: admission.id, lines: [...WARD_DAY_CHARGES], clientRequestId: 'idem-charge-1' };
    const first = await client['inpatient.charge'](input);
    expect(await client['inpatient.charge'](input)).toEqual(first);
    const before = snapshot(app.db);
    const fewer = { ...input, lines: WARD_DAY_CHARGES.slice(1) };
    expect(await envelope('inpatient.charge', fewer)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const more = { ...input, lines: WARD_DAY_CHARGES.map((l) => ({ ...l, qty: l.qty + 1 })) };
    expect(await envelope('inpatient.charge', more)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(snapshot(app.db)).toEqual(before);
  });
});
