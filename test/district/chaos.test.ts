import { afterEach, describe, expect, it } from 'vitest';
import { PEOPLE } from '../helpers/demo-bills';
import { drainUntilEmpty, expectExactlyOnce, expectReconciled, seeded, startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => h?.dispose());

const PERSONS = [PEOPLE.liuJianguo, PEOPLE.wangXiuying, PEOPLE.liDeming, PEOPLE.zhangGuilan, PEOPLE.chenZhiqiang];

describe('a random mix of faults', () => {
  for (const seed of [7, 2026]) {
    it(`ends with every record at the centre exactly once and the books agreeing (seed ${seed})`, async () => {
      const random = seeded(seed);
      h = await startHarness({ timeoutMs: 300, batchSize: 4, random });
      h.sim.chaos([
        { fault: { kind: 'drop-request' }, p: 0.1 },
        { fault: { kind: 'commit-drop-response' }, p: 0.1 },
        { fault: { kind: 'delay', ms: 350 }, p: 0.04 },
        { fault: { kind: 'http-500' }, p: 0.1 },
        { fault: { kind: 'malformed-json' }, p: 0.1 },
        { fault: { kind: 'duplicate' }, p: 0.1 },
      ]);
      const refundable: number[] = [];
      let failures = 0;
      for (let round = 0; round < 12; round++) {
        const n = 1 + Math.floor(random() * 4);
        for (let i = 0; i < n; i++) {
          if (refundable.length > 0 && random() < 0.25) {
            await h.refund(refundable.splice(Math.floor(random() * refundable.length), 1)[0]!);
          } else {
            refundable.push((await h.settle(PERSONS[Math.floor(random() * PERSONS.length)])).id);
          }
        }
        if ((await h.app.district.drain(random() < 0.5)).error) failures += 1;
        h.clock.advance(3600_000);
      }
      expect(failures).toBeGreaterThan(0); // the mix did bite
      h.sim.chaos(null);
      await new Promise((resolve) => setTimeout(resolve, 400)); // let delayed requests land
      await drainUntilEmpty(h.app);
      expectExactlyOnce(h);
      await expectReconciled(h);
    });
  }
});
